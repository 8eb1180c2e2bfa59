"""Consent records and compromise declarations (R-CONSENT-1..3).

Revision ID: 0007_consent
Revises: 0006_parties
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_consent"
down_revision: str | None = "0006_parties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

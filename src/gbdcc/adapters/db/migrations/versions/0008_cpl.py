"""The Certified Products List, signed with the IKI (R-PKI-2, R-SEC-3).

Revision ID: 0008_cpl
Revises: 0007_consent
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008_cpl"
down_revision: str | None = "0007_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

"""Party profiles for the User mandate and Early Rollout Obligation reports (R-MANDATE-1, R-ERO-1).

Revision ID: 0006_parties
Revises: 0005_ecos
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006_parties"
down_revision: str | None = "0005_ecos"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

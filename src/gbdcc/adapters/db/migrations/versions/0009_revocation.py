"""Certificate revocation and the SMKI revocation lists (R-PKI-1).

Revision ID: 0009_revocation
Revises: 0008_cpl
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0009_revocation"
down_revision: str | None = "0008_cpl"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

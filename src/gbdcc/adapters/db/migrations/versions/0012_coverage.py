"""Network Enhancement Plans and their premises (R-WAN-2).

Revision ID: 0012_coverage
Revises: 0011_hubs
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0012_coverage"
down_revision: str | None = "0011_hubs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

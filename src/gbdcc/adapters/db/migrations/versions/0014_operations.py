"""Disaster-recovery drills, release notices (R-DR-1, R-OPS-1).

Revision ID: 0014_operations
Revises: 0013_incidents
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0014_operations"
down_revision: str | None = "0013_incidents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

"""Incident Management and Additional Support (R-INC-1, R-WAN-1, R-SUPPORT-1).

Revision ID: 0013_incidents
Revises: 0012_coverage
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0013_incidents"
down_revision: str | None = "0012_coverage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

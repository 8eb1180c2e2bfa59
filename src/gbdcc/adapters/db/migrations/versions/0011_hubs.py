"""Communications Hub logistics: forecasts, orders, deliveries, returns (SEC F5-F7, R-CH-1).

Revision ID: 0011_hubs
Revises: 0010_security
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011_hubs"
down_revision: str | None = "0010_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

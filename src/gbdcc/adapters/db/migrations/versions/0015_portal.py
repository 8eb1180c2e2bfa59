"""Self-Service Interface accounts, sessions and delegations (R-OPS-2).

Revision ID: 0015_portal
Revises: 0014_operations
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0015_portal"
down_revision: str | None = "0014_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass

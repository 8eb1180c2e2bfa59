"""Self-Service Interface accounts, sessions and delegations (R-OPS-2).

Revision ID: 0015_portal
Revises: 0014_operations
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``portal_accounts``, ``portal_sessions``, ``portal_delegations``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_portal"
down_revision: str | None = "0014_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "portal_accounts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.PrimaryKeyConstraint("user_id", name="pk_portal_accounts"),
    )
    op.create_table(
        "portal_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf_token", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_portal_sessions"),
    )
    op.create_index("ix_portal_sessions_user_id", "portal_sessions", ["user_id"])
    op.create_table(
        "portal_delegations",
        sa.Column("delegation_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("grantor", sa.BigInteger(), nullable=False),
        sa.Column("grantee", sa.BigInteger(), nullable=False),
        sa.Column("scopes", sa.String(64), nullable=False),
        sa.Column("granted_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("delegation_id", name="pk_portal_delegations"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_portal_delegations_grantor", "portal_delegations", ["grantor"])
    op.create_index("ix_portal_delegations_grantee", "portal_delegations", ["grantee"])


def downgrade() -> None:
    for table in ("portal_delegations", "portal_sessions", "portal_accounts"):
        op.drop_table(table)

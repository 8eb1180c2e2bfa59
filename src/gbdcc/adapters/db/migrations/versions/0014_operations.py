"""Disaster-recovery drills, release notices (R-DR-1, R-OPS-1).

Revision ID: 0014_operations
Revises: 0013_incidents
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``release_notices``, ``gateway_connections``, ``dr_drills`` and
``dr_relief``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_operations"
down_revision: str | None = "0013_incidents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FLAG = sa.Boolean(create_constraint=False)


def upgrade() -> None:
    op.create_table(
        "release_notices",
        sa.Column("notice_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("consultation_closes_on", sa.Date(), nullable=False),
        sa.Column("testing_from", sa.Date(), nullable=False),
        sa.Column("testing_to", sa.Date(), nullable=False),
        sa.Column("users", sa.Text(), nullable=False),
        sa.Column("rdps", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", name="pk_release_notices"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "gateway_connections",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("backup", FLAG, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_gateway_connections"),
    )
    op.create_table(
        "dr_drills",
        sa.Column("drill_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("database", sa.String(16), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("recovery_ms", sa.BigInteger(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("acknowledged", sa.Integer(), nullable=False),
        sa.Column("lost", sa.Integer(), nullable=False),
        sa.Column("disaster", sa.Text(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("drill_id", name="pk_dr_drills"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "dr_relief",
        sa.Column("drill_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("has_backup", FLAG, nullable=False),
        sa.Column("backup_would_recover", FLAG, nullable=False),
        sa.Column("verdict", sa.String(24), nullable=False),
        sa.ForeignKeyConstraint(["drill_id"], ["dr_drills.drill_id"], ondelete="CASCADE",
                                name="fk_dr_relief_drill_id_dr_drills"),
        sa.PrimaryKeyConstraint("drill_id", "user_id", name="pk_dr_relief"),
    )


def downgrade() -> None:
    for table in ("dr_relief", "dr_drills", "gateway_connections", "release_notices"):
        op.drop_table(table)

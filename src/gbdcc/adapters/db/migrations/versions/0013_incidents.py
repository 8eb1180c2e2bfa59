"""Incident Management and Additional Support (R-INC-1, R-WAN-1, R-SUPPORT-1).

Revision ID: 0013_incidents
Revises: 0012_coverage
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``incidents`` and ``support_requests``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_incidents"
down_revision: str | None = "0012_coverage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("incident_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("category", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("raised_by", sa.BigInteger(), nullable=True),
        sa.Column("request_ids", sa.Text(), nullable=False),
        sa.Column("device_ids", sa.Text(), nullable=False),
        sa.Column("premises_postcode", sa.String(8), nullable=True),
        sa.Column("premises_uprn", sa.String(12), nullable=True),
        sa.Column("shown_covered", sa.Boolean(create_constraint=False), nullable=True),
        sa.Column("error_code", sa.String(9), nullable=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("assigned_at", TZ, nullable=True),
        sa.Column("resolved_at", TZ, nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name="pk_incidents"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_incidents_raised_by", "incidents", ["raised_by"])
    op.create_table(
        "support_requests",
        sa.Column("support_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("participant", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(24), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ, nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("effort_minutes", sa.Integer(), nullable=True),
        sa.Column("charge_pence", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("support_id", name="pk_support_requests"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_support_requests_participant", "support_requests", ["participant"])


def downgrade() -> None:
    op.drop_table("support_requests")
    op.drop_table("incidents")

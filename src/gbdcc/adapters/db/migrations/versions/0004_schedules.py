"""DCC schedules (5.1-5.3) and the Service Requests their runs made.

Revision ID: 0004_schedules
Revises: 0003_rdp
Create Date: 2026-12-12

Frozen copy of the ``tables.py`` additions at this revision (``dsp_schedules``, ``schedule_runs``), in plain
SQL types: EUI-64s and counters BIGINT holding ``value - 2^63``, instants ``timestamptz`` (UTC text on
SQLite), times of day INTEGER seconds from UTC midnight. Self-contained: creates two new tables and touches
no existing one, so it can be re-chained after any other 0003 revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_schedules"
down_revision: str | None = "0003_rdp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _eui(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), autoincrement=False, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "dsp_schedules",
        sa.Column("schedule_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(3), nullable=False),
        sa.Column("device_id", sa.BigInteger(), nullable=False),
        sa.Column("srv", sa.String(16), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("execution_time", sa.Integer(), nullable=True),
        sa.Column("body", sa.String(64), nullable=False),
        sa.Column("start_offset", sa.SmallInteger(), nullable=True),
        sa.Column("start_time", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.SmallInteger(), nullable=True),
        sa.Column("end_time", sa.Integer(), nullable=True),
        sa.Column("ka_credential", sa.Text(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("next_run_at", TZ, nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("schedule_id", name="pk_dsp_schedules"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_dsp_schedules_user_id_device_id_schedule_id", "dsp_schedules",
                    ["user_id", "device_id", "schedule_id"])
    op.create_table(
        "schedule_runs",
        _eui("user_id"),
        _eui("device_id"),
        sa.Column("counter", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("schedule_id", sa.BigInteger(), nullable=False),
        sa.Column("run_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["schedule_id"], ["dsp_schedules.schedule_id"],
                                name="fk_schedule_runs_schedule_id_dsp_schedules"),
        sa.PrimaryKeyConstraint("user_id", "device_id", "counter", name="pk_schedule_runs"),
    )
    op.create_index("ix_schedule_runs_schedule_id_run_at", "schedule_runs", ["schedule_id", "run_at"])


def downgrade() -> None:
    op.drop_table("schedule_runs")
    op.drop_table("dsp_schedules")

"""Registration Data Providers: RDPs with their sequence numbers and cadences, the metering points each is
responsible for, the log of files received with their response files, and R-CHURN-1 flags.

Revision ID: 0003_rdp
Revises: 0002_device_pipeline
Create Date: 2026-12-12

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``; instants ``timestamptz``, UTC text on SQLite). Only new tables: the downgrade drops them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_rdp"
down_revision: str | None = "0002_device_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FLAG = sa.Boolean(create_constraint=False)


def upgrade() -> None:
    op.create_table(
        "rdps",
        sa.Column("rdp_id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("fuel", sa.String(1), nullable=False),
        sa.Column("next_sequence", sa.BigInteger(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=True),
        sa.Column("last_status_on", sa.Date(), nullable=True),
        sa.Column("files_monthly_from", sa.Date(), nullable=True),
        sa.Column("files_daily_from", sa.Date(), nullable=True),
        sa.Column("status_monthly_from", sa.Date(), nullable=True),
        sa.Column("status_daily_from", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("rdp_id", name="pk_rdps"),
    )
    op.create_index("ix_rdps_name", "rdps", ["name"], unique=True)
    op.create_table(
        "rdp_metering_points",
        sa.Column("mpxn", sa.String(64), nullable=False),
        sa.Column("rdp_id", sa.String(32), nullable=False),
        sa.Column("domestic", FLAG, nullable=False),
        sa.Column("energisation", sa.String(1), nullable=True),
        sa.ForeignKeyConstraint(["rdp_id"], ["rdps.rdp_id"], name="fk_rdp_metering_points_rdp_id_rdps"),
        sa.PrimaryKeyConstraint("mpxn", name="pk_rdp_metering_points"),
    )
    op.create_index("ix_rdp_metering_points_rdp_id_mpxn", "rdp_metering_points", ["rdp_id", "mpxn"])
    op.create_table(
        "rdp_files",
        sa.Column("file_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("rdp_id", sa.String(32), nullable=True),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(8), nullable=True),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("accepted", FLAG, nullable=False),
        sa.Column("unsolicited", FLAG, nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("errors", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("response", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("file_id", name="pk_rdp_files"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_rdp_files_rdp_id_received_at", "rdp_files", ["rdp_id", "received_at"])
    op.create_table(
        "rdp_churn",
        sa.Column("churn_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("file_id", sa.BigInteger(), nullable=False),
        sa.Column("rdp_id", sa.String(32), nullable=False),
        sa.Column("mpxn", sa.String(64), nullable=False),
        sa.Column("line", sa.BigInteger(), nullable=False),
        sa.Column("new_supplier", sa.BigInteger(), nullable=False),
        sa.Column("previous_supplier", sa.BigInteger(), nullable=True),
        sa.Column("effective_from", TZ, nullable=False),
        sa.Column("domestic", FLAG, nullable=False),
        sa.Column("devices", sa.Text(), nullable=False),
        sa.Column("user_from", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["file_id"], ["rdp_files.file_id"], name="fk_rdp_churn_file_id_rdp_files"),
        sa.PrimaryKeyConstraint("churn_id", name="pk_rdp_churn"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_rdp_churn_effective_from", "rdp_churn", ["effective_from"])


def downgrade() -> None:
    op.drop_table("rdp_churn")
    op.drop_table("rdp_files")
    op.drop_table("rdp_metering_points")
    op.drop_table("rdps")

"""Enduring Change of Supplier (R-COS-2): each device's CoS cell and the ECoS migration campaign.

Revision ID: 0005_ecos
Revises: 0004_schedules
Create Date: 2026-12-20

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s and counters BIGINT
holding ``value - 2^63``, instants ``timestamptz``): ``devices.cos_cell`` (NULL = TCoS, so every device
already stored trusts the Transitional CoS Party, as it did) and the ``cos_migrations`` table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_ecos"
down_revision: str | None = "0004_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("devices", sa.Column("cos_cell", sa.String(8), nullable=True))
    op.create_table(
        "cos_migrations",
        sa.Column("device_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("target", sa.String(8), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=True),
        sa.Column("queued_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("sent_at", TZ, nullable=True),
        sa.Column("done_at", TZ, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name="pk_cos_migrations"),
    )
    op.create_index("ix_cos_migrations_state_updated_at", "cos_migrations", ["state", "updated_at"])


def downgrade() -> None:
    op.drop_table("cos_migrations")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("cos_cell")

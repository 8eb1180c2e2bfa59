"""Communications Hub logistics: forecasts, orders, deliveries, returns (SEC F5-F7, R-CH-1).

Revision ID: 0011_hubs
Revises: 0010_security
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``hub_forecasts``, ``hub_orders``, ``hub_order_hubs`` and
``hub_returns``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_hubs"
down_revision: str | None = "0010_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "hub_forecasts",
        sa.Column("forecast_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("supplier", sa.BigInteger(), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("hub_type", sa.String(32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("forecast_id", name="pk_hub_forecasts"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_hub_forecasts_supplier", "hub_forecasts", ["supplier"])
    op.create_table(
        "hub_orders",
        sa.Column("order_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("supplier", sa.BigInteger(), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("hub_type", sa.String(32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("placed_at", TZ, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("test_hubs", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("delivery_location", sa.String(16), nullable=True),
        sa.Column("site_visit_on", sa.Date(), nullable=True),
        sa.Column("site_visit_slot", sa.String(2), nullable=True),
        sa.Column("consent_information", sa.Text(), nullable=True),
        sa.Column("confirmed_at", TZ, nullable=True),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.Column("last_delivery_at", TZ, nullable=True),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("refused_rule", sa.String(32), nullable=True),
        sa.Column("refused_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("order_id", name="pk_hub_orders"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_hub_orders_supplier", "hub_orders", ["supplier"])
    op.create_table(
        "hub_order_hubs",
        sa.Column("chf", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("gpf", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("delivered_at", TZ, nullable=False),
        sa.Column("test_hub", sa.Boolean(create_constraint=False), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["hub_orders.order_id"], name="fk_hub_order_hubs_order_id_hub_orders"),
        sa.PrimaryKeyConstraint("chf", name="pk_hub_order_hubs"),
    )
    op.create_index("ix_hub_order_hubs_order_id", "hub_order_hubs", ["order_id"])
    op.create_table(
        "hub_returns",
        sa.Column("chf", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("returned_at", TZ, nullable=False),
        sa.Column("via", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["chf"], ["hub_order_hubs.chf"], name="fk_hub_returns_chf_hub_order_hubs"),
        sa.PrimaryKeyConstraint("chf", name="pk_hub_returns"),
    )


def downgrade() -> None:
    for table in ("hub_returns", "hub_order_hubs", "hub_orders", "hub_forecasts"):
        op.drop_table(table)

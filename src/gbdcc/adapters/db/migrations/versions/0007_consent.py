"""Consent records and compromise declarations (R-CONSENT-1..3).

Revision ID: 0007_consent
Revises: 0006_parties
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``consent_records`` (one User's Unambiguous Consent at a premises,
for its purposes, given / withdrawn, the third-party notice) and ``compromise_declarations`` (a supplier's
suspected compromise of a Type 2 Device and its attempt to inform the consumer).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_consent"
down_revision: str | None = "0006_parties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _eui(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), autoincrement=False, nullable=False)


def upgrade() -> None:
    op.create_table(
        "consent_records",
        sa.Column("consent_id", AUTO, autoincrement=True, nullable=False),
        _eui("user_id"),
        sa.Column("mpxn", sa.String(64), nullable=False),
        sa.Column("purposes", sa.String(64), nullable=False),
        sa.Column("given_at", TZ, nullable=False),
        sa.Column("withdrawn_at", TZ, nullable=True),
        sa.Column("third_party_notice_at", TZ, nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("consent_id", name="pk_consent_records"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_consent_records_user_id_mpxn", "consent_records", ["user_id", "mpxn"])
    op.create_table(
        "compromise_declarations",
        sa.Column("declaration_id", AUTO, autoincrement=True, nullable=False),
        _eui("supplier_id"),
        _eui("device_id"),
        sa.Column("declared_at", TZ, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("inform_attempt_at", TZ, nullable=True),
        sa.Column("inform_attempt", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("declaration_id", name="pk_compromise_declarations"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_compromise_declarations_supplier_id_device_id", "compromise_declarations",
                    ["supplier_id", "device_id"])


def downgrade() -> None:
    op.drop_table("compromise_declarations")
    op.drop_table("consent_records")

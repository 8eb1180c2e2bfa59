"""Party profiles for the User mandate and Early Rollout Obligation reports (R-MANDATE-1, R-ERO-1).

Revision ID: 0006_parties
Revises: 0005_ecos
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``): ``party_profiles`` (one row per market Party: type, size on 15 Feb 2015, licences, a new
entrant's first domestic supply date) and ``party_members`` (User ID → Party).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_parties"
down_revision: str | None = "0005_ecos"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "party_profiles",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("party_type", sa.String(20), nullable=False),
        sa.Column("domestic_premises", sa.BigInteger(), nullable=False),
        sa.Column("electricity_licence", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("gas_licence", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("domestic_supply_from", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_party_profiles"),
    )
    op.create_table(
        "party_members",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("party", sa.String(200), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(["party"], ["party_profiles.name"], name="fk_party_members_party_party_profiles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name="pk_party_members"),
    )
    op.create_index("ix_party_members_party_user_id", "party_members", ["party", "user_id"])


def downgrade() -> None:
    op.drop_table("party_members")
    op.drop_table("party_profiles")

"""Network Enhancement Plans and their premises (R-WAN-2).

Revision ID: 0012_coverage
Revises: 0011_hubs
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types: ``network_enhancement_plans``,
``nep_areas`` (districts and postcodes of each plan's defined area) and ``nep_cohort`` (its premises' postcodes).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_coverage"
down_revision: str | None = "0011_hubs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network_enhancement_plans",
        sa.Column("plan_id", sa.String(32), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("estimated_completion", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("plan_id", name="pk_network_enhancement_plans"),
    )
    op.create_table(
        "nep_areas",
        sa.Column("plan_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("entry", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["network_enhancement_plans.plan_id"], ondelete="CASCADE",
                                name="fk_nep_areas_plan_id_network_enhancement_plans"),
        sa.PrimaryKeyConstraint("plan_id", "kind", "entry", name="pk_nep_areas"),
    )
    op.create_table(
        "nep_cohort",
        sa.Column("plan_id", sa.String(32), nullable=False),
        sa.Column("postcode", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["network_enhancement_plans.plan_id"], ondelete="CASCADE",
                                name="fk_nep_cohort_plan_id_network_enhancement_plans"),
        sa.PrimaryKeyConstraint("plan_id", "postcode", name="pk_nep_cohort"),
    )
    op.create_index("ix_nep_cohort_postcode", "nep_cohort", ["postcode"])


def downgrade() -> None:
    for table in ("nep_cohort", "nep_areas", "network_enhancement_plans"):
        op.drop_table(table)

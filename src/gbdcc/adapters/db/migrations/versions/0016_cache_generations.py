"""Cache generations: one counter row per cached record kind (issue 11, throughput).

Revision ID: 0016_cache_generations
Revises: 0015_portal
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` addition at this revision, in plain SQL types: ``cache_generations``
(``name`` → ``generation``), bumped in the same transaction as every write of Users or certificate records.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_cache_generations"
down_revision: str | None = "0015_portal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cache_generations",
        sa.Column("name", sa.String(16), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_cache_generations"),
    )


def downgrade() -> None:
    op.drop_table("cache_generations")

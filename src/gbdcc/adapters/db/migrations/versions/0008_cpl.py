"""The Certified Products List, signed with the IKI (R-PKI-2, R-SEC-3).

Revision ID: 0008_cpl
Revises: 0007_consent
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types: the ``cpl_versions``
table, one row per verified CPL version (the signed file as received, and the signer's facts).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_cpl"
down_revision: str | None = "0007_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cpl_versions",
        sa.Column("version", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("loaded_at", TZ, nullable=False),
        sa.Column("signer", sa.Text(), nullable=False),
        sa.Column("signer_serial", sa.String(64), nullable=False),
        sa.Column("party_signifier", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("signed_file", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_cpl_versions"),
    )


def downgrade() -> None:
    op.drop_table("cpl_versions")

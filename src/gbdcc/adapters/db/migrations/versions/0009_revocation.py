"""Certificate revocation and the SMKI revocation lists (R-PKI-1).

Revision ID: 0009_revocation
Revises: 0008_cpl
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (instants ``timestamptz``):
``certificates.revoked_at`` / ``revocation_reason`` (NULL: not revoked, so every stored certificate stays
usable), an index on ``certificates.kind`` (the CA records) and the ``revocation_lists`` table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_revocation"
down_revision: str | None = "0008_cpl"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("certificates", sa.Column("revoked_at", TZ, nullable=True))
    op.add_column("certificates", sa.Column("revocation_reason", sa.String(24), nullable=True))
    op.create_index("ix_certificates_kind", "certificates", ["kind"])
    op.create_table(
        "revocation_lists",
        sa.Column("issuer_norm", sa.Text(), nullable=False),
        sa.Column("crl_number", sa.String(40), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("this_update", TZ, nullable=False),
        sa.Column("next_update", TZ, nullable=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("issuer_norm", "crl_number", name="pk_revocation_lists"),
    )


def downgrade() -> None:
    op.drop_table("revocation_lists")
    op.drop_index("ix_certificates_kind", table_name="certificates")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_column("revocation_reason")
        batch.drop_column("revoked_at")

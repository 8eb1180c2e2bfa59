"""Security registers: Cryptographic Credential Tokens, vulnerability notices, security disputes (R-SEC-1, R-SEC-2).

Revision ID: 0010_security
Revises: 0009_revocation
Create Date: 2026-12-01

Frozen copy of the ``tables.py`` additions at this revision, in plain SQL types (EUI-64s BIGINT holding
``value - 2^63``, instants ``timestamptz``): ``security_tokens``, ``file_signing_releases``,
``file_signing_copies``, ``vulnerability_notices`` and ``security_disputes``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_security"
down_revision: str | None = "0009_revocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "security_tokens",
        sa.Column("token_id", sa.String(64), nullable=False),
        sa.Column("holder", sa.BigInteger(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("fips_level", sa.SmallInteger(), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
        sa.Column("end_reason", sa.String(8), nullable=True),
        sa.PrimaryKeyConstraint("token_id", name="pk_security_tokens"),
    )
    op.create_index("ix_security_tokens_model", "security_tokens", ["model"])
    op.create_table(
        "file_signing_releases",
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_file_signing_releases"),
    )
    op.create_table(
        "file_signing_copies",
        sa.Column("copy_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("subscriber", sa.BigInteger(), nullable=False),
        sa.Column("distributed_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["version"], ["file_signing_releases.version"],
                                name="fk_file_signing_copies_version_file_signing_releases"),
        sa.PrimaryKeyConstraint("copy_id", name="pk_file_signing_copies"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_file_signing_copies_version", "file_signing_copies", ["version"])
    op.create_table(
        "vulnerability_notices",
        sa.Column("notice_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("affects", sa.String(24), nullable=False),
        sa.Column("affected", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", name="pk_vulnerability_notices"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "security_disputes",
        sa.Column("dispute_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("sections", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("raised_at", TZ, nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("appealed_on", sa.Date(), nullable=True),
        sa.Column("appeal_grounds", sa.Text(), nullable=True),
        sa.Column("arbitration_matter", sa.Text(), nullable=True),
        sa.Column("referred_on", sa.Date(), nullable=True),
        sa.Column("default_notified_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("dispute_id", name="pk_security_disputes"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in ("security_disputes", "vulnerability_notices", "file_signing_copies", "file_signing_releases",
                  "security_tokens"):
        op.drop_table(table)

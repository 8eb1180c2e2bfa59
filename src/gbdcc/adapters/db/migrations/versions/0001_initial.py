"""Initial schema: users, roles, RequestID counters, certificates, SMI devices + history, audit.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28

Frozen copy of ``tables.py`` at this revision, in plain SQL types: EUI-64s and counters are BIGINT
holding ``value - 2^63`` (see ``coltypes.py``); instants are ``timestamptz`` (UTC text on SQLite).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("response_url", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name="pk_users"),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(3), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("exit_date", sa.Date(), nullable=True),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.user_id"], name="fk_user_roles_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "role", name="pk_user_roles"),
    )
    op.create_table(
        "request_counters",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_counter", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_request_counters"),
    )
    op.create_table(
        "certificates",
        sa.Column("issuer_norm", sa.Text(), nullable=False),
        sa.Column("serial_hex", sa.String(42), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject_eui", sa.BigInteger(), nullable=True),
        sa.Column("role", sa.SmallInteger(), nullable=True),
        sa.Column("key_usage", sa.String(2), nullable=True),
        sa.Column("not_before", TZ, nullable=False),
        sa.Column("not_after", TZ, nullable=True),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("prepayment", sa.Boolean(create_constraint=False), server_default=sa.text("false"),
                  nullable=False),
        sa.PrimaryKeyConstraint("issuer_norm", "serial_hex", name="pk_certificates"),
    )
    op.create_index("ix_certificates_subject_eui_key_usage", "certificates", ["subject_eui", "key_usage"])
    op.create_table(
        "devices",
        sa.Column("device_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("device_type", sa.String(8), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("status_at", TZ, nullable=False),
        sa.Column("manufacturer", sa.Text(), nullable=True),
        sa.Column("model", sa.Text(), nullable=True),
        sa.Column("smets_chts_version", sa.Text(), nullable=True),
        sa.Column("firmware_version", sa.Text(), nullable=True),
        sa.Column("esme_variant", sa.String(16), nullable=True),
        sa.Column("import_mpxn", sa.String(64), nullable=True),
        sa.Column("secondary_import_mpan", sa.String(64), nullable=True),
        sa.Column("export_mpan", sa.String(64), nullable=True),
        sa.Column("uprn", sa.String(64), nullable=True),
        sa.Column("postcode", sa.String(64), nullable=True),
        sa.Column("address_identifier", sa.Text(), nullable=True),
        sa.Column("csp_region", sa.String(16), nullable=True),
        sa.Column("chf_id", sa.BigInteger(), nullable=True),
        sa.Column("associated_gpf_id", sa.BigInteger(), nullable=True),
        sa.Column("date_commissioned", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name="pk_devices"),
    )
    op.create_index("ix_devices_import_mpxn_device_id", "devices", ["import_mpxn", "device_id"])
    op.create_index("ix_devices_uprn_device_id", "devices", ["uprn", "device_id"])
    op.create_index("ix_devices_postcode_address_identifier_device_id", "devices",
                    ["postcode", "address_identifier", "device_id"])
    op.create_index("ix_devices_chf_id_device_id", "devices", ["chf_id", "device_id"])
    op.create_table(
        "device_status_history",
        sa.Column("device_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.device_id"],
                                name="fk_device_status_history_device_id_devices", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("device_id", "seq", name="pk_device_status_history"),
    )
    op.create_table(
        "audit_records",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True,
                  nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("request_id", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Text(), nullable=True),
        sa.Column("srv", sa.Text(), nullable=True),
        sa.Column("command_variant", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("response_code", sa.String(8), nullable=True),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("web_service", sa.Text(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_records"),
    )
    op.create_index("ix_audit_records_request_id", "audit_records", ["request_id"])
    op.create_index("ix_audit_records_user_id_received_at", "audit_records", ["user_id", "received_at"])
    op.create_index("ix_audit_records_received_at", "audit_records", ["received_at"])


def downgrade() -> None:
    op.drop_table("audit_records")
    op.drop_table("device_status_history")
    op.drop_table("devices")
    op.drop_table("certificates")
    op.drop_table("request_counters")
    op.drop_table("user_roles")
    op.drop_table("users")

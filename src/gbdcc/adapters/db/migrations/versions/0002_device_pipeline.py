"""Device Service Request pipeline: counters per (User, target) with the old per-User counters kept as
floors, DCC originator counters, Registration Data, Service Requests, the outbox, outbound messages;
devices gain their Device Security Credentials, audit records a ``kind``; certificates are indexed by
serial (the SMKI service retrieves by serial alone).

Revision ID: 0002_device_pipeline
Revises: 0001_initial
Create Date: 2026-12-05

Frozen copy of the ``tables.py`` changes at this revision, in plain SQL types (EUI-64s and counters are
BIGINT holding ``value - 2^63``; instants ``timestamptz``, UTC text on SQLite). Data is preserved: every
0001 per-User counter becomes that User's floor (no counter at or below it is accepted for any target,
so no replay re-opens); existing audit records get kind ``message``. The downgrade folds per-target
counters and floors back into one counter per User (their maximum).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_device_pipeline"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)
AUTO = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _eui(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), autoincrement=False, nullable=nullable)


def upgrade() -> None:
    _create_per_user_counters("request_counter_floors")
    op.execute("INSERT INTO request_counter_floors (user_id, last_counter) "
               "SELECT user_id, last_counter FROM request_counters")
    op.drop_table("request_counters")
    _create_request_counters()
    op.create_table(
        "dcc_counters",
        _eui("originator"),
        _eui("recipient"),
        sa.Column("last_counter", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("originator", "recipient", name="pk_dcc_counters"),
    )
    op.add_column("devices", sa.Column("supplier_credentials", sa.BigInteger(), nullable=True))
    op.add_column("devices", sa.Column("network_operator_credentials", sa.BigInteger(), nullable=True))
    op.add_column("audit_records", sa.Column("kind", sa.String(16), server_default=sa.text("'message'"),
                                             nullable=False))
    op.drop_index("ix_audit_records_request_id", table_name="audit_records")
    op.create_index("ix_audit_records_request_id_seq", "audit_records", ["request_id", "seq"])
    op.create_index("ix_certificates_serial_hex", "certificates", ["serial_hex"])
    _create_registration_periods()
    _create_service_requests()
    _create_outbox()
    _create_outbound_messages()


def _create_per_user_counters(name: str) -> None:
    """A table of one counter per User: 0001's ``request_counters``, and the floors kept from it."""
    op.create_table(
        name,
        _eui("user_id"),
        sa.Column("last_counter", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=f"pk_{name}"),
    )


def _create_request_counters() -> None:
    op.create_table(
        "request_counters",
        _eui("user_id"),
        _eui("target_id"),
        sa.Column("last_counter", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "target_id", name="pk_request_counters"),
    )


def _create_registration_periods() -> None:
    op.create_table(
        "registration_periods",
        sa.Column("mpxn", sa.String(64), nullable=False),
        sa.Column("role", sa.String(3), nullable=False),
        sa.Column("effective_from", TZ, nullable=False),
        sa.Column("party", sa.BigInteger(), nullable=False),
        sa.Column("effective_to", TZ, nullable=True),
        sa.PrimaryKeyConstraint("mpxn", "role", "effective_from", name="pk_registration_periods"),
    )
    op.create_index("ix_registration_periods_party", "registration_periods", ["party"])


def _create_service_requests() -> None:
    op.create_table(
        "service_requests",
        _eui("user_id"),
        _eui("device_id"),
        sa.Column("counter", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("srv", sa.String(16), nullable=False),
        sa.Column("command_variant", sa.SmallInteger(), nullable=False),
        sa.Column("role", sa.String(3), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("device_type", sa.String(8), nullable=True),
        sa.Column("hub_id", sa.BigInteger(), nullable=True),
        sa.Column("precommand", sa.LargeBinary(), nullable=True),
        sa.Column("command", sa.LargeBinary(), nullable=True),
        sa.Column("gbcs_originator", sa.BigInteger(), nullable=True),
        sa.Column("gbcs_counter", sa.BigInteger(), nullable=True),
        sa.Column("deadline", TZ, nullable=True),
        sa.Column("execute_at", TZ, nullable=True),
        sa.Column("response_code", sa.String(8), nullable=True),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "device_id", "counter", name="pk_service_requests"),
    )
    op.create_index("ix_service_requests_device_id_gbcs_originator_gbcs_counter", "service_requests",
                    ["device_id", "gbcs_originator", "gbcs_counter"])
    op.create_index("ix_service_requests_state_received_at", "service_requests", ["state", "received_at"])
    op.create_index("ix_service_requests_user_id_srv_received_at", "service_requests",
                    ["user_id", "srv", "received_at"])


def _create_outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", AUTO, autoincrement=True, nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("available_at", TZ, nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.Text(), nullable=True),
        sa.Column("claimed_until", TZ, nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_available_at_seq", "outbox", ["available_at", "seq"])
    op.create_index("ix_outbox_key_seq", "outbox", ["key", "seq"])
    op.create_index("ix_outbox_claimed_until", "outbox", ["claimed_until"])


def _create_outbound_messages() -> None:
    op.create_table(
        "outbound_messages",
        sa.Column("message_id", AUTO, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("response_id", sa.Text(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("request_id", sa.Text(), nullable=True),
        sa.Column("response_code", sa.String(8), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=True),
        sa.Column("first_attempt_at", TZ, nullable=True),
        sa.Column("delivered_at", TZ, nullable=True),
        sa.Column("failed_at", TZ, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("message_id", name="pk_outbound_messages"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbound_messages_request_id_message_id", "outbound_messages",
                    ["request_id", "message_id"])
    op.create_index("ix_outbound_messages_state_user_id_message_id", "outbound_messages",
                    ["state", "user_id", "message_id"])


def downgrade() -> None:
    op.drop_table("outbound_messages")
    op.drop_table("outbox")
    op.drop_table("service_requests")
    op.drop_table("registration_periods")
    op.drop_index("ix_certificates_serial_hex", table_name="certificates")
    op.drop_index("ix_audit_records_request_id_seq", table_name="audit_records")
    op.create_index("ix_audit_records_request_id", "audit_records", ["request_id"])
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("network_operator_credentials")
        batch.drop_column("supplier_credentials")
    op.drop_table("dcc_counters")
    _create_per_user_counters("request_counters_0001")
    # Stored counters keep the order of the unsigned values, so MAX of the stored form is the maximum.
    op.execute("INSERT INTO request_counters_0001 (user_id, last_counter) "
               "SELECT user_id, MAX(last_counter) FROM ("
               "SELECT user_id, last_counter FROM request_counters "
               "UNION ALL SELECT user_id, last_counter FROM request_counter_floors) AS c GROUP BY user_id")
    op.drop_table("request_counters")
    op.drop_table("request_counter_floors")
    _create_per_user_counters("request_counters")
    op.execute("INSERT INTO request_counters (user_id, last_counter) "
               "SELECT user_id, last_counter FROM request_counters_0001")
    op.drop_table("request_counters_0001")

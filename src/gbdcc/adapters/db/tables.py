"""SQLAlchemy 2 Core tables: the system of record for Users, counters, certificates, the SMI, audit, the
device Service Request pipeline (Registration Data, requests, outbox, outbound messages), DCC schedules and
the RDPs whose files feed Registration Data.

Encoding choices (see :mod:`gbdcc.adapters.db.coltypes`): every EUI-64 and RequestID counter is an
order-preserving signed BIGINT (``value - 2^63``); every instant is timezone-aware UTC; bodies and
certificates are bytes. Enumerations are stored as their DUIS / domain string codes.

Indexes are chosen for national scale on PostgreSQL (tens of millions of devices, ~10^9 audit rows a
month, DOMAIN.md §10): each lookup a repository makes is a single index range scan, and the composite
indexes end in the primary key so ``ORDER BY device_id LIMIT n`` is served from the index.
The Alembic migrations under ``migrations/versions`` must produce exactly this metadata (a contract
test compares them on SQLite and PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    text,
)

from gbdcc.adapters.db.coltypes import Eui64Type, Uint64, UtcDateTime

#: Constraint names fixed by convention so migrations and metadata agree on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: A BIGINT auto-increment key; SQLite only auto-increments ``INTEGER PRIMARY KEY`` (the rowid).
AutoBigInt = BigInteger().with_variant(Integer(), "sqlite")

# --- Users (SEC H1; R-USER-1, R-USER-2) ------------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("response_url", Text, nullable=True),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Eui64Type, ForeignKey("users.user_id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(3), primary_key=True),  # DUIS User Role code (IS, ES, GS, ED, GT, OU, RSA)
    Column("entry_date", Date, nullable=False),
    Column("exit_date", Date, nullable=True),
    Column("position", SmallInteger, nullable=False),  # order of User.roles, kept on round-trip
)

# --- RequestID counters (DUIS 3.2.3: strictly increasing per User and Business Target) -------------
# No foreign key to ``users``: the counter is an authentication fact kept by the gateway, and
# removing a User must not reset its counter (that would re-open replays).

request_counters = Table(
    "request_counters",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("target_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("last_counter", Uint64, nullable=False),
)

#: The per-User counters of schema 0001 (before counters were per target), kept as a floor: a counter
#: is accepted for any target only above its User's floor, so the upgrade re-opens no replay.
request_counter_floors = Table(
    "request_counter_floors",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("last_counter", Uint64, nullable=False),
)

#: Originator counters of GBCS commands the DCC itself originates (ACB, TransCoS; GBCS 4.3.1).
dcc_counters = Table(
    "dcc_counters",
    metadata,
    Column("originator", Eui64Type, primary_key=True, autoincrement=False),
    Column("recipient", Eui64Type, primary_key=True, autoincrement=False),
    Column("last_counter", Uint64, nullable=False),
)

# --- SMKI certificates (SEC L, GBCS 4.3) -----------------------------------------------------------

certificates = Table(
    "certificates",
    metadata,
    Column("issuer_norm", Text, primary_key=True),  # names.normalise_dn(issuer)
    Column("serial_hex", String(42), primary_key=True),  # RFC 5280 serials are up to 20 octets
    Column("issuer", Text, nullable=False),  # as first stored
    Column("kind", String(16), nullable=False),
    Column("subject_eui", Eui64Type, nullable=True),
    Column("role", SmallInteger, nullable=True),  # RemotePartyRole (organisation certificates)
    Column("key_usage", String(2), nullable=True),
    Column("not_before", UtcDateTime, nullable=False),
    Column("not_after", UtcDateTime, nullable=True),
    Column("der", LargeBinary, nullable=False),
    Column("prepayment", Boolean(create_constraint=False), nullable=False, server_default=text("false")),
    Column("revoked_at", UtcDateTime, nullable=True),  # R-PKI-1: from the first verified CRL listing it
    Column("revocation_reason", String(24), nullable=True),  # RFC 5280 CRLReason name
    Index(None, "subject_eui", "key_usage"),
    Index(None, "serial_hex"),  # the SMKI service's retrieve-by-serial
    Index(None, "kind"),  # the CA records a revocation list is verified against (R-PKI-1)
)

# --- Smart Metering Inventory (DUIS 8.x, 12.2; DOMAIN.md §4) ---------------------------------------

devices = Table(
    "devices",
    metadata,
    Column("device_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("device_type", String(8), nullable=False),
    Column("status", String(32), nullable=False),
    Column("status_at", UtcDateTime, nullable=False),
    Column("manufacturer", Text, nullable=True),
    Column("model", Text, nullable=True),
    Column("smets_chts_version", Text, nullable=True),
    Column("firmware_version", Text, nullable=True),
    Column("esme_variant", String(16), nullable=True),
    Column("import_mpxn", String(64), nullable=True),
    Column("secondary_import_mpan", String(64), nullable=True),
    Column("export_mpan", String(64), nullable=True),
    Column("uprn", String(64), nullable=True),
    Column("postcode", String(64), nullable=True),
    Column("address_identifier", Text, nullable=True),
    Column("csp_region", String(16), nullable=True),
    Column("chf_id", Eui64Type, nullable=True),
    Column("associated_gpf_id", Eui64Type, nullable=True),
    Column("date_commissioned", Date, nullable=True),
    Column("supplier_credentials", Eui64Type, nullable=True),  # Device Security Credentials (R-SMI-3)
    Column("network_operator_credentials", Eui64Type, nullable=True),
    Column("cos_cell", String(8), nullable=True),  # Transitional CoS cell: ECoS | null; NULL = TCoS (R-COS-2)
    Index(None, "import_mpxn", "device_id"),
    Index(None, "uprn", "device_id"),
    Index(None, "postcode", "address_identifier", "device_id"),
    Index(None, "chf_id", "device_id"),
)

device_status_history = Table(
    "device_status_history",
    metadata,
    Column("device_id", Eui64Type, ForeignKey("devices.device_id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),  # position in Device.history
    Column("status", String(32), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("cause", Text, nullable=False),
)

# --- Audit trail: every request as received and every response as sent ----------------------------
# Text columns are unbounded on purpose: they hold what a (possibly hostile) sender wrote, and storing
# the record must never fail because a field is too long.

audit_records = Table(
    "audit_records",
    metadata,
    Column("seq", AutoBigInt, primary_key=True, autoincrement=True),
    Column("direction", String(3), nullable=False),  # "in" | "out"
    Column("received_at", UtcDateTime, nullable=False),
    Column("request_id", Text, nullable=True),  # DUIS RequestID text as read
    Column("user_id", Text, nullable=True),
    Column("srv", Text, nullable=True),
    Column("command_variant", Integer, nullable=True),
    Column("state", String(32), nullable=False),
    Column("response_code", String(8), nullable=True),
    Column("rule", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Column("web_service", Text, nullable=True),
    Column("body", LargeBinary, nullable=False),
    # message | transition | gbcs | wan | response | alert | delivery (domain.requests.AuditRecord)
    Column("kind", String(16), nullable=False, server_default=text("'message'")),
    Index(None, "request_id", "seq"),
    Index(None, "user_id", "received_at"),
    Index(None, "received_at"),
)

# --- Registration Data, time-sliced (SEC H3, R-SR-1) ------------------------------------------------
# The primary key serves ``for_mpxns`` (``mpxn IN (…) ORDER BY mpxn, role, effective_from``).

registration_periods = Table(
    "registration_periods",
    metadata,
    Column("mpxn", String(64), primary_key=True),
    Column("role", String(3), primary_key=True),  # DUIS User Role code
    Column("effective_from", UtcDateTime, primary_key=True),
    Column("party", Eui64Type, nullable=False),
    Column("effective_to", UtcDateTime, nullable=True),
    Index(None, "party"),
)

# --- Device Service Requests through their lifecycle (domain.requests) ------------------------------
# One row per DUIS RequestID (originator:target:counter, DUIS 3.2.3).

service_requests = Table(
    "service_requests",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("device_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("counter", Uint64, primary_key=True, autoincrement=False),
    Column("srv", String(16), nullable=False),
    Column("command_variant", SmallInteger, nullable=False),
    Column("role", String(3), nullable=False),
    Column("state", String(32), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("device_type", String(8), nullable=True),
    Column("hub_id", Eui64Type, nullable=True),
    Column("precommand", LargeBinary, nullable=True),
    Column("command", LargeBinary, nullable=True),
    Column("gbcs_originator", Eui64Type, nullable=True),
    Column("gbcs_counter", Uint64, nullable=True),
    Column("deadline", UtcDateTime, nullable=True),
    Column("execute_at", UtcDateTime, nullable=True),  # a DSP-held request's ExecutionDateTime
    Column("response_code", String(8), nullable=True),
    Column("rule", Text, nullable=True),
    Column("reason", Text, nullable=True),
    Index(None, "device_id", "gbcs_originator", "gbcs_counter"),  # by_command: the device's response
    Index(None, "state", "received_at"),  # in_states, count_by_state
    Index(None, "user_id", "srv", "received_at"),  # count_recent: anomaly detection
)

# --- The transactional outbox (DESIGN.md "Flow of one Service Request") -----------------------------
# ``seq`` never goes back (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), so a stale consumer's
# ``done`` cannot hit a newer entry. (available_at, seq) serves ``due``; (key, seq) the per-key order
# check; claimed_until the earliest lease expiry.

outbox = Table(
    "outbox",
    metadata,
    Column("seq", AutoBigInt, primary_key=True, autoincrement=True),
    Column("topic", String(64), nullable=False),
    Column("key", Text, nullable=False),
    Column("payload", Text, nullable=False),  # JSON of domain.events.to_payload(event)
    Column("created_at", UtcDateTime, nullable=False),
    Column("available_at", UtcDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text, nullable=True),
    Column("claimed_by", Text, nullable=True),
    Column("claimed_until", UtcDateTime, nullable=True),
    Index(None, "available_at", "seq"),
    Index(None, "key", "seq"),
    Index(None, "claimed_until"),
    sqlite_autoincrement=True,
)

# --- Signed DUIS messages for Users and their delivery (domain.delivery) ----------------------------

outbound_messages = Table(
    "outbound_messages",
    metadata,
    Column("message_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("user_id", Eui64Type, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("response_id", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),  # immutable once stored
    Column("created_at", UtcDateTime, nullable=False),
    Column("request_id", Text, nullable=True),
    Column("response_code", String(8), nullable=True),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Column("first_attempt_at", UtcDateTime, nullable=True),
    Column("delivered_at", UtcDateTime, nullable=True),
    Column("failed_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Index(None, "request_id", "message_id"),  # for_request, earlier_undelivered
    Index(None, "state", "user_id", "message_id"),  # by_state: the failed-delivery queue
    sqlite_autoincrement=True,
)

# --- DCC schedules (5.1-5.3; domain.schedules) and the Service Requests their runs made --------------
# ``schedule_id`` never goes back (AUTOINCREMENT on SQLite): a deleted schedule's ID is not reused. Times of
# day are seconds from UTC midnight (may fall outside 0-86399 for an xs:time with a zone offset).

dsp_schedules = Table(
    "dsp_schedules",
    metadata,
    Column("schedule_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("user_id", Eui64Type, nullable=False),
    Column("role", String(3), nullable=False),
    Column("device_id", Eui64Type, nullable=False),
    Column("srv", String(16), nullable=False),
    Column("frequency", String(16), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("execution_time", Integer, nullable=True),
    Column("body", String(64), nullable=False),
    Column("start_offset", SmallInteger, nullable=True),
    Column("start_time", Integer, nullable=True),
    Column("end_offset", SmallInteger, nullable=True),
    Column("end_time", Integer, nullable=True),
    Column("ka_credential", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("state", String(16), nullable=False),
    Column("next_run_at", UtcDateTime, nullable=True),
    Column("runs", Integer, nullable=False),
    Index(None, "user_id", "device_id", "schedule_id"),  # of_user (5.2 / 5.3 by DeviceID)
    sqlite_autoincrement=True,
)

#: One row per run: the RequestID of the request the DCC made for the schedule (its response carries it).
schedule_runs = Table(
    "schedule_runs",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("device_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("counter", Uint64, primary_key=True, autoincrement=False),
    Column("schedule_id", BigInteger, ForeignKey("dsp_schedules.schedule_id"), nullable=False),
    Column("run_at", UtcDateTime, nullable=False),
    Index(None, "schedule_id", "run_at"),
)

# --- Registration Data Providers and their files (SEC H3, X2.4; R-USER-2, R-REG-1, R-REG-2, R-CHURN-1) --
# An RDP is keyed by its RDP ID; one RDP ID per RDP, so its name is unique too. Its cadences are the
# dates monthly / daily files start, RDP→DCC and DCC→RDP set independently (R-REG-2).

rdps = Table(
    "rdps",
    metadata,
    Column("rdp_id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("fuel", String(1), nullable=False),  # E | G
    Column("next_sequence", BigInteger, nullable=False),
    Column("added_on", Date, nullable=True),
    Column("last_status_on", Date, nullable=True),
    Column("files_monthly_from", Date, nullable=True),
    Column("files_daily_from", Date, nullable=True),
    Column("status_monthly_from", Date, nullable=True),
    Column("status_daily_from", Date, nullable=True),
    Index(None, "name", unique=True),
)

#: The metering points each RDP is responsible for (their periods are in ``registration_periods``);
#: (rdp_id, mpxn) serves a FULL refresh's read of all of an RDP's points and the status file's join.
rdp_metering_points = Table(
    "rdp_metering_points",
    metadata,
    Column("mpxn", String(64), primary_key=True),
    Column("rdp_id", String(32), ForeignKey("rdps.rdp_id"), nullable=False),
    Column("domestic", Boolean(create_constraint=False), nullable=False),
    Column("energisation", String(1), nullable=True),  # E | D
    Index(None, "rdp_id", "mpxn"),
)

#: Every file received, accepted or not, with the response file that answered it. ``rdp_id`` is as the
#: header named it (the RDP may be unknown); no foreign key for that reason.
rdp_files = Table(
    "rdp_files",
    metadata,
    Column("file_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("rdp_id", String(32), nullable=True),
    Column("sequence", BigInteger, nullable=True),
    Column("kind", String(8), nullable=True),  # FULL | PARTIAL | UPDATE
    Column("received_at", UtcDateTime, nullable=False),
    Column("accepted", Boolean(create_constraint=False), nullable=False),
    Column("unsolicited", Boolean(create_constraint=False), nullable=False),  # R-REG-1
    Column("records", BigInteger, nullable=False),
    Column("errors", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("source", String(16), nullable=False),
    Column("name", Text, nullable=True),
    Column("response", LargeBinary, nullable=False),
    Index(None, "rdp_id", "received_at"),
    sqlite_autoincrement=True,
)

#: R-CHURN-1: records that moved an enrolled meter to a supplier that was not a User on the effective date.
rdp_churn = Table(
    "rdp_churn",
    metadata,
    Column("churn_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("file_id", BigInteger, ForeignKey("rdp_files.file_id"), nullable=False),
    Column("rdp_id", String(32), nullable=False),
    Column("mpxn", String(64), nullable=False),
    Column("line", BigInteger, nullable=False),
    Column("new_supplier", Eui64Type, nullable=False),
    Column("previous_supplier", Eui64Type, nullable=True),
    Column("effective_from", UtcDateTime, nullable=False),
    Column("domestic", Boolean(create_constraint=False), nullable=False),
    Column("devices", Text, nullable=False),  # the enrolled meters' EUI-64s, space-separated
    Column("user_from", Date, nullable=True),
    Index(None, "effective_from"),
    sqlite_autoincrement=True,
)

#: Tables in dependency order (parents first); reverse it to delete.
# --- The ECoS migration campaign (R-COS-2; domain.cos): one entry per device ---------------------------

cos_migrations = Table(
    "cos_migrations",
    metadata,
    Column("device_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("target", String(8), nullable=False),  # ECoS | null
    Column("state", String(8), nullable=False),  # pending | sent | done | failed
    Column("attempts", Integer, nullable=False),
    Column("counter", Uint64, nullable=True),  # TCoS originator counter of the latest CS02b sent
    Column("queued_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("done_at", UtcDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Index(None, "state", "updated_at"),  # counts and entries of one state
)

ALL_TABLES: tuple[Table, ...] = (
              users, user_roles, request_counters, request_counter_floors, dcc_counters, certificates,
              devices, device_status_history, audit_records, registration_periods, service_requests, outbox,
              outbound_messages, dsp_schedules, schedule_runs, rdps, rdp_metering_points, rdp_files, rdp_churn,
              cos_migrations)

# --- Market-party profiles (R-MANDATE-1, R-ERO-1; domain.compliance.parties) --------------------------------
# A Party's User IDs are ``users`` rows, but a profile may name IDs not registered yet (a new entrant): no
# foreign key to ``users``. (party, user_id) serves the ERO queries' join from a Party to its User IDs.

party_profiles = Table(
    "party_profiles",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("party_type", String(20), nullable=False),  # large-supplier | domestic-supplier | dno | other
    Column("domestic_premises", BigInteger, nullable=False),  # on the census date, 15 Feb 2015
    Column("electricity_licence", Boolean(create_constraint=False), nullable=False),
    Column("gas_licence", Boolean(create_constraint=False), nullable=False),
    Column("domestic_supply_from", Date, nullable=True),  # a new entrant's first domestic supply
    Column("notes", Text, nullable=False),
)

party_members = Table(
    "party_members",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("party", String(200), ForeignKey("party_profiles.name", ondelete="CASCADE"), nullable=False),
    Column("position", SmallInteger, nullable=False),  # order of PartyProfile.members, kept on round-trip
    Index(None, "party", "user_id"),
)

ALL_TABLES = (*ALL_TABLES, party_profiles, party_members)  # appended: one block

# --- Consent (R-CONSENT-1..3; domain.compliance.consent): consent records, compromise declarations -------

consent_records = Table(
    "consent_records",
    metadata,
    Column("consent_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("user_id", Eui64Type, nullable=False),
    Column("mpxn", String(64), nullable=False),  # the premises, by one of its MPANs / MPRNs
    Column("purposes", String(64), nullable=False),  # ConsentPurpose values, comma-separated, sorted
    Column("given_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    Column("third_party_notice_at", UtcDateTime, nullable=True),  # R-CONSENT-2
    Column("evidence", Text, nullable=False),
    Index(None, "user_id", "mpxn"),  # the gateway's lookup: one User at the premises' metering points
    sqlite_autoincrement=True,
)

compromise_declarations = Table(
    "compromise_declarations",
    metadata,
    Column("declaration_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("supplier_id", Eui64Type, nullable=False),
    Column("device_id", Eui64Type, nullable=False),
    Column("declared_at", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("inform_attempt_at", UtcDateTime, nullable=True),
    Column("inform_attempt", Text, nullable=True),
    Index(None, "supplier_id", "device_id"),
    sqlite_autoincrement=True,
)

ALL_TABLES = (*ALL_TABLES, consent_records, compromise_declarations)
# --- The Certified Products List (R-PKI-2, R-SEC-3; domain.cpl): the verified versions SECCo signed ----

cpl_versions = Table(
    "cpl_versions",
    metadata,
    Column("version", BigInteger, primary_key=True, autoincrement=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("loaded_at", UtcDateTime, nullable=False),
    Column("signer", Text, nullable=False),
    Column("signer_serial", String(64), nullable=False),
    Column("party_signifier", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("signed_file", LargeBinary, nullable=False),  # as received; verified again before use
)
ALL_TABLES = (*ALL_TABLES, cpl_versions)  # appended here: one block per feature
# --- SMKI revocation lists (R-PKI-1): Organisation and Device CA CRLs, every number kept ---------------

revocation_lists = Table(
    "revocation_lists",
    metadata,
    Column("issuer_norm", Text, primary_key=True),  # names.normalise_dn(issuer)
    Column("crl_number", String(40), primary_key=True),  # zero-padded hex: text order is number order
    Column("issuer", Text, nullable=False),
    Column("this_update", UtcDateTime, nullable=False),
    Column("next_update", UtcDateTime, nullable=True),
    Column("scope", String(16), nullable=False),  # domain.revocation.CaScope
    Column("entries", Text, nullable=False),  # "serial_hex@revoked_at@reason" lines (values.py encoding)
    Column("der", LargeBinary, nullable=False),
)

# appended here so this block merges beside the other features' tables (mypy types the tuple by its length)
ALL_TABLES = (*ALL_TABLES, revocation_lists)
# --- Security registers (R-SEC-1, R-SEC-2; domain.security): tokens, File Signing Software, notices, disputes -

#: Cryptographic Credential Tokens issued to Authorised Subscribers; ``end_reason`` revoked | returned.
security_tokens = Table(
    "security_tokens",
    metadata,
    Column("token_id", String(64), primary_key=True),
    Column("holder", Eui64Type, nullable=False),
    Column("model", Text, nullable=False),
    Column("fips_level", SmallInteger, nullable=False),
    Column("tested_on", Date, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    Column("end_reason", String(8), nullable=True),
    Index(None, "model"),  # the holders a token-model notice goes to
)

#: File Signing Software releases with their published SHA-256 and test / code-review dates.
file_signing_releases = Table(
    "file_signing_releases",
    metadata,
    Column("version", String(32), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("tested_on", Date, nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
)

#: Copies of a release distributed to Authorised Subscribers.
file_signing_copies = Table(
    "file_signing_copies",
    metadata,
    Column("copy_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("version", String(32), ForeignKey("file_signing_releases.version"), nullable=False),
    Column("subscriber", Eui64Type, nullable=False),
    Column("distributed_at", UtcDateTime, nullable=False),
    Index(None, "version"),
    sqlite_autoincrement=True,
)

#: Vulnerability notices; ``recipients``: the Authorised Subscribers' EUI-64s it went to, space-separated.
vulnerability_notices = Table(
    "vulnerability_notices",
    metadata,
    Column("notice_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("affects", String(24), nullable=False),  # token-model | file-signing-software
    Column("affected", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("recipients", Text, nullable=False),
    sqlite_autoincrement=True,
)

#: Security disputes (G3-G6 compliance) and their steps; every step column is NULL until recorded.
security_disputes = Table(
    "security_disputes",
    metadata,
    Column("dispute_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("user_id", Eui64Type, nullable=False),
    Column("sections", String(16), nullable=False),  # e.g. "G3 G5"
    Column("summary", Text, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("decision", String(16), nullable=True),  # complied | not-complied
    Column("decided_on", Date, nullable=True),
    Column("decision_note", Text, nullable=True),
    Column("appealed_on", Date, nullable=True),
    Column("appeal_grounds", Text, nullable=True),
    Column("arbitration_matter", Text, nullable=True),
    Column("referred_on", Date, nullable=True),
    Column("default_notified_at", UtcDateTime, nullable=True),
    sqlite_autoincrement=True,
)

#: Appended here so the tuple above stays as it was (parents first: releases before their copies).
ALL_TABLES = (*ALL_TABLES, security_tokens, file_signing_releases,
              file_signing_copies, vulnerability_notices, security_disputes)

# --- Communications Hub logistics (SEC F5-F7, R-CH-1, R-TEST-1; domain.hubs): forecasts, orders, hubs, returns -
#: Suppliers' forecasts of the hubs they will order, per region, type and delivery month (F5).
hub_forecasts = Table(
    "hub_forecasts",
    metadata,
    Column("forecast_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("supplier", Eui64Type, nullable=False),
    Column("region", String(8), nullable=False),
    Column("hub_type", String(32), nullable=False),
    Column("month", Date, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Index(None, "supplier"),
    sqlite_autoincrement=True,
)

#: Communications Hub Orders and their lifecycle; a SIM order's site visit and consent information (R-CH-1).
hub_orders = Table(
    "hub_orders",
    metadata,
    Column("order_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("supplier", Eui64Type, nullable=False),
    Column("region", String(8), nullable=False),
    Column("hub_type", String(32), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("delivery_date", Date, nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("test_hubs", Boolean, nullable=False),
    Column("delivery_location", String(16), nullable=True),
    Column("site_visit_on", Date, nullable=True),
    Column("site_visit_slot", String(2), nullable=True),
    Column("consent_information", Text, nullable=True),
    Column("confirmed_at", UtcDateTime, nullable=True),
    Column("delivered", Integer, nullable=False),
    Column("last_delivery_at", UtcDateTime, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("refused_rule", String(32), nullable=True),
    Column("refused_reason", Text, nullable=True),
    Index(None, "supplier"),
    sqlite_autoincrement=True,
)

#: The hubs (CHF + GPF) the DCC delivered against an order (F6); ``test_hub``: instrumented (R-TEST-1).
hub_order_hubs = Table(
    "hub_order_hubs",
    metadata,
    Column("chf", Eui64Type, primary_key=True, autoincrement=False),
    Column("gpf", Eui64Type, nullable=False),
    Column("order_id", BigInteger, ForeignKey("hub_orders.order_id"), nullable=False),
    Column("delivered_at", UtcDateTime, nullable=False),
    Column("test_hub", Boolean, nullable=False),
    Index(None, "order_id"),
)

#: Hubs returned to the DCC, fault (8.14.3) or no-fault (8.14.4) (F7).
hub_returns = Table(
    "hub_returns",
    metadata,
    Column("chf", Eui64Type, ForeignKey("hub_order_hubs.chf"), primary_key=True, autoincrement=False),
    Column("kind", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("returned_at", UtcDateTime, nullable=False),
    Column("via", String(64), nullable=False),
)

ALL_TABLES = (*ALL_TABLES, hub_forecasts, hub_orders, hub_order_hubs, hub_returns)
# --- Network Enhancement Plans (SEC F7.20-F7.21; R-WAN-2) ------------------------------------------
# A plan's status is derived from ``completed_on`` (NULL: active), so it cannot disagree with it.

network_enhancement_plans = Table(
    "network_enhancement_plans",
    metadata,
    Column("plan_id", String(32), primary_key=True),
    Column("region", String(8), nullable=False),  # DUIS sr:CSPRegion: South | Central
    Column("created_on", Date, nullable=False),
    Column("estimated_completion", Date, nullable=False),
    Column("completed_on", Date, nullable=True),
)

#: The defined area: one row per postcode district (``kind`` district) or explicit postcode (``kind`` postcode).
nep_areas = Table(
    "nep_areas",
    metadata,
    Column("plan_id", String(32), ForeignKey("network_enhancement_plans.plan_id", ondelete="CASCADE"),
           primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("entry", String(8), primary_key=True),  # SO14 | SO14 0AA
)

#: The cohort: the premises' postcodes; ``plan_for`` looks a postcode up by the index.
nep_cohort = Table(
    "nep_cohort",
    metadata,
    Column("plan_id", String(32), ForeignKey("network_enhancement_plans.plan_id", ondelete="CASCADE"),
           primary_key=True),
    Column("postcode", String(8), primary_key=True),
    Index(None, "postcode"),
)

ALL_TABLES = (*ALL_TABLES, network_enhancement_plans, nep_areas, nep_cohort)
# --- Self-Service Interface (R-OPS-2; domain.portal): accounts, sessions, delegations ---------------------

#: One portal account per User: argon2id hash, failed sign-ins in a row, lockout end.
portal_accounts = Table(
    "portal_accounts",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", UtcDateTime, nullable=True),
)

#: Server-side sessions keyed by the SHA-256 (hex) of the cookie's random token.
portal_sessions = Table(
    "portal_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Eui64Type, nullable=False),
    Column("csrf_token", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Index(None, "user_id"),
)

#: Delegations grantor → grantee; ``scopes`` space-separated (domain.portal.Scope values).
portal_delegations = Table(
    "portal_delegations",
    metadata,
    Column("delegation_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("grantor", Eui64Type, nullable=False),
    Column("grantee", Eui64Type, nullable=False),
    Column("scopes", String(64), nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index(None, "grantor"),
    Index(None, "grantee"),
    sqlite_autoincrement=True,
)

ALL_TABLES = (*ALL_TABLES, portal_accounts, portal_sessions, portal_delegations)
# --- Incident Management and Additional Support (R-INC-1, R-WAN-1, R-SUPPORT-1; domain.incidents) -----------

#: Incidents: a category 1-5, source ``user:<EUI-64>`` / ``dcc:<source>``, linked RequestIDs and device IDs
#: (space-separated), the premises (postcode, UPRN), the coverage fact of R-WAN-1, the lifecycle columns.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("category", SmallInteger, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("source", String(64), nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("raised_by", Eui64Type, nullable=True),
    Column("request_ids", Text, nullable=False),
    Column("device_ids", Text, nullable=False),  # EUI-64 hex, space-separated
    Column("premises_postcode", String(8), nullable=True),
    Column("premises_uprn", String(12), nullable=True),
    Column("shown_covered", Boolean(create_constraint=False), nullable=True),  # None: not a coverage incident
    Column("error_code", String(9), nullable=True),
    Column("state", String(8), nullable=False),  # open | assigned | resolved | closed
    Column("owner", Text, nullable=True),
    Column("assigned_at", UtcDateTime, nullable=True),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolution", Text, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
    Column("reopened", Integer, nullable=False),
    Index(None, "raised_by"),  # a User's incidents (the portal)
    sqlite_autoincrement=True,
)

#: Additional Support requests of Testing Participants, tracked to resolution and charged (user pays).
support_requests = Table(
    "support_requests",
    metadata,
    Column("support_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("participant", Text, nullable=False),
    Column("topic", String(24), nullable=False),
    Column("summary", Text, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("resolved_at", UtcDateTime, nullable=True),
    Column("resolution", Text, nullable=True),
    Column("effort_minutes", Integer, nullable=True),
    Column("charge_pence", BigInteger, nullable=True),
    Index(None, "participant"),
    sqlite_autoincrement=True,
)

ALL_TABLES = (*ALL_TABLES, incidents, support_requests)
# --- DCC operations (R-DR-1, R-OPS-1; domain.operations): release notices, Gateway Connections, DR drills -----

#: Notices of changes to the DCC's systems (R-OPS-1); ``users`` / ``rdps``: the recipients at issue,
#: space-separated EUI-64s / RDP IDs.
release_notices = Table(
    "release_notices",
    metadata,
    Column("notice_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("consultation_closes_on", Date, nullable=False),
    Column("testing_from", Date, nullable=False),
    Column("testing_to", Date, nullable=False),
    Column("users", Text, nullable=False),
    Column("rdps", Text, nullable=False),
    sqlite_autoincrement=True,
)

#: Whether a User has a backup DCC Gateway Connection (R-DR-1); a User without a row has none.
gateway_connections = Table(
    "gateway_connections",
    metadata,
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("backup", Boolean, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

#: Disaster-recovery drills and what they measured (R-DR-1); ``recovery_ms`` kill → restored /healthz.
dr_drills = Table(
    "dr_drills",
    metadata,
    Column("drill_id", AutoBigInt, primary_key=True, autoincrement=True),
    Column("database", String(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("recovery_ms", BigInteger, nullable=False),
    Column("sent", Integer, nullable=False),
    Column("acknowledged", Integer, nullable=False),
    Column("lost", Integer, nullable=False),
    Column("disaster", Text, nullable=False),
    Column("method", Text, nullable=False),
    sqlite_autoincrement=True,
)

#: The relief rule's answer per User and drill (R-DR-1).
dr_relief = Table(
    "dr_relief",
    metadata,
    Column("drill_id", BigInteger, ForeignKey("dr_drills.drill_id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Eui64Type, primary_key=True, autoincrement=False),
    Column("has_backup", Boolean, nullable=False),
    Column("backup_would_recover", Boolean, nullable=False),
    Column("verdict", String(24), nullable=False),
)

ALL_TABLES = (*ALL_TABLES, release_notices, gateway_connections, dr_drills, dr_relief)

# -- issue 11 (throughput): cache generations ---------------------------------------------------------------
#: One row per cached record kind (``users``, ``certificates``): ``generation`` is bumped in the same
#: transaction as every write of that kind, so a process holding a cache reads one small row per request
#: and drops its cached records as soon as another unit of work — in any process — has committed a write.
cache_generations = Table(
    "cache_generations",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("generation", BigInteger, nullable=False),
)

ALL_TABLES = (*ALL_TABLES, cache_generations)

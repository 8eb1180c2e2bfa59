"""Ports: the small interfaces the use-case handlers need from the outside world.

Adapters implement them (``adapters/db`` for SQL and in-memory storage, ``adapters/duis`` for the XML
codec and signatures, ``adapters/smki`` for certificates, ``adapters/gbcs`` for the GBCS transform,
``adapters/wan`` for the simulated SM WAN, ``adapters/delivery`` for POSTing to Users). Handlers receive
them from ``bootstrap``. Storage ports are grouped in one :class:`UnitOfWork` — one transaction — so a
stage commits its state change and the outbox event for the next stage together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from gbdcc.domain.cos import CosCell, CosMigration, MigrationState
from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.delivery import DeliveryState, OutboundMessage
from gbdcc.domain.events import Event
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, SmiStatus
from gbdcc.domain.parties import User, UserRole
from gbdcc.domain.rdp.churn import RecordedChurn
from gbdcc.domain.rdp.model import MeteringPoint, Rdp
from gbdcc.domain.rdp.outcome import FileOutcome, RdpFileRecord
from gbdcc.domain.rdp.plan import PeriodKey
from gbdcc.domain.rdp.status import StatusFile
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import AuditRecord, RequestState, ServiceRequest
from gbdcc.domain.schedules import Schedule, ScheduleRun
from gbdcc.domain.smki import CertificateRecord, KeyUsage, RevocationReason
from gbdcc.service.anomaly.ports import AnomalyRepository
from gbdcc.service.compliance.consent_ports import ConsentRepository
from gbdcc.service.compliance.party_ports import PartyProfileRepository
from gbdcc.service.compliance.post_ports import PostCommissioningRepository
from gbdcc.service.coverage.ports import NepRepository
from gbdcc.service.cpl.ports import CplRepository
from gbdcc.service.hubs.ports import HubLogisticsRepository
from gbdcc.service.incidents.ports import IncidentRepository, SupportRepository
from gbdcc.service.messages import InboundRequest, OutboundResponse
from gbdcc.service.operations.ports import OperationsRepository
from gbdcc.service.portal.ports import PortalRepository
from gbdcc.service.security.ports import SecurityRegisterRepository
from gbdcc.service.smki.ports import RevocationListRepository

#: Called with the rows done so far by a bulk operation (progress bars of large Registration Data files).
Progress = Callable[[int], None]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class UserRepository(Protocol):
    def get(self, user_id: Eui64) -> User | None: ...
    def put(self, user: User) -> None:
        """Insert or replace the User (roles and response URL included)."""
        ...
    def list(self) -> Sequence[User]: ...


class CounterRepository(Protocol):
    """RequestID counters, strictly increasing per (User ID, Business Target ID) — DUIS 3.2.3, as the
    device checks the GBCS counter per remote party — so a User may send to many devices in parallel."""

    def last(self, user_id: Eui64, target_id: Eui64) -> int | None: ...
    def advance(self, user_id: Eui64, target_id: Eui64, counter: int) -> bool:
        """Record ``counter`` as the latest for (User, target) if strictly greater than the stored one.

        Returns False (and changes nothing) when it is not: a replay. Must be atomic against concurrent
        calls for the same pair within the unit of work's transaction.
        """
        ...


class DccCounterRepository(Protocol):
    """Originator counters of the GBCS commands the DCC itself originates (ACB, TransCoS; GBCS 4.3.1)."""

    def next(self, originator: Eui64, recipient: Eui64, at_least: int) -> int:
        """A counter for a new command from ``originator`` to ``recipient``: greater than every one
        issued before for the pair and at least ``at_least``; atomic like ``CounterRepository.advance``."""
        ...


class RegistrationRepository(Protocol):
    """Registration Data, time-sliced (SEC H3 / R-SR-1; the RDP file interface writes it later)."""

    def put(self, period: RegistrationPeriod) -> None:
        """Store a period; one with the same (MPxN, role, effective_from) is replaced."""
        ...
    def for_mpxns(self, mpxns: Iterable[str]) -> Sequence[RegistrationPeriod]:
        """Every period of those MPxNs, ordered by MPxN, role, effective_from."""
        ...
    def end(self, mpxn: str, role: UserRole, at: datetime) -> int:
        """Close the period of ``role`` effective at ``at`` (its effective_to becomes ``at``); returns the
        number of periods changed (0 or 1)."""
        ...
    # -- the bulk path of Registration Data files (``service/registration``) --------------------------
    def periods_of(self, mpxns: Iterable[str], roles: Iterable[UserRole]) -> dict[str, list[RegistrationPeriod]]:
        """The periods in ``roles`` of any number of MPxNs (read in chunks), per MPxN, each list ordered by
        role and effective_from; MPxNs without any are absent."""
        ...
    def apply(self, delete: Sequence[PeriodKey], insert: Sequence[RegistrationPeriod],
              replace: Sequence[RegistrationPeriod], progress: Progress | None = None) -> None:
        """In bulk, within the unit's transaction: remove the periods keyed (MPxN, role, effective_from) by
        ``delete``, insert ``insert`` (keys not stored: ``ConcurrentChange`` if one is, and the caller's
        transaction must roll back) and store ``replace`` over the periods with their keys. Executemany in
        chunks on SQLite; on PostgreSQL COPY — straight into the table for inserts, through a staging table
        and one set-based statement for deletes and replacements. ``progress`` gets the rows done so far."""
        ...


class RdpRepository(Protocol):
    """Registration Data Providers (R-USER-2), the metering points each is responsible for, the log of
    the files they sent (R-REG-1) and the churn those files caused (R-CHURN-1)."""

    def get(self, rdp_id: str) -> Rdp | None: ...
    def by_name(self, name: str) -> Rdp | None: ...
    def add(self, rdp: Rdp) -> None:
        """Insert; raises ``RdpConflict`` if the RDP ID is taken."""
        ...
    def list(self) -> Sequence[Rdp]: ...
    def advance_sequence(self, rdp_id: str, sequence: int) -> bool:
        """File ``sequence`` is accepted: ``next_sequence`` becomes ``sequence + 1`` if it is ``sequence``
        now (compare-and-set: of two loads of one file, one wins). False, nothing changed, otherwise."""
        ...
    def status_sent(self, rdp_id: str, day: date) -> None:
        """Record that the status file for ``day`` was made (R-REG-2)."""
        ...
    def holders(self, mpxns: Iterable[str]) -> dict[str, str]:
        """MPxN → RDP ID of those of ``mpxns`` an RDP is responsible for (any number; read in chunks)."""
        ...
    def points(self, rdp_id: str, mpxns: Iterable[str] | None = None) -> dict[str, MeteringPoint]:
        """The RDP's metering points: all of them, or those among ``mpxns``."""
        ...
    def add_points(self, points: Sequence[MeteringPoint], progress: Progress | None = None) -> None:
        """Insert metering points new to their RDP; raises ``MpxnHeldByOtherRdp`` if one is held already (a
        concurrent load took it): the caller's transaction must then roll back."""
        ...
    def update_points(self, points: Sequence[MeteringPoint]) -> None:
        """Replace the attributes of the RDP's own stored points."""
        ...
    def delete_points(self, rdp_id: str, mpxns: Sequence[str]) -> None: ...
    def meters(self, rdp_id: str) -> Sequence[tuple[str, SmiStatus]]:
        """(MPxN, SMI status) of every meter (by its ImportMPxN) at the RDP's metering points."""
        ...
    def meters_at(self, mpxns: Iterable[str]) -> Sequence[tuple[str, Eui64, SmiStatus]]:
        """(MPxN, device ID, SMI status) of every meter (ESME, GSME) whose ImportMPxN is one of ``mpxns`` (any
        number; read in chunks)."""
        ...
    def add_file(self, record: RdpFileRecord) -> int:
        """Log a file received; returns its ``file_id`` (increasing)."""
        ...
    def file(self, file_id: int) -> RdpFileRecord | None: ...
    def files(self, rdp_id: str | None, limit: int) -> Sequence[RdpFileRecord]:
        """The latest files (of one RDP or of all), newest first."""
        ...
    def refreshes_accepted(self, rdp_id: str, since: datetime, until: datetime) -> int:
        """How many refresh files of the RDP were accepted with ``received_at`` in ``[since, until)``."""
        ...
    def add_churn(self, churn: Sequence[RecordedChurn]) -> None: ...
    def churn(self, since: datetime | None, limit: int) -> Sequence[RecordedChurn]:
        """Recorded R-CHURN-1 flags with ``effective_from`` at or after ``since``, oldest first."""
        ...


class RegistrationFileWriter(Protocol):
    """The bytes of the files the DCC sends an RDP (``adapters/rdp/files.py``; ``docs/rdp-files.md``)."""

    def response(self, outcome: FileOutcome) -> bytes:
        """The response file answering one Registration Data file."""
        ...
    def status(self, status: StatusFile) -> bytes:
        """A status file (every metering point Enrolled, Suspended or Withdrawn)."""
        ...


class ServiceRequestRepository(Protocol):
    """Device Service Requests through their lifecycle (``domain.requests``)."""

    def add(self, request: ServiceRequest) -> None:
        """Insert; raises ``DuplicateServiceRequest`` if the RequestID is already stored."""
        ...
    def get(self, request_id: RequestId) -> ServiceRequest | None: ...
    def update(self, request: ServiceRequest, expected: RequestState) -> bool:
        """Replace the stored request if it is still in state ``expected`` (compare-and-set: two
        consumers of one event cannot both move it on). False, and nothing changed, otherwise."""
        ...
    def by_command(self, device_id: Eui64, gbcs_originator: Eui64, gbcs_counter: int) -> ServiceRequest | None:
        """The request whose GBCS command to ``device_id`` had that originator and counter."""
        ...
    def in_states(self, states: Iterable[RequestState], limit: int) -> Sequence[ServiceRequest]:
        """Up to ``limit`` requests in those states, oldest first (operations views, resume checks)."""
        ...
    def count_by_state(self) -> dict[RequestState, int]: ...


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One committed event waiting for (or being retried by) its consumer."""

    seq: int
    topic: str
    key: str
    payload: dict[str, Any]
    created_at: datetime
    available_at: datetime
    attempts: int = 0
    last_error: str | None = None


class OutboxRepository(Protocol):
    """The transactional outbox: the only way one stage hands work to the next (DESIGN.md)."""

    def add(self, event: Event, available_at: datetime) -> int:
        """Store ``event`` (topic, key, payload from ``domain.events``) to be handled from
        ``available_at``; committed with the rest of the unit. Returns its sequence number."""
        ...
    def due(self, now: datetime, topics: Iterable[str] | None, limit: int,
            claimed_by: str | None = None, lease_seconds: float = 60.0) -> Sequence[OutboxEntry]:
        """Entries available at ``now`` (optionally of ``topics``), oldest first. With ``claimed_by``
        they are leased to that consumer until ``now + lease_seconds`` and not returned to others until
        the lease runs out (a consumer that dies loses its lease, not the event)."""
        ...
    def done(self, seq: int) -> None:
        """The entry was handled: remove it (in the handler's transaction)."""
        ...
    def pending(self, seq: int) -> bool:
        """The entry is still stored, i.e. not handled yet (a consumer fed by a broker checks it first)."""
        ...
    def retry(self, seq: int, available_at: datetime, error: str) -> None:
        """The handler failed: keep the entry, count the attempt, try again from ``available_at``."""
        ...
    def next_available_at(self, topics: Iterable[str] | None) -> datetime | None:
        """The earliest ``available_at`` of any entry (for the relay's sleep)."""
        ...
    def release(self, claimed_by: str) -> int:
        """Drop the leases ``claimed_by`` holds (a consumer restarting after a crash: what its previous run
        had taken is due again at once, not after the lease). Returns how many were released."""
        ...
    def depth(self) -> dict[str, int]:
        """Entries per topic (metrics)."""
        ...


class OutboundMessageRepository(Protocol):
    """Signed DUIS messages for Users and their delivery state (``domain.delivery``)."""

    def add(self, message: OutboundMessage) -> int:
        """Insert; returns the new ``message_id`` (increasing)."""
        ...
    def get(self, message_id: int) -> OutboundMessage | None: ...
    def update(self, message: OutboundMessage) -> None:
        """Store the delivery fields of a message (state, attempts, times, last error)."""
        ...
    def for_request(self, request_id: str) -> Sequence[OutboundMessage]:
        """Messages of one RequestID in ``message_id`` order."""
        ...
    def earlier_undelivered(self, message: OutboundMessage) -> OutboundMessage | None:
        """The first message of the same RequestID before ``message`` still PENDING (ordering)."""
        ...
    def by_state(self, state: DeliveryState, user_id: Eui64 | None, limit: int) -> Sequence[OutboundMessage]:
        """Messages in ``state`` (optionally of one User), oldest first (the failed-delivery queue)."""
        ...


class CertificateRepository(Protocol):
    def put(self, record: CertificateRecord) -> None:
        """Insert the record (idempotent on issuer + serial)."""
        ...
    def by_issuer_serial(self, issuer: str, serial: int) -> CertificateRecord | None:
        """``issuer`` in the canonical form ``CertificateRecord.issuer`` uses (the SMKI adapter's
        ``normalise_issuer``: callers holding raw DUIS ``X509IssuerName`` text canonicalise it first).
        Storage compares it after folding RFC 4514 spacing only."""
        ...
    def by_serial(self, serial: int) -> Sequence[CertificateRecord]:
        """Every record with that serial, whatever its issuer (the SMKI service retrieves by serial)."""
        ...
    def by_eui_usage(self, eui: Eui64, usage: KeyUsage) -> Sequence[CertificateRecord]: ...
    def authorities(self) -> Sequence[CertificateRecord]:
        """Every CA certificate record (the issuers a revocation list is verified against, R-PKI-1)."""
        ...
    def revoke(self, issuer: str, serial: int, at: datetime, reason: RevocationReason) -> bool:
        """Mark the certificate revoked (the first revocation stays); False when it is not stored."""
        ...


class InventoryRepository(Protocol):
    def get(self, device_id: Eui64) -> Device | None: ...
    def add(self, device: Device) -> None: ...
    def update(self, device: Device) -> None: ...
    def delete(self, device_id: Eui64) -> None: ...
    def by_mpxn(self, mpxn: str, limit: int) -> Sequence[Device]: ...
    def by_uprn(self, uprn: str, limit: int) -> Sequence[Device]: ...
    def by_postcode(self, postcode: str, address_identifier: str | None, limit: int) -> Sequence[Device]: ...
    def by_chf(self, chf_id: Eui64) -> Sequence[Device]: ...


class AuditRepository(Protocol):
    def append(self, record: AuditRecord) -> int:
        """Store the record; returns its sequence number."""
        ...
    def for_request(self, request_id: str) -> Sequence[AuditRecord]: ...
    def recent(self, limit: int) -> Sequence[AuditRecord]: ...


class ScheduleRepository(Protocol):
    """DCC schedules (5.1-5.3, ``domain.schedules``) and the runs they made."""

    def add(self, schedule: Schedule) -> Schedule:
        """Insert; returns it with its new ``schedule_id`` (increasing, never reused, ≤ 10^12)."""
        ...
    def get(self, schedule_id: int) -> Schedule | None: ...
    def update(self, schedule: Schedule) -> None:
        """Store the schedule's state, next run and run count (``NotStored`` if it is not stored)."""
        ...
    def of_user(self, user_id: Eui64, device_id: Eui64 | None, limit: int) -> Sequence[Schedule]:
        """The User's active schedules (of one device, or all), by ``schedule_id``, at most ``limit``."""
        ...
    def add_run(self, run: ScheduleRun) -> None:
        """Record the Service Request a run made (its RequestID is unique)."""
        ...
    def run_of(self, request_id: RequestId) -> ScheduleRun | None:
        """The run that made the request ``request_id``, or None for a User's own request."""
        ...


class CosMigrationRepository(Protocol):
    """The ECoS migration campaign (R-COS-2): one entry per device, and the SMI's CoS cells in aggregate."""

    def get(self, device_id: Eui64) -> CosMigration | None: ...
    def put(self, migration: CosMigration) -> None:
        """Insert the device's entry, or replace the one it has (a failed entry queued again)."""
        ...
    def update(self, migration: CosMigration, expected: MigrationState) -> bool:
        """Replace the stored entry if it is still in state ``expected`` (compare-and-set). False, and
        nothing changed, otherwise."""
        ...
    def candidates(self, limit: int) -> Sequence[Eui64]:
        """Meters (ESME, GSME) on a Communications Hub, installed or commissioned, whose cell is TCoS and
        that have no entry or a failed one — by device ID, at most ``limit``."""
        ...
    def counts(self) -> Mapping[MigrationState, int]:
        """Entries per state (states without entries absent)."""
        ...
    def entries(self, state: MigrationState | None, limit: int) -> Sequence[CosMigration]:
        """Entries (of one state, or all), most recently updated first, at most ``limit``."""
        ...
    def cells(self) -> Mapping[CosCell, int]:
        """Meters (ESME, GSME) per CoS cell the SMI records (TCoS when not recorded)."""
        ...


class UnitOfWork(Protocol):
    """One transaction over all repositories. Nothing is durable until ``commit`` returns."""

    users: UserRepository
    counters: CounterRepository
    certificates: CertificateRepository
    inventory: InventoryRepository
    audit: AuditRepository
    registration: RegistrationRepository
    rdps: RdpRepository
    requests: ServiceRequestRepository
    outbox: OutboxRepository
    messages: OutboundMessageRepository
    dcc_counters: DccCounterRepository
    schedules: ScheduleRepository
    cos_migrations: CosMigrationRepository
    party_profiles: PartyProfileRepository
    consents: ConsentRepository  # R-CONSENT-1..3 (service.compliance.consent_ports)
    cpl: CplRepository
    revocation_lists: RevocationListRepository
    anomaly: AnomalyRepository  # SEC G6 anomaly detection: counts per User and class, the quarantine
    post_commissioning: PostCommissioningRepository  # R-POST-1 report reads
    security: SecurityRegisterRepository
    hubs: HubLogisticsRepository  # SEC F5-F7, R-CH-1 (service.hubs.ports)
    neps: NepRepository  # R-WAN-2 Network Enhancement Plans (service.coverage.ports)
    portal: PortalRepository  # the Self-Service Interface (service.portal.ports, R-OPS-2)
    incidents: IncidentRepository  # R-INC-1 (service.incidents.ports)
    support: SupportRepository  # R-SUPPORT-1 Additional Support requests
    operations: OperationsRepository  # R-DR-1, R-OPS-1, H13 (service.operations.ports)

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back unless committed."""
        ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit; ``read_only`` units may run beside a writer and must not write."""
        ...




class DuisCodec(Protocol):
    """DUIS XML in and out (``adapters/duis``)."""

    def parse(self, raw: bytes) -> InboundRequest:
        """Parse safely and check the structure; raises ``MalformedRequest`` and subclasses."""
        ...
    def verify_signature(self, request: InboundRequest, certificate_der: bytes, at: datetime) -> None:
        """Verify the enveloped XML signature with the certificate as valid at ``at`` (the caller decided
        the certificate may be used); raises ``AuthenticationFailed`` with the reason."""
        ...
    def encode_response(self, response: OutboundResponse) -> bytes:
        """Build the compact DUIS Response and sign it with the DCC's XML-signing key."""
        ...


class CoverageDatabase(Protocol):
    """The SM WAN Coverage Database (SEC F7; simulated in ``adapters/wan``)."""

    def lookup(self, postcode: str, at: datetime) -> WanCoverage:
        """Coverage at ``postcode``; raises ``InvalidIdentifier`` for a postcode outside GB's CSP regions."""
        ...

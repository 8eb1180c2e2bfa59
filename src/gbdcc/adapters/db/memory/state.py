"""The committed state of the in-memory store: plain maps of immutable values."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol, TypeVar

from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentRecord
from gbdcc.domain.compliance.parties import PartyProfile
from gbdcc.domain.cos import CosMigration
from gbdcc.domain.cpl import CplRecord
from gbdcc.domain.delivery import OutboundMessage
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device
from gbdcc.domain.nep import NetworkEnhancementPlan
from gbdcc.domain.parties import User
from gbdcc.domain.rdp.churn import RecordedChurn
from gbdcc.domain.rdp.model import MeteringPoint, Rdp
from gbdcc.domain.rdp.outcome import RdpFileRecord
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import AuditRecord, ServiceRequest
from gbdcc.domain.revocation import RevocationList
from gbdcc.domain.schedules import Schedule, ScheduleRun
from gbdcc.domain.smki import CertificateRecord


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """An outbox entry as stored: the payload as JSON text (as in SQL), and its lease."""

    seq: int
    topic: str
    key: str
    payload: str
    created_at: datetime
    available_at: datetime
    attempts: int = 0
    last_error: str | None = None
    claimed_by: str | None = None
    claimed_until: datetime | None = None


@dataclass(slots=True)
class State:
    users: dict[Eui64, User] = field(default_factory=dict)
    counters: dict[tuple[Eui64, Eui64], int] = field(default_factory=dict)
    dcc_counters: dict[tuple[Eui64, Eui64], int] = field(default_factory=dict)
    certificates: dict[tuple[str, str], CertificateRecord] = field(default_factory=dict)
    devices: dict[Eui64, Device] = field(default_factory=dict)
    audit: dict[int, AuditRecord] = field(default_factory=dict)
    registration: dict[tuple[str, str, datetime], RegistrationPeriod] = field(default_factory=dict)
    requests: dict[RequestId, ServiceRequest] = field(default_factory=dict)
    outbox: dict[int, OutboxRow] = field(default_factory=dict)
    messages: dict[int, OutboundMessage] = field(default_factory=dict)
    schedules: dict[int, Schedule] = field(default_factory=dict)
    schedule_runs: dict[RequestId, ScheduleRun] = field(default_factory=dict)
    rdps: dict[str, Rdp] = field(default_factory=dict)
    rdp_points: dict[str, MeteringPoint] = field(default_factory=dict)
    rdp_files: dict[int, RdpFileRecord] = field(default_factory=dict)
    rdp_churn: dict[int, RecordedChurn] = field(default_factory=dict)
    cos_migrations: dict[Eui64, CosMigration] = field(default_factory=dict)
    party_profiles: dict[str, PartyProfile] = field(default_factory=dict)
    consents: dict[int, ConsentRecord] = field(default_factory=dict)  # R-CONSENT-1..3: ids are max + 1
    compromises: dict[int, CompromiseDeclaration] = field(default_factory=dict)
    cpl_versions: dict[int, CplRecord] = field(default_factory=dict)
    revocation_lists: dict[tuple[str, str], RevocationList] = field(default_factory=dict)
    security: dict[tuple[str, Any], Any] = field(default_factory=dict)  # memory/security.py
    hubs: dict[tuple[str, Any], Any] = field(default_factory=dict)  # memory/hubs.py (SEC F5-F7, R-CH-1)
    neps: dict[str, NetworkEnhancementPlan] = field(default_factory=dict)  # memory/nep.py (R-WAN-2)
    portal: dict[tuple[str, Any], Any] = field(default_factory=dict)  # memory/portal.py (R-OPS-2)
    incidents: dict[tuple[str, Any], Any] = field(default_factory=dict)  # memory/incidents.py (R-INC-1, R-SUPPORT-1)
    operations: dict[tuple[str, Any], Any] = field(default_factory=dict)  # memory/operations.py (R-DR-1, R-OPS-1)
    next_seq: int = 1  # audit
    next_outbox_seq: int = 1
    next_message_id: int = 1
    next_schedule_id: int = 1
    next_rdp_file_id: int = 1
    next_churn_id: int = 1

    def copy(self) -> State:
        """A private copy. Values are immutable, so shallow copies of the maps isolate a unit."""
        copied: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            copied[f.name] = dict(value) if isinstance(value, dict) else value
        return State(**copied)


#: How a repository reaches the state of its open unit (raises if the unit is not open).
StateRef = Callable[[], State]


class InMemoryStore:
    """The committed state shared by every unit of work made by one factory."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.state = State()


class _Stateful(Protocol):
    @property
    def state(self) -> Any: ...


K = TypeVar("K")
V = TypeVar("V", bound=_Stateful)


def compare_and_set(values: dict[K, V], key: K, value: V, expected: object) -> bool:
    """Store ``value`` under ``key`` if the stored one is still in state ``expected`` (the SQL repositories'
    ``UPDATE … WHERE state = :expected``); False, nothing changed, otherwise."""
    current = values.get(key)
    if current is None or current.state is not expected:
        return False
    values[key] = value
    return True


class Repository:
    """Base of the in-memory repositories: they work on the state of their unit."""

    def __init__(self, state: StateRef) -> None:
        self._s = state


class KeyedRecords(Repository):
    """Base of the in-memory repositories that keep several kinds of record in one dict keyed
    ``(kind, id)``, with a per-kind id sequence under ``("seq", kind)`` (ids never reused)."""

    def _map(self) -> dict[tuple[str, Any], Any]:
        raise NotImplementedError

    def _all(self, kind: str) -> list[Any]:
        return [v for (k, _), v in self._map().items() if k == kind]

    def _next(self, kind: str) -> int:
        m = self._map()
        n: int = m.get(("seq", kind), 0) + 1
        m[("seq", kind)] = n
        return n

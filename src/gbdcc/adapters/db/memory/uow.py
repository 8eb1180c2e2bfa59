"""The in-memory unit of work: a private copy of the store's state, published on ``commit``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.db.memory.anomaly import InMemoryAnomalyRepository
from gbdcc.adapters.db.memory.consents import InMemoryConsentRepository
from gbdcc.adapters.db.memory.cos import InMemoryCosMigrationRepository
from gbdcc.adapters.db.memory.cpl import InMemoryCplRepository
from gbdcc.adapters.db.memory.hubs import InMemoryHubLogisticsRepository
from gbdcc.adapters.db.memory.incidents import InMemoryIncidentRepository, InMemorySupportRepository
from gbdcc.adapters.db.memory.messages import InMemoryOutboundMessageRepository
from gbdcc.adapters.db.memory.nep import InMemoryNepRepository
from gbdcc.adapters.db.memory.operations import InMemoryOperationsRepository
from gbdcc.adapters.db.memory.outbox import InMemoryOutboxRepository
from gbdcc.adapters.db.memory.parties import (
    InMemoryCounterRepository,
    InMemoryDccCounterRepository,
    InMemoryUserRepository,
)
from gbdcc.adapters.db.memory.party_profiles import InMemoryPartyProfileRepository
from gbdcc.adapters.db.memory.portal import InMemoryPortalRepository
from gbdcc.adapters.db.memory.post_commissioning import InMemoryPostCommissioningRepository
from gbdcc.adapters.db.memory.rdp import InMemoryRdpRepository
from gbdcc.adapters.db.memory.records import (
    InMemoryAuditRepository,
    InMemoryCertificateRepository,
    InMemoryInventoryRepository,
)
from gbdcc.adapters.db.memory.requests import InMemoryRegistrationRepository, InMemoryServiceRequestRepository
from gbdcc.adapters.db.memory.revocation import InMemoryRevocationListRepository
from gbdcc.adapters.db.memory.schedules import InMemoryScheduleRepository
from gbdcc.adapters.db.memory.security import InMemorySecurityRegisterRepository
from gbdcc.adapters.db.memory.state import InMemoryStore, State
from gbdcc.service.ports import Clock, UnitOfWork


class InMemoryUnitOfWork(UnitOfWork):
    """Implements :class:`gbdcc.service.ports.UnitOfWork` (subclassed, so mypy checks every repository
    against its port) over an :class:`InMemoryStore`."""

    def __init__(self, store: InMemoryStore, clock: Clock | None = None) -> None:
        self._store = store
        self._work: State | None = None
        self.users = InMemoryUserRepository(self._state)
        self.counters = InMemoryCounterRepository(self._state)
        self.certificates = InMemoryCertificateRepository(self._state)
        self.inventory = InMemoryInventoryRepository(self._state)
        self.audit = InMemoryAuditRepository(self._state)
        self.registration = InMemoryRegistrationRepository(self._state)
        self.rdps = InMemoryRdpRepository(self._state)
        self.requests = InMemoryServiceRequestRepository(self._state)
        self.outbox = InMemoryOutboxRepository(self._state, clock or SystemClock())
        self.messages = InMemoryOutboundMessageRepository(self._state)
        self.dcc_counters = InMemoryDccCounterRepository(self._state)
        self.schedules = InMemoryScheduleRepository(self._state)
        self.cos_migrations = InMemoryCosMigrationRepository(self._state)
        self.party_profiles = InMemoryPartyProfileRepository(self._state)
        self.consents = InMemoryConsentRepository(self._state)
        self.cpl = InMemoryCplRepository(self._state)
        self.revocation_lists = InMemoryRevocationListRepository(self._state)
        self.anomaly = InMemoryAnomalyRepository(self._state)
        self.post_commissioning = InMemoryPostCommissioningRepository(self._state)
        self.security = InMemorySecurityRegisterRepository(self._state)
        self.hubs = InMemoryHubLogisticsRepository(self._state)
        self.neps = InMemoryNepRepository(self._state)
        self.portal = InMemoryPortalRepository(self._state)
        self.incidents, self.support = InMemoryIncidentRepository(self._state), InMemorySupportRepository(self._state)
        self.operations = InMemoryOperationsRepository(self._state)

    def _state(self) -> State:
        if self._work is None:
            raise RuntimeError("unit of work is not open: use it in a `with` block")
        return self._work

    def __enter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("unit of work is already open")
        self._store.lock.acquire()
        self._work = self._store.state.copy()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._work is None:
            return
        self._work = None
        self._store.lock.release()

    def commit(self) -> None:
        self._store.state = self._state().copy()

    def rollback(self) -> None:
        self._state()
        self._work = self._store.state.copy()


class InMemoryUnitOfWorkFactory:
    """Implements :class:`gbdcc.service.ports.UnitOfWorkFactory`; all its units share one store.
    ``clock`` stamps ``created_at`` of outbox entries (the system clock unless one is injected)."""

    def __init__(self, store: InMemoryStore | None = None, clock: Clock | None = None) -> None:
        self.store = store or InMemoryStore()
        self._clock = clock

    def __call__(self, *, read_only: bool = False) -> InMemoryUnitOfWork:
        """``read_only`` is accepted for the port's sake; in-memory units are serialised either way."""
        return InMemoryUnitOfWork(self.store, self._clock)


"""In-memory storage with the same behaviour as the SQL adapter, for unit tests of handlers.

Transactional like the SQL unit of work: each unit works on a private copy of the committed state;
``commit`` publishes it, leaving the ``with`` block without committing discards it. Units are
serialised by one re-entrant lock held from ``__enter__`` to ``__exit__`` (as SQLite's
``BEGIN IMMEDIATE`` does), which makes ``CounterRepository.advance`` atomic across threads. Nothing is
persisted: a simulated store, not a database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Self

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.keys import check_counter, serial_key
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.domain.errors import DeviceAlreadyExists, DeviceUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, StatusChange
from gbdcc.domain.parties import User
from gbdcc.domain.requests import AuditRecord
from gbdcc.domain.smki import CertificateRecord, KeyUsage
from gbdcc.service.ports import (
    AuditRepository,
    CertificateRepository,
    CounterRepository,
    InventoryRepository,
    UserRepository,
)


@dataclass(slots=True)
class _State:
    users: dict[Eui64, User] = field(default_factory=dict)
    counters: dict[Eui64, int] = field(default_factory=dict)
    certificates: dict[tuple[str, str], CertificateRecord] = field(default_factory=dict)
    devices: dict[Eui64, Device] = field(default_factory=dict)
    audit: dict[int, AuditRecord] = field(default_factory=dict)
    next_seq: int = 1

    def copy(self) -> _State:
        # Values are immutable dataclasses, so shallow copies of the maps isolate a unit completely.
        return _State(dict(self.users), dict(self.counters), dict(self.certificates), dict(self.devices),
                      dict(self.audit), self.next_seq)


class InMemoryStore:
    """The committed state shared by every unit of work made by one factory."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.state = _State()


class InMemoryUserRepository:
    def __init__(self, state: Callable[[], _State]) -> None:
        self._s = state

    def get(self, user_id: Eui64) -> User | None:
        return self._s().users.get(user_id)

    def put(self, user: User) -> None:
        self._s().users[user.user_id] = user

    def list(self) -> Sequence[User]:
        return [u for _, u in sorted(self._s().users.items())]


class InMemoryCounterRepository:
    def __init__(self, state: Callable[[], _State]) -> None:
        self._s = state

    def last(self, user_id: Eui64) -> int | None:
        return self._s().counters.get(user_id)

    def advance(self, user_id: Eui64, counter: int) -> bool:
        check_counter(counter)
        counters = self._s().counters
        last = counters.get(user_id)
        if last is not None and counter <= last:
            return False
        counters[user_id] = counter
        return True


class InMemoryCertificateRepository:
    def __init__(self, state: Callable[[], _State]) -> None:
        self._s = state

    def put(self, record: CertificateRecord) -> None:
        key = (normalise_dn(record.issuer), serial_key(record.serial))
        stored = replace(record, not_before=utc(record.not_before, "not_before"),
                         not_after=utc_or_none(record.not_after, "not_after"))
        self._s().certificates.setdefault(key, stored)

    def by_issuer_serial(self, issuer: str, serial: int) -> CertificateRecord | None:
        return self._s().certificates.get((normalise_dn(issuer), serial_key(serial)))

    def by_eui_usage(self, eui: Eui64, usage: KeyUsage) -> Sequence[CertificateRecord]:
        found = [(k, r) for k, r in self._s().certificates.items()
                 if r.subject_eui == eui and r.key_usage == usage]
        found.sort(key=lambda kr: kr[0])
        found.sort(key=lambda kr: kr[1].not_before, reverse=True)  # stable: newest first, then key
        return [r for _, r in found]


def _utc_device(d: Device) -> Device:
    history = tuple(StatusChange(c.status, utc(c.at, "history at"), c.cause) for c in d.history)
    return replace(d, status_at=utc(d.status_at, "status_at"), history=history)


class InMemoryInventoryRepository:
    def __init__(self, state: Callable[[], _State]) -> None:
        self._s = state

    def get(self, device_id: Eui64) -> Device | None:
        return self._s().devices.get(device_id)

    def add(self, device: Device) -> None:
        stored = _utc_device(device)
        if device.device_id in self._s().devices:
            raise DeviceAlreadyExists(f"device {device.device_id} is already in the SMI")
        self._s().devices[device.device_id] = stored

    def update(self, device: Device) -> None:
        stored = _utc_device(device)
        if device.device_id not in self._s().devices:
            raise DeviceUnknown(f"device {device.device_id} is not in the SMI")
        self._s().devices[device.device_id] = stored

    def delete(self, device_id: Eui64) -> None:
        self._s().devices.pop(device_id, None)

    def by_mpxn(self, mpxn: str, limit: int) -> Sequence[Device]:
        return self._where(lambda d: d.import_mpxn == mpxn, limit)

    def by_uprn(self, uprn: str, limit: int) -> Sequence[Device]:
        return self._where(lambda d: d.uprn == uprn, limit)

    def by_postcode(self, postcode: str, address_identifier: str | None, limit: int) -> Sequence[Device]:
        return self._where(
            lambda d: d.postcode == postcode
            and (address_identifier is None or d.address_identifier == address_identifier),
            limit,
        )

    def by_chf(self, chf_id: Eui64) -> Sequence[Device]:
        return self._where(lambda d: d.chf_id == chf_id, None)

    def _where(self, pred: Callable[[Device], bool], limit: int | None) -> list[Device]:
        found = [d for _, d in sorted(self._s().devices.items()) if pred(d)]
        return found if limit is None else found[: max(limit, 0)]


class InMemoryAuditRepository:
    def __init__(self, state: Callable[[], _State]) -> None:
        self._s = state

    def append(self, record: AuditRecord) -> int:
        state = self._s()
        seq = state.next_seq
        state.audit[seq] = replace(record, received_at=utc(record.received_at, "received_at"))
        state.next_seq = seq + 1
        return seq

    def for_request(self, request_id: str) -> Sequence[AuditRecord]:
        return [r for _, r in sorted(self._s().audit.items()) if r.request_id == request_id]

    def recent(self, limit: int) -> Sequence[AuditRecord]:
        return [r for _, r in sorted(self._s().audit.items(), reverse=True)[: max(limit, 0)]]


class InMemoryUnitOfWork:
    """Implements :class:`gbdcc.service.ports.UnitOfWork` over an :class:`InMemoryStore`."""

    users: UserRepository
    counters: CounterRepository
    certificates: CertificateRepository
    inventory: InventoryRepository
    audit: AuditRepository

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._work: _State | None = None
        self.users = InMemoryUserRepository(self._state)
        self.counters = InMemoryCounterRepository(self._state)
        self.certificates = InMemoryCertificateRepository(self._state)
        self.inventory = InMemoryInventoryRepository(self._state)
        self.audit = InMemoryAuditRepository(self._state)

    def _state(self) -> _State:
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
    """Implements :class:`gbdcc.service.ports.UnitOfWorkFactory`; all its units share one store."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    def __call__(self, *, read_only: bool = False) -> InMemoryUnitOfWork:
        """``read_only`` is accepted for the port's sake; in-memory units are serialised either way."""
        return InMemoryUnitOfWork(self.store)

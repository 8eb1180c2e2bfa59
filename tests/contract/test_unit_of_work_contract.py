"""UnitOfWork contract: one transaction over every repository; nothing durable before ``commit``."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.domain.events import RequestAdmitted
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


def _write_everything(uow: UnitOfWork, s: SimpleNamespace) -> None:
    uow.users.put(s.user(1))
    uow.counters.advance(s.user(1).user_id, s.ESME, 1)
    uow.certificates.put(s.cert(1))
    uow.inventory.add(s.device(1))
    uow.audit.append(s.audit())
    uow.registration.put(s.period())
    uow.requests.add(s.request(1))
    uow.outbox.add(RequestAdmitted(str(s.request(1).request_id)), s.T0)
    uow.messages.add(s.message(1))
    uow.dcc_counters.next(s.BIG, s.ESME, 10)


def _sees_anything(uow: UnitOfWork, s: SimpleNamespace) -> list[bool]:
    return [
        uow.users.get(s.user(1).user_id) is not None,
        uow.counters.last(s.user(1).user_id, s.ESME) is not None,
        uow.certificates.by_issuer_serial("CN=Z1,OU=07", 1) is not None,
        uow.inventory.get(s.device(1).device_id) is not None,
        bool(uow.audit.recent(1)),
        bool(uow.registration.for_mpxns([s.period().mpxn])),
        uow.requests.get(s.request(1).request_id) is not None,
        uow.outbox.next_available_at(None) is not None,
        bool(uow.messages.for_request(str(s.message(1).request_id))),
        uow.dcc_counters.next(s.BIG, s.ESME, 0) == 11,  # 10 was issued (and this one is rolled back)
    ]


N = 10  # repositories _write_everything writes to


def test_leaving_without_commit_rolls_back_every_repository(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    with uow_factory() as uow:
        _write_everything(uow, s)
        assert _sees_anything(uow, s) == [True] * N  # own writes visible inside the unit
    with uow_factory() as uow:
        assert _sees_anything(uow, s) == [False] * N


def test_exception_rolls_back(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with pytest.raises(RuntimeError), uow_factory() as uow:
        _write_everything(uow, s)
        raise RuntimeError("handler failed")
    with uow_factory() as uow:
        assert _sees_anything(uow, s) == [False] * N


def test_commit_makes_everything_durable(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        _write_everything(uow, s)
        uow.commit()
    with uow_factory() as uow:
        assert _sees_anything(uow, s) == [True] * N


def test_explicit_rollback_then_continue(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.users.put(s.user(1))
        uow.rollback()
        assert uow.users.get(s.user(1).user_id) is None
        uow.users.put(s.user(2))
        uow.commit()
        uow.users.put(s.user(3))  # after commit: a new transaction, rolled back on exit
    with uow_factory() as uow:
        assert [u.user_id for u in uow.users.list()] == [s.user(2).user_id]


def _reader_factory(backend: Any) -> UnitOfWorkFactory:
    """A factory for a second, concurrent unit in the same thread: read-only on SQL backends (SQLite
    read-write units hold the write lock until they end); the in-memory lock is re-entrant."""
    if backend.engine is None:
        return backend.factory
    return SqlUnitOfWorkFactory(backend.engine, read_only=True)


def test_changes_are_visible_to_other_units_only_after_commit(backend: Any, s: SimpleNamespace) -> None:
    reader = _reader_factory(backend)
    uid = s.user(1).user_id
    with backend.factory() as uow:
        uow.users.put(s.user(1))
        uow.counters.advance(uid, s.ESME, 3)
        uow.requests.add(s.request(1))
        uow.outbox.add(RequestAdmitted(str(s.request(1).request_id)), s.T0)
        with reader() as other:
            assert other.users.get(uid) is None
            assert other.counters.last(uid, s.ESME) is None
            assert other.requests.get(s.request(1).request_id) is None
            assert other.outbox.due(s.T0, None, 10) == []
        uow.commit()
        with reader() as other:
            assert other.users.get(uid) == s.user(1)
            assert other.counters.last(uid, s.ESME) == 3
            assert other.requests.get(s.request(1).request_id) == s.request(1)
            assert len(other.outbox.due(s.T0, None, 10)) == 1


def test_concurrent_reader_never_sees_uncommitted_writes(backend: Any, s: SimpleNamespace) -> None:
    """A reader in another thread (an ordinary unit) sees the row only once it is committed. SQLite
    and memory make it wait for the writer; PostgreSQL lets it read the committed state at once."""
    uid = s.user(1).user_id
    written, committing = threading.Event(), threading.Event()
    observations: list[tuple[bool, bool]] = []

    def read() -> None:
        written.wait(5)
        with backend.factory() as other:
            seen = other.users.get(uid) is not None
        observations.append((seen, committing.is_set()))

    t = threading.Thread(target=read)
    t.start()
    with backend.factory() as uow:
        uow.users.put(s.user(1))
        written.set()
        t.join(1.0 if backend.name == "postgres" else 0.2)
        committing.set()
        uow.commit()
    t.join(10)
    assert not t.is_alive() and len(observations) == 1
    seen, commit_started = observations[0]
    assert commit_started or not seen  # never saw the row before the writer committed
    if backend.name == "postgres":
        assert observations == [(False, False)]  # did not wait for the writer


def test_units_are_not_reentrant_and_need_with(uow_factory: UnitOfWorkFactory) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError):
        uow.commit()
    with uow, pytest.raises(RuntimeError):
        uow.__enter__()

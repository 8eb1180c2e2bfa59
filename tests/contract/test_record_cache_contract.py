"""The User and certificate caches (``adapters/db/record_cache.py``) never serve a record older than the last
committed write: a write in ANOTHER unit of work, on another engine (another process's cache), is seen by the
next unit of work at once (R-PKI-1 for revocation). SQLite and PostgreSQL; the memory backend has no cache."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.record_cache import RecordCache
from gbdcc.adapters.db.uow import SqlUnitOfWork
from gbdcc.domain.parties import UserRole, UserRoleEntry
from gbdcc.domain.smki import RevocationReason

from .conftest import BACKENDS, T0, Backend, cert, user

#: The record cache belongs to the SQL unit of work: the in-memory twin has none, so only SQL backends run here.
pytestmark = pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "memory"], indirect=True)


@pytest.fixture
def engines(backend: Backend) -> Iterator[tuple[Engine, Engine]]:
    """The backend's engine and a second engine on the same database: two processes' caches."""
    assert backend.engine is not None
    engine = backend.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
        other = create_engine_for(engine.url, connect_args={"options": f"-csearch_path={schema}"})
    else:
        other = create_engine_for(engine.url)
    yield engine, other
    other.dispose()


def _factory(engine: Engine, cache: RecordCache) -> Callable[..., SqlUnitOfWork]:
    """Units of work of one process: its engine and its own record cache."""

    def open_unit(*, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, read_only=read_only, cache=cache)

    return open_unit


def test_r_pki_1_certificate_revoked_in_another_unit_of_work_is_seen_at_once(engines: tuple[Engine, Engine]) -> None:
    server_cache, cli_cache = RecordCache(), RecordCache()
    server, cli = _factory(engines[0], server_cache), _factory(engines[1], cli_cache)
    record = cert(0x51)
    with cli() as uow:
        uow.certificates.put(record)
        uow.commit()
    for _ in range(2):  # the second read is a cache hit
        with server(read_only=True) as uow:
            found = uow.certificates.by_issuer_serial(record.issuer, record.serial)
            assert found is not None and found.revoked_at is None
    assert len(server_cache) == 1
    with cli() as uow:
        assert uow.certificates.revoke(record.issuer, record.serial, T0, RevocationReason.KEY_COMPROMISE)
        uow.commit()
    with server(read_only=True) as uow:
        found = uow.certificates.by_issuer_serial(record.issuer, record.serial)
    assert found is not None and found.revoked_at == T0
    assert found.revocation_reason is RevocationReason.KEY_COMPROMISE


def test_user_replaced_in_another_unit_of_work_is_seen_at_once(engines: tuple[Engine, Engine]) -> None:
    server, admin = _factory(engines[0], RecordCache()), _factory(engines[1], RecordCache())
    first = user(1)
    with admin() as uow:
        uow.users.put(first)
        uow.commit()
    with server(read_only=True) as uow:
        assert uow.users.get(first.user_id) == first
    with server(read_only=True) as uow:
        assert uow.users.get(first.user_id) == first  # served from the cache
    replaced = replace(first, name="Renamed", roles=(UserRoleEntry(UserRole.EXPORT_SUPPLIER, T0.date(), None),))
    with admin() as uow:
        uow.users.put(replaced)
        uow.commit()
    with server(read_only=True) as uow:
        assert uow.users.get(first.user_id) == replaced


def test_unknown_user_registered_in_another_unit_of_work_is_seen_at_once(engines: tuple[Engine, Engine]) -> None:
    server, admin = _factory(engines[0], RecordCache()), _factory(engines[1], RecordCache())
    with admin() as uow:
        uow.users.put(user(1))
        uow.commit()
    with server(read_only=True) as uow:
        assert uow.users.get(user(2).user_id) is None  # the miss is cached too
    with admin() as uow:
        uow.users.put(user(2))
        uow.commit()
    with server(read_only=True) as uow:
        assert uow.users.get(user(2).user_id) == user(2)


def test_uncommitted_write_is_neither_served_to_others_nor_cached(engines: tuple[Engine, Engine]) -> None:
    cache = RecordCache()
    one = _factory(engines[0], cache)
    record = cert(0x52)
    with one() as uow:
        uow.certificates.put(record)
        uow.commit()
    with one(read_only=True) as uow:
        assert uow.certificates.by_issuer_serial(record.issuer, record.serial) == record
    with one() as uow:  # the writing unit reads its own write, then rolls back
        uow.certificates.revoke(record.issuer, record.serial, T0, RevocationReason.KEY_COMPROMISE)
        mine = uow.certificates.by_issuer_serial(record.issuer, record.serial)
        assert mine is not None and mine.revoked_at == T0
    with one(read_only=True) as uow:
        assert uow.certificates.by_issuer_serial(record.issuer, record.serial) == record

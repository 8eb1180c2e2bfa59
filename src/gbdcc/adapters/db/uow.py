"""The SQL unit of work: one connection and one transaction over every repository.

``with factory() as uow: …; uow.commit()`` — nothing is durable until ``commit`` returns (SQLite runs
``synchronous=FULL``, PostgreSQL commits are synchronous by default); leaving the ``with`` block
without committing rolls back. After ``commit`` the unit may carry on: the next statement opens a new
transaction.
"""

from __future__ import annotations

import threading
import weakref
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.db.group_commit import WalSync, wal_sync_for
from gbdcc.adapters.db.record_cache import CacheView, RecordCache, cache_for, enter_view, leave_view
from gbdcc.adapters.db.sql_anomaly import SqlAnomalyRepository
from gbdcc.adapters.db.sql_audit import SqlAuditRepository
from gbdcc.adapters.db.sql_certificates import SqlCertificateRepository
from gbdcc.adapters.db.sql_consents import SqlConsentRepository
from gbdcc.adapters.db.sql_cos import SqlCosMigrationRepository
from gbdcc.adapters.db.sql_counters import SqlCounterRepository, SqlDccCounterRepository
from gbdcc.adapters.db.sql_cpl import SqlCplRepository
from gbdcc.adapters.db.sql_hubs import SqlHubLogisticsRepository
from gbdcc.adapters.db.sql_incidents import SqlIncidentRepository, SqlSupportRepository
from gbdcc.adapters.db.sql_inventory import SqlInventoryRepository
from gbdcc.adapters.db.sql_messages import SqlOutboundMessageRepository
from gbdcc.adapters.db.sql_nep import SqlNepRepository
from gbdcc.adapters.db.sql_operations import SqlOperationsRepository
from gbdcc.adapters.db.sql_outbox import SqlOutboxRepository
from gbdcc.adapters.db.sql_parties import SqlUserRepository
from gbdcc.adapters.db.sql_party_profiles import SqlPartyProfileRepository
from gbdcc.adapters.db.sql_portal import SqlPortalRepository
from gbdcc.adapters.db.sql_post_commissioning import SqlPostCommissioningRepository
from gbdcc.adapters.db.sql_rdp import SqlRdpRepository
from gbdcc.adapters.db.sql_registration import SqlRegistrationRepository
from gbdcc.adapters.db.sql_requests import SqlServiceRequestRepository
from gbdcc.adapters.db.sql_revocation import SqlRevocationListRepository
from gbdcc.adapters.db.sql_schedules import SqlScheduleRepository
from gbdcc.adapters.db.sql_security import SqlSecurityRegisterRepository
from gbdcc.service.ports import Clock, UnitOfWork


class SqlUnitOfWork(UnitOfWork):
    """Implements :class:`gbdcc.service.ports.UnitOfWork` over one SQLAlchemy connection.

    ``read_only=True`` is for units that only read: SQLite starts them with ``BEGIN DEFERRED`` (no
    write lock taken up front, so they run beside a writer under WAL and may be opened while another
    unit of the same thread is open); PostgreSQL runs them ``READ ONLY`` and refuses writes. Ordinary
    SQLite units hold the write lock until they end: do not nest two of them in one thread.
    ``clock`` stamps ``created_at`` of outbox entries (the system clock unless one is injected).
    ``group_commit`` (SQLite files): concurrent writing units share one WAL ``fsync``; ``commit`` still
    returns only once the commit is on disk (``adapters/db/group_commit.py``).
    """

    def __init__(self, engine: Engine, *, read_only: bool = False, clock: Clock | None = None,
                 cache: RecordCache | None = None, group_commit: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._clock = clock or SystemClock()
        self._cache = cache if cache is not None else cache_for(engine)
        self._conn: Connection | None = None
        self._view: CacheView | None = None
        self._writer_lock = _sqlite_writer_lock(engine) if not read_only else None
        self._wal: WalSync | None = wal_sync_for(engine) if group_commit and not read_only else None

    def __enter__(self) -> Self:
        if self._conn is not None:
            raise RuntimeError("unit of work is already open")
        if self._writer_lock is not None:
            self._writer_lock.acquire()
        try:
            return self._open()
        except BaseException:
            if self._writer_lock is not None:
                self._writer_lock.release()
            raise

    def _open(self) -> Self:
        conn = self._engine.connect()
        if self._wal is not None:  # on the driver connection: no SQLAlchemy transaction is begun
            conn.connection.driver_connection.execute("PRAGMA synchronous=NORMAL")  # type: ignore[union-attr]
        if self._read_only:
            conn = conn.execution_options(sqlite_begin="DEFERRED", postgresql_readonly=True)
        try:
            conn.begin()
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        records = CacheView(conn, self._cache)  # Users and certificates: see adapters/db/record_cache.py
        self._view = records
        enter_view(records)
        self.users = SqlUserRepository(conn, records)
        self.counters = SqlCounterRepository(conn)
        self.certificates = SqlCertificateRepository(conn, records)
        self.inventory = SqlInventoryRepository(conn)
        self.audit = SqlAuditRepository(conn)
        self.registration = SqlRegistrationRepository(conn)
        self.rdps = SqlRdpRepository(conn)
        self.requests = SqlServiceRequestRepository(conn)
        self.outbox = SqlOutboxRepository(conn, self._clock)
        self.messages = SqlOutboundMessageRepository(conn)
        self.dcc_counters = SqlDccCounterRepository(conn)
        self.schedules = SqlScheduleRepository(conn)
        self.cos_migrations = SqlCosMigrationRepository(conn)
        self.party_profiles = SqlPartyProfileRepository(conn)
        self.consents = SqlConsentRepository(conn)
        self.cpl = SqlCplRepository(conn)
        self.revocation_lists = SqlRevocationListRepository(conn)
        self.anomaly = SqlAnomalyRepository(conn)
        self.post_commissioning = SqlPostCommissioningRepository(conn)
        self.security = SqlSecurityRegisterRepository(conn)
        self.hubs = SqlHubLogisticsRepository(conn)
        self.neps = SqlNepRepository(conn)
        self.portal = SqlPortalRepository(conn)
        self.incidents, self.support = SqlIncidentRepository(conn), SqlSupportRepository(conn)
        self.operations = SqlOperationsRepository(conn)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._view is not None:
            leave_view(self._view)
            self._view = None
        try:
            if conn.in_transaction():
                conn.rollback()
            if self._wal is not None:
                conn.connection.driver_connection.execute("PRAGMA synchronous=FULL")  # type: ignore[union-attr]
        finally:
            conn.close()
            if self._writer_lock is not None:
                self._writer_lock.release()

    @property
    def connection(self) -> Connection:
        """The open connection, for adapter code that needs a query the ports do not offer."""
        if self._conn is None:
            raise RuntimeError("unit of work is not open: use it in a `with` block")
        return self._conn

    def commit(self) -> None:
        """Make everything done so far durable."""
        conn = self.connection
        if not conn.in_transaction():
            return
        conn.commit()
        if self._wal is not None:
            ticket = self._wal.committed()
            lock = self._writer_lock
            if lock is not None:  # other writers may commit meanwhile: they join this fsync
                lock.release()
            try:
                self._wal.wait_durable(ticket)
            finally:
                if lock is not None:
                    lock.acquire()

    def rollback(self) -> None:
        """Discard everything done since the last commit."""
        conn = self.connection
        if conn.in_transaction():
            conn.rollback()


class SqlUnitOfWorkFactory:
    """Implements :class:`gbdcc.service.ports.UnitOfWorkFactory`: a new :class:`SqlUnitOfWork` per call.
    Pass the instance's ``clock`` so outbox ``created_at`` follows injected (e.g. virtual) time."""

    def __init__(self, engine: Engine, *, read_only: bool = False, clock: Clock | None = None,
                 group_commit: bool = False) -> None:
        self.engine = engine
        self._read_only = read_only
        self._clock = clock or SystemClock()
        self._group_commit = group_commit

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, read_only=self._read_only or read_only, clock=self._clock,
                             group_commit=self._group_commit)


_WRITER_LOCKS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()
_WRITER_LOCKS_GUARD = threading.Lock()


def _sqlite_writer_lock(engine: Engine) -> threading.RLock | None:
    """One in-process lock per SQLite engine, held by each writing unit from open to close.

    SQLite admits one writer at a time anyway (``BEGIN IMMEDIATE``); queueing the threads of this process
    on a lock instead of on SQLite's busy handler (which sleeps with back-off) keeps throughput up under
    concurrency. Other processes still meet the busy timeout. PostgreSQL units need no such lock.
    """
    if engine.dialect.name != "sqlite":
        return None
    with _WRITER_LOCKS_GUARD:
        lock = _WRITER_LOCKS.get(engine)
        if lock is None:
            lock = _WRITER_LOCKS[engine] = threading.RLock()
        return lock

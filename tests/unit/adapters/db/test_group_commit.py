"""Group commit (``adapters/db/group_commit.py``): a commit is acknowledged only after an ``fsync`` that began
after it returned, concurrent commits share one ``fsync``, and a writing unit runs ``synchronous=NORMAL`` only
while it is open (FULL again when its connection goes back to the pool)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.group_commit import WalSync, wal_sync_for
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWork
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User


class _Disk:
    """A fake fsync that records when each one started and ended, and how many commits had returned."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.events: list[tuple[str, float]] = []
        self.seconds = seconds
        self.lock = threading.Lock()

    def fsync(self, _path: Path) -> None:
        with self.lock:
            self.events.append(("start", time.perf_counter()))
        time.sleep(self.seconds)
        with self.lock:
            self.events.append(("end", time.perf_counter()))


def test_a_ticket_is_durable_only_after_an_fsync_that_started_after_it() -> None:
    disk = _Disk()
    sync = WalSync(Path("unused-wal"), disk.fsync)
    before = time.perf_counter()
    ticket = sync.committed()
    sync.wait_durable(ticket)
    after = time.perf_counter()
    assert [e for e, _ in disk.events] == ["start", "end"]
    assert before <= disk.events[0][1] and disk.events[1][1] <= after
    sync.wait_durable(ticket)  # already durable: no second fsync
    assert sync.syncs == 1


def test_concurrent_commits_share_fsyncs_and_none_returns_before_its_own_is_covered() -> None:
    disk = _Disk(seconds=0.02)
    sync = WalSync(Path("unused-wal"), disk.fsync)
    returned: list[tuple[float, float]] = []  # (committed at, durable at)
    guard = threading.Lock()

    def writer() -> None:
        for _ in range(5):
            at = time.perf_counter()
            ticket = sync.committed()
            sync.wait_durable(ticket)
            with guard:
                returned.append((at, time.perf_counter()))

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(returned) == 40
    assert sync.syncs < 40  # grouped
    starts = [at for e, at in disk.events if e == "start"]
    ends = [at for e, at in disk.events if e == "end"]
    for committed_at, durable_at in returned:  # some fsync began after the commit and ended before the ack
        assert any(committed_at <= s and e <= durable_at for s, e in zip(starts, ends, strict=True))


def test_a_failed_fsync_fails_the_commit_and_the_next_one_retries() -> None:
    calls: list[int] = []

    def failing(_path: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk gone")

    sync = WalSync(Path("unused-wal"), failing)
    ticket = sync.committed()
    with pytest.raises(OSError):
        sync.wait_durable(ticket)
    sync.wait_durable(ticket)
    assert len(calls) == 2


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = create_engine_for(data_dir=tmp_path)
    migrate(e)
    return e


def _synchronous(uow: SqlUnitOfWork) -> int:
    return int(uow.connection.connection.driver_connection.execute("PRAGMA synchronous").fetchone()[0])  # type: ignore[union-attr]


def test_a_group_committing_unit_syncs_the_wal_before_commit_returns(engine: Engine) -> None:
    sync = wal_sync_for(engine)
    assert sync is not None and sync.wal.name == "gbdcc.sqlite3-wal"
    seen: list[bool] = []

    def fsync(path: Path) -> None:  # the commit's frames are in the WAL file when it is synced
        seen.append(path.is_file() and path.stat().st_size > 0)

    sync._fsync = fsync  # type: ignore[method-assign]
    with SqlUnitOfWork(engine, group_commit=True) as uow:
        assert _synchronous(uow) == 1  # NORMAL while the unit is open
        uow.users.put(User(Eui64(0x90B3D51F30010000), "Supplier", ()))
        uow.commit()
        assert seen == [True]
    with SqlUnitOfWork(engine) as uow:  # the pooled connection is FULL again
        assert _synchronous(uow) == 2
        assert uow.users.get(Eui64(0x90B3D51F30010000)) is not None


def test_group_commit_applies_to_sqlite_files_only() -> None:
    assert wal_sync_for(create_engine_for("sqlite://")) is None

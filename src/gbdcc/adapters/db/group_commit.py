"""Group commit for the embedded SQLite database (issue 11, part 2): many units share one ``fsync``.

With ``synchronous=FULL`` every commit of a unit of work waits for its own ``fsync`` of the WAL, and the
in-process writer lock is held all that time, so concurrent requests queue behind one another's disk flush.
With group commit a writing unit's connection runs ``synchronous=NORMAL`` (SQLite then writes the commit's WAL
frames without syncing them) and :meth:`WalSync.wait_durable` is called after the commit, with the writer lock
released: one caller — the leader — ``fsync``\\ s the WAL file, which makes durable every commit that had
returned before that ``fsync`` began; the others wait for it. ``SqlUnitOfWork.commit`` returns only after
that: a request is acknowledged only once its commit is on disk, as with ``synchronous=FULL``.

One difference remains, for power loss only (not a process crash, which loses nothing either way): another
connection may read a committed row in the milliseconds before its ``fsync``. A write that depends on it is
later in the WAL, so it can never survive without it; only a read-only reply could have shown such a row.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WalSync:
    """Tickets for commits that have returned, and the highest ticket known to be on disk."""

    def __init__(self, wal: Path, fsync: Callable[[Path], None] = _fsync_path) -> None:
        self.wal = wal
        self._fsync = fsync
        self._cond = threading.Condition()
        self._committed = 0  # tickets handed out (commits that returned)
        self._durable = 0  # every ticket ≤ this is on disk
        self._syncing = False
        self.syncs = 0  # fsyncs done (one per group)

    def committed(self) -> int:
        """Call right after a commit returned: its ticket."""
        with self._cond:
            self._committed += 1
            return self._committed

    def wait_durable(self, ticket: int) -> None:
        """Return once ``ticket`` is on disk: lead an ``fsync`` if none is running, else wait for one."""
        with self._cond:
            while self._durable < ticket:
                if self._syncing:
                    self._cond.wait()
                    continue
                self._syncing = True
                covers = self._committed  # every commit that returned before this fsync starts
                self._cond.release()
                try:
                    self._fsync(self.wal)
                finally:
                    self._cond.acquire()
                    self._syncing = False
                    self._cond.notify_all()
                self._durable = max(self._durable, covers)
                self.syncs += 1


_SYNCS: weakref.WeakKeyDictionary[Engine, WalSync] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def wal_sync_for(engine: Engine) -> WalSync | None:
    """The engine's :class:`WalSync`, or None when group commit cannot apply (not a SQLite file)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or "mode=memory" in str(engine.url):
        return None
    with _GUARD:
        sync = _SYNCS.get(engine)
        if sync is None:
            sync = _SYNCS[engine] = WalSync(Path(database + "-wal"))
        return sync

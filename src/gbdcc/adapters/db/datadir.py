"""The data dir and its database: which database ``gbdcc up`` serves, and one server per data dir.

``gbdcc up`` records the database it serves in ``<data-dir>/database-url`` on first start (``sqlite`` for
the embedded file, else the URL with any password hidden). Every command then resolves its database through
:func:`resolve_database_url`, so the CLI and the server always use the same system of record: with no
``GBDCC_DATABASE_URL`` a command uses the recorded one (asking for the URL when the recorded one hides a
password); with one that differs from the record it refuses (``DatabaseMismatch``) instead of quietly
reading another database. ``gbdcc up`` also holds ``<data-dir>/gbdcc-up.lock`` (an exclusive ``flock``,
released by the kernel however the process ends) so a second ``up`` on the same data dir refuses at once.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from gbdcc.adapters.db.errors import DatabaseMismatch, DataDirInUse

RECORD_FILE = "database-url"
LOCK_FILE = "gbdcc-up.lock"
EMBEDDED = "sqlite"  # the record of the embedded SQLite file in the data dir


def _shown(url: str | None) -> str:
    """What is recorded / compared: ``sqlite`` for the embedded default, else the URL, password hidden."""
    if url is None:
        return EMBEDDED
    return make_url(url).render_as_string(hide_password=True)


def recorded_database(data_dir: Path) -> str | None:
    """The database recorded for ``data_dir`` by its ``gbdcc up``, or None (never served yet)."""
    path = data_dir / RECORD_FILE
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").strip() or None


def resolve_database_url(data_dir: Path, configured: str | None) -> str | None:
    """The database URL a command in ``data_dir`` must use (None: the embedded SQLite file).

    Refuses with :class:`DatabaseMismatch` when ``configured`` (``GBDCC_DATABASE_URL``) names another
    database than the data dir's record, or when the record needs a password only the URL can give.
    """
    recorded = recorded_database(data_dir)
    if recorded is None:
        return configured
    if configured is None:
        if recorded == EMBEDDED:
            return None
        if "***" in recorded:
            raise DatabaseMismatch(
                f"the data dir {data_dir} is served from {recorded}: set GBDCC_DATABASE_URL to that URL "
                "(with its password) to use it")
        return recorded
    if _shown(configured) != recorded:
        shown_recorded = "the embedded SQLite file" if recorded == EMBEDDED else recorded
        raise DatabaseMismatch(
            f"the data dir {data_dir} is served from {shown_recorded}, not {_shown(configured)} "
            f"(GBDCC_DATABASE_URL): use the same database, or another --data-dir")
    return configured


def record_database(data_dir: Path, configured: str | None) -> None:
    """Record the database ``gbdcc up`` serves (first start; checked by :func:`resolve_database_url`)."""
    resolve_database_url(data_dir, configured)  # refuses a mismatch before anything is written
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / RECORD_FILE
    if not path.exists():
        path.write_text(_shown(configured) + "\n", encoding="utf-8")


def lock_data_dir(data_dir: Path) -> IO[str]:
    """Take the data dir's server lock for this process (keep the returned file open while serving).

    Refuses with :class:`DataDirInUse`, naming the holder's PID, when another ``gbdcc up`` holds it.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise DataDirInUse(f"the data dir {data_dir} is already served by gbdcc up (PID {holder}): stop it, or "
                           "start this one with another --data-dir") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle

"""``gbdcc dr backup`` / ``gbdcc dr restore``: a data dir and its database, copied whole (H10.13, R-DR-1).

A backup directory holds the data dir's files (the DCC's keys and certificates, markers, estate seed — all but
the database files and the server lock), the database and ``backup.json`` naming its kind:

- SQLite: ``gbdcc.sqlite3`` made with SQLite's online backup API (``sqlite3.Connection.backup``): a consistent
  copy of every committed transaction, taken beside a running ``gbdcc up`` (WAL readers do not block it).
- PostgreSQL: ``database.dump``, ``pg_dump --format=custom`` of the instance's database (a consistent snapshot;
  this machine's tools allow it without replication rights). ``restore`` loads it with ``pg_restore`` into an
  *empty* database the operator names (``--database-url``), never into the one it came from.

A restore writes into an empty or new data dir, and records there the database it now serves.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from gbdcc.adapters.db.datadir import LOCK_FILE, RECORD_FILE, record_database, resolve_database_url
from gbdcc.adapters.db.engine import SQLITE_FILE_NAME
from gbdcc.domain.errors import BackupFailed

MANIFEST = "backup.json"
DUMP_FILE = "database.dump"
#: Files of a data dir a backup does not copy as files: the database (copied by its own means) and the lock.
_SKIPPED = {SQLITE_FILE_NAME, f"{SQLITE_FILE_NAME}-wal", f"{SQLITE_FILE_NAME}-shm", f"{SQLITE_FILE_NAME}-journal",
            LOCK_FILE, RECORD_FILE}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    database: str  # sqlite | postgresql
    taken_at: datetime
    files: int


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq (``pg_dump`` / ``pg_restore``) reads it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(args: list[str], what: str) -> None:
    proc = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    if proc.returncode != 0:
        raise BackupFailed(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}")


def _empty_target(path: Path) -> None:
    if path.exists() and any(path.iterdir()):
        raise BackupFailed(f"{path} is not empty: back up / restore into a new or empty directory")
    path.mkdir(parents=True, exist_ok=True)


def _copy_files(src: Path, dst: Path) -> int:
    n = 0
    for item in sorted(src.rglob("*")):
        rel = item.relative_to(src)
        if item.is_dir() or (len(rel.parts) == 1 and rel.name in _SKIPPED) or rel.name == MANIFEST:
            continue
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, dst / rel)
        n += 1
    return n


def backup(data_dir: Path, out: Path, *, database_url: str | None = None, now: datetime | None = None) -> BackupInfo:
    """Back up ``data_dir`` (its database: the recorded one, or ``database_url``) into the new directory ``out``."""
    if not data_dir.is_dir():
        raise BackupFailed(f"no data dir {data_dir}")
    url = resolve_database_url(data_dir, database_url)
    _empty_target(out)
    if url is None:
        db = data_dir / SQLITE_FILE_NAME
        if not db.is_file():
            raise BackupFailed(f"no SQLite database in {data_dir}")
        source = sqlite3.connect(db)
        target = sqlite3.connect(out / SQLITE_FILE_NAME)
        try:
            source.backup(target)  # the online backup API: a consistent copy of all committed transactions
        finally:
            target.close()
            source.close()
        kind = "sqlite"
    elif make_url(url).get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out / DUMP_FILE), libpq_url(url)], "pg_dump")
        kind = "postgresql"
    else:
        raise BackupFailed(f"cannot back up a {make_url(url).get_backend_name()} database")
    files = _copy_files(data_dir, out)
    info = BackupInfo(kind, now or datetime.now(UTC), files)
    (out / MANIFEST).write_text(json.dumps({"database": kind, "taken_at": info.taken_at.isoformat(),
                                            "files": files}) + "\n", encoding="utf-8")
    return info


def read_manifest(source: Path) -> BackupInfo:
    try:
        doc = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        return BackupInfo(str(doc["database"]), datetime.fromisoformat(doc["taken_at"]), int(doc["files"]))
    except (OSError, ValueError, KeyError) as exc:
        raise BackupFailed(f"{source} is not a gbdcc backup ({MANIFEST} unreadable: {exc})") from None


def restore(source: Path, data_dir: Path, *, database_url: str | None = None) -> BackupInfo:
    """Restore the backup in ``source`` into the new data dir ``data_dir``; a PostgreSQL backup needs the URL of
    an empty database to load into (``database_url``)."""
    info = read_manifest(source)
    if info.database == "postgresql" and database_url is None:
        raise BackupFailed("a PostgreSQL backup restores into an empty database: give its --database-url")
    if info.database == "sqlite" and database_url is not None:
        raise BackupFailed("a SQLite backup restores into the data dir's own SQLite file: no --database-url")
    _empty_target(data_dir)
    _copy_files(source, data_dir)
    if info.database == "sqlite":
        shutil.copy2(source / SQLITE_FILE_NAME, data_dir / SQLITE_FILE_NAME)
    else:
        assert database_url is not None
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq_url(database_url),
              str(source / DUMP_FILE)], "pg_restore")
    record_database(data_dir, database_url)
    return info

"""Engines for the two supported databases.

* **SQLite** (embedded mode, the default): one file ``<data_dir>/gbdcc.sqlite3``. Every connection
  runs ``journal_mode=WAL`` (readers never block the writer), ``synchronous=FULL`` (a commit that
  returned is on disk: nothing acknowledged to a User is ever lost, DESIGN.md step 4),
  ``foreign_keys=ON`` and a busy timeout. Transactions start with ``BEGIN IMMEDIATE`` so a unit of
  work takes the write lock up front: units are serialised, which is what makes the RequestID counter
  check atomic and avoids ``SQLITE_BUSY_SNAPSHOT`` on read-then-write units. A unit that only reads
  can ask for ``BEGIN DEFERRED`` with the execution option ``sqlite_begin="DEFERRED"``.
* **PostgreSQL** (scaled mode): any ``postgresql+psycopg://`` URL (``postgresql://`` and
  ``postgres://`` are taken to mean psycopg 3), with a pre-ping pool. The app passes the value of
  ``GBDCC_DATABASE_URL``; this module reads no environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url

SQLITE_FILE_NAME = "gbdcc.sqlite3"
DEFAULT_BUSY_TIMEOUT_MS = 10_000


def sqlite_url(data_dir: str | Path) -> URL:
    """The URL of the embedded database file in ``data_dir`` (created if missing)."""
    path = Path(data_dir).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite+pysqlite", database=str(path / SQLITE_FILE_NAME))


def _normalise_url(url: str | URL) -> URL:
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.drivername == "sqlite":
        u = u.set(drivername="sqlite+pysqlite")
    return u


def create_engine_for(
    url: str | URL | None = None,
    *,
    data_dir: str | Path = "var",
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    **engine_kwargs: Any,
) -> Engine:
    """An engine for ``url``, or for the SQLite file in ``data_dir`` when ``url`` is None.

    Extra keyword arguments go to :func:`sqlalchemy.create_engine` (e.g. ``connect_args``, ``echo``,
    ``pool_size``).
    """
    u = sqlite_url(data_dir) if url is None else _normalise_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(u, busy_timeout_ms, engine_kwargs)
    if backend == "postgresql":
        if u.get_driver_name() != "psycopg":
            raise ValueError(f"gbdcc uses psycopg 3 for PostgreSQL; got driver {u.get_driver_name()!r}")
        engine_kwargs.setdefault("pool_pre_ping", True)
        return create_engine(u, **engine_kwargs)
    raise ValueError(f"unsupported database {backend!r}: use SQLite or postgresql+psycopg")


def _sqlite_engine(u: URL, busy_timeout_ms: int, engine_kwargs: dict[str, Any]) -> Engine:
    in_memory = u.database in (None, "", ":memory:") or "mode=memory" in str(u)
    if not in_memory and u.database:
        Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(engine_kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", busy_timeout_ms / 1000)
    engine = create_engine(u, connect_args=connect_args, **engine_kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event (below) issue BEGIN instead of the driver's implicit one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            if not in_memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode not in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE"):
            raise ValueError(f"sqlite_begin must be IMMEDIATE, DEFERRED or EXCLUSIVE, not {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine

"""Schema migrations, run in code: ``migrate(engine_or_url)`` upgrades the database to ``head``.

The Alembic ``Config`` is built here and points at the ``migrations`` folder inside this package, so it
works from an installed wheel and in a fresh data directory, with no ``alembic.ini`` on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, Connection

from gbdcc.adapters.db.engine import create_engine_for

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic ``Config`` for gbdcc's migrations (``url`` only for offline/CLI use)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if url is not None:
        cfg.set_main_option(
            "sqlalchemy.url",
            (url.render_as_string(hide_password=False) if isinstance(url, URL) else url).replace("%", "%%"),
        )
    return cfg


def head_revision() -> str:
    """The newest migration revision shipped with this package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _engine(engine_or_url: Engine | str | URL) -> tuple[Engine, bool]:
    if isinstance(engine_or_url, Engine):
        return engine_or_url, False
    return create_engine_for(engine_or_url), True


#: PostgreSQL advisory lock key taken by every migration ("gbdcc" in ASCII): several processes started
#: together (``gbdcc up --role …``) migrate one after the other instead of racing on CREATE TABLE.
MIGRATION_LOCK_KEY = 0x6762646363


def _serialise(conn: Connection) -> None:
    """Hold a transaction-scoped lock while migrating. SQLite needs none: ``BEGIN IMMEDIATE`` already
    holds the database's write lock (see ``engine.py``)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def migrate(engine_or_url: Engine | str | URL, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default ``head``) in one transaction."""
    _run(command.upgrade, engine_or_url, revision)


def downgrade(engine_or_url: Engine | str | URL, revision: str) -> None:
    """Downgrade to ``revision`` (``base`` drops every table). For development and tests."""
    _run(command.downgrade, engine_or_url, revision)


def _run(step: Callable[[Config, str], None], engine_or_url: Engine | str | URL, revision: str) -> None:
    """Run an Alembic upgrade / downgrade on one connection, in one serialised transaction."""
    engine, owned = _engine(engine_or_url)
    try:
        with engine.begin() as conn:
            _serialise(conn)
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            step(cfg, revision)
    finally:
        if owned:
            engine.dispose()


def current_revision(engine_or_url: Engine | str | URL) -> str | None:
    """The revision the database is at (None when never migrated)."""
    engine, owned = _engine(engine_or_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        if owned:
            engine.dispose()

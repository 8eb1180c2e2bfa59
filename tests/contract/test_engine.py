"""Engine settings: SQLite durability and locking pragmas; PostgreSQL via psycopg 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from gbdcc.adapters.db.engine import SQLITE_FILE_NAME, create_engine_for


def test_default_sqlite_file_in_a_new_data_directory(data_dir: Path) -> None:
    engine = create_engine_for(data_dir=data_dir, busy_timeout_ms=4321)
    try:
        assert engine.url.database == str((data_dir / SQLITE_FILE_NAME).resolve())
        with engine.connect() as conn:
            pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                      for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
        assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 4321}
        assert (data_dir / SQLITE_FILE_NAME).is_file()
    finally:
        engine.dispose()


def test_sqlite_units_take_the_write_lock_up_front(sqlite_engine: Engine) -> None:
    """BEGIN IMMEDIATE: a second writer cannot start while the first unit is open."""
    import sqlite3

    with sqlite_engine.connect() as first:
        first.begin()
        other = sqlite3.connect(sqlite_engine.url.database or "", timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.execute("BEGIN DEFERRED")  # readers are not blocked (WAL)
            other.execute("SELECT count(*) FROM users").fetchone()
            other.execute("ROLLBACK")
        finally:
            other.close()
        first.rollback()


@pytest.mark.parametrize(
    "url",
    ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"],
)
def test_postgresql_urls_use_psycopg3(url: str) -> None:
    engine = create_engine_for(url)
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    engine.dispose()


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql+psycopg2://u@h/db"])
def test_unsupported_databases_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        create_engine_for(url)

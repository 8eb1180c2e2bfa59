"""Alembic migrations yield exactly the metadata of ``tables.py`` on SQLite and PostgreSQL, and upgrade a
0001 database without losing its counters or audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, inspect, text

from gbdcc.adapters.db.coltypes import from_stored_uint64, to_stored_uint64
from gbdcc.adapters.db.engine import SQLITE_FILE_NAME, create_engine_for, sqlite_url
from gbdcc.adapters.db.migrate import MIGRATIONS_DIR, current_revision, downgrade, head_revision, migrate
from gbdcc.adapters.db.tables import ALL_TABLES, metadata
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.domain.ids import Eui64

SRC = Path(__file__).resolve().parents[2] / "src" / "gbdcc"


def _diff(engine: Engine, target: MetaData = metadata) -> list[Any]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(ctx, target))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Engine]:
    """A brand-new empty database: a SQLite file in a not-yet-existing directory, or a fresh schema."""
    if request.param == "sqlite":
        engine = create_engine_for(data_dir=data_dir)
    else:
        engine = request.getfixturevalue("pg_server").new_schema_engine()
    yield engine
    engine.dispose()


def test_migrate_on_an_empty_database_yields_exactly_the_metadata(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    migrate(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert _diff(empty_engine) == []
    names = set(inspect(empty_engine).get_table_names())
    assert names == {t.name for t in ALL_TABLES} | {"alembic_version"}


def test_the_comparison_would_see_a_difference(empty_engine: Engine) -> None:
    """Guard: compare_metadata is really looking (an extra column and a missing table are reported)."""
    migrate(empty_engine)
    altered = MetaData()
    for table in ALL_TABLES:
        if table.name != "audit_records":
            table.to_metadata(altered)
    altered.tables["users"].append_column(Column("extra", Integer))
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in _diff(empty_engine, altered)}
    assert {"add_column", "remove_table"} <= kinds


def test_migrate_is_idempotent_and_reversible(empty_engine: Engine) -> None:
    migrate(empty_engine)
    migrate(empty_engine)
    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) == {"alembic_version"}
    assert current_revision(empty_engine) is None
    migrate(empty_engine)
    assert _diff(empty_engine) == []


def test_migrate_from_a_url_in_a_fresh_data_directory(data_dir: Path) -> None:
    assert not data_dir.exists()
    url = sqlite_url(data_dir)
    migrate(url.render_as_string())
    assert (data_dir / SQLITE_FILE_NAME).is_file()
    assert current_revision(url) == head_revision()


def test_migrations_ship_as_package_data() -> None:
    """Every file Alembic needs matches the ``package-data`` globs of pyproject.toml."""
    import tomllib

    globs = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["gbdcc"]
    shipped = {p for g in globs for p in SRC.glob(g)}
    needed = [p for p in MIGRATIONS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert needed and all(p in shipped for p in needed), sorted(set(needed) - shipped)
    assert MIGRATIONS_DIR.is_relative_to(SRC)


def test_concurrent_migrations_of_one_database_all_succeed(empty_engine: Engine) -> None:
    """Several processes starting at once (``gbdcc up --role …``) each run ``migrate``."""
    import threading

    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def run() -> None:
        try:
            barrier.wait(5)
            migrate(empty_engine)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert current_revision(empty_engine) == head_revision()
    assert _diff(empty_engine) == []


def _another_empty_engine(engine: Engine, request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if engine.dialect.name == "sqlite":
        return create_engine_for(data_dir=tmp_path / "other")
    new: Engine = request.getfixturevalue("pg_server").new_schema_engine()
    return new


def _schema(engine: Engine) -> dict[str, Any]:
    """Tables with their columns, keys and indexes, as the database reports them."""
    insp = inspect(engine)
    out: dict[str, Any] = {}
    for t in sorted(insp.get_table_names()):
        out[t] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], c.get("default")) for c in insp.get_columns(t)],
            "pk": insp.get_pk_constraint(t),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)),
            "fks": [(f["constrained_columns"], f["referred_table"], f["referred_columns"])
                    for f in insp.get_foreign_keys(t)],
        }
    return out


OLD_USER, BIG_USER, NEW_USER = 0x90B3D51F30010000, 2**64 - 3, 0x90B3D51F30990000
ESME, GSME = Eui64(0x00DB123456789000), Eui64(2**63 + 1)


def _write_0001_rows(engine: Engine) -> None:
    """What a 0001 gateway stored: per-User counters (biased BIGINT) and an audit record."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO request_counters (user_id, last_counter) VALUES (:u, :c)"), [
            {"u": to_stored_uint64(OLD_USER), "c": to_stored_uint64(1000)},
            {"u": to_stored_uint64(BIG_USER), "c": to_stored_uint64(2**64 - 2)},
        ])
        conn.execute(text(
            "INSERT INTO audit_records (direction, received_at, request_id, user_id, srv, command_variant, "
            "state, response_code, rule, reason, web_service, body) VALUES ('in', :at, 'r1', 'u1', '8.2', 1, "
            "'received', 'I0', 'R-1', 'ok', 'serviceS', :body)"), {"at": datetime(2026, 1, 2, tzinfo=UTC),
                                                                    "body": b"<x/>"})


def test_upgrade_from_0001_keeps_each_users_counter_as_a_floor_for_every_target(
    empty_engine: Engine,
) -> None:
    """DUIS 3.2.3: counters became per (User, target); a counter already used per User must stay
    refused for every target, or the upgrade would re-open replays."""
    migrate(empty_engine, "0001_initial")
    _write_0001_rows(empty_engine)
    migrate(empty_engine)
    assert _diff(empty_engine) == []
    factory = SqlUnitOfWorkFactory(empty_engine)
    with factory() as uow:
        old, big, new = Eui64(OLD_USER), Eui64(BIG_USER), Eui64(NEW_USER)
        assert uow.counters.last(old, ESME) == 1000 and uow.counters.last(old, GSME) == 1000
        assert uow.counters.advance(old, ESME, 1000) is False  # the floor itself is a replay
        assert uow.counters.advance(old, GSME, 7) is False
        assert uow.counters.advance(old, ESME, 1001) is True
        assert uow.counters.advance(old, GSME, 1001) is True  # another target: its own counter now
        assert uow.counters.advance(old, GSME, 1001) is False
        assert uow.counters.last(old, ESME) == 1001
        assert uow.counters.advance(big, ESME, 2**64 - 2) is False
        assert uow.counters.advance(big, ESME, 2**64 - 1) is True  # floor above the signed boundary
        assert uow.counters.last(new, ESME) is None
        assert uow.counters.advance(new, ESME, 0) is True  # no floor for a User 0001 never saw
        (record,) = uow.audit.recent(5)
        assert (record.kind, record.srv, record.body, record.request_id) == ("message", "8.2", b"<x/>", "r1")
        uow.commit()


def test_downgrade_to_0001_folds_counters_into_one_per_user_and_restores_its_schema(
    empty_engine: Engine, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    migrate(empty_engine, "0001_initial")
    _write_0001_rows(empty_engine)
    migrate(empty_engine)
    with SqlUnitOfWorkFactory(empty_engine)() as uow:
        assert uow.counters.advance(Eui64(OLD_USER), ESME, 1500)
        assert uow.counters.advance(Eui64(OLD_USER), GSME, 1200)
        assert uow.counters.advance(Eui64(NEW_USER), GSME, 2**63 + 9)
        uow.commit()
    downgrade(empty_engine, "0001_initial")
    with empty_engine.connect() as conn:
        rows = conn.execute(text("SELECT user_id, last_counter FROM request_counters ORDER BY user_id")).all()
    assert sorted((from_stored_uint64(u), from_stored_uint64(c)) for u, c in rows) == sorted(
        [(OLD_USER, 1500), (BIG_USER, 2**64 - 2), (NEW_USER, 2**63 + 9)])
    fresh = _another_empty_engine(empty_engine, request, tmp_path)
    try:
        migrate(fresh, "0001_initial")
        assert _schema(empty_engine) == _schema(fresh)
    finally:
        fresh.dispose()

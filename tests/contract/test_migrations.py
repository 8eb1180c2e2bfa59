"""Alembic migrations yield exactly the metadata of ``tables.py`` on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, inspect

from gbdcc.adapters.db.engine import SQLITE_FILE_NAME, create_engine_for, sqlite_url
from gbdcc.adapters.db.migrate import MIGRATIONS_DIR, current_revision, downgrade, head_revision, migrate
from gbdcc.adapters.db.tables import ALL_TABLES, metadata

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

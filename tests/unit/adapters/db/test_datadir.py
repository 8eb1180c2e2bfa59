"""The data dir records its database and holds one server lock (``adapters.db.datadir``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbdcc.adapters.db.datadir import lock_data_dir, record_database, recorded_database, resolve_database_url
from gbdcc.adapters.db.errors import DatabaseMismatch, DataDirInUse

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_SECRET = "postgresql+psycopg://gbdcc:s3cret@db.example:5432/gbdcc"


def test_nothing_recorded_means_the_configured_database(tmp_path: Path) -> None:
    assert resolve_database_url(tmp_path, None) is None and resolve_database_url(tmp_path, PG) == PG


def test_a_command_without_a_url_uses_the_one_up_recorded(tmp_path: Path) -> None:
    record_database(tmp_path, PG)
    assert recorded_database(tmp_path) == PG and resolve_database_url(tmp_path, None) == PG


def test_a_recorded_password_is_never_written_and_must_be_given(tmp_path: Path) -> None:
    record_database(tmp_path, PG_SECRET)
    assert "s3cret" not in (tmp_path / "database-url").read_text()
    assert resolve_database_url(tmp_path, PG_SECRET) == PG_SECRET
    with pytest.raises(DatabaseMismatch, match="set GBDCC_DATABASE_URL"):
        resolve_database_url(tmp_path, None)


def test_another_database_than_the_recorded_one_is_refused(tmp_path: Path) -> None:
    record_database(tmp_path, None)
    with pytest.raises(DatabaseMismatch, match="embedded SQLite file"):
        resolve_database_url(tmp_path, PG)
    with pytest.raises(DatabaseMismatch):
        record_database(tmp_path, PG)  # a second `up` pointed elsewhere refuses too
    assert recorded_database(tmp_path) == "sqlite"


def test_one_lock_holder_per_data_dir_until_it_closes(tmp_path: Path) -> None:
    first = lock_data_dir(tmp_path)
    with pytest.raises(DataDirInUse, match="PID"):
        lock_data_dir(tmp_path)
    first.close()
    lock_data_dir(tmp_path).close()

"""A newcomer's mistakes (issue 13 part 6): each ends with one line ``error: GBDCC-nnn [rule] reason`` and a
non-zero exit, never a traceback; the CLI and the server share one database and one server per data dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gbdcc.adapters.db.datadir import lock_data_dir, record_database
from gbdcc.cli.main import app

runner = CliRunner()
SUPPLIER = "90-B3-D5-1F-30-01-00-00"
WAN_MATRIX = "12.1_REQUEST_WAN_MATRIX_ADDRESS_REQUEST_DUIS.XML"


def _one_line_error(result: object, code: str, *words: str) -> str:
    out = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 2, out  # type: ignore[attr-defined]
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and lines[0].startswith(f"error: {code} ["), out
    for word in words:
        assert word in lines[0], out
    return lines[0]


def _add(data: Path, keys: Path, *extra: str) -> object:
    return runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", SUPPLIER, "--role", "IS",
                               "--name", "Supplier", "--issue-keys", str(keys), *extra])


def test_users_add_with_an_unknown_role_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["users", "add", "--data-dir", str(tmp_path), "--eui", SUPPLIER, "--role", "XX",
                                 "--name", "S", "--issue-keys", str(tmp_path / "k")])
    _one_line_error(result, "GBDCC-170", "--role must be one of", "'XX'")


def test_parse_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    _one_line_error(runner.invoke(app, ["parse", str(tmp_path / "nope.hex")]), "GBDCC-170", "no such file")


def test_duis_send_to_a_server_not_running_names_the_url_and_how_to_set_it(oracles: Path) -> None:
    result = runner.invoke(app, ["duis", "send", str(oracles / "duis-templates" / WAN_MATRIX),
                                 "--url", "http://127.0.0.1:9"])
    _one_line_error(result, "GBDCC-130", "http://127.0.0.1:9", "--url", "GBDCC_URL")


def test_duis_send_of_an_unsigned_file_is_one_line(tmp_path: Path) -> None:
    unsigned = tmp_path / "unsigned.xml"
    unsigned.write_text("<nothing-signed/>")
    _one_line_error(runner.invoke(app, ["duis", "send", str(unsigned), "--url", "http://127.0.0.1:9"]), "GBDCC-203")


def test_gbcs_transform_of_a_non_device_template_is_one_line(oracles: Path) -> None:
    result = runner.invoke(app, ["gbcs", "transform", str(oracles / "duis-templates" / WAN_MATRIX),
                                 "--keys", str(oracles / "keys" / "rtds")])
    _one_line_error(result, "GBDCC-720", "12.1")


def test_users_add_refuses_an_existing_user_in_its_role_unless_replace(tmp_path: Path) -> None:
    data, keys = tmp_path / "var", tmp_path / "keys"
    assert _add(data, keys).exit_code == 0  # type: ignore[attr-defined]
    written = {p.name: p.stat().st_mtime_ns for p in keys.iterdir()}
    _one_line_error(_add(data, keys), "GBDCC-160", SUPPLIER, "--replace")
    assert {p.name: p.stat().st_mtime_ns for p in keys.iterdir()} == written  # refused before any key was written
    replaced = _add(data, keys, "--replace", "--entry-date", "2027-01-01")
    assert replaced.exit_code == 0, replaced.output  # type: ignore[attr-defined]
    users = json.loads(runner.invoke(app, ["users", "list", "--data-dir", str(data), "--json"]).stdout)
    assert users[0]["roles"] == [{"role": "IS", "entry_date": "2027-01-01", "exit_date": None}]


def test_users_list_and_audit_recent_print_json(tmp_path: Path) -> None:
    data = tmp_path / "var"
    assert _add(data, tmp_path / "keys").exit_code == 0  # type: ignore[attr-defined]
    users = json.loads(runner.invoke(app, ["users", "list", "--data-dir", str(data), "--json"]).stdout)
    assert [u["user_id"] for u in users] == [SUPPLIER]
    assert users[0]["roles"][0]["role"] == "IS"
    recent = runner.invoke(app, ["audit", "recent", "--data-dir", str(data), "--json"])
    assert recent.exit_code == 0 and isinstance(json.loads(recent.stdout), list)


def test_a_second_up_on_a_served_data_dir_refuses(tmp_path: Path) -> None:
    held = lock_data_dir(tmp_path)
    try:
        result = runner.invoke(app, ["up", "--data-dir", str(tmp_path), "--estate-premises", "0", "--port", "9"])
        _one_line_error(result, "GBDCC-905", "already served", "--data-dir")
    finally:
        held.close()


def test_a_command_configured_for_another_database_than_the_served_one_refuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record_database(tmp_path, None)  # `gbdcc up` served the embedded SQLite file here
    monkeypatch.setenv("GBDCC_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/other")
    result = runner.invoke(app, ["users", "list", "--data-dir", str(tmp_path)])
    _one_line_error(result, "GBDCC-904", "embedded SQLite", "postgres")


def test_estate_generate_appends_after_the_last_premises_by_itself(tmp_path: Path) -> None:
    args = ["estate", "generate", "--premises", "30", "--data-dir", str(tmp_path)]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "appending after the 30 premises" in again.output and "30 premises" in again.output
    overlap = runner.invoke(app, [*args, "--start-index", "10"])
    line = _one_line_error(overlap, "GBDCC-406", "start-index")
    assert "premises 10" in line and "━" not in overlap.output  # refused before any progress bar

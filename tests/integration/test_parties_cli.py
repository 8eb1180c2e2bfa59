"""``gbdcc parties add|list|generate`` and ``gbdcc report mandate|ero --data-dir DIR --json`` through the real
CLI (Typer's runner) on a data dir holding a generated market (R-MANDATE-1, R-ERO-1)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import market as m
from typer.testing import CliRunner

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.provisioning.market import generate_market, load_market
from gbdcc.cli.main import app

runner = CliRunner()


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _market(data: Path) -> Path:
    engine = create_engine_for(data_dir=data)
    try:
        migrate(engine)
        with SqlUnitOfWorkFactory(engine)() as uow:
            load_market(uow, generate_market(m.SPEC, m.SEED))
            uow.commit()
    finally:
        engine.dispose()
    return data


def test_r_mandate_1_report_mandate_json_prints_one_json_document(tmp_path: Path) -> None:
    data = _market(tmp_path / "var")
    code, out, _ = gbdcc("report", "mandate", "--data-dir", str(data), "--json", "--as-of", m.AS_OF.isoformat())
    assert code == 0
    doc = json.loads(out)  # the whole output is one document
    assert (doc["report"], doc["rule"], doc["as_of"]) == ("mandate", "R-MANDATE-1", m.AS_OF.isoformat())
    keys = ("party", "type", "role", "due_by", "basis", "entered_on", "status", "days_late")
    assert [tuple(r[k] for k in keys) for r in doc["rows"]] == m.MANDATE_ROWS
    assert doc["summary"] == m.MANDATE_SUMMARY


def test_r_ero_1_report_ero_json_and_csv(tmp_path: Path) -> None:
    data = _market(tmp_path / "var")
    csv = tmp_path / "ero.csv"
    code, out, _ = gbdcc("report", "ero", "--data-dir", str(data), "--json", "--csv", str(csv),
                         "--as-of", m.AS_OF.isoformat())
    assert code == 0
    rows = json.loads(out)["rows"]
    assert [(r["party"], r["meter_points"], r["target"], r["installed"], r["status"]) for r in rows] == [
        (r[0], r[4], r[5], r[8], r[9]) for r in m.ERO_ROWS]
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("party,user_from,electricity_points") and lines[1].startswith(
        "Big Energy plc,2016-11-01,2501,1500,4001,2,1,1,2,met,0")


def test_r_mandate_1_parties_add_list_and_refusals(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    code, out, _ = gbdcc("parties", "add", "--data-dir", data, "--name", "Big plc", "--domestic-premises", "300000",
                         "--electricity", "--gas", "--user-id", "90-B3-D5-1F-30-C0-00-01")
    assert code == 0 and "large-supplier" in out and "E+G" in out
    code, out, _ = gbdcc("parties", "add", "--data-dir", data, "--name", "Wires", "--type", "dno")
    assert code == 0
    code, out, _ = gbdcc("parties", "list", "--data-dir", data)
    assert code == 0 and "Big plc" in out and "dno" in out and "90-B3-D5-1F-30-C0-00-01" in out
    code, _, err = gbdcc("parties", "add", "--data-dir", data, "--name", "Other plc", "--electricity",
                         "--domestic-premises", "5", "--user-id", "90-B3-D5-1F-30-C0-00-01")
    assert code == 2 and err.startswith("error: GBDCC-832 [R-MANDATE-1]") and len(err.strip().splitlines()) == 1
    code, _, err = gbdcc("parties", "add", "--data-dir", data, "--name", "No Licence", "--type", "large-supplier")
    assert code == 2 and err.startswith("error: GBDCC-830 [R-MANDATE-1]")
    code, out, _ = gbdcc("report", "mandate", "--data-dir", data, "--json", "--as-of", "2017-03-01")
    assert code == 0
    assert [(r["party"], r["role"], r["status"]) for r in json.loads(out)["rows"]] == [
        ("Big plc", "IS", "not complied"), ("Big plc", "GS", "not complied"), ("Wires", "ED", "not yet due")]


def test_parties_generate_loads_the_demo_market(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    code, out, _ = gbdcc("parties", "generate", "--data-dir", data, "--seed", "3")
    assert code == 0 and "9 Parties" in out
    code, out, _ = gbdcc("report", "ero", "--data-dir", data, "--json", "--as-of", "2017-09-01")
    assert code == 0 and [r["party"] for r in json.loads(out)["rows"]] == [
        "Big Energy plc", "Late Power Ltd", "Volt Supply Ltd"]

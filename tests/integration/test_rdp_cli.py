"""The CLI contract of issue 10: ``gbdcc rdp add --data-dir DIR --id RDP_ID --fuel E|G --name NAME`` and
``gbdcc rdp load FILE --data-dir DIR`` printing the response file (a refused file: exit 2, one ``error:``
line, nothing changed), and the other ``gbdcc rdp`` commands, through Typer's runner."""

from __future__ import annotations

from pathlib import Path

from tests.support.rdp import SUPPLIER, SUPPLIER_2, file_text, mpan, reg
from typer.testing import CliRunner

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.rdp.files import read_response
from gbdcc.cli.main import app
from gbdcc.domain.registration import RegistrationPeriod

runner = CliRunner()


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def periods(data: Path) -> list[RegistrationPeriod]:
    engine = create_engine_for(data_dir=data)
    try:
        with SqlUnitOfWorkFactory(engine)(read_only=True) as uow:
            return list(uow.registration.for_mpxns(mpan(i) for i in range(10)))
    finally:
        engine.dispose()


def test_add_and_load_the_minimal_form(tmp_path: Path) -> None:
    data = tmp_path / "var"
    code, out, _ = gbdcc("rdp", "add", "--data-dir", str(data), "--id", "ENWL", "--fuel", "E", "--name", "ENWL")
    assert code == 0 and "RDP ENWL" in out
    f = tmp_path / "f1.csv"
    f.write_text("HDR,ENWL,FULL,1,2026-06-01T00:00:00Z\n"
                 f"REG,{mpan(1)},E,{SUPPLIER},90-B3-D5-1F-30-02-00-00,2026-01-01T00:00:00Z,Y\nTRL,1\n")
    code, out, err = gbdcc("rdp", "load", str(f), "--data-dir", str(data))
    assert code == 0, err
    printed = out
    response = read_response(printed.encode())
    assert response.accepted and response.summary["records"] == "1"
    assert sorted((p.role.value, str(p.party)) for p in periods(data)) == [("ED", "90-B3-D5-1F-30-02-00-00"),
                                                                           ("IS", SUPPLIER)]
    code, out, _ = gbdcc("rdp", "show", mpan(1), "--data-dir", str(data), "--at", "2026-06-01")
    assert code == 0 and f"IS {SUPPLIER}" in out and "RDP ENWL" in out
    code, out, _ = gbdcc("rdp", "files", "--data-dir", str(data))
    assert code == 0 and "accepted" in out and "f1.csv" in out
    code, again, _ = gbdcc("rdp", "response", "1", "--data-dir", str(data))
    assert code == 0 and again == printed
    code, out, _ = gbdcc("rdp", "list", "--data-dir", str(data))
    assert code == 0 and "ENWL" in out and "monthly from" in out


def test_a_malformed_file_changes_nothing_and_its_response_names_each_bad_line(tmp_path: Path) -> None:
    data = tmp_path / "var"
    gbdcc("rdp", "add", "--data-dir", str(data), "--id", "ENWL", "--fuel", "E", "--name", "ENWL")
    good = tmp_path / "good.csv"
    good.write_text(file_text([reg(mpan(1))]))
    assert gbdcc("rdp", "load", str(good), "--data-dir", str(data))[0] == 0
    before = periods(data)
    bad = tmp_path / "bad.csv"
    bad.write_text(file_text([reg(mpan(1), SUPPLIER_2), reg("123"), reg(mpan(3), start="soon")], sequence=2))
    code, out, err = gbdcc("rdp", "load", str(bad), "--data-dir", str(data))
    assert code == 2
    assert err.startswith("error: GBDCC-658 [RDP-FILE] bad.csv refused, nothing changed: 2 error(s)")
    assert len(err.strip().splitlines()) == 1
    assert read_response(out.encode()).bad_lines == (3, 4)
    assert periods(data) == before


def test_user_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "var"
    assert gbdcc("rdp", "add", "--data-dir", str(data), "--id", "ENWL", "--fuel", "E", "--name", "ENWL")[0] == 0
    code, _, err = gbdcc("rdp", "add", "--data-dir", str(data), "--id", "OTHER", "--fuel", "E", "--name", "ENWL")
    assert code == 2 and err.strip() == ("error: GBDCC-654 [R-USER-2] 'ENWL' is already registered as RDP ENWL: "
                                         "one RDP ID per RDP")
    code, _, err = gbdcc("rdp", "load", str(tmp_path / "missing.csv"), "--data-dir", str(data))
    assert code == 2 and "no such file" in err
    code, _, err = gbdcc("rdp", "status", "--id", "NOPE", "--data-dir", str(data))
    assert code == 2 and "GBDCC-653" in err
    assert gbdcc("rdp", "add", "--data-dir", str(data), "--id", "X", "--fuel", "Z", "--name", "x")[0] == 2


def test_status_churn_and_drop_folder(tmp_path: Path) -> None:
    data = tmp_path / "var"
    gbdcc("rdp", "add", "--data-dir", str(data), "--id", "ENWL", "--fuel", "E", "--name", "ENWL")
    out_file = tmp_path / "status.csv"
    code, out, _ = gbdcc("rdp", "status", "--id", "ENWL", "--date", "2026-06-01", "--out", str(out_file),
                         "--data-dir", str(data))
    assert code == 0 and out_file.read_text().startswith("HDR,ENWL,STATUS,2026-06-01,")
    code, out, _ = gbdcc("rdp", "churn", "--data-dir", str(data))
    assert code == 0 and "0 flag(s)" in out
    inbox = data / "rdp" / "in"
    inbox.mkdir(parents=True)
    (inbox / "drop.csv").write_text(file_text([reg(mpan(2))]))
    code, out, _ = gbdcc("rdp", "drop-folder", "--data-dir", str(data))
    assert code == 0 and "drop.csv: accepted" in out
    assert read_response((data / "rdp" / "out" / "drop.csv.response.csv").read_bytes()).accepted

"""``gbdcc coverage nep add|complete|list``, ``gbdcc coverage check`` and ``gbdcc report nep-quarterly`` through
the real CLI (Typer's runner) on a data dir (R-WAN-2)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gbdcc.cli.main import app

runner = CliRunner()


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_r_wan_2_cli_records_checks_completes_and_reports_a_plan(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    code, out, _ = gbdcc("coverage", "nep", "add", "--id", "NEP-S-1", "--region", "South", "--district", "SO14",
                         "--cohort", "SO14 0AA", "--cohort", "SO14 0AB", "--created-on", "2017-03-01",
                         "--estimated-completion", "2017-09-30", "--data-dir", data)
    assert code == 0 and "plan NEP-S-1 (South) recorded" in out
    code, out, _ = gbdcc("coverage", "check", "SO14 0AA", "--at", "2017-04-01", "--data-dir", data)
    assert code == 0 and "coverage not available" in out and "expected 2017-09-30" in out and "NEP-S-1" in out
    code, out, _ = gbdcc("coverage", "nep", "complete", "NEP-S-1", "--on", "2017-08-01", "--data-dir", data)
    assert code == 0 and "completed on 2017-08-01" in out
    code, out, _ = gbdcc("coverage", "check", "SO14 0AA", "--at", "2017-08-01", "--data-dir", data)
    assert code == 0 and "coverage available" in out
    code, out, _ = gbdcc("coverage", "nep", "list", "--data-dir", data)
    assert code == 0 and "NEP-S-1" in out and "completed" in out
    code, out, _ = gbdcc("report", "nep-quarterly", "--as-of", "2017-08-15", "--json", "--data-dir", data)
    doc = json.loads(out)
    assert code == 0 and (doc["report"], doc["rule"], doc["summary"]["quarter"]) == (
        "nep-quarterly", "R-WAN-2", "2017-Q3")
    assert doc["rows"] == [{"plan_id": "NEP-S-1", "region": "South", "area": "SO14", "cohort_postcodes": 2,
                            "created_on": "2017-03-01", "estimated_completion": "2017-09-30",
                            "completed_on": "2017-08-01", "status": "completed", "overdue": False}]


def test_r_wan_2_cli_north_plan_refused_with_one_error_line(tmp_path: Path) -> None:
    code, out, err = gbdcc("coverage", "nep", "add", "--id", "NEP-N-1", "--region", "North", "--district", "EH1",
                           "--cohort", "EH1 1YZ", "--estimated-completion", "2027-01-01",
                           "--data-dir", str(tmp_path / "var"))
    assert code == 2
    assert (err or out).strip().startswith("error: GBDCC-521 [R-WAN-2]")
    assert "Traceback" not in err + out

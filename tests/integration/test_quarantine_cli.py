"""``gbdcc quarantine list | release`` (SEC G6) and ``gbdcc report post-commissioning`` (R-POST-1) through Typer's
runner on the data dir of a DCC in virtual time: the CLI lists and releases (the database alone), the pipeline
then sends the released request."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.integration.pipeline.conftest import NS, Dcc, code
from typer.testing import CliRunner

from gbdcc.cli.main import app
from gbdcc.domain.inventory import DeviceType

runner = CliRunner()


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sec_g6_quarantine_list_and_release_from_the_command_line(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dcc = Dcc(tmp_path / "var", premises=4, start=datetime.now(UTC))
    try:
        monkeypatch.setenv("GBDCC_ANOMALY_USER_LIMITS", json.dumps({str(dcc.supplier.eui): {"reads": 0}}))
        dcc.reopen()
        data = str(dcc.data_dir)
        esme = dcc.first(DeviceType.ESME)
        signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>")
        rid = dcc.submit(signed).request_id or ""
        status, out, _ = gbdcc("quarantine", "list", "--user", str(dcc.supplier.eui), "--json", "--data-dir", data)
        assert status == 0 and [q["request_id"] for q in json.loads(out)["quarantined"]] == [rid]
        status, out, err = gbdcc("quarantine", "release", rid, "--user", str(dcc.dno.eui), "--data-dir", data)
        assert status == 2 and "GBDCC-872" in err and "Traceback" not in out + err
        status, out, _ = gbdcc("quarantine", "release", rid, "--user", str(dcc.supplier.eui), "--data-dir", data)
        assert status == 0 and "released" in out
        dcc.clock.set(datetime.now(UTC))
        dcc.run()
        [response] = [r for r in dcc.responses_for(signed)
                      if r.find(".//sr:ResponseMessage", namespaces=NS) is not None]
        assert code(response) == "I0"
        status, out, _ = gbdcc("report", "post-commissioning", "--json", "--data-dir", data)
        report = json.loads(out)
        assert status == 0 and report["rule"] == "R-POST-1" and report["summary"]["commissioned meters"] >= 1
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()

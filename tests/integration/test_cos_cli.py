"""``gbdcc cos migrate`` and ``gbdcc cos status`` (R-COS-2) through Typer's runner, on the data dir of a DCC
in virtual time: the CLI only queues (the database alone), the pipeline migrates, ``status`` shows both."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.integration.pipeline.conftest import Dcc
from typer.testing import CliRunner

from gbdcc.cli.main import app
from gbdcc.domain.cos import CosCell
from gbdcc.domain.inventory import DeviceType

runner = CliRunner()


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_migrate_queues_the_pipeline_migrates_and_status_shows_the_campaign(tmp_path: Path) -> None:
    dcc = Dcc(tmp_path / "var", premises=4, start=datetime.now(UTC))
    try:
        data = str(dcc.data_dir)
        esme, gsme = dcc.first(DeviceType.ESME), dcc.first(DeviceType.GSME)
        code, out, _ = gbdcc("cos", "migrate", "--devices", str(esme.device_id), "--data-dir", data)
        assert code == 0 and "queued 1 meter(s) for the ECoS certificate" in out
        code, out, _ = gbdcc("cos", "migrate", "--devices", f"{esme.device_id},{gsme.device_id}", "--null",
                             "--data-dir", data)
        assert code == 2 and out == ""  # all or none: the ESME is queued for ECoS already
        code, out, _ = gbdcc("cos", "migrate", "--all", "--limit", "2", "--null", "--data-dir", data)
        assert code == 0 and "queued 2 meter(s) for the null certificate" in out
        code, out, _ = gbdcc("cos", "status", "--data-dir", data)
        assert code == 0 and "pending" in out and str(esme.device_id) in out

        dcc.clock.set(datetime.now(UTC))
        dcc.run()
        assert dcc.device(esme.device_id).cos_cell is CosCell.ECOS
        code, out, _ = gbdcc("cos", "status", "--state", "done", "--data-dir", data)
        assert code == 0 and out.count(" done ") >= 3 and "the ECoS certificate" in out
        code, out, _ = gbdcc("cos", "migrate", "--devices", str(esme.device_id), "--data-dir", data)
        assert code == 0 and "queued 0 meter(s)" in out and "1 unchanged" in out
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()


def test_refusals_are_one_error_line(tmp_path: Path) -> None:
    dcc = Dcc(tmp_path / "var", premises=1)
    try:
        data = str(dcc.data_dir)
        chf = dcc.first(DeviceType.CHF, commissioned=False)
        for args, why in ((("cos", "migrate"), "--devices"),
                          (("cos", "migrate", "--devices", str(chf.device_id)), "only meters"),
                          (("cos", "status", "--state", "lost"), "no campaign state")):
            code, _out, err = gbdcc(*args, "--data-dir", data)
            assert code == 2 and err.startswith("error: GBDCC-473 [R-COS-2]") and why in err, err
            assert len(err.strip().splitlines()) == 1
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()

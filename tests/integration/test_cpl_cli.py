"""``gbdcc cpl sign|load|show`` and ``gbdcc report cpl`` through Typer's runner on a data dir (R-PKI-2,
R-SEC-3): SECCo signs, the DCC loads and shows the CPL in force; release notes and altered files are refused
with one error line naming the rule."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gbdcc.cli.main import app

runner = CliRunner()
ENTRY = {"device_type": "ESME", "manufacturer": "SimMeter Ltd", "model": "SM-ESME", "hardware_version": "HW1",
         "firmware": [{"version": "00000001", "sha256": "a" * 64}]}


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_r_pki_2_sign_load_and_show_the_cpl(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    source, signed = tmp_path / "cpl.json", tmp_path / "cpl.signed"
    source.write_text(json.dumps({"version": 1, "entries": [ENTRY]}))
    code, out, _ = gbdcc("report", "cpl", "--json", "--data-dir", data)
    assert code == 0 and json.loads(out)["summary"]["cpl_in_force"] == "none"
    code, out, _ = gbdcc("cpl", "sign", str(source), "--out", str(signed), "--data-dir", data)
    assert code == 0 and "CPL version 1: 1 device model(s)" in out and signed.is_file()
    code, out, _ = gbdcc("cpl", "load", str(signed), "--data-dir", data)
    assert code == 0 and "CPL version 1 verified" in out
    code, out, _ = gbdcc("cpl", "show", "--json", "--data-dir", data)
    shown = json.loads(out)
    assert code == 0 and shown["summary"]["verification"] == "verified" and shown["rows"][0]["model"] == "SM-ESME"
    code, _, err = gbdcc("cpl", "load", str(signed), "--data-dir", data)
    assert code == 2 and err.startswith("error: GBDCC-854 [R-PKI-2]")


def test_r_pki_2_a_cpl_file_with_one_altered_byte_is_rejected_by_gbdcc_cpl_load(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    source, signed = tmp_path / "cpl.json", tmp_path / "cpl.signed"
    source.write_text(json.dumps({"version": 1, "entries": [ENTRY]}))
    assert gbdcc("cpl", "sign", str(source), "--out", str(signed), "--data-dir", data)[0] == 0
    raw = bytearray(signed.read_bytes())
    raw[raw.index(b'"document":"') + 40] ^= 0x01
    signed.write_bytes(bytes(raw))
    code, out, err = gbdcc("cpl", "load", str(signed), "--data-dir", data)
    assert code == 2 and out == ""
    assert err.startswith("error: GBDCC-851 [R-PKI-2] the CPL signature does not verify") or \
        err.startswith("error: GBDCC-852 [R-PKI-2]")


def test_r_sec_3_gbdcc_cpl_sign_refuses_an_input_with_release_notes(tmp_path: Path) -> None:
    source = tmp_path / "cpl.json"
    source.write_text(json.dumps({"version": 1, "entries": [{**ENTRY, "releaseNotes": "v1: first"}]}))
    code, _, err = gbdcc("cpl", "sign", str(source), "--out", str(tmp_path / "o"), "--data-dir", str(tmp_path / "v"))
    assert code == 2 and err.startswith("error: GBDCC-853 [R-SEC-3]") and not (tmp_path / "o").exists()


def test_r_pki_2_the_gbdcc_up_banner_says_whether_a_cpl_is_in_force(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from gbdcc import bootstrap
    from gbdcc.cli.banner import _print_cpl
    from gbdcc.config import Settings

    data = tmp_path / "var"
    instance = bootstrap.open_instance(Settings(data_dir=data, smki_port=0))
    try:
        out = io.StringIO()
        _print_cpl(Console(file=out, width=400), instance)
        assert "none loaded: commissioning (8.1.1) and firmware (11.1) are not checked" in out.getvalue()
        source, signed = tmp_path / "cpl.json", tmp_path / "cpl.signed"
        source.write_text(json.dumps({"version": 3, "entries": [ENTRY]}))
        assert gbdcc("cpl", "sign", str(source), "--out", str(signed), "--data-dir", str(data))[0] == 0
        assert gbdcc("cpl", "load", str(signed), "--data-dir", str(data))[0] == 0
        out = io.StringIO()
        _print_cpl(Console(file=out, width=400), instance)
        assert "version 3 in force (1 device models, signed by" in out.getvalue()
    finally:
        if instance.pipeline.wan_thread is not None:
            instance.pipeline.wan_thread.stop()
        if instance.engine is not None:
            instance.engine.dispose()

"""``gbdcc consent`` (R-CONSENT-1..3) through Typer's runner on the data dir (SQLite) of a DCC in virtual time:
what the CLI records is what the gateway decides on; refusals are one error line."""

from __future__ import annotations

from pathlib import Path

from tests.integration.pipeline.conftest import Dcc
from typer.testing import CliRunner

from gbdcc.cli.main import app
from gbdcc.domain.inventory import DeviceType

runner = CliRunner()
CAD = "00-DB-12-34-56-78-90-9C"  # not in the SMI: a GBCS Method B (Type 2) join to the gas meter


def gbdcc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_r_consent_2_consent_and_notice_recorded_by_the_cli_let_a_cad_join_through(tmp_path: Path) -> None:
    dcc = Dcc(tmp_path / "var", premises=4)
    try:
        data, supplier = str(dcc.data_dir), str(dcc.supplier.eui)
        gsme = dcc.first(DeviceType.GSME)
        assert gsme.import_mpxn is not None
        join = f"<sr:JoinServiceNonCritical><sr:OtherDeviceID>{CAD}</sr:OtherDeviceID></sr:JoinServiceNonCritical>"

        def send() -> str:
            reply = dcc.submit(dcc.request(dcc.supplier, gsme.device_id, "8.7.2", join))
            return f"{reply.decision.response_code} {reply.decision.rule}"

        assert send() == "E4 R-CONSENT-1"
        at = dcc.clock.now().isoformat()
        code, out, err = gbdcc("consent", "add", "--user", supplier, "--mpxn", gsme.import_mpxn, "--purpose",
                               "han-join", "--given-at", at, "--evidence", "form 7", "--data-dir", data)
        assert code == 0 and "consent 1:" in out and "han-join" in out, err
        assert send() == "E4 R-CONSENT-2"
        code, out, _ = gbdcc("consent", "notice", "1", "--at", at, "--data-dir", data)
        assert code == 0 and "told of third-party access" in out
        assert send() == "I99 R-CONSENT-1"
        code, out, _ = gbdcc("consent", "list", "--user", supplier, "--data-dir", data)
        assert code == 0 and gsme.import_mpxn in out and "form 7" in out
        code, out, _ = gbdcc("consent", "withdraw", "1", "--at", at, "--data-dir", data)
        assert code == 0 and "withdrawn" in out
        assert send() == "E4 R-CONSENT-1"
        code, out, _ = gbdcc("consent", "list", "--in-force", "--data-dir", data)
        assert code == 0 and "(0)" in out
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()


def test_r_consent_3_a_compromise_declared_by_the_cli_lets_the_supplier_unjoin(tmp_path: Path) -> None:
    dcc = Dcc(tmp_path / "var", premises=4)
    try:
        data, supplier = str(dcc.data_dir), str(dcc.supplier.eui)
        gsme = dcc.first(DeviceType.GSME)
        unjoin = (f"<sr:UnjoinServiceNonCritical><sr:OtherDeviceID>{CAD}</sr:OtherDeviceID>"
                  "</sr:UnjoinServiceNonCritical>")

        def send() -> str:
            reply = dcc.submit(dcc.request(dcc.supplier, gsme.device_id, "8.8.2", unjoin))
            return f"{reply.decision.response_code} {reply.decision.rule}"

        at = dcc.clock.now().isoformat()
        code, out, _ = gbdcc("consent", "compromise", "--supplier", supplier, "--device", CAD, "--reason",
                             "floods the HAN", "--at", at, "--data-dir", data)
        assert code == 0 and "gbdcc consent informed 1" in out
        assert send() == "E4 R-CONSENT-1"
        code, out, _ = gbdcc("consent", "informed", "1", "--attempt", "letter posted", "--at", at, "--data-dir", data)
        assert code == 0 and "attempt to inform recorded" in out
        assert send() == "I99 R-CONSENT-3"
        code, out, _ = gbdcc("consent", "compromises", "--data-dir", data)
        assert code == 0 and "letter posted" in out
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()


def test_refusals_are_one_error_line(tmp_path: Path) -> None:
    dcc = Dcc(tmp_path / "var", premises=1)
    try:
        data, supplier = str(dcc.data_dir), str(dcc.supplier.eui)
        mpan = dcc.first(DeviceType.ESME, commissioned=False).import_mpxn
        assert mpan is not None
        cases = (
            (("consent", "add", "--user", supplier, "--mpxn", mpan, "--purpose", "marketing"),
             "GBDCC-842 [R-CONSENT-1]", "no consent purpose"),
            (("consent", "add", "--user", "90-B3-D5-1F-30-FF-FF-FF", "--mpxn", mpan, "--purpose", "all"),
             "GBDCC-842 [R-CONSENT-1]", "not a registered DCC User"),
            (("consent", "add", "--user", supplier, "--mpxn", "1312345678111", "--purpose", "all"),
             "GBDCC-100 [MRA-MPAN-CHECK]", "check digit"),
            (("consent", "withdraw", "9"), "GBDCC-843 [R-CONSENT-1]", "no consent record 9"),
            (("consent", "informed", "9", "--attempt", "x"), "GBDCC-843 [R-CONSENT-3]", "no compromise declaration"),
            (("consent", "compromise", "--supplier", str(dcc.dno.eui), "--device", CAD, "--reason", "x"),
             "GBDCC-842 [R-CONSENT-3]", "is not a supplier"),
        )
        for args, code_rule, why in cases:
            code, _out, err = gbdcc(*args, "--data-dir", data)
            assert code == 2 and err.startswith(f"error: {code_rule}") and why in err, err
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()

"""The CLI contract of issue #2: users add, smki dcc-xml-cert, smki import, demo — through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.cli.main import app
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole

runner = CliRunner()


def test_users_add_registers_roles_and_certificate(tmp_path: Path) -> None:
    data = tmp_path / "var"
    keys = tmp_path / "keys"
    result = runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-01-00-00",
                                 "--role", "IS", "--name", "Supplier", "--issue-keys", str(keys),
                                 "--entry-date", "2026-01-01", "--response-url", "http://127.0.0.1:9/r"])
    assert result.exit_code == 0, result.stdout
    result = runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-01-00-00",
                                 "--role", "GS", "--name", "Supplier", "--xml-signing-cert",
                                 str(keys / "xml-sign.pem")])
    assert result.exit_code == 0, result.stdout
    instance = bootstrap.open_instance(Settings(data_dir=data))
    with instance.uow_factory() as uow:
        user = uow.users.get(Eui64.parse("90-B3-D5-1F-30-01-00-00"))
        cert = x509.load_pem_x509_certificate((keys / "xml-sign.pem").read_bytes())
        assert uow.certificates.by_issuer_serial(
            "CN=GBDCC-OCA,OU=07", cert.serial_number) is not None
    assert user is not None
    assert {r.role for r in user.roles} == {UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER}
    assert user.response_url == "http://127.0.0.1:9/r"


def test_users_add_refuses_a_role_mix_r_user_2(tmp_path: Path) -> None:
    data, keys = tmp_path / "var", tmp_path / "keys"
    runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-01-00-00", "--role", "IS",
                        "--name", "S", "--issue-keys", str(keys)])
    result = runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-01-00-00",
                                 "--role", "ED", "--name", "S", "--xml-signing-cert", str(keys / "xml-sign.pem")])
    assert result.exit_code == 2
    assert "R-USER-2" in result.output


def test_users_add_refuses_someone_elses_certificate(tmp_path: Path) -> None:
    data, keys = tmp_path / "var", tmp_path / "keys"
    runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-01-00-00", "--role", "IS",
                        "--name", "S", "--issue-keys", str(keys)])
    result = runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-02-00-00",
                                 "--role", "ED", "--name", "N", "--xml-signing-cert", str(keys / "xml-sign.pem")])
    assert result.exit_code == 2
    assert "not for User" in result.output


def test_dcc_xml_cert_is_stable_per_data_dir(tmp_path: Path) -> None:
    first = runner.invoke(app, ["smki", "dcc-xml-cert", "--data-dir", str(tmp_path)]).stdout
    second = runner.invoke(app, ["smki", "dcc-xml-cert", "--data-dir", str(tmp_path)]).stdout
    cert = x509.load_pem_x509_certificate(first.encode())
    assert first == second
    assert cert.subject.rfc4514_string().startswith(("2.5.4.45=", "OU=89"))


@pytest.mark.oracle
def test_smki_import_of_the_dcc_boxed_keystore(tmp_path: Path, oracles: Path) -> None:
    result = runner.invoke(app, ["smki", "import", str(oracles / "keys" / "boxed-keystore" / "keystore.json"),
                                 "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert "31 certificates read, 31 new" in result.stdout
    assert "rejected" in result.stdout  # the two MDR entries with a malformed algorithm identifier


@pytest.mark.oracle
def test_smki_import_boxed_adopts_the_dcc_boxed_identity(tmp_path: Path, oracles: Path) -> None:
    keystore = oracles / "keys" / "boxed-keystore" / "keystore.json"
    result = runner.invoke(app, ["smki", "import", str(keystore), "--boxed", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pem = runner.invoke(app, ["smki", "dcc-xml-cert", "--data-dir", str(tmp_path)]).stdout
    dsp = x509.load_pem_x509_certificate((oracles / "keys" / "duis-xml-sign" /
                                          "dsp-xml-sign-90B3D51F30000002-ds.pem").read_bytes())
    assert x509.load_pem_x509_certificate(pem.encode()) == dsp  # responses are signed with DCC Boxed's DSP key
    s = bootstrap.settings(tmp_path)
    assert s.boxed and s.test_pki  # recorded in the data dir
    again = runner.invoke(app, ["smki", "import", str(keystore), "--boxed", "--data-dir", str(tmp_path)])
    assert again.exit_code == 0 and "0 new" in again.output and "0 device(s) added" in again.output  # idempotent


def test_up_boxed_without_the_identity_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["up", "--boxed", "--data-dir", str(tmp_path), "--estate-premises", "0"])
    assert result.exit_code == 2
    assert "error: GBDCC-611 [BOXED-IDENTITY] boxed mode needs the DCC Boxed identity" in result.output
    assert "Traceback" not in result.output


def test_smki_import_boxed_refuses_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["smki", "import", str(tmp_path), "--boxed", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2 and "keystore.json, not a directory" in result.output


def test_demo_runs_the_journeys_over_http(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    out = result.output
    for step in ("Electricity install", "Gas install", "PPMID and IHD", "Decommission"):
        assert step in out
    assert "E19" in out and "E4" in out and "E5" in out and "signed messages received and verified" in out


def test_estate_generate_then_refuses_to_overwrite(tmp_path: Path) -> None:
    args = ["estate", "generate", "--premises", "40", "--data-dir", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stdout
    assert "40 premises" in first.stdout
    again = runner.invoke(app, [*args, "--start-index", "0"])
    assert again.exit_code == 2
    assert "start-index" in again.output
    more = runner.invoke(app, [*args[:3], "10", "--start-index", "40", "--data-dir", str(tmp_path)])
    assert more.exit_code == 0, more.stdout


def test_audit_show_names_the_rule_of_a_refusal(tmp_path: Path) -> None:
    from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
    from gbdcc.domain.catalogue import WebService

    data, keys = tmp_path / "var", tmp_path / "keys"
    runner.invoke(app, ["users", "add", "--data-dir", str(data), "--eui", "90-B3-D5-1F-30-02-00-00", "--role", "ED",
                        "--name", "DNO", "--issue-keys", str(keys)])
    instance = bootstrap.open_instance(Settings(data_dir=data))
    rid = "90-B3-D5-1F-30-02-00-00:90-B3-D5-1F-30-00-00-02:5"
    xml = ('<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4"><sr:Header>'
           f"<sr:RequestID>{rid}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant><sr:ServiceReference>8.3"
           "</sr:ServiceReference><sr:ServiceReferenceVariant>8.3</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
           "<sr:DecommissionDevice><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID></sr:DecommissionDevice>"
           "</sr:Body></sr:Request>").encode()
    signed = sign_request(xml, load_signing_key((keys / "xml-sign.key").read_bytes()),
                          load_certificate((keys / "xml-sign.pem").read_bytes()), preserve_counter=True)
    assert instance.gateway.submit(signed, WebService.NON_DEVICE).decision.response_code == "E2"
    instance.engine.dispose()
    result = runner.invoke(app, ["audit", "show", rid, "--data-dir", str(data)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stdout
    assert "E2" in result.stdout and "R-SR-1" in result.stdout and "rejected" in result.stdout
    missing = runner.invoke(app, ["audit", "show", rid.replace(":5", ":6"), "--data-dir", str(data)])
    assert missing.exit_code == 1


@pytest.mark.oracle
def test_users_add_refuses_a_key_agreement_certificate(tmp_path: Path, oracles: Path) -> None:
    result = runner.invoke(app, ["users", "add", "--data-dir", str(tmp_path), "--eui", "90-B3-D5-1F-30-01-00-00",
                                 "--role", "IS", "--name", "S", "--xml-signing-cert",
                                 str(oracles / "keys" / "rtds" / "90b3d51f30010000-ka.pem")],
                           env={"COLUMNS": "250"})
    assert result.exit_code == 2
    assert "key usage" in result.output

"""``gbdcc smki revoke`` and ``gbdcc smki crl issue | import | show`` (R-PKI-1) through Typer's runner on a
data dir: revocation issues and applies a verified list; an altered list is refused as one error line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.cli.main import app
from gbdcc.config import Settings
from gbdcc.domain.smki import CertificateStatus, RemotePartyRole
from gbdcc.service.smki.directory import CertificateQuery

runner = CliRunner()
OCA = "CN=GBDCC-OCA,OU=07"


def test_r_pki_1_cli_revoke_then_an_altered_list_is_refused(tmp_path: Path) -> None:
    data = str(tmp_path)
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path))
    supplier = ensure_demo_parties(instance).supplier
    [ds] = [e.record for e in instance.smki.search(CertificateQuery(supplier, False, RemotePartyRole.SUPPLIER))
            if e.record.key_usage.value == "ds"]  # type: ignore[union-attr]
    assert instance.engine is not None
    instance.engine.dispose()

    result = runner.invoke(app, ["smki", "revoke", "--serial", f"{ds.serial:x}", "--reason", "keyCompromise",
                                 "--data-dir", data])
    assert result.exit_code == 0, result.output
    assert f"revocation list 1 of {OCA} verified and applied" in result.stdout
    assert f"revoked {ds.serial:X}" in result.stdout

    out = tmp_path / "oca.crl"
    result = runner.invoke(app, ["smki", "crl", "issue", "--out", str(out), "--data-dir", data])
    assert result.exit_code == 0 and "revocation list 2" in result.stdout and out.is_file()
    shown = runner.invoke(app, ["smki", "crl", "show", "--issuer", OCA, "--data-dir", data])
    assert shown.exit_code == 0 and f"{ds.serial:X}" in shown.stdout and "keyCompromise" in shown.stdout

    der = out.read_bytes()
    newer = runner.invoke(app, ["smki", "crl", "issue", "--out", str(tmp_path / "3.crl"), "--data-dir", data])
    assert newer.exit_code == 0
    altered = bytearray(der)
    altered[len(der) // 3] ^= 0x01
    bad = tmp_path / "altered.crl"
    bad.write_bytes(bytes(altered))
    refused = runner.invoke(app, ["smki", "crl", "import", str(bad), "--data-dir", data])
    assert refused.exit_code == 2
    assert "GBDCC-861 [R-PKI-1]" in refused.output and "Traceback" not in refused.output
    unknown = runner.invoke(app, ["smki", "revoke", "--serial", "dead", "--data-dir", data])
    assert unknown.exit_code == 2 and "GBDCC-863 [R-PKI-1]" in unknown.output

    again = bootstrap.open_instance(Settings(data_dir=tmp_path))
    entry = again.smki.retrieve(ds.serial)
    assert entry is not None and entry.status is CertificateStatus.REVOKED

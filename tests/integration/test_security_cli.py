"""``gbdcc security`` on a data dir's database, and ``/admin/v1/security`` (R-SEC-1, R-SEC-2): refusals are
one ``error: GBDCC-88x`` line with exit 2."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.cli.main import app
from gbdcc.client.file_signing import software_hash
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.security import CredentialToken
from gbdcc.service.security.registers import issue_token

A, B = "90-B3-D5-1F-30-01-00-00", "90-B3-D5-1F-30-02-00-00"


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["security", *args, "--data-dir", str(data_dir)])
    return out.exit_code, out.output


def test_r_sec_2_tokens_software_and_notices_from_the_cli(tmp_path: Path) -> None:
    d = tmp_path / "var"
    code, _ = run(d, "tokens", "issue", "--id", "T1", "--holder", A, "--model", "HSM-X", "--tested-on", "2020-01-01")
    assert code == 0
    code, out = run(d, "tokens", "issue", "--id", "T2", "--holder", B, "--model", "HSM-X", "--tested-on",
                    "2020-01-01", "--fips-level", "2")
    assert code == 2 and "GBDCC-882" in out
    code, out = run(d, "tokens", "issue", "--id", "T3", "--holder", B, "--model", "HSM-X", "--tested-on", "2999-01-01")
    assert code == 2 and "GBDCC-881" in out
    assert run(d, "software", "register", "--tested-on", "2020-01-01", "--reviewed-on", "2020-01-02")[0] == 0
    assert run(d, "software", "distribute", "1.0.0", "--to", B)[0] == 0
    assert software_hash() in run(d, "software", "list")[1]
    code, out = run(d, "notices", "issue", "--token-model", "HSM-X", "--summary", "side channel")
    assert code == 0 and "sent to 1 Authorised Subscriber(s): 90-B3-D5-1F-30-01-00-00" in out
    code, out = run(d, "notices", "issue", "--software", software_hash(), "--summary", "weak RNG")
    assert code == 0 and B in out and A not in out
    assert run(d, "tokens", "end", "T1", "--returned")[0] == 0


def test_r_sec_1_disputes_from_the_cli(tmp_path: Path) -> None:
    d = tmp_path / "var"
    code, out = run(d, "disputes", "raise", "--user", A, "--sections", "G2", "--summary", "x")
    assert code == 2 and "GBDCC-885" in out
    assert run(d, "disputes", "raise", "--user", A, "--sections", "g3,G5", "--summary", "unpatched")[0] == 0
    code, out = run(d, "disputes", "appeal", "1", "--grounds", "g")
    assert code == 2 and "GBDCC-886" in out
    assert run(d, "disputes", "notify-default", "1")[0] == 0  # before any decision
    assert run(d, "disputes", "decide", "1", "--not-complied", "--on", "2030-01-01")[0] == 0
    assert run(d, "disputes", "appeal", "1", "--grounds", "g", "--on", "2030-01-02")[0] == 0
    assert run(d, "disputes", "refer", "1", "--matter", "damages")[0] == 0
    code, out = run(d, "disputes", "list")
    assert code == 0 and "G3 G5" in out and "not-complied" in out and "damages" in out


def test_r_sec_2_admin_api_lists_registers_and_issues_notices(tmp_path: Path) -> None:
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var", admin_token="s3cret"), in_memory=True)
    with TestClient(bootstrap.build_app(instance), headers={"Authorization": "Bearer s3cret"}) as client:
        assert client.get("/admin/v1/security/tokens").json() == {"tokens": []}
        assert client.get("/admin/v1/security/tokens", headers={"Authorization": "Bearer no"}).status_code == 401
        refused = client.post("/admin/v1/security/notices", json={"affects": "token-model", "affected": "HSM-Z",
                                                                  "summary": "x"})
        assert refused.status_code == 404 and refused.json()["detail"]["code"] == "GBDCC-883"
        assert client.post("/admin/v1/security/disputes/1/event-of-default").status_code == 404
        assert client.get("/admin/v1/security/nope").status_code == 404
        issue_token(instance.uow_factory, CredentialToken("T1", Eui64.parse(A), "HSM-Z", 3, date(2020, 1, 1),
                                                          datetime(2020, 1, 2, tzinfo=UTC)))
        made = client.post("/admin/v1/security/notices", json={"affects": "token-model", "affected": "HSM-Z",
                                                               "summary": "x"})
        assert made.status_code == 200 and made.json()["recipients"] == [A]
        assert client.get("/admin/v1/security/notices").json()["notices"][0]["notice_id"] == 1

"""Portal accounts made by the DCC: ``gbdcc portal account add|reset|unlock|list`` and
``POST /admin/v1/portal/accounts`` (loopback admin auth); only for registered Users; passwords never echoed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.cli.main import app

SUPPLIER = "90-B3-D5-1F-30-01-00-00"


def test_admin_endpoint_creates_an_account_once_for_a_registered_user(instance: bootstrap.Instance,
                                                                      supplier: object) -> None:
    s = instance.settings.model_copy(update={"admin_token": "s3cret"})
    client = TestClient(bootstrap.build_app(replace(instance, settings=s)), headers={"Authorization": "Bearer s3cret"})
    body = {"user_id": SUPPLIER, "password": "a long admin-set passphrase"}
    refused = client.post("/admin/v1/portal/accounts", json=body, headers={"Authorization": "Bearer no"})
    assert refused.status_code == 401
    created = client.post("/admin/v1/portal/accounts", json=body)
    assert created.status_code == 201 and created.json()["user_id"] == SUPPLIER
    assert "passphrase" not in created.text
    again = client.post("/admin/v1/portal/accounts", json=body)
    assert again.status_code == 409 and again.json()["detail"]["code"] == "GBDCC-556"
    unknown = client.post("/admin/v1/portal/accounts", json={**body, "user_id": "90-B3-D5-1F-30-99-00-00"})
    assert unknown.status_code == 409
    assert client.post(f"/admin/v1/portal/accounts/{SUPPLIER}/unlock").json()["status"] == "unlocked"


def test_cli_account_add_reset_unlock_list(instance: bootstrap.Instance, supplier: object, tmp_path: Path) -> None:
    data = str(instance.settings.data_dir)
    pw = tmp_path / "pw"
    pw.write_text("a long cli-set passphrase\n")
    runner = CliRunner()
    add = runner.invoke(app, ["portal", "account", "add", SUPPLIER, "--password-file", str(pw), "--data-dir", data])
    assert add.exit_code == 0, add.output
    again = runner.invoke(app, ["portal", "account", "add", SUPPLIER, "--password-file", str(pw), "--data-dir", data])
    assert again.exit_code == 2 and "GBDCC-556" in again.output
    for cmd in (["reset", SUPPLIER, "--password-file", str(pw)], ["unlock", SUPPLIER], ["list"]):
        result = runner.invoke(app, ["portal", "account", *cmd, "--data-dir", data])
        assert result.exit_code == 0, result.output
    assert SUPPLIER in result.output

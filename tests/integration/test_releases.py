"""Release management (R-OPS-1) from outside: ``gbdcc releases notice|list`` and ``/admin/v1/releases``."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.cli.main import app
from gbdcc.config import Settings


def test_r_ops_1_notice_cli_reaches_every_user_and_rdp_and_is_listed(tmp_path: Path) -> None:
    data = str(tmp_path / "var")
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var"))
    register_user(instance, eui="90-B3-D5-1F-30-01-00-00", role="IS", name="Supplier", issue_keys_to=tmp_path / "k")
    assert instance.engine is not None
    instance.engine.dispose()
    runner = CliRunner()
    added = runner.invoke(app, ["rdp", "add", "--id", "ENWL", "--fuel", "E", "--name", "ENWL", "--data-dir", data])
    assert added.exit_code == 0, added.output
    issued = runner.invoke(app, ["releases", "notice", "--title", "Release 5.1", "--consultation-closes", "2099-01-31",
                                 "--testing-from", "2099-02-01", "--testing-to", "2099-02-28", "--data-dir", data])
    assert issued.exit_code == 0, issued.output
    assert "issued to 1 Users and 1 RDPs" in issued.output
    listed = json.loads(runner.invoke(app, ["releases", "list", "--json", "--data-dir", data]).output)["notices"]
    assert [(n["title"], n["users"], n["rdps"]) for n in listed] == [
        ("Release 5.1", ["90-B3-D5-1F-30-01-00-00"], ["ENWL"])]
    refused = runner.invoke(app, ["releases", "notice", "--title", "x", "--consultation-closes", "2000-01-01",
                                  "--testing-from", "2099-02-01", "--testing-to", "2099-02-28", "--data-dir", data])
    assert refused.exit_code == 2 and "GBDCC-541" in refused.output


def test_r_ops_1_admin_api_issues_and_lists_notices(tmp_path: Path) -> None:
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var", admin_token="s3cret"), in_memory=True)
    register_user(instance, eui="90-B3-D5-1F-30-01-00-00", role="IS", name="Supplier", issue_keys_to=tmp_path / "k")
    body = {"title": "Release 6", "summary": "CoS", "consultation_closes_on": "2099-01-31",
            "testing_from": "2099-02-01", "testing_to": "2099-02-28"}
    with TestClient(bootstrap.build_app(instance)) as anonymous:
        assert anonymous.post("/admin/v1/releases", json=body, headers={"Authorization": "Bearer no"}).status_code \
            in (401, 403)
    with TestClient(bootstrap.build_app(instance), headers={"Authorization": "Bearer s3cret"}) as client:
        made = client.post("/admin/v1/releases", json=body)
        assert made.status_code == 201 and made.json()["users"] == ["90-B3-D5-1F-30-01-00-00"]
        bad = client.post("/admin/v1/releases", json={**body, "testing_to": "2099-01-01"})
        assert bad.status_code == 422 and bad.json()["detail"]["code"] == "GBDCC-541"
        assert [n["notice_id"] for n in client.get("/admin/v1/releases").json()["notices"]] == [1]
        report = client.get("/admin/v1/reports/performance", params={"format": "csv"})
        assert report.status_code == 200 and "smki.availability" in report.text

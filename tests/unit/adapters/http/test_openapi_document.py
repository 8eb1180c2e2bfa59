"""``/openapi.json``: served with the DUIS web services and every admin route; each admin operation documents
its success response with a schema and its refusals (401 / 403 at least) with the refusal body."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings

#: Admin operations whose success body is a file, not JSON (a schema-less media type is what they answer).
FILE_ANSWERS = {("post", "/admin/v1/rdp/{rdp_id}/files"), ("get", "/admin/v1/rdp/files/{file_id}/response"),
                ("get", "/admin/v1/reports/{name}")}


def test_the_openapi_document_has_every_admin_route_with_its_responses(tmp_path: Path) -> None:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, scheduler=VirtualScheduler(clock))
    document = TestClient(bootstrap.build_app(instance)).get("/openapi.json").json()
    paths = document["paths"]
    assert {"/api/v1/serviceS", "/api/v1/serviceD", "/api/v1/serviceT", "/healthz", "/metrics"} <= set(paths)
    for prefix in ("users", "rdps", "estate/jobs", "deliveries/failed", "health", "parties", "consents", "cpl",
                   "quarantine", "security", "reports", "scenarios", "rdp"):
        assert any(p.startswith(f"/admin/v1/{prefix}") for p in paths), prefix
    admin = [(method, path, op) for path, ops in paths.items() if path.startswith("/admin/")
             for method, op in ops.items()]
    assert len(admin) >= 35
    for method, path, op in admin:
        responses = op["responses"]
        success = next(code for code in responses if code.startswith("2"))
        assert op.get("tags"), (method, path)
        for code in ("401", "403"):
            assert responses[code]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"}, (method, path, code)
        if (method, path) not in FILE_ANSWERS:
            assert "schema" in responses[success]["content"]["application/json"], (method, path)

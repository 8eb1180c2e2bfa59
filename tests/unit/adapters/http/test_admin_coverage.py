"""``/admin/v1/coverage`` (R-WAN-2): a postcode's coverage with its plan, plans listed, added (North refused as
``{"detail": {code, rule, reason}}``) and completed; the admin token."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http.admin_coverage import router
from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION, CoverageMap, CoverageStatus
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase

TOKEN = "coverage-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = datetime(2017, 5, 1, 9, tzinfo=UTC)
PLAN = {"plan_id": "NEP-S-1", "region": "South", "districts": ["SO14"], "cohort": ["SO14 0AA"],
        "estimated_completion": "2017-09-30"}


def client() -> TestClient:
    coverage = CoverageMap()
    coverage.set("SO14", CoverageStatus.NOT_COVERED)
    app = FastAPI()
    app.include_router(router(InMemoryUnitOfWorkFactory(), FixedClock(NOW), SimulatedCoverageDatabase(coverage),
                              POSTCODE_AREA_REGION, token=TOKEN))
    return TestClient(app)


def test_r_wan_2_admin_adds_lists_checks_and_completes_a_plan() -> None:
    c = client()
    added = c.post("/admin/v1/coverage/neps", json=PLAN, headers=AUTH)
    assert added.status_code == 201
    assert added.json()["created_on"] == "2017-05-01" and added.json()["status"] == "active"
    assert [p["plan_id"] for p in c.get("/admin/v1/coverage/neps", headers=AUTH).json()["plans"]] == ["NEP-S-1"]
    check = c.get("/admin/v1/coverage/check/SO14 0AA", headers=AUTH).json()
    assert check["coverage"]["available"] is False
    assert check["coverage"]["anticipated_date"] == "2017-09-30" and check["plan"]["plan_id"] == "NEP-S-1"
    done = c.post("/admin/v1/coverage/neps/NEP-S-1/complete", json={"completed_on": "2017-05-01"}, headers=AUTH)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    after = c.get("/admin/v1/coverage/check/so140aa", headers=AUTH).json()
    assert (after["postcode"], after["coverage"]["available"]) == ("SO14 0AA", True)


def test_r_wan_2_admin_refusals_name_code_and_rule() -> None:
    c = client()
    north = c.post("/admin/v1/coverage/neps", headers=AUTH,
                   json={**PLAN, "region": "North", "districts": ["EH1"], "cohort": ["EH1 1YZ"]})
    assert north.status_code == 409
    assert north.json()["detail"]["code"] == "GBDCC-521" and north.json()["detail"]["rule"] == "R-WAN-2"
    unknown = c.post("/admin/v1/coverage/neps/NEP-X/complete", json={}, headers=AUTH)
    assert unknown.status_code == 404 and unknown.json()["detail"]["code"] == "GBDCC-523"
    bad = c.get("/admin/v1/coverage/check/BT1 1AA", headers=AUTH)  # Northern Ireland: no GB CSP
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "GBDCC-100"
    assert c.get("/admin/v1/coverage/neps", headers={"Authorization": "Bearer wrong"}).status_code == 401

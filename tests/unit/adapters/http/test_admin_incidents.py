"""``/admin/v1/incidents``, ``/admin/v1/support`` and ``/help/errors/{code}`` over in-memory storage
(R-INC-1, R-SUPPORT-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http import admin_incidents
from gbdcc.domain.incidents.model import IncidentPolicy
from gbdcc.service.incidents.support import SupportTerms

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USER = "90-B3-D5-1F-30-01-00-00"


def client() -> tuple[TestClient, FixedClock]:
    clock = FixedClock(T0)
    app = FastAPI()
    app.include_router(admin_incidents.router(InMemoryUnitOfWorkFactory(), clock, IncidentPolicy(),
                                              SupportTerms(date(2026, 1, 1), 6_000), token=TOKEN))
    return TestClient(app), clock


def test_r_inc_1_admin_api_raises_a_users_incident_with_target_and_help_link_and_steps_it() -> None:
    http, clock = client()
    body = {"category": 2, "title": "no SM WAN", "user": USER, "postcode": "SW1A 1AA", "shown_covered": True,
            "devices": ["00-DB-12-34-56-78-90-A0"], "error_code": "GBDCC-801"}
    made = http.post("/admin/v1/incidents", json=body, headers=AUTH)
    assert made.status_code == 200, made.text
    got = made.json()
    assert (got["category"], got["state"], got["source"], got["target_hours"]) == (2, "open", f"user:{USER}", 8.0)
    assert got["due_at"] == (T0 + timedelta(hours=8)).isoformat() and got["help"] == "/help/errors/GBDCC-801"
    n = got["incident_id"]
    clock.at = T0 + timedelta(hours=1)
    assert http.post(f"/admin/v1/incidents/{n}/assign", json={"owner": "desk"}, headers=AUTH).json()["owner"] == "desk"
    resolved = http.post(f"/admin/v1/incidents/{n}/resolve", json={"resolution": "cell fixed"}, headers=AUTH).json()
    assert resolved["state"] == "resolved" and resolved["within_target"] is True
    early = http.post(f"/admin/v1/incidents/{n}/reopen", headers=AUTH).json()
    assert early["state"] == "assigned" and early["within_target"] is None
    refused = http.post(f"/admin/v1/incidents/{n}/close", headers=AUTH)  # not resolved: refused
    assert refused.status_code == 409 and refused.json()["detail"]["code"] == "GBDCC-532"
    assert [i["incident_id"] for i in http.get(f"/admin/v1/incidents?user={USER}", headers=AUTH).json()["incidents"]] \
        == [n]
    assert http.get("/admin/v1/incidents?state=open", headers=AUTH).json()["incidents"] == []
    assert http.get("/admin/v1/incidents/99", headers=AUTH).json()["detail"]["code"] == "GBDCC-533"
    assert http.post("/admin/v1/incidents", json={**body, "category": 7}, headers=AUTH).json()["detail"]["code"] \
        == "GBDCC-531"
    assert http.get("/admin/v1/incidents", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_r_support_1_admin_api_requests_resolves_and_charges() -> None:
    http, clock = client()
    made = http.post("/admin/v1/support", json={"participant": "Acme", "topic": "test-results",
                                                "summary": "E4?"}, headers=AUTH).json()
    clock.at = T0 + timedelta(hours=2)
    done = http.post(f"/admin/v1/support/{made['support_id']}/resolve",
                     json={"resolution": "explained", "effort_minutes": 30}, headers=AUTH).json()
    assert done["charge_pence"] == 3_000 and done["resolved_at"] == clock.at.isoformat()
    again = http.post(f"/admin/v1/support/{made['support_id']}/resolve",
                      json={"resolution": "x", "effort_minutes": 1}, headers=AUTH)
    assert again.status_code == 409 and again.json()["detail"]["code"] == "GBDCC-537"
    assert [r["participant"] for r in http.get("/admin/v1/support", headers=AUTH).json()["support"]] == ["Acme"]
    bad = http.post("/admin/v1/support", json={"participant": "Acme", "topic": "gossip", "summary": "?"}, headers=AUTH)
    detail = bad.json()["detail"]
    assert (bad.status_code, detail["code"], detail["rule"]) == (409, "GBDCC-535", "R-SUPPORT-1")


def test_r_inc_1_error_handling_strategy_pages_are_served_as_html_and_json_without_auth() -> None:
    http, _ = client()
    page = http.get("/help/errors/GBDCC-404")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "GBDCC-404" in page.text and "DeviceUnknown" in page.text and "What to do" in page.text
    as_json = http.get("/help/errors/gbdcc-404", headers={"Accept": "application/json"}).json()
    assert (as_json["code"], as_json["name"], as_json["response_code"]) == ("GBDCC-404", "DeviceUnknown", "E19")
    assert http.get("/help/errors/GBDCC-404?format=json").json()["path"] == "/help/errors/GBDCC-404"
    missing = http.get("/help/errors/GBDCC-999")
    assert missing.status_code == 404 and missing.json()["detail"]["code"] == "GBDCC-538"

"""``/admin/v1/rdps``: registering RDPs (R-USER-2: one RDP ID per RDP) with their cadences (R-REG-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http.admin_rdps import router

TOKEN = "rdps-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def client(daily: date | None = None) -> TestClient:
    app = FastAPI()
    app.include_router(router(InMemoryUnitOfWorkFactory(), FixedClock(datetime(2026, 6, 1, tzinfo=UTC)), token=TOKEN,
                              daily_files_from=daily))
    return TestClient(app)


def test_r_reg_2_an_rdp_is_added_with_its_cadences_and_listed() -> None:
    c = client(daily=date(2027, 1, 1))
    made = c.post("/admin/v1/rdps", json={"rdp_id": "ENWL", "fuel": "E", "name": "Electricity North West"},
                  headers=AUTH)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["files"] == {"monthly_from": "2026-06-01", "daily_from": "2027-01-01"}
    assert body["status"] == {"monthly_from": "2026-06-01", "daily_from": None} and body["next_sequence"] == 1
    assert [r["rdp_id"] for r in c.get("/admin/v1/rdps", headers=AUTH).json()["rdps"]] == ["ENWL"]
    same = c.post("/admin/v1/rdps", json={"rdp_id": "ENWL", "fuel": "E", "name": "Electricity North West"},
                  headers=AUTH)
    assert same.status_code == 200 and same.json() == body


def test_r_user_2_an_rdp_id_names_one_rdp() -> None:
    c = client()
    c.post("/admin/v1/rdps", json={"rdp_id": "ENWL", "fuel": "E", "name": "ENWL"}, headers=AUTH)
    other = c.post("/admin/v1/rdps", json={"rdp_id": "ENWL", "fuel": "G", "name": "ENWL"}, headers=AUTH)
    assert other.status_code == 409 and other.json()["detail"]["rule"] == "R-USER-2"
    renamed = c.post("/admin/v1/rdps", json={"rdp_id": "WPD", "fuel": "E", "name": "ENWL"}, headers=AUTH)
    assert renamed.status_code == 409
    bad = c.post("/admin/v1/rdps", json={"rdp_id": "no spaces!", "fuel": "E", "name": "X"}, headers=AUTH)
    assert bad.status_code == 422 and set(bad.json()["detail"]) == {"code", "rule", "reason"}
    assert c.get("/admin/v1/rdps").status_code == 401

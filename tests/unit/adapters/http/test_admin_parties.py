"""``/admin/v1/parties`` (GET, PUT) over in-memory storage: record, read, refuse (R-MANDATE-1)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http import admin_parties

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def client() -> tuple[TestClient, InMemoryUnitOfWorkFactory]:
    factory = InMemoryUnitOfWorkFactory()
    app = FastAPI()
    app.include_router(admin_parties.router(factory, token=TOKEN))
    return TestClient(app), factory


def test_r_mandate_1_put_decides_the_type_from_size_and_get_reads_it_back() -> None:
    http, factory = client()
    body = {"domestic_premises": 250_000, "electricity_licence": True, "user_ids": ["90-B3-D5-1F-30-C0-00-01"]}
    put = http.put("/admin/v1/parties/Big plc", json=body, headers=AUTH)
    assert put.status_code == 200 and put.json()["type"] == "large-supplier"
    assert http.get("/admin/v1/parties/Big plc", headers=AUTH).json() == put.json()
    assert http.put("/admin/v1/parties/Wires", json={"type": "dno"}, headers=AUTH).status_code == 200
    assert [p["name"] for p in http.get("/admin/v1/parties", headers=AUTH).json()["parties"]] == ["Big plc", "Wires"]
    with factory(read_only=True) as uow:
        stored = uow.party_profiles.get("Big plc")
    assert stored is not None and str(stored.members[0]) == "90-B3-D5-1F-30-C0-00-01"


def test_r_mandate_1_refusals_name_code_and_rule() -> None:
    http, _ = client()
    assert http.get("/admin/v1/parties", headers={"Authorization": "Bearer wrong"}).status_code == 401
    missing = http.get("/admin/v1/parties/nobody", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["detail"]["code"] == "GBDCC-831"
    bad = http.put("/admin/v1/parties/S", json={"type": "large-supplier"}, headers=AUTH)
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "GBDCC-830"
    bad_id = http.put("/admin/v1/parties/S", json={"user_ids": ["not-an-eui"]}, headers=AUTH)
    assert bad_id.status_code == 422 and bad_id.json()["detail"]["code"] == "GBDCC-100"
    ids = {"electricity_licence": True, "domestic_premises": 1, "user_ids": ["90-B3-D5-1F-30-C0-00-01"]}
    assert http.put("/admin/v1/parties/A", json=ids, headers=AUTH).status_code == 200
    taken = http.put("/admin/v1/parties/B", json=ids, headers=AUTH)
    assert taken.status_code == 409 and taken.json()["detail"]["code"] == "GBDCC-832"
    assert http.put("/admin/v1/parties/A", json=ids, headers=AUTH).status_code == 200  # its own IDs again

"""``/admin/v1/consents`` (R-CONSENT-1..3): consents recorded, withdrawn, noticed and listed; compromise
declarations and the attempt to inform; refusals as ``{"detail": {code, rule, reason}}``; the admin token."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http.admin_consent import router
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole, UserRoleEntry

TOKEN = "consent-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)
SUPPLIER, OU = "90-B3-D5-1F-30-DE-00-01", "90-B3-D5-1F-30-0A-00-07"
MPAN = "1312345678118"  # a valid check digit
CAD = "00-DB-12-34-56-78-90-9C"


def client() -> tuple[TestClient, InMemoryUnitOfWorkFactory]:
    factory = InMemoryUnitOfWorkFactory()
    with factory() as uow:
        since = date(2020, 1, 1)
        uow.users.put(User(Eui64.parse(SUPPLIER), "Supplier", (UserRoleEntry(UserRole.IMPORT_SUPPLIER, since),)))
        uow.users.put(User(Eui64.parse(OU), "App", (UserRoleEntry(UserRole.OTHER_USER, since),)))
        uow.commit()
    app = FastAPI()
    app.include_router(router(factory, FixedClock(NOW), token=TOKEN))
    return TestClient(app), factory


def test_r_consent_1_a_consent_is_recorded_listed_and_withdrawn() -> None:
    c, factory = client()
    reply = c.post("/admin/v1/consents", headers=AUTH,
                   json={"user_id": OU, "mpxn": MPAN, "purposes": ["consumption-data"], "evidence": "app opt-in"})
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert body["consent_id"] == 1 and body["purposes"] == ["consumption-data"] and body["given_at"] == NOW.isoformat()
    listed = c.get("/admin/v1/consents", params={"user": OU, "in_force": "true"}, headers=AUTH).json()["consents"]
    assert [r["consent_id"] for r in listed] == [1]
    withdrawn = c.post("/admin/v1/consents/1/withdraw", headers=AUTH, json={"at": "2026-06-02T00:00:00"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"] == "2026-06-02T00:00:00+00:00"
    with factory(read_only=True) as uow:
        stored = uow.consents.get(1)
    assert stored is not None and stored.withdrawn_at == datetime(2026, 6, 2, tzinfo=UTC)
    again = c.post("/admin/v1/consents/1/withdraw", headers=AUTH)
    assert again.status_code == 400 and again.json()["detail"]["code"] == "GBDCC-842"


def test_r_consent_2_the_third_party_notice_is_recorded_once() -> None:
    c, _ = client()
    c.post("/admin/v1/consents", headers=AUTH, json={"user_id": SUPPLIER, "mpxn": MPAN, "purposes": ["all"]})
    noticed = c.post("/admin/v1/consents/1/notice", headers=AUTH)
    assert noticed.status_code == 200 and noticed.json()["third_party_notice_at"] == NOW.isoformat()
    assert noticed.json()["purposes"] == ["consumption-data", "han-join"]
    twice = c.post("/admin/v1/consents/1/notice", headers=AUTH)
    assert twice.status_code == 400 and twice.json()["detail"]["rule"] == "R-CONSENT-2"


def test_r_consent_3_a_compromise_is_declared_and_its_attempt_to_inform_recorded() -> None:
    c, factory = client()
    reply = c.post("/admin/v1/consents/compromises", headers=AUTH,
                   json={"supplier_id": SUPPLIER, "device_id": CAD, "reason": "floods the HAN"})
    assert reply.status_code == 201 and reply.json()["inform_attempt_at"] is None
    informed = c.post("/admin/v1/consents/compromises/1/inform-attempt", headers=AUTH, json={"attempt": "letter"})
    assert informed.status_code == 200 and informed.json()["inform_attempt"] == "letter"
    listed = c.get("/admin/v1/consents/compromises", headers=AUTH).json()["declarations"]
    assert [(d["declaration_id"], d["device_id"]) for d in listed] == [(1, CAD)]
    with factory(read_only=True) as uow:
        found = uow.consents.declarations_for(Eui64.parse(SUPPLIER), Eui64.parse(CAD))
    assert len(found) == 1 and found[0].allows_unjoin(Eui64.parse(SUPPLIER), Eui64.parse(CAD), NOW)
    refused = c.post("/admin/v1/consents/compromises", headers=AUTH,
                     json={"supplier_id": OU, "device_id": CAD, "reason": "x"})
    assert refused.status_code == 400 and refused.json()["detail"]["rule"] == "R-CONSENT-3"


def test_refusals_and_auth() -> None:
    c, _ = client()
    assert c.get("/admin/v1/consents").status_code == 401
    assert c.get("/admin/v1/consents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    unknown = c.post("/admin/v1/consents/9/withdraw", headers=AUTH)
    assert unknown.status_code == 404 and unknown.json()["detail"]["code"] == "GBDCC-843"
    bad = c.post("/admin/v1/consents", headers=AUTH, json={"user_id": OU, "mpxn": MPAN, "purposes": ["ads"]})
    assert bad.status_code == 400 and "no consent purpose" in bad.json()["detail"]["reason"]
    bad_eui = c.post("/admin/v1/consents", headers=AUTH, json={"user_id": "nope", "mpxn": MPAN, "purposes": ["all"]})
    assert bad_eui.status_code == 400 and bad_eui.json()["detail"]["code"] == "GBDCC-100"

"""``POST /admin/v1/cpl`` / ``GET /admin/v1/cpl``: SECCo's signed CPL uploaded, verified and stored (201); an
altered or release-notes-bearing one refused with 422 naming the rule; bearer token as every admin endpoint."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http.admin_cpl import router
from gbdcc.adapters.smki.cpl_file import IkiCplVerifier, sign_cpl
from gbdcc.adapters.smki.iki import DEFAULT_SECCO_PARTY_SIGNIFIER, Iki

TOKEN = "cpl-admin-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = datetime.now(UTC)
IKI = Iki.generate(DEFAULT_SECCO_PARTY_SIGNIFIER, NOW)
DOC = (b'{"entries":[{"device_type":"ESME","firmware":[{"sha256":"' + b"a" * 64 + b'","version":"00000001"}],'
       b'"hardware_version":"HW1","manufacturer":"SimMeter Ltd","model":"SM-ESME"}],"format":"gbdcc-cpl/1",'
       b'"issued_at":"2026-06-01T00:00:00Z","version":2}')


def client() -> TestClient:
    app = FastAPI()
    app.include_router(router(InMemoryUnitOfWorkFactory(), FixedClock(NOW),
                              IkiCplVerifier(IKI.root.cert, DEFAULT_SECCO_PARTY_SIGNIFIER), token=TOKEN))
    return TestClient(app)


def test_r_pki_2_a_signed_cpl_is_uploaded_verified_and_in_force() -> None:
    c = client()
    assert c.get("/admin/v1/cpl", headers=AUTH).json() == {"cpl_in_force": None}
    reply = c.post("/admin/v1/cpl", content=sign_cpl(DOC, IKI), headers=AUTH)
    assert reply.status_code == 201 and reply.json()["version"] == 2 and reply.json()["device_models"] == 1
    assert c.get("/admin/v1/cpl", headers=AUTH).json()["cpl_in_force"]["party_signifier"] == \
        str(DEFAULT_SECCO_PARTY_SIGNIFIER)
    assert c.post("/admin/v1/cpl", content=sign_cpl(DOC, IKI)).status_code == 401


def test_r_pki_2_an_uploaded_cpl_with_one_altered_byte_is_refused_naming_the_rule() -> None:
    signed = bytearray(sign_cpl(DOC, IKI))
    signed[len(signed) // 2] ^= 0x01
    reply = client().post("/admin/v1/cpl", content=bytes(signed), headers=AUTH)
    assert reply.status_code == 422
    assert reply.json()["detail"]["rule"] == "R-PKI-2" and reply.json()["detail"]["code"] in ("GBDCC-851", "GBDCC-852")


def test_r_sec_3_an_uploaded_cpl_carrying_release_notes_is_refused() -> None:
    with_notes = DOC.replace(b'"model":"SM-ESME"}', b'"model":"SM-ESME","release_notes":"x"}')
    reply = client().post("/admin/v1/cpl", content=sign_cpl(with_notes, IKI), headers=AUTH)
    assert reply.status_code == 422 and reply.json()["detail"]["rule"] == "R-SEC-3"
    assert reply.json()["detail"]["code"] == "GBDCC-853"

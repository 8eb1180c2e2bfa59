"""``POST /admin/v1/rdp/{rdp_id}/files``: bearer token from settings (off without one), the response file back
(200 accepted, 422 refused), the path's RDP checked against the header, bodies over the limit refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.support.rdp import file_text, mpan, reg

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.http.admin_rdp import router
from gbdcc.adapters.rdp.files import read_response
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.service.registration import add_rdp

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def client(token: str | None = TOKEN, max_bytes: int = 1 << 20) -> TestClient:
    factory = InMemoryUnitOfWorkFactory()
    add_rdp(factory, "ENWL", Fuel.ELECTRICITY, "ENWL", RdpCadences(Cadence(date(2026, 1, 1)), Cadence()),
            added_on=date(2026, 1, 1))
    app = FastAPI()
    app.include_router(router(factory, FixedClock(datetime(2026, 6, 1, tzinfo=UTC)), token=token, max_bytes=max_bytes))
    return TestClient(app)


def test_an_uploaded_file_is_answered_with_its_response_file() -> None:
    c = client()
    reply = c.post("/admin/v1/rdp/ENWL/files", content=file_text([reg(mpan(1))]), headers={**AUTH, "X-File-Name": "a"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert read_response(reply.content).accepted
    again = c.get(f"/admin/v1/rdp/files/{reply.headers['x-gbdcc-file-id']}/response", headers=AUTH)
    assert again.status_code == 200 and again.content == reply.content
    assert c.get("/admin/v1/rdp/files/999/response", headers=AUTH).status_code == 404


def test_a_refused_file_is_422_with_its_bad_lines() -> None:
    c = client()
    reply = c.post("/admin/v1/rdp/ENWL/files", content=file_text([reg(mpan(1)), reg("x")]), headers=AUTH)
    assert reply.status_code == 422 and read_response(reply.content).bad_lines == (3,)
    other = c.post("/admin/v1/rdp/WPD/files", content=file_text([reg(mpan(1))]), headers=AUTH)
    assert other.status_code == 422 and "sent for RDP WPD" in read_response(other.content).errors[0][3]


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer"])
def test_without_the_right_bearer_token_401(header: str | None) -> None:
    reply = client().post("/admin/v1/rdp/ENWL/files", content=b"HDR",
                          headers={"Authorization": header} if header else {})
    assert reply.status_code == 401 and reply.headers["www-authenticate"] == "Bearer"


def test_without_a_token_configured_the_api_is_off() -> None:
    c = client(token=None)
    assert c.post("/admin/v1/rdp/ENWL/files", content=b"HDR", headers=AUTH).status_code == 403
    assert c.get("/admin/v1/rdp/files/1/response", headers=AUTH).status_code == 403


def test_a_body_over_the_limit_is_413() -> None:
    c = client(max_bytes=100)
    assert c.post("/admin/v1/rdp/ENWL/files", content=b"x" * 101, headers=AUTH).status_code == 413

    def chunks():  # type: ignore[no-untyped-def]
        yield b"x" * 60
        yield b"x" * 60

    assert c.post("/admin/v1/rdp/ENWL/files", content=chunks(), headers=AUTH).status_code == 413


def legacy_client() -> TestClient:
    factory = InMemoryUnitOfWorkFactory()
    app = FastAPI()
    app.include_router(router(factory, FixedClock(datetime(2026, 6, 1, tzinfo=UTC)), token="admin-token",
                              legacy_token=TOKEN))
    return TestClient(app)


def test_the_admin_token_and_the_deprecated_rdp_token_are_both_accepted() -> None:
    c = legacy_client()
    for token in ("admin-token", TOKEN):
        assert c.get("/admin/v1/rdp/files/1/response",
                     headers={"Authorization": f"Bearer {token}"}).status_code == 404
    refused = c.get("/admin/v1/rdp/files/1/response", headers={"Authorization": "Bearer other"})
    assert refused.status_code == 401 and refused.json()["detail"]["code"] == "GBDCC-570"

"""``/admin/v1/users``: Users, their User Roles (R-USER-1 entry / exit dates, R-USER-2 shared IDs) and keys
issued once — over a real instance (SQLite, the test PKI)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography import x509
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole

TOKEN = "users-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
USER = "90-B3-D5-1F-30-01-00-0A"
URL = "/admin/v1/users"


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    return bootstrap.open_instance(Settings(data_dir=tmp_path, admin_token=TOKEN), clock=clock,
                                   scheduler=VirtualScheduler(clock))


@pytest.fixture
def client(instance: bootstrap.Instance) -> TestClient:
    return TestClient(bootstrap.build_app(instance))


def supplier(client: TestClient, **extra: object) -> dict:  # type: ignore[type-arg]
    body = {"user_id": USER, "name": "Supplier A", "issue_keys": True,
            "roles": [{"role": "IS", "entry_date": "2026-05-01"}, {"role": "GS", "entry_date": "2026-05-02"}],
            **extra}
    reply = client.post(URL, json=body, headers=AUTH)
    assert reply.status_code == 201, reply.text
    return reply.json()  # type: ignore[no-any-return]


def test_r_user_1_a_user_is_registered_in_its_roles_from_their_entry_dates(client: TestClient,
                                                                           instance: bootstrap.Instance) -> None:
    made = supplier(client, response_url="http://supplier.test/duis")
    assert [(r["role"], r["entry_date"], r["exit_date"]) for r in made["roles"]] == [
        ("IS", "2026-05-01", None), ("GS", "2026-05-02", None)]
    assert client.get(f"{URL}/{USER}", headers=AUTH).json() == {k: v for k, v in made.items() if k != "keys"}
    assert [u["user_id"] for u in client.get(URL, headers=AUTH).json()["users"]] == [USER]
    with instance.uow_factory(read_only=True) as uow:
        user = uow.users.get(Eui64.parse(USER))
    assert user is not None and user.roles_on(date(2026, 5, 1)) == {UserRole.IMPORT_SUPPLIER}


def test_issued_keys_are_returned_once_and_the_certificate_is_the_users(client: TestClient,
                                                                       instance: bootstrap.Instance) -> None:
    made = supplier(client)
    keys = made["keys"]
    hexid = Eui64.parse(USER).hex
    assert {"xml-sign.key", "xml-sign.pem", f"{hexid}-ds.key", f"{hexid}-ka.pem", f"{hexid}-pp-ka.key"} <= set(keys)
    assert "PRIVATE KEY" in keys["xml-sign.key"]
    certificate = x509.load_pem_x509_certificate(keys["xml-sign.pem"].encode())
    assert certificate.issuer == instance.identity.pki.organisation_ca.cert.subject
    assert "keys" not in client.get(f"{URL}/{USER}", headers=AUTH).json()
    again = client.post(f"{URL}/{USER}/keys", headers=AUTH)
    assert again.status_code == 201 and again.json()["keys"]["xml-sign.pem"] != keys["xml-sign.pem"]
    assert [r["entry_date"] for r in again.json()["roles"]] == ["2026-05-01", "2026-05-02"]  # dates kept


def test_r_user_2_a_supplier_user_id_cannot_also_be_a_network_operator(client: TestClient) -> None:
    supplier(client)
    refused = client.post(f"{URL}/{USER}/roles", json={"role": "ED", "entry_date": "2026-06-01"}, headers=AUTH)
    assert refused.status_code == 409 and refused.json()["detail"]["rule"] == "R-USER-2"
    added = client.post(f"{URL}/{USER}/roles", json={"role": "ES", "entry_date": "2026-06-01"}, headers=AUTH)
    assert added.status_code == 200 and [r["role"] for r in added.json()["roles"]] == ["IS", "GS", "ES"]
    twice = client.post(URL, json={"user_id": USER, "name": "Supplier A", "issue_keys": True,
                                   "roles": [{"role": "IS"}]}, headers=AUTH)
    assert twice.status_code == 409 and twice.json()["detail"]["code"] == "GBDCC-160"


def test_r_user_1_an_ended_role_is_not_active_from_its_exit_date(client: TestClient,
                                                                 instance: bootstrap.Instance) -> None:
    supplier(client)
    ended = client.post(f"{URL}/{USER}/roles/GS/end", json={"exit_date": "2026-07-01"}, headers=AUTH)
    assert ended.status_code == 200
    assert [r["exit_date"] for r in ended.json()["roles"]] == [None, "2026-07-01"]
    with instance.uow_factory(read_only=True) as uow:
        user = uow.users.get(Eui64.parse(USER))
    assert user is not None and UserRole.GAS_SUPPLIER not in user.roles_on(date(2026, 7, 1))
    assert UserRole.GAS_SUPPLIER in user.roles_on(date(2026, 6, 30))
    early = client.post(f"{URL}/{USER}/roles/IS/end", json={"exit_date": "2026-04-01"}, headers=AUTH)
    assert early.status_code == 422 and early.json()["detail"]["code"] == "GBDCC-572"
    absent = client.post(f"{URL}/{USER}/roles/ED/end", json={"exit_date": "2026-07-01"}, headers=AUTH)
    assert absent.status_code == 404 and absent.json()["detail"]["code"] == "GBDCC-571"


def test_refusals_are_json_with_code_rule_and_reason(client: TestClient) -> None:
    unknown = client.get(f"{URL}/90-B3-D5-1F-30-01-00-FF", headers=AUTH)
    assert unknown.status_code == 404 and set(unknown.json()["detail"]) == {"code", "rule", "reason"}
    assert client.get(f"{URL}/not-an-eui", headers=AUTH).status_code == 422
    neither = client.post(URL, json={"user_id": USER, "name": "A", "roles": [{"role": "IS"}]}, headers=AUTH)
    assert neither.status_code == 422 and neither.json()["detail"]["code"] == "GBDCC-572"
    bad_pem = client.post(URL, json={"user_id": USER, "name": "A", "roles": [{"role": "IS"}],
                                     "certificate_pem": "-----BEGIN nothing"}, headers=AUTH)
    assert bad_pem.status_code == 422 and bad_pem.json()["detail"]["code"] == "GBDCC-610"
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer wrong"}).status_code == 401

"""The DUIS gateway end to end over HTTP: Non-Device requests and every refusal of issue #2's list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.adapters.provisioning.estate import generate_estate as generate_estate_into
from gbdcc.adapters.provisioning.hubs import RTDS_CHF, RTDS_GPF
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus

Signer = Any  # the conftest fixture type (tests cannot import conftest under importlib mode)



ESME = "00-DB-12-34-56-78-90-B0"
NS = {"sr": "http://www.dccinterface.co.uk/ServiceUserGateway"}

PRENOTIFY = (f"<sr:DevicePrenotification><sr:DeviceID>{ESME}</sr:DeviceID><sr:DeviceManufacturer>AB01"
             "</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
             "</sr:DeviceType><sr:FirmwareVersion>0002012F</sr:FirmwareVersion></sr:DevicePrenotification>")


def read_inventory(device: str) -> str:
    return f"<sr:ReadInventory><sr:DeviceID>{device}</sr:DeviceID></sr:ReadInventory>"


def post(client: TestClient, body: bytes, service: str = "serviceD"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/{service}", content=body, headers={"Content-Type": "application/xml"})


def response_code(reply) -> str:  # type: ignore[no-untyped-def]
    return etree.fromstring(reply.content).findtext("sr:Header/sr:ResponseCode", namespaces=NS)


def assert_signed_by_dcc(instance: bootstrap.Instance, body: bytes) -> None:
    cert = x509.load_pem_x509_certificate(instance.identity.xml_signing_cert_pem().encode())
    verify_signature(etree.fromstring(body), cert)


def audit_decisions(instance: bootstrap.Instance) -> list[tuple[str, str, str]]:
    with instance.uow_factory() as uow:
        return [(r.direction, r.state.value, r.decision.response_code if r.decision else "")
                for r in uow.audit.recent(100)]


def test_prenotified_device_reads_back_pending(client: TestClient, instance: bootstrap.Instance,
                                               supplier: Signer) -> None:
    reply = post(client, supplier.request("12.2", PRENOTIFY))
    assert reply.status_code == 200, reply.headers
    assert response_code(reply) == "I0"
    assert_signed_by_dcc(instance, reply.content)

    reply = post(client, supplier.request("8.2", read_inventory(ESME)))
    assert response_code(reply) == "I0"
    device = etree.fromstring(reply.content).find(".//sr:DSPInventory/sr:Device", NS)
    assert device is not None
    assert device.findtext("sr:DeviceID", namespaces=NS) == ESME
    assert device.findtext("sr:DeviceStatus", namespaces=NS) == "Pending"
    assert device.findtext("sr:DeviceType", namespaces=NS) == "ESME"
    assert_signed_by_dcc(instance, reply.content)
    # request and response stored for both
    assert [d for d in audit_decisions(instance) if d[2] == "I0"].__len__() == 4


def test_hub_install_success_commissions_chf_and_gpf(client: TestClient, instance: bootstrap.Instance,
                                                     supplier: Signer) -> None:
    body = ("<sr:CHFInstallSuccessSMWAN><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID><sr:CHFInstallType>"
            "New CHF Install</sr:CHFInstallType><sr:MPxN>1312345678907</sr:MPxN><sr:AerialInstall>false"
            "</sr:AerialInstall><sr:CHFLocation>Basement or Cellar</sr:CHFLocation></sr:CHFInstallSuccessSMWAN>")
    reply = post(client, supplier.request("8.14.1", body))
    assert response_code(reply) == "I0", reply.headers
    with instance.uow_factory() as uow:
        assert uow.inventory.get(RTDS_CHF).status is SmiStatus.COMMISSIONED  # type: ignore[union-attr]
        assert uow.inventory.get(RTDS_GPF).status is SmiStatus.INSTALLED_NOT_COMMISSIONED  # type: ignore[union-attr]


def test_tampered_signature_is_refused_and_nothing_accepted(client: TestClient, instance: bootstrap.Instance,
                                                            supplier: Signer) -> None:
    signed = supplier.request("12.2", PRENOTIFY)
    tampered = signed.replace(b"AB01", b"AB02")
    reply = post(client, tampered)
    assert reply.status_code == 200  # a DUIS Response: HTTP 200 with its code in the body (DCC Boxed)
    assert response_code(reply) == "E1"
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-300"
    assert "digest" in reply.headers["X-GBDCC-Reason"]
    with instance.uow_factory() as uow:
        assert uow.inventory.get(Eui64.parse(ESME)) is None
    assert ("in", "rejected", "E1") in audit_decisions(instance)
    assert all(state != "completed" for _, state, _ in audit_decisions(instance))


def test_replayed_counter_is_refused(client: TestClient, supplier: Signer) -> None:
    first = supplier.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2"), counter=500)
    assert response_code(post(client, first)) == "I0"
    replay = post(client, first)
    assert replay.headers["X-GBDCC-Error-Code"] == "GBDCC-301"
    lower = post(client, supplier.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2"), counter=499))
    assert lower.headers["X-GBDCC-Error-Code"] == "GBDCC-301"
    assert response_code(lower) == "E1"


def test_unknown_user_is_e1(client: TestClient, tmp_path: Path, instance: bootstrap.Instance,
                            supplier: Signer) -> None:
    stranger = type(supplier)("90-B3-D5-1F-30-09-00-00", supplier.key, supplier.cert, iter(range(1, 10)))
    reply = post(client, stranger.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2")))
    assert response_code(reply) == "E1"
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-302"
    assert reply.headers["X-GBDCC-Rule"] == "R-USER-1"


def test_role_not_eligible_is_e2(client: TestClient, instance: bootstrap.Instance, supplier: Signer,
                                 network_operator: Signer) -> None:
    assert response_code(post(client, supplier.request("12.2", PRENOTIFY))) == "I0"
    reply = post(client, network_operator.request(
        "8.3", f"<sr:DecommissionDevice><sr:DeviceID>{ESME}</sr:DeviceID></sr:DecommissionDevice>"))
    assert reply.status_code == 200
    assert response_code(reply) == "E2"
    assert reply.headers["X-GBDCC-Rule"] == "R-SR-1"
    assert_signed_by_dcc(instance, reply.content)
    with instance.uow_factory() as uow:
        assert uow.inventory.get(Eui64.parse(ESME)).status is SmiStatus.PENDING  # type: ignore[union-attr]


def test_user_before_entry_date_is_e3(client: TestClient, future_user: Signer) -> None:
    reply = post(client, future_user.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2")))
    assert response_code(reply) == "E3"
    assert reply.headers["X-GBDCC-Rule"] == "R-USER-1"


def test_wrong_web_service_is_e13(client: TestClient, supplier: Signer) -> None:
    reply = post(client, supplier.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2")), "serviceS")
    assert response_code(reply) == "E13"


@pytest.mark.oracle
def test_xxe_sample_is_refused(client: TestClient, instance: bootstrap.Instance, oracles: Path) -> None:
    reply = post(client, (oracles / "duis-responses" / "duis-xxe.xml").read_bytes())
    assert reply.status_code == 400
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-201"
    assert b"root:" not in reply.content
    assert ("in", "rejected", "E1") in audit_decisions(instance)


def test_fifty_megabyte_body_is_refused_without_storing_it(client: TestClient, instance: bootstrap.Instance) -> None:
    reply = post(client, b"<a>" + b"x" * (50 * 1024 * 1024) + b"</a>")
    assert reply.status_code == 413
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-202"
    with instance.uow_factory() as uow:
        stored = uow.audit.recent(5)
    assert stored and stored[0].body == b""


@pytest.mark.parametrize("raw", [b"<sr:Request", b"not xml at all", b"", b"<a><b></a>"])
def test_malformed_xml_is_refused(client: TestClient, raw: bytes) -> None:
    reply = post(client, raw)
    assert reply.status_code == 400
    assert reply.headers["X-GBDCC-Error-Code"].startswith("GBDCC-20")


def test_health_and_metrics(client: TestClient, supplier: Signer) -> None:
    post(client, supplier.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2")))
    assert client.get("/healthz").json()["status"] == "ok"
    metrics = client.get("/metrics").text
    assert 'gbdcc_duis_requests_total{response_code="I0",web_service="serviceD"} 1.0' in metrics


def test_replay_of_a_refused_request_is_still_a_replay(client: TestClient, network_operator: Signer) -> None:
    """A refused but authentic request consumes its counter (DUIS 3.2.3): its replay is refused as such."""
    refused = network_operator.request(
        "8.3", f"<sr:DecommissionDevice><sr:DeviceID>{ESME}</sr:DeviceID></sr:DecommissionDevice>")
    assert response_code(post(client, refused)) == "E2"
    again = post(client, refused)
    assert again.headers["X-GBDCC-Error-Code"] == "GBDCC-301"


def test_read_inventory_by_mpxn_returns_the_smart_metering_system(client: TestClient, instance: bootstrap.Instance,
                                                                  supplier: Signer) -> None:
    generate_estate_into(instance, 5, seed=7)
    premises = next(p for p in generate_estate(5, 7) if p.mpan)
    reply = post(client, supplier.request("8.2", f"<sr:ReadInventory><sr:MPxN>{premises.mpan}</sr:MPxN>"
                                                 "</sr:ReadInventory>"))
    assert response_code(reply) == "I0", reply.headers
    types = {el.text for el in etree.fromstring(reply.content).iterfind(".//sr:Device/sr:DeviceType", NS)}
    assert DeviceType.ESME.value in types and DeviceType.CHF.value in types


def test_body_element_must_match_the_srv(client: TestClient, supplier: Signer) -> None:
    reply = post(client, supplier.request("8.3", read_inventory(ESME)))
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-204"
    assert "DecommissionDevice" in reply.headers["X-GBDCC-Reason"]


def test_update_inventory_outside_the_xsd_enumeration_is_refused(client: TestClient, supplier: Signer) -> None:
    assert response_code(post(client, supplier.request("12.2", PRENOTIFY))) == "I0"
    body = (f"<sr:UpdateInventory><sr:DeviceID>{ESME}</sr:DeviceID><sr:UpdateDeviceStatusExceptCH>Commissioned"
            "</sr:UpdateDeviceStatusExceptCH></sr:UpdateInventory>")
    reply = post(client, supplier.request("8.4", body))
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-203"  # refused by the DUIS 5.4 XSD before any handler
    assert reply.headers["X-GBDCC-Rule"] == "DUIS-3.2.1"


def test_signature_wrapping_is_refused(client: TestClient, instance: bootstrap.Instance, supplier: Signer) -> None:
    """A genuine signature moved over a different body (the signed original hidden in ds:Object) or a
    second Signature must not authenticate anything."""
    signed = supplier.request("8.2", read_inventory("00-DB-12-34-56-78-90-A2"))
    root = etree.fromstring(signed)
    ds = "http://www.w3.org/2000/09/xmldsig#"
    sig = root[-1]
    original_body = root.find("sr:Body", NS)
    evil_body = etree.fromstring(
        f'<sr:Body xmlns:sr="{NS["sr"]}"><sr:DecommissionDevice><sr:DeviceID>00-DB-12-34-56-78-90-A2'
        "</sr:DeviceID></sr:DecommissionDevice></sr:Body>")
    wrapped = etree.fromstring(signed)
    wrapped.replace(wrapped.find("sr:Body", NS), evil_body)
    obj = etree.SubElement(wrapped[-1], f"{{{ds}}}Object")
    obj.append(original_body)
    reply = post(client, etree.tostring(wrapped))
    assert reply.status_code == 200
    assert reply.headers["X-GBDCC-Error-Code"] in ("GBDCC-200", "GBDCC-204", "GBDCC-300")

    doubled = etree.fromstring(signed)
    doubled.append(etree.fromstring(etree.tostring(sig)))
    reply = post(client, etree.tostring(doubled))
    assert reply.status_code in (200, 400)  # a DUIS E1 if the header could be read, else 400
    with instance.uow_factory() as uow:
        assert uow.inventory.get(RTDS_CHF).status is SmiStatus.PENDING  # type: ignore[union-attr]
        assert all(r.state.value != "completed" for r in uow.audit.recent(10))

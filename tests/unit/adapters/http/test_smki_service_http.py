"""The SMKI service's HTTP shape (DCC Boxed's ``/services/certificatesearch`` and ``/retrievecertificate``):
answers, the 401 / 402 codes its clients read, and hostile or malformed bodies refused."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.http.smki_service import create_smki_app
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.inventory import DeviceType

XML = {"content-type": "application/xml"}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[bootstrap.Instance, TestClient]:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    inst = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, scheduler=VirtualScheduler(clock),
                                   in_memory=True)
    ensure_estate(inst, 4, parties=ensure_demo_parties(inst).estate)
    return inst, TestClient(create_smki_app(inst.smki, api_key="k3y"))


def search(client: TestClient, body: str, key: str | None = "k3y") -> tuple[int, etree._Element]:
    r = client.post("/services/certificatesearch", params={"apikey": key} if key else {}, headers=XML,
                    content=f"<CertificateSearchRequest>{body}</CertificateSearchRequest>")
    assert r.headers["content-type"].startswith("application/xml")
    return r.status_code, etree.fromstring(r.content)


def test_search_then_retrieve_an_organisation_certificate(setup: tuple[bootstrap.Instance, TestClient]) -> None:
    inst, client = setup
    supplier = ensure_demo_parties(inst).supplier
    code, doc = search(client, f"<CertificateSubjectName>{supplier}</CertificateSubjectName>"
                               "<CertificateRole>2</CertificateRole><CertificateUsage>DS</CertificateUsage>")
    assert code == 200 and doc.tag == "CertificateSearchResponse" and doc.findtext("ResponseCode") == "200"
    [result] = doc.findall("Result")
    assert result.findtext("CertificateSubjectName") == str(supplier)
    assert (result.findtext("CertificateRole"), result.findtext("CertificateUsage"),
            result.findtext("CertificateStatus")) == ("2", "DS", "I")
    serial = result.findtext("CertificateSerial")
    r = client.post("/services/retrievecertificate", params={"apikey": "k3y"}, headers=XML,
                    content=f"<CertificateDataRequest><CertificateSerial>{serial.lower()}</CertificateSerial>"
                            "</CertificateDataRequest>")
    assert r.status_code == 200
    body = etree.fromstring(r.content).find("CertificateResponse")
    text = body.findtext("CertificateBody")
    assert max(len(line) for line in text.splitlines()) <= 64
    cert = x509.load_der_x509_certificate(base64.b64decode(text))
    assert f"{cert.serial_number:X}" == serial == body.findtext("CertificateSerial")


def test_a_device_search_answers_both_key_usages(setup: tuple[bootstrap.Instance, TestClient]) -> None:
    _, client = setup
    gsme = next(d for p in generate_estate(4, 1) if (d := p.device(DeviceType.GSME)) is not None)
    code, doc = search(client, f"<CertificateSubjectAltName>{str(gsme.device_id).lower()}"
                               "</CertificateSubjectAltName>")
    assert code == 200
    assert sorted(r.findtext("CertificateUsage") for r in doc.findall("Result")) == ["DS", "KA"]
    assert all(r.find("CertificateRole") is None and r.findtext("CertificateSubjectAltName") == str(gsme.device_id)
               for r in doc.findall("Result"))


@pytest.mark.parametrize("body, code", [
    ("<CertificateSubjectName>00-11-22-33-44-55-66-77</CertificateSubjectName>", 402),  # nobody
    ("<CertificateSubjectName>nonsense</CertificateSubjectName>", 401),
    ("", 401),  # neither subject
    ("<CertificateSubjectName>90-B3-D5-1F-30-00-00-02</CertificateSubjectName>"
     "<CertificateSubjectAltName>90-B3-D5-1F-30-00-00-02</CertificateSubjectAltName>", 401),  # both
    ("<CertificateSubjectName>90-B3-D5-1F-30-00-00-02</CertificateSubjectName><CertificateUsage>XX"
     "</CertificateUsage>", 401),
    ("<CertificateSubjectName>90-B3-D5-1F-30-00-00-02</CertificateSubjectName><CertificateRole>²"
     "</CertificateRole>", 401),  # a Unicode digit is not a role number
    ("<CertificateSubjectName>90-B3-D5-1F-30-00-00-02</CertificateSubjectName><Extra>1</Extra>", 401),
])
def test_unreadable_searches_get_401_and_empty_ones_402(
    setup: tuple[bootstrap.Instance, TestClient], body: str, code: int
) -> None:
    got, doc = search(setup[1], body)
    assert got == code and doc.findtext("ResponseCode") == str(code) and doc.findtext("ResponseMessage")


def test_hostile_bodies_and_a_wrong_api_key_are_refused(setup: tuple[bootstrap.Instance, TestClient]) -> None:
    _, client = setup
    assert search(client, "<CertificateSubjectName>90-B3-D5-1F-30-00-00-02</CertificateSubjectName>",
                  key="wrong")[0] == 401
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            "<CertificateSearchRequest><CertificateSubjectName>&b;</CertificateSubjectName>"
            "</CertificateSearchRequest>")
    for content in (bomb, "<CertificateSearchRequest>" + "x" * 20000, "not xml",
                    "<CertificateDataRequest><CertificateSerial>1</CertificateSerial></CertificateDataRequest>"):
        r = client.post("/services/certificatesearch", params={"apikey": "k3y"}, headers=XML, content=content)
        assert r.status_code == 401, content[:40]
    for serial in ("", "xyz", "1" * 43, "１２"):
        r = client.post("/services/retrievecertificate", params={"apikey": "k3y"}, headers=XML,
                        content=f"<CertificateDataRequest><CertificateSerial>{serial}</CertificateSerial>"
                                "</CertificateDataRequest>".encode())
        assert r.status_code == 401, serial
    r = client.post("/services/retrievecertificate", params={"apikey": "k3y"}, headers=XML,
                    content="<CertificateDataRequest><CertificateSerial>ABCDEF</CertificateSerial>"
                            "</CertificateDataRequest>")
    assert r.status_code == 402

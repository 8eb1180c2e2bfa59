"""Issue 8 end to end: a suite of hostile requests posted to the real ASGI app. A 5xx for any input is a bug: every
request gets a DUIS refusal (4xx, E1 for an unreadable request) with its code, rule and reason, every refusal is
in the audit trail, and none is executed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.duis import signature as signature_module
from gbdcc.adapters.duis.signature import sign_document
from gbdcc.domain.ids import Eui64

Signer = Any  # the conftest fixture type (tests cannot import conftest under importlib mode)

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
DS = "http://www.w3.org/2000/09/xmldsig#"
USER = "90-B3-D5-1F-30-01-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
HUB = "00-DB-12-34-56-78-90-A2"  # the demo estate's CHF


def request_xml(counter: str = "1", *, cv: str = "8", srv: str = "8.2", user: str = USER,
                body: str = f"<sr:ReadInventory><sr:DeviceID>{HUB}</sr:DeviceID></sr:ReadInventory>",
                root_extra: str = "") -> str:
    sref = srv if srv.count(".") < 2 else srv.rsplit(".", 1)[0]
    return (f'<sr:Request xmlns:sr="{SR}" {root_extra} schemaVersion="5.4"><sr:Header>'
            f"<sr:RequestID>{user}:{ACB}:{counter}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant>"
            f"<sr:ServiceReference>{sref}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
            f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>")


def sign(signer: Signer, xml: str) -> bytes:
    """Signed as the registered User: the attacker is (or replays a request of) a real User."""
    return sign_document(etree.fromstring(xml.encode(), etree.XMLParser(huge_tree=True)), signer.key, signer.cert)


def replace_once(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert raw.count(old) == 1, old
    return raw.replace(old, new)


def hostile_suite(signer: Signer, counters: Iterator[int]) -> dict[str, bytes]:
    """Every hostile request, each with a fresh counter (so a refusal is not merely a replay)."""
    n = lambda: str(next(counters))  # noqa: E731
    s = lambda **kw: sign(signer, request_xml(n(), **kw))  # noqa: E731
    serial = str(signer.cert.serial_number).encode()
    suite: dict[str, bytes] = {}
    for digit in ("²", "⁸", "٣", "８"):
        suite[f"CommandVariant {digit}"] = s(cv=digit)
        suite[f"counter {digit}"] = sign(signer, request_xml(n() + digit))
        suite[f"KeyInfo serial {digit}"] = replace_once(s(), serial + b"<", digit.encode() * 3 + b"<")
        suite[f"MPAN {digit}"] = s(srv="8.4", body=f"<sr:UpdateInventory><sr:DeviceID>{HUB}</sr:DeviceID>"
                                   f"<sr:UpdateMPxN><sr:ImportMPxN>{digit * 13}</sr:ImportMPxN></sr:UpdateMPxN>"
                                   "</sr:UpdateInventory>")
    suite["KeyInfo serial of 5,000 digits"] = replace_once(s(), serial + b"<", b"7" * 5000 + b"<")
    suite["CommandVariant of 5,000 digits"] = s(cv="0" * 4999 + "8")
    for issuer in ("1.40=Z1", "CN=Z1,3.1=x", "OID.2.²=x", "CN=" + "Z" * 5000):
        suite[f"issuer {issuer[:12]}"] = re.sub(rb"(<ds:X509IssuerName>)[^<]*", b"\\g<1>" + issuer.encode(), s())
    c = n()
    suite["comment inside the counter"] = replace_once(sign(signer, request_xml(c + "9")),
                                                       f":{c}9<".encode(), f":{c}<!---->9<".encode())
    suite["comment inside a body value"] = replace_once(s(), HUB.encode() + b"<", HUB[:-1].encode() + b"<!---->2<")
    suite["duplicated body element"] = s(body=f"<sr:ReadInventory><sr:DeviceID>{HUB}</sr:DeviceID>"
                                         f"<sr:DeviceID>{HUB}</sr:DeviceID></sr:ReadInventory>")
    suite["misplaced header element"] = replace_once(s(), b"</sr:RequestID>", b"</sr:RequestID><sr:Body/>")
    suite["unknown body element"] = s(body="<sr:ReadInventory><sr:Nonsense/></sr:ReadInventory>")
    attrs = " ".join(f'a{i}=""' for i in range(2000))
    suite["attributes bomb"] = s(body=f"<sr:ReadInventory><sr:DeviceID {attrs}>{HUB}</sr:DeviceID></sr:ReadInventory>")
    decls = " ".join(f'xmlns:p{i}="urn:{i}"' for i in range(300))
    suite["namespace bomb"] = s(root_extra=decls, body="<sr:ReadInventory>" + "<sr:X/>" * 300 + "</sr:ReadInventory>")
    suite["element flood"] = s(body="<sr:ReadInventory>" + "<sr:X/>" * 12_000 + "</sr:ReadInventory>")
    suite["deep nesting"] = s(body="<sr:X>" * 100 + "</sr:X>" * 100)
    suite["doctype"] = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    suite["processing instruction"] = replace_once(s(), b"<sr:Body>", b"<sr:Body><?php x?>")
    suite["utf-16"] = request_xml(n()).encode("utf-16")
    suite["empty"] = b""
    suite["not xml"] = b"\x00\xff garbage \x89PNG"
    suite["truncated"] = s()[:-20]
    suite["schemaVersion 9.9"] = replace_once(s(), b'schemaVersion="5.4"', b'schemaVersion="9.9"')
    suite["unknown User"] = sign(signer, request_xml(n(), user="90-B3-D5-1F-30-0F-00-00"))
    return suite


@pytest.fixture
def raw_client(instance: bootstrap.Instance) -> Iterator[TestClient]:
    """The real app, with server errors turned into HTTP 500 replies rather than re-raised in the test."""
    with TestClient(bootstrap.build_app(instance), raise_server_exceptions=False) as c:
        yield c


def _post(client: TestClient, raw: bytes) -> Any:
    return client.post("/api/v1/serviceD", content=raw, headers={"Content-Type": "application/xml"})


def _audit_count(instance: bootstrap.Instance) -> int:
    with instance.uow_factory() as uow:
        return len(uow.audit.recent(100_000))


def test_no_hostile_request_yields_5xx(raw_client: TestClient, instance: bootstrap.Instance,
                                       supplier: Signer) -> None:
    from itertools import count

    suite = hostile_suite(supplier, count(100))
    assert len(suite) >= 35
    before = {str(d.device_id): d for d in _devices(instance)}
    outcomes = {}
    for name, raw in suite.items():
        audited = _audit_count(instance)
        reply = _post(raw_client, raw)
        outcomes[name] = reply.status_code
        assert reply.status_code < 500, (name, reply.status_code, reply.text[:300])
        # refused: a DUIS E1 Response (HTTP 200, as DCC Boxed answers) when the header could be read,
        # else an HTTP 4xx with a plain-text reason
        assert reply.status_code == 200 or 400 <= reply.status_code < 500, (name, reply.status_code)
        assert reply.headers["X-GBDCC-Response-Code"] == "E1", (name, reply.headers)
        assert reply.headers["X-GBDCC-Error-Code"].startswith("GBDCC-") and reply.headers["X-GBDCC-Reason"], name
        assert _audit_count(instance) > audited, f"{name}: refusal not in the audit trail"
    assert {str(d.device_id): d for d in _devices(instance)} == before  # nothing executed
    assert set(outcomes.values()) <= {200, 400, 413}


def _devices(instance: bootstrap.Instance) -> list[Any]:
    with instance.uow_factory() as uow:
        return [d for d in (uow.inventory.get(Eui64.parse(HUB)),) if d is not None]


def test_unknown_user_is_refused_before_canonicalising(client: TestClient, supplier: Signer,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    raw = sign(supplier, request_xml("7", user="90-B3-D5-1F-30-0F-00-00"))
    calls = _count_canonicalisations(monkeypatch)
    reply = _post(client, raw)
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-302"
    assert calls == []


def test_replayed_request_is_refused_before_canonicalising(client: TestClient, supplier: Signer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    raw = sign(supplier, request_xml("7"))
    assert _post(client, raw).status_code == 200
    calls = _count_canonicalisations(monkeypatch)
    reply = _post(client, raw)
    assert reply.headers["X-GBDCC-Error-Code"] == "GBDCC-301"
    assert calls == []


def _count_canonicalisations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    real: Callable[..., bytes] = signature_module._document_c14n
    monkeypatch.setattr(signature_module, "_document_c14n", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_overlong_content_length_header_is_refused(raw_client: TestClient) -> None:
    reply = raw_client.post("/api/v1/serviceD", content=b"<r/>",
                            headers={"Content-Type": "application/xml", "Content-Length": "9" * 5000})
    assert 400 <= reply.status_code < 500

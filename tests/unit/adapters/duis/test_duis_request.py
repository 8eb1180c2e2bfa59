"""The request codec reads every RTDS template and refuses structurally broken requests: the structural checks
on their own (``request_from_root``, no schema) and the whole ``parse_request`` (schema first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gbdcc.adapters.duis.request import parse_request, request_from_root
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.domain.errors import HeaderInvalid, InvalidIdentifier, MalformedRequest, SchemaInvalid
from gbdcc.domain.ids import Eui64, RequestId

READ_INVENTORY = b"""<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
  <sr:Header>
    <sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000</sr:RequestID>
    <sr:CommandVariant>8</sr:CommandVariant>
    <sr:ServiceReference>8.2</sr:ServiceReference>
    <sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant>
  </sr:Header>
  <sr:Body>
    <sr:ReadInventory>
      <sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID>
    </sr:ReadInventory>
  </sr:Body>
  <ds:Signature><ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>
      <ds:Reference URI=""><ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue>ZGVmYXVsdA==</ds:DigestValue></ds:Reference></ds:SignedInfo>
    <ds:SignatureValue>ZGVmYXVsdA==</ds:SignatureValue>
    <ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=Z1,OU=07</ds:X509IssuerName>
      <ds:X509SerialNumber>1234567890</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo>
  </ds:Signature>
</sr:Request>"""


def _variant(old: str, new: str) -> bytes:
    assert old.encode() in READ_INVENTORY
    return READ_INVENTORY.replace(old.encode(), new.encode())


def test_read_inventory_fields() -> None:
    req = parse_request(READ_INVENTORY)
    assert req.request_id == RequestId(Eui64(0x90B3D51F30010000), Eui64(0x90B3D51F30000002), 1000)
    assert req.originator == Eui64.parse("90-B3-D5-1F-30-01-00-00")
    assert req.target == Eui64.parse("90-B3-D5-1F-30-00-00-02")
    assert req.command_variant == 8
    assert (req.service_reference, req.service_reference_variant) == ("8.2", "8.2")
    assert req.first_in_sequence is None and req.preceding_request_id is None
    assert req.body_name == "ReadInventory"
    assert req.schema_version == "5.4"
    assert req.text("DeviceID") == "00-DB-12-34-56-78-90-A2"
    assert req.eui("DeviceID") == Eui64(0x00DB1234567890A2)
    assert req.text("UPRN") is None and not req.has("UPRN")
    assert req.raw == READ_INVENTORY
    assert req.signature.tag == "{http://www.w3.org/2000/09/xmldsig#}Signature"


def _structural(raw: bytes) -> object:
    """The structural checks alone, on a safely parsed document (no schema validation)."""
    return request_from_root(parse_xml(raw), raw)


def test_body_helpers() -> None:
    req = request_from_root(parse_xml(raw := _variant("<sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID>",
                                 "<sr:A><sr:N>12</sr:N><sr:B>true</sr:B><sr:N>13</sr:N></sr:A>")), raw)
    assert req.int_value("A/N") == 12
    assert req.texts("A/N") == ["12", "13"]
    assert req.bool_value("A/B") is True
    assert req.int_value("A/Z", 7) == 7
    with pytest.raises(MalformedRequest, match="ReadInventory/A/Z is missing"):
        req.require_text("A/Z")
    with pytest.raises(MalformedRequest, match="not an integer"):
        req.int_value("A/B")
    assert [el.tag.split("}")[1] for el in req.iter_body()] == ["ReadInventory", "A", "N", "B", "N"]


def test_optional_header_elements() -> None:
    req = parse_request(_variant(
        "<sr:CommandVariant>",
        "<sr:FirstInSequence>false</sr:FirstInSequence>"
        "<sr:PrecedingServiceRequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:999"
        "</sr:PrecedingServiceRequestID><sr:CommandVariant>",
    ))
    assert req.first_in_sequence is False
    assert req.preceding_request_id is not None and req.preceding_request_id.counter == 999


@pytest.mark.oracle
def test_every_template_parses(templates: Path) -> None:
    files = sorted(templates.glob("*.XML"))
    assert len(files) == 297
    seen_cv: set[int] = set()
    for f in files:
        raw = f.read_bytes()
        req = parse_request(raw)
        text = raw.decode()
        assert str(req.request_id) == re.search(r"<sr:RequestID>(.*?)<", text).group(1)  # type: ignore[union-attr]
        assert f"<sr:ServiceReferenceVariant>{req.service_reference_variant}<" in text
        assert f"<sr:{req.body_name}" in text
        seen_cv.add(req.command_variant)
    assert seen_cv == {1, 2, 4, 8}


@pytest.mark.parametrize(
    ("old", "new", "error", "reason"),
    [
        ("<sr:Request ", "<sr:Requestx ", MalformedRequest, "not well-formed"),
        ('schemaVersion="5.4"', 'schemaVersion="five"', MalformedRequest, "schemaVersion"),
        ("sr:Request", "sr:Other", MalformedRequest, "expected"),
        ('xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"', 'xmlns:sr="urn:other"',
         MalformedRequest, "expected"),
        ("</ds:Signature>", "</ds:Signature><sr:X/>", MalformedRequest, "last child"),
        ("<sr:Body>", "<ds:Signature/><sr:Body>", MalformedRequest, "exactly sr:Header, sr:Body, ds:Signature"),
        ("</sr:ReadInventory>", "</sr:ReadInventory><sr:ReadInventory/>", MalformedRequest, "exactly one element"),
        ("<sr:DeviceID>", "<ds:Signature/><sr:DeviceID>", MalformedRequest, "more than one ds:Signature"),
        ("<sr:CommandVariant>8<", "<sr:CommandVariant>9<", HeaderInvalid, "CommandVariant must be 1-8"),
        ("<sr:CommandVariant>8<", "<sr:CommandVariant>x<", HeaderInvalid, "CommandVariant"),
        ("<sr:ServiceReferenceVariant>8.2<", "<sr:ServiceReferenceVariant>8.3<", HeaderInvalid, "does not belong"),
        ("<sr:ServiceReference>8.2<", "<sr:ServiceReference>eight<", HeaderInvalid, "ServiceReference"),
        ("<sr:CommandVariant>8</sr:CommandVariant>", "", HeaderInvalid, "sr:CommandVariant expected"),
        ("<sr:CommandVariant>8</sr:CommandVariant>",
         "<sr:CommandVariant>8</sr:CommandVariant><sr:CommandVariant>8</sr:CommandVariant>",
         HeaderInvalid, "sr:ServiceReference expected"),
        ("</sr:Header>", "<sr:Extra/></sr:Header>", HeaderInvalid, "unexpected header element"),
        ("<sr:CommandVariant>8<", "<sr:CommandVariant><sr:x/>8<", HeaderInvalid, "must hold text"),
        (":1000<", ":18446744073709551616<", InvalidIdentifier, "uint64"),
        (":1000<", ":-1<", InvalidIdentifier, "RequestID"),
        ("90-B3-D5-1F-30-01-00-00:90", "90B3D51F30010000:90", InvalidIdentifier, "RequestID"),
    ],
)
def test_structural_errors(old: str, new: str, error: type[Exception], reason: str) -> None:
    raw = _variant(old, new)
    with pytest.raises(error, match=reason) as exc:
        _structural(raw)
    assert type(exc.value) is error
    # the whole parse refuses it too: the schema first (the well-formedness check before it); what the
    # schema allows (CommandVariant 9, an SRV of another ServiceReference) the structural check refuses
    with pytest.raises(MalformedRequest) as whole:
        parse_request(raw)
    assert type(whole.value) in (SchemaInvalid, error)


@pytest.mark.parametrize("version", ["5.1", "5.2", "5.3", "5.4", "5.40", " 5.2 "])
def test_duis_5x_schema_versions_are_accepted(version: str) -> None:
    assert parse_request(_variant('schemaVersion="5.4"', f'schemaVersion="{version}"')).schema_version == (
        version.strip())


@pytest.mark.parametrize("version", ["4.0", "5.5", "6", "5.", "-5.4", "5.4e0", "\u0665.\u0664"])
def test_other_schema_versions_are_refused(version: str) -> None:
    with pytest.raises(MalformedRequest, match="schemaVersion"):
        _structural(_variant('schemaVersion="5.4"', f'schemaVersion="{version}"'))


def test_non_eui_device_id_is_an_invalid_identifier() -> None:
    raw = _variant("00-DB-12-34-56-78-90-A2", "00DB1234567890A2")
    req = request_from_root(parse_xml(raw), raw)
    with pytest.raises(InvalidIdentifier):
        req.eui("DeviceID")
    with pytest.raises(SchemaInvalid, match="DeviceID"):
        parse_request(raw)


def test_size_limit_applies() -> None:
    from gbdcc.domain.errors import RequestTooLarge

    with pytest.raises(RequestTooLarge):
        parse_request(READ_INVENTORY, max_bytes=100)

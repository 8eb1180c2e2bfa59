"""Issue 8: the four classes of weakness of the DUIS request path, each refused at its root by ``XmlDuisCodec.parse``
(the gateway's first step), with a DUIS refusal — never another exception.

1. identifier and number fields read with a strict ASCII grammar (no Unicode digits, no overlong integers,
   no invalid OIDs);
2. what is acted on is what was signed: no comment inside a value (Canonical XML drops it and joins the text);
3. every request is validated against the DUIS 5.4 XSD;
4. canonicalisation cost is bounded before any canonicalisation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gbdcc.adapters.duis import signature as signature_module
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.signature import sign_document, verify_signature
from gbdcc.adapters.http.app import status_for_error
from gbdcc.domain.errors import GbdccError, HostileXml, SchemaInvalid

if TYPE_CHECKING:
    from conftest import Signer

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"sr": SR, "ds": DS}
USER = "90-B3-D5-1F-30-01-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
READ_BY_DEVICE = "<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID></sr:ReadInventory>"
AT = datetime(2026, 3, 1, tzinfo=UTC)


def envelope(*, request_id: str = f"{USER}:{ACB}:1234", cv: str = "8", sref: str = "8.2", srv: str = "8.2",
             body: str = READ_BY_DEVICE, root_extra: str = "") -> str:
    return (f'<sr:Request xmlns:sr="{SR}" {root_extra} schemaVersion="5.4"><sr:Header>'
            f"<sr:RequestID>{request_id}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant>"
            f"<sr:ServiceReference>{sref}</sr:ServiceReference>"
            f"<sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
            f"<sr:Body>{body}</sr:Body></sr:Request>")


def signed(xml: str, signer: Signer) -> bytes:
    """Sign whatever ``xml`` is (a hostile but validly signed request: the signer is a registered User)."""
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    return sign_document(etree.fromstring(xml.encode(), parser), signer.key, signer.cert)


def with_key_info(raw: bytes, *, issuer: str | None = None, serial: str | None = None) -> bytes:
    """Replace the KeyInfo values (outside SignedInfo: the signature still verifies)."""
    root = etree.fromstring(raw)
    data = root.find("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial", NS)
    if issuer is not None:
        data.find("ds:X509IssuerName", NS).text = issuer
    if serial is not None:
        data.find("ds:X509SerialNumber", NS).text = serial
    return bytes(etree.tostring(root))


@pytest.fixture(scope="module")
def codec(local_signer: Signer) -> XmlDuisCodec:
    return XmlDuisCodec(local_signer.key, local_signer.cert)


def refused(codec: XmlDuisCodec, raw: bytes) -> GbdccError:
    """``parse`` must refuse with a GbdccError carrying a DUIS E1 and a client-error HTTP status."""
    with pytest.raises(GbdccError) as exc:
        codec.parse(raw)
    assert exc.value.response_code == "E1" and 400 <= status_for_error(exc.value) < 500, exc.value
    return exc.value


# -- class 1: strict ASCII grammars ----------------------------------------------------------------------------

UNICODE_DIGITS = ["²", "⁸", "٣", "३", "８", "𝟖", "໓"]  # superscript, Arabic-Indic, Devanagari, fullwidth, maths, Lao

FIELDS: dict[str, Callable[[str], dict[str, str]]] = {
    "CommandVariant": lambda d: {"cv": d},
    "CommandVariant suffix": lambda d: {"cv": "8" + d},
    "RequestID counter": lambda d: {"request_id": f"{USER}:{ACB}:12{d}"},
    "RequestID originator": lambda d: {"request_id": f"90-B3-D5-1F-30-01-00-0{d}:{ACB}:1"},
    "RequestID target": lambda d: {"request_id": f"{USER}:90-B3-D5-1F-30-00-00-0{d}:1"},
    "ServiceReference": lambda d: {"sref": f"8.{d}", "srv": f"8.{d}"},
    "ServiceReferenceVariant": lambda d: {"srv": f"8.2.{d}"},
    "body DeviceID": lambda d: {"body": f"<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A{d}</sr:DeviceID>"
                                        "</sr:ReadInventory>"},
    "body UPRN": lambda d: {"body": f"<sr:ReadInventory><sr:UPRN>12{d}</sr:UPRN></sr:ReadInventory>"},
}


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_unicode_digits_in_envelope_refused(codec: XmlDuisCodec, local_signer: Signer, field: str,
                                            digit: str) -> None:
    refused(codec, signed(envelope(**FIELDS[field](digit)), local_signer))


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_unicode_digits_in_key_info_serial_refused(codec: XmlDuisCodec, local_signer: Signer, digit: str) -> None:
    raw = signed(envelope(), local_signer)
    for serial in (digit, f"1{digit}", digit * 3):
        refused(codec, with_key_info(raw, serial=serial))


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
def test_overlong_integers_in_envelope_refused(codec: XmlDuisCodec, local_signer: Signer, digits: int) -> None:
    """Past Python's 4,300-digit conversion limit ``int()`` raises; before it, a huge number is still absurd."""
    raw = signed(envelope(), local_signer)
    refused(codec, with_key_info(raw, serial="7" * digits))
    refused(codec, signed(envelope(cv="0" * (digits - 1) + "8"), local_signer))
    refused(codec, signed(envelope(request_id=f"{USER}:{ACB}:{'9' * digits}"), local_signer))


@pytest.mark.parametrize("issuer", ["1.40=Z1", "0.99=Z1", "2.5.4.3=Z1,1.40=x", "OID.1.999999999999999999999999=x",
                                    "CN=Z1,3.1=x", "CN=Z1,2.²=x", "CN=Z1,OU=07," + "OU=x," * 400, "=", "CN",
                                    "CN=Z1+", "C=GBR", "CN=\\"])
def test_invalid_issuer_names_refused(codec: XmlDuisCodec, local_signer: Signer, issuer: str) -> None:
    refused(codec, with_key_info(signed(envelope(), local_signer), issuer=issuer))


def test_accepted_forms_are_kept(codec: XmlDuisCodec, local_signer: Signer) -> None:
    """Strictness must not refuse what real clients send: lower-case EUIs, millisecond-timestamp counters,
    white space around values, the RFC 1779 issuer spelling."""
    raw = signed(envelope(request_id=f"  {USER.lower()}:{ACB.lower()}:1767225600123\n", cv=" 8 "), local_signer)
    inbound = codec.parse(with_key_info(raw, issuer="CN=Z1, OU=07"))
    assert str(inbound.request_id) == f"{USER}:{ACB}:1767225600123" and inbound.command_variant == 8
    assert (inbound.signer_issuer, inbound.signer_serial) == ("CN=Z1,OU=07", local_signer.cert.serial_number)


# -- class 2: act on exactly what was signed ------------------------------------------------------------------

SPLIT_VALUES = [
    ("<sr:RequestID>", f"{USER}:{ACB}:12", "34"),
    ("<sr:CommandVariant>", "", "8"),
    ("<sr:ServiceReferenceVariant>", "8.", "2"),
    ("<sr:DeviceID>", "00-DB-12-34-56-78-90-A", "2"),
]


@pytest.mark.parametrize(("element", "head", "tail"), SPLIT_VALUES)
@pytest.mark.parametrize("node", ["<!-- -->", "<!--x-->"])
def test_comment_inside_signed_value_refused(codec: XmlDuisCodec, local_signer: Signer, element: str, head: str,
                                             tail: str, node: str) -> None:
    raw = signed(envelope(), local_signer)
    marker = f"{element}{head}{tail}<".encode()
    assert marker in raw
    hostile = raw.replace(marker, f"{element}{head}{node}{tail}<".encode())
    # the premise: Canonical XML drops comments, so the signature still verifies while ``.text`` is cut short
    verify_signature(etree.fromstring(hostile), local_signer.cert)
    err = refused(codec, hostile)
    assert isinstance(err, HostileXml) and "comment" in err.reason


def test_comment_in_key_info_value_refused(codec: XmlDuisCodec, local_signer: Signer) -> None:
    raw = signed(envelope(), local_signer)
    serial = str(local_signer.cert.serial_number).encode()
    refused(codec, raw.replace(serial + b"<", serial[:3] + b"<!---->" + serial[3:] + b"<"))


def test_comments_between_elements_are_accepted(codec: XmlDuisCodec, local_signer: Signer) -> None:
    """The DCC's own tool keeps the templates' comments between header elements; they are harmless there."""
    raw = signed(envelope(), local_signer).replace(b"<sr:Header>", b"<sr:Header><!-- NOTE: a comment -->")
    inbound = codec.parse(raw)
    codec.verify_signature(inbound, local_signer.cert.public_bytes(Encoding.DER), AT)


# -- class 3: XSD validation before acting ---------------------------------------------------------------------

SCHEMA_VIOLATIONS = {
    "duplicated body element": "<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID>"
                               "<sr:DeviceID>00-DB-12-34-56-78-90-A3</sr:DeviceID></sr:ReadInventory>",
    "misplaced elements": "<sr:ReadInventory><sr:PropertyFilter><sr:AddressIdentifier>1</sr:AddressIdentifier>"
                          "<sr:PostCode>AB1 2CD</sr:PostCode></sr:PropertyFilter></sr:ReadInventory>",
    "unknown element": "<sr:ReadInventory><sr:Nonsense>1</sr:Nonsense></sr:ReadInventory>",
    "wrong type": "<sr:ReadInventory><sr:UPRN>twelve</sr:UPRN></sr:ReadInventory>",
    "empty choice": "<sr:ReadInventory/>",
    "undeclared attribute": '<sr:ReadInventory><sr:DeviceID extra="1">00-DB-12-34-56-78-90-A2</sr:DeviceID>'
                            "</sr:ReadInventory>",
    "enumeration": "<sr:UpdateInventory><sr:DeviceID>00-DB-12-34-56-78-90-A0</sr:DeviceID>"
                   "<sr:UpdateDeviceStatusExceptCH>Commissioned</sr:UpdateDeviceStatusExceptCH></sr:UpdateInventory>",
}


@pytest.mark.parametrize("case", sorted(SCHEMA_VIOLATIONS))
def test_schema_invalid_request_refused(codec: XmlDuisCodec, local_signer: Signer, case: str) -> None:
    srv = "8.4" if "UpdateInventory" in SCHEMA_VIOLATIONS[case] else "8.2"
    err = refused(codec, signed(envelope(body=SCHEMA_VIOLATIONS[case], sref=srv, srv=srv), local_signer))
    assert isinstance(err, SchemaInvalid) and err.code == "GBDCC-203"
    assert err.reason.startswith("does not conform to the DUIS 5.4 schema: line ")


def test_schema_invalid_header_refused(codec: XmlDuisCodec, local_signer: Signer) -> None:
    raw = signed(envelope(), local_signer).replace(b"</sr:CommandVariant>", b"</sr:CommandVariant><sr:X/>")
    assert isinstance(refused(codec, raw), SchemaInvalid)


# -- class 4: bounded canonicalisation cost ----------------------------------------------------------------------

def _attributes_bomb(n: int) -> str:
    attrs = " ".join(f'a{i:x}=""' for i in range(n))
    return envelope(body=f"<sr:ReadInventory><sr:DeviceID {attrs}>00-DB-12-34-56-78-90-A2</sr:DeviceID>"
                         "</sr:ReadInventory>")


def _namespace_bomb(declarations: int, elements: int) -> str:
    decls = " ".join(f'xmlns:p{i}="urn:p{i}"' for i in range(declarations))
    return envelope(root_extra=decls, body="<sr:ReadInventory>" + "<sr:X/>" * elements + "</sr:ReadInventory>")


#: The issue's examples (140,000 attributes on one element; 2,000 namespaces over 2,000 elements) took over 20 s
#: each to refuse; signing them here would take as long, so the bombs are scaled to just past the limits — the
#: refusal does not depend on the size (``fuzz/refusal_cost.py`` measures the full-size examples).
BOMBS = {
    "attributes on one element": lambda: _attributes_bomb(2_000),
    "namespaces over many elements": lambda: _namespace_bomb(200, 200),
    "namespaces redeclared on every element": lambda: envelope(
        body="<sr:ReadInventory>" + '<sr:X xmlns:a="urn:a" xmlns:b="urn:b"/>' * 100 + "</sr:ReadInventory>"),
    "20,000 elements": lambda: envelope(body="<sr:ReadInventory>" + "<sr:X/>" * 20_000 + "</sr:ReadInventory>"),
    "nesting 200 deep": lambda: envelope(body="<sr:X>" * 200 + "</sr:X>" * 200),
    "300 comments": lambda: envelope(body="<sr:ReadInventory>" + "<sr:X/><!--c-->" * 300 + "</sr:ReadInventory>"),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_canonicalisation_bomb_refused_before_canonicalising(codec: XmlDuisCodec, local_signer: Signer,
                                                             monkeypatch: pytest.MonkeyPatch, bomb: str) -> None:
    raw = signed(BOMBS[bomb](), local_signer)
    assert len(raw) < 1024 * 1024
    canonicalised: list[object] = []
    real_tostring = etree.tostring
    monkeypatch.setattr(signature_module.etree, "tostring",
                        lambda *a, **k: canonicalised.append(k.get("method")) or real_tostring(*a, **k))
    assert isinstance(refused(codec, raw), HostileXml)
    assert "c14n" not in canonicalised

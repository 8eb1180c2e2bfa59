"""XML-DSig sign/verify round trips, and every way of cheating we know of is refused (DUIS 3.2.2)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from lxml import etree
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier
from signxml.algorithms import CanonicalizationMethod

from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import sign_request, strip_signatures
from gbdcc.adapters.duis.signature import (
    issuer_name,
    sign_document,
    signature_key_info,
    verify_signature,
)
from gbdcc.domain.errors import AuthenticationFailed, CertificateInvalid, CryptoError

if TYPE_CHECKING:
    from conftest import Signer

Verify = Callable[[bytes, x509.Certificate], None]

DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS, "sr": "http://www.dccinterface.co.uk/ServiceUserGateway"}

UNSIGNED = b"""<?xml version="1.0" encoding="UTF-8"?>
<sr:Request xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="5.4">
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
</sr:Request>"""


@pytest.fixture
def signed(supplier: Signer) -> bytes:
    return sign_document(parse_xml(UNSIGNED), supplier.key, supplier.cert)


def _resign(root: etree._Element, key: ec.EllipticCurvePrivateKey) -> bytes:
    """Re-sign SignedInfo as it now stands (an attacker holding a valid key, or a sloppy client)."""
    sig = root.find("ds:Signature", NS)
    si = sig.find("ds:SignedInfo", NS)
    der = key.sign(etree.tostring(si, method="c14n", exclusive=True), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    sig.find("ds:SignatureValue", NS).text = base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
    return etree.tostring(root)


def _verify(raw: bytes, signer: Signer) -> None:
    verify_signature(parse_xml(raw), signer.cert)


def test_round_trip_and_form(signed: bytes, supplier: Signer, independent_verify: Verify) -> None:
    root = parse_xml(signed)
    result = verify_signature(root, supplier.cert)
    assert result.root is root
    assert (result.issuer_name, result.serial) == ("CN=Z1,OU=07", supplier.cert.serial_number)
    assert signature_key_info(root) == ("CN=Z1,OU=07", 27572613927499351639968579586655397031)
    assert issuer_name(supplier.cert) == "CN=Z1,OU=07"
    # compact: no whitespace-only text anywhere, one line after the declaration
    assert all(not (t.strip() == "" and t) for t in root.xpath("//text()"))
    assert signed.count(b"\n") == 1 and signed.startswith(b"<?xml")
    # exactly the DCC tool's profile
    sig = root[-1]
    assert [t.get("Algorithm") for t in sig.iterfind(".//ds:Transform", NS)] == [
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    ]
    assert [etree.QName(e).localname for e in sig.find("ds:KeyInfo", NS).iter()] == [
        "KeyInfo", "X509Data", "X509IssuerSerial", "X509IssuerName", "X509SerialNumber"]
    assert len(base64.b64decode(sig.findtext("ds:SignatureValue", namespaces=NS))) == 64
    independent_verify(signed, supplier.cert)
    assert parse_request(signed).body_name == "ReadInventory"


def test_signxml_agrees(signed: bytes, supplier: Signer) -> None:
    cfg = SignatureConfiguration(default_reference_c14n_method=CanonicalizationMethod.CANONICAL_XML_1_0)
    XMLVerifier().verify(signed, x509_cert=supplier.cert, expect_config=cfg)


def test_sign_document_leaves_input_alone_and_refuses_bad_keys(supplier: Signer, network_operator: Signer) -> None:
    root = parse_xml(UNSIGNED)
    before = etree.tostring(root)
    sign_document(root, supplier.key, supplier.cert)
    assert etree.tostring(root) == before
    with pytest.raises(CryptoError, match="does not belong"):
        sign_document(root, supplier.key, network_operator.cert)
    with pytest.raises(CryptoError, match="already carries"):
        sign_document(parse_xml(sign_document(root, supplier.key, supplier.cert)), supplier.key, supplier.cert)


def test_wrong_certificate_is_refused(signed: bytes, network_operator: Signer) -> None:
    with pytest.raises(CertificateInvalid, match="serial"):
        _verify(signed, network_operator)


def _impostor_cert(real: x509.Certificate, *, issuer: x509.Name | None = None) -> x509.Certificate:
    """A certificate with the real one's issuer and serial but a different key."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(real.subject).issuer_name(issuer or real.issuer)
        .public_key(key.public_key()).serial_number(real.serial_number)
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def test_same_issuer_serial_but_other_key_is_refused(signed: bytes, supplier: Signer) -> None:
    with pytest.raises(AuthenticationFailed, match="SignatureValue does not verify"):
        verify_signature(parse_xml(signed), _impostor_cert(supplier.cert))


def test_issuer_mismatch_is_refused(signed: bytes, supplier: Signer) -> None:
    other = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Z2")])
    with pytest.raises(CertificateInvalid, match="issuer"):
        verify_signature(parse_xml(signed), _impostor_cert(supplier.cert, issuer=other))


def test_certificate_validity_is_checked_at_the_given_time(signed: bytes, supplier: Signer) -> None:
    verify_signature(parse_xml(signed), supplier.cert, at=datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(CertificateInvalid, match="not yet valid"):
        verify_signature(parse_xml(signed), supplier.cert, at=datetime(2017, 1, 1, tzinfo=UTC))


Mutator = Callable[[etree._Element], None]


def _set(path: str, text: str) -> Mutator:
    def f(root: etree._Element) -> None:
        root.find(path, NS).text = text
    return f


def _flip_signature(root: etree._Element) -> None:
    el = root.find("ds:Signature/ds:SignatureValue", NS)
    raw = bytearray(base64.b64decode(el.text))
    raw[10] ^= 1
    el.text = base64.b64encode(bytes(raw)).decode()


def _add_whitespace(root: etree._Element) -> None:
    root.find("sr:Body", NS).text = "\n  "


def _comment_in_body(root: etree._Element) -> None:
    root.find("sr:Body/sr:ReadInventory", NS).append(etree.Comment("harmless"))


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (_set("sr:Body/sr:ReadInventory/sr:DeviceID", "00-DB-12-34-56-78-90-A0"), "digest mismatch"),
        (_set("sr:Header/sr:RequestID", "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1001"), "digest mismatch"),
        (_add_whitespace, "digest mismatch"),
        (_flip_signature, "SignatureValue does not verify"),
        (_set("ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue", base64.b64encode(bytes(32)).decode()),
         "SignatureValue does not verify"),
        (_set("ds:Signature/ds:SignatureValue", "AAAA"), "SignatureValue does not verify"),
        (_set("ds:Signature/ds:SignatureValue", "not base64!"), "base64"),
        (_set("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial/ds:X509SerialNumber", "12x"), "decimal"),
    ],
)
def test_tampering_is_refused(signed: bytes, supplier: Signer, mutate: Mutator, reason: str) -> None:
    root = parse_xml(signed)
    mutate(root)
    with pytest.raises(AuthenticationFailed, match=reason):
        verify_signature(root, supplier.cert)


def test_comments_are_outside_the_signature(signed: bytes, supplier: Signer) -> None:
    root = parse_xml(signed)
    _comment_in_body(root)
    verify_signature(root, supplier.cert)  # C14N without comments: as XML-DSig specifies


def _second_signature_in_body(root: etree._Element) -> None:
    root.find("sr:Body/sr:ReadInventory", NS).append(copy.deepcopy(root.find("ds:Signature", NS)))


def _signature_not_last(root: etree._Element) -> None:
    sig = root.find("ds:Signature", NS)
    root.remove(sig)
    root.insert(1, sig)


def _wrap_original_in_object(root: etree._Element) -> None:
    """Classic wrapping: evil body at top, the genuine signed document hidden in ds:Object."""
    original = copy.deepcopy(root)
    root.find("sr:Body/sr:ReadInventory/sr:DeviceID", NS).text = "00-DB-12-34-56-78-90-A0"
    obj = etree.SubElement(root.find("ds:Signature", NS), f"{{{DS}}}Object")
    obj.append(original)


def _move_signed_content_into_body(root: etree._Element) -> None:
    """The genuine signed request moved into the body of an evil one that has no signature of its own."""
    original = copy.deepcopy(root)
    root.remove(root.find("ds:Signature", NS))
    root.find("sr:Body/sr:ReadInventory", NS).append(original)


def _enveloping(root: etree._Element) -> None:
    raise AssertionError  # handled in its own test


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (_second_signature_in_body, "2 ds:Signature elements"),
        (_signature_not_last, "last child"),
        (_wrap_original_in_object, "2 ds:Signature elements"),
        (_move_signed_content_into_body, "last child"),
    ],
)
def test_signature_wrapping_is_refused(signed: bytes, supplier: Signer, mutate: Mutator, reason: str) -> None:
    root = parse_xml(signed)
    mutate(root)
    with pytest.raises(AuthenticationFailed, match=reason):
        verify_signature(root, supplier.cert)


def test_object_element_is_refused_even_when_validly_signed(signed: bytes, supplier: Signer) -> None:
    root = parse_xml(signed)
    etree.SubElement(root.find("ds:Signature", NS), f"{{{DS}}}Object").text = "x"
    with pytest.raises(AuthenticationFailed, match="ds:Object"):
        verify_signature(root, supplier.cert)


def _signed_info_edit(edit: Callable[[etree._Element], None]) -> Callable[[etree._Element], None]:
    def f(root: etree._Element) -> None:
        edit(root.find("ds:Signature/ds:SignedInfo", NS))
    return f


def _uri(value: str) -> Callable[[etree._Element], None]:
    def f(si: etree._Element) -> None:
        si.find("ds:Reference", NS).set("URI", value)
    return f


def _second_reference(si: etree._Element) -> None:
    si.append(copy.deepcopy(si.find("ds:Reference", NS)))


def _alg(path: str, value: str) -> Callable[[etree._Element], None]:
    def f(si: etree._Element) -> None:
        si.find(path, NS).set("Algorithm", value)
    return f


def _xpath_transform(si: etree._Element) -> None:
    t = etree.SubElement(si.find("ds:Reference/ds:Transforms", NS), f"{{{DS}}}Transform",
                         Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116")
    etree.SubElement(t, f"{{{DS}}}XPath").text = "not(ancestor-or-self::sr:Body)"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (_uri("#body"), 'URI=""'),
        (_uri("http://example.invalid/x"), 'URI=""'),
        (_second_reference, "one Reference"),
        (_alg("ds:SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"), "SignatureMethod"),
        (_alg("ds:SignatureMethod", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"), "SignatureMethod"),
        (_alg("ds:Reference/ds:DigestMethod", "http://www.w3.org/2000/09/xmldsig#sha1"), "DigestMethod"),
        (_alg("ds:CanonicalizationMethod", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"), "Canonicalization"),
        (_xpath_transform, "Transform"),
        (_alg("ds:Reference/ds:Transforms/ds:Transform", "http://www.w3.org/2001/10/xml-exc-c14n#"), "Transforms"),
    ],
)
def test_profile_violations_are_refused_even_when_signed_with_a_valid_key(
    signed: bytes, supplier: Signer, edit: Callable[[etree._Element], None], reason: str
) -> None:
    root = parse_xml(signed)
    _signed_info_edit(edit)(root)
    with pytest.raises(AuthenticationFailed, match=reason):
        verify_signature(parse_xml(_resign(root, supplier.key)), supplier.cert)


def test_enveloping_signature_is_refused(signed: bytes, supplier: Signer) -> None:
    sig = parse_xml(signed).find("ds:Signature", NS)
    with pytest.raises(AuthenticationFailed, match="enveloping"):
        verify_signature(parse_xml(etree.tostring(sig)), supplier.cert)


def test_missing_pieces(signed: bytes, supplier: Signer) -> None:
    root = parse_xml(signed)
    strip_signatures(root)
    with pytest.raises(AuthenticationFailed, match="no ds:Signature"):
        signature_key_info(root)
    root = parse_xml(signed)
    ki = root.find("ds:Signature/ds:KeyInfo/ds:X509Data", NS)
    etree.SubElement(ki, f"{{{DS}}}X509Certificate").text = "AAAA"
    with pytest.raises(AuthenticationFailed, match="exactly one ds:X509IssuerSerial"):
        signature_key_info(root)


def test_explicit_exclusive_c14n_transform_is_accepted(supplier: Signer, independent_verify: Verify) -> None:
    """Clients built on other libraries (here signxml's signer) add an explicit exc-C14N transform."""
    key_info = etree.Element(f"{{{DS}}}KeyInfo")
    ser = etree.SubElement(etree.SubElement(key_info, f"{{{DS}}}X509Data"), f"{{{DS}}}X509IssuerSerial")
    etree.SubElement(ser, f"{{{DS}}}X509IssuerName").text = "CN=Z1, OU=07"  # RFC 1779 blanks are tolerated
    etree.SubElement(ser, f"{{{DS}}}X509SerialNumber").text = str(supplier.cert.serial_number)
    signer = XMLSigner(signature_algorithm="ecdsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0)
    doc = signer.sign(parse_xml(UNSIGNED), key=supplier.key, key_info=key_info)
    raw = etree.tostring(doc)
    root = parse_xml(raw)
    assert len(root.findall("ds:Signature/ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform", NS)) == 2
    verify_signature(root, supplier.cert)
    independent_verify(raw, supplier.cert)


def test_sign_request_sets_counter_and_replaces_signature(supplier: Signer) -> None:
    first = sign_request(UNSIGNED, supplier.key, supplier.cert, counter=42)
    assert parse_request(first).request_id.counter == 42
    again = sign_request(first, supplier.key, supplier.cert, now_ms=lambda: 1_700_000_000_000)
    req = parse_request(again)
    assert req.request_id.counter == 1_700_000_000_000
    assert len(req.root.findall(".//ds:Signature", NS)) == 1
    verify_signature(req.root, supplier.cert)
    kept = sign_request(again, supplier.key, supplier.cert, preserve_counter=True)
    assert parse_request(kept).request_id.counter == 1_700_000_000_000

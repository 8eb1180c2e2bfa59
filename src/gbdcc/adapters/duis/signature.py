"""Enveloped XML-DSig of DUIS messages (DUIS 3.2.2; DOMAIN.md §2).

The profile, as the DCC's own signing tool emits it (and the only one accepted here):

* one ``ds:Signature``, the last child of the document root, with no ``ds:Object``/``ds:Manifest``;
* ``SignedInfo`` canonicalised with exclusive C14N, signed with ``ecdsa-sha256`` (raw ``r||s``);
* exactly one ``Reference URI=""`` (the whole document) whose transforms are the enveloped-signature
  transform, optionally followed by one exclusive or inclusive C14N 1.0 transform (without one, XML-DSig
  §4.3.3.2 converts the node-set with inclusive C14N 1.0 — what the DCC tool relies on); digest SHA-256;
* ``KeyInfo`` holding ``X509Data/X509IssuerSerial`` only; the caller looks the certificate up with
  :func:`signature_key_info` and passes it to :func:`verify_signature`.

Verification is done by ``signxml`` with algorithms pinned by ``SignatureConfiguration``; around it this
module enforces the profile and re-derives the signed bytes from the caller's own root, so that what
was verified is exactly the document the caller goes on to use (signature wrapping defence).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from lxml import etree
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput, SignXMLException
from signxml.exceptions import InvalidSignature as SignXMLInvalidSignature
from signxml.verifier import SignatureConfiguration, XMLVerifier

from gbdcc.domain.errors import AuthenticationFailed, CertificateInvalid, CryptoError, GbdccError, InvalidIdentifier
from gbdcc.domain.ids import XML_SPACE, bounded_text, parse_integer

from .namespaces import (
    ALG_C14N_10,
    ALG_ECDSA_SHA256,
    ALG_ENVELOPED,
    ALG_EXC_C14N,
    ALG_SHA256,
    DS,
    ds,
)

_NS = {"ds": DS}
_RULE = "DUIS-3.2.2"
_DN_SPLIT = re.compile(r"(?<!\\),")
_ALLOWED_REFERENCE_C14N = {ALG_EXC_C14N: True, ALG_C14N_10: False}  # algorithm -> exclusive?
MAX_ISSUER_NAME_CHARS = 1024
"""Longest ``X509IssuerName`` read (SMKI CA names are a few dozen characters)."""
MAX_SERIAL_DIGITS = 64
"""Longest ``X509SerialNumber`` read: RFC 5280 §4.1.2.2 serials are at most 20 octets (49 digits)."""


@dataclass(frozen=True, slots=True)
class VerifiedSignature:
    """Outcome of :func:`verify_signature`: ``root`` is the caller's own element, now trusted."""

    root: etree._Element
    issuer_name: str
    serial: int
    signed_bytes: bytes


def _fail(reason: str) -> AuthenticationFailed:
    return AuthenticationFailed(reason, rule=_RULE)


def issuer_name(cert: x509.Certificate) -> str:
    """Issuer in the RFC 4514 form the DCC tools write in ``X509IssuerName`` (e.g. ``CN=Z1,OU=07``)."""
    return cert.issuer.rfc4514_string()


def parse_dn(text: str) -> x509.Name:
    """Parse an ``X509IssuerName``; tolerant of the blanks after commas that RFC 1779 writers add."""
    if len(text) > MAX_ISSUER_NAME_CHARS:
        raise _fail(f"X509IssuerName is over {MAX_ISSUER_NAME_CHARS} characters")
    parts = [p.strip(XML_SPACE) for p in _DN_SPLIT.split(text.strip(XML_SPACE))]
    parts = ["=".join(s.strip(XML_SPACE) for s in p.split("=", 1)) for p in parts]
    try:
        return x509.Name.from_rfc4514_string(",".join(parts))
    except ValueError:
        raise _fail(f"X509IssuerName is not a distinguished name: {text[:200]!r}") from None


def _only_signature(root: etree._Element) -> etree._Element:
    sigs = root.findall(".//ds:Signature", _NS)
    if root.tag == ds("Signature"):
        raise _fail("the document root is a ds:Signature (enveloping signatures are not accepted)")
    if not sigs:
        raise _fail("no ds:Signature in the document")
    if len(sigs) != 1:
        raise _fail(f"{len(sigs)} ds:Signature elements found; exactly one is allowed")
    children = [c for c in root if isinstance(c.tag, str)]
    if children[-1] is not sigs[0]:
        raise _fail("ds:Signature must be the last child of the document root")
    return sigs[0]


def _one(parent: etree._Element, path: str, what: str) -> etree._Element:
    found = parent.findall(path, _NS)
    if len(found) != 1:
        raise _fail(f"expected exactly one {what}, found {len(found)}")
    return found[0]


def signature_key_info(root: etree._Element) -> tuple[str, int]:
    """``(X509IssuerName, X509SerialNumber)`` of the document's signature, to look up the certificate.

    Raises :class:`AuthenticationFailed` when the signature or its ``X509IssuerSerial`` is missing or
    malformed.
    """
    sig = _only_signature(root)
    key_info = _one(sig, "ds:KeyInfo", "ds:KeyInfo")
    kids = [c for c in key_info if isinstance(c.tag, str)]
    if [c.tag for c in kids] != [ds("X509Data")]:
        raise _fail("ds:KeyInfo must hold exactly one ds:X509Data")
    data_kids = [c for c in kids[0] if isinstance(c.tag, str)]
    if [c.tag for c in data_kids] != [ds("X509IssuerSerial")]:
        raise _fail("ds:X509Data must hold exactly one ds:X509IssuerSerial (no certificates, no key values)")
    iss = _one(data_kids[0], "ds:X509IssuerName", "ds:X509IssuerName")
    ser = _one(data_kids[0], "ds:X509SerialNumber", "ds:X509SerialNumber")
    if len(iss) or len(ser):
        raise _fail("ds:X509IssuerName and ds:X509SerialNumber must hold text only")
    try:
        name = bounded_text(iss.text or "", what="ds:X509IssuerName", max_chars=MAX_ISSUER_NAME_CHARS)
        serial = parse_integer(ser.text or "", what="ds:X509SerialNumber", minimum=0, max_digits=MAX_SERIAL_DIGITS)
    except InvalidIdentifier as err:
        raise _fail(err.reason) from None
    if not name:
        raise _fail("ds:X509IssuerName is empty")
    return name, serial


def _check_profile(sig: etree._Element) -> bool:
    """Enforce the DUIS signature profile; returns whether the reference c14n is exclusive."""
    if sig.findall(".//ds:Object", _NS) or sig.findall(".//ds:Manifest", _NS):
        raise _fail("ds:Object / ds:Manifest are not allowed in a DUIS signature")
    kids = [c.tag for c in sig if isinstance(c.tag, str)]
    if kids != [ds("SignedInfo"), ds("SignatureValue"), ds("KeyInfo")]:
        raise _fail("ds:Signature must hold SignedInfo, SignatureValue, KeyInfo in that order")
    si = _one(sig, "ds:SignedInfo", "ds:SignedInfo")
    si_kids = [c for c in si if isinstance(c.tag, str)]
    if [c.tag for c in si_kids] != [ds("CanonicalizationMethod"), ds("SignatureMethod"), ds("Reference")]:
        raise _fail("ds:SignedInfo must hold CanonicalizationMethod, SignatureMethod and one Reference")
    c14n, method, ref = si_kids
    if c14n.get("Algorithm") != ALG_EXC_C14N or len(c14n):
        raise _fail(f"CanonicalizationMethod must be {ALG_EXC_C14N}, got {c14n.get('Algorithm')!r}")
    if method.get("Algorithm") != ALG_ECDSA_SHA256:
        raise _fail(f"SignatureMethod must be {ALG_ECDSA_SHA256}, got {method.get('Algorithm')!r}")
    if ref.get("URI") != "" or set(ref.keys()) - {"URI"}:
        raise _fail(f'the Reference must be URI="" (whole document), got URI={ref.get("URI")!r}')
    ref_kids = [c for c in ref if isinstance(c.tag, str)]
    if [c.tag for c in ref_kids] != [ds("Transforms"), ds("DigestMethod"), ds("DigestValue")]:
        raise _fail("ds:Reference must hold Transforms, DigestMethod, DigestValue")
    transforms = [c for c in ref_kids[0] if isinstance(c.tag, str)]
    algs = [t.get("Algorithm") for t in transforms]
    if any(len([c for c in t if isinstance(c.tag, str)]) for t in transforms):
        raise _fail("ds:Transform parameters (XPath, InclusiveNamespaces) are not allowed")
    if not algs or algs[0] != ALG_ENVELOPED or len(algs) > 2 or (
        len(algs) == 2 and algs[1] not in _ALLOWED_REFERENCE_C14N
    ):
        raise _fail(f"Transforms must be enveloped-signature [+ one C14N 1.0 / exclusive C14N], got {algs}")
    if ref_kids[1].get("Algorithm") != ALG_SHA256:
        raise _fail(f"DigestMethod must be {ALG_SHA256}, got {ref_kids[1].get('Algorithm')!r}")
    return len(algs) == 2 and _ALLOWED_REFERENCE_C14N[algs[1]]


def _document_c14n(root: etree._Element, *, exclusive: bool) -> bytes:
    """Canonical bytes of ``root`` without its ds:Signature (what the reference digests)."""
    doc = copy.deepcopy(root)
    for sig in doc.findall("ds:Signature", _NS):
        doc.remove(sig)
    return bytes(etree.tostring(doc, method="c14n", exclusive=exclusive, with_comments=False))


def _base64(el: etree._Element | None, what: str) -> bytes:
    text = (el.text or "") if el is not None and not len(el) else ""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except ValueError:
        raise _fail(f"{what} is not base64") from None


def _check_signature_value(sig: etree._Element, key: ec.EllipticCurvePublicKey) -> None:
    """ECDSA-SHA256 ``SignatureValue`` (raw ``r||s``) over the exclusive C14N of ``SignedInfo``: cheap (the
    profile-checked SignedInfo is small), so a forged signature is refused before the document is touched."""
    raw = _base64(sig.find("ds:SignatureValue", _NS), "SignatureValue")
    size = (key.curve.key_size + 7) // 8
    bad = _fail("SignatureValue does not verify with the certificate's public key")
    if len(raw) != 2 * size:
        raise bad
    der = encode_dss_signature(int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big"))
    signed_info = etree.tostring(sig.find("ds:SignedInfo", _NS), method="c14n", exclusive=True, with_comments=False)
    try:
        key.verify(der, signed_info, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise bad from None


def verify_signature(
    root: etree._Element, cert: x509.Certificate, *, at: datetime | None = None
) -> VerifiedSignature:
    """Verify the enveloped signature of ``root`` against ``cert`` (the caller chose it by issuer/serial).

    ``at`` is the instant the certificate must be valid at (default: now). Raises
    :class:`AuthenticationFailed` with the precise reason, or :class:`CertificateInvalid` when the
    certificate does not match the KeyInfo or is outside its validity period — and nothing else: an
    unexpected failure of the XML-DSig library on hostile input is an :class:`AuthenticationFailed` too.
    Cost, cheapest check first: the ``SignatureValue`` over the (small) ``SignedInfo``, so a forged signature
    never touches the document; then the document is canonicalised once and its SHA-256 compared with the
    signed ``DigestValue``, so content altered after signing (or a captured SignedInfo pasted onto other
    content) costs one canonicalisation, bounded by the :class:`~.safe_xml.XmlLimits` the document was parsed
    with; only a document whose digest matches goes through the XML-DSig library as well.
    """
    try:
        return _verify(root, cert, at)
    except GbdccError:
        raise
    except Exception as exc:  # last resort: never let hostile input escape as an unexpected error
        raise _fail(f"signature could not be verified ({type(exc).__name__}: {str(exc)[:200]})") from None


def _verify(root: etree._Element, cert: x509.Certificate, at: datetime | None) -> VerifiedSignature:
    sig = _only_signature(root)
    exclusive = _check_profile(sig)
    name, serial = signature_key_info(root)
    if serial != cert.serial_number:
        raise CertificateInvalid(
            f"signature names certificate serial {serial}, given certificate has {cert.serial_number}", rule=_RULE
        )
    if parse_dn(name) != cert.issuer:
        raise CertificateInvalid(
            f"signature names issuer {name!r}, given certificate's issuer is {issuer_name(cert)!r}", rule=_RULE
        )
    key = cert.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise CertificateInvalid("the certificate's key is not an elliptic-curve key", rule=_RULE)
    _check_signature_value(sig, key)
    expected = _document_c14n(root, exclusive=exclusive)
    digest = _base64(sig.find("ds:SignedInfo/ds:Reference/ds:DigestValue", _NS), "DigestValue")
    if hashlib.sha256(expected).digest() != digest:
        raise _fail("digest mismatch: the signed content was altered after signing")
    config = SignatureConfiguration(
        require_x509=True,
        location="./",
        expect_references=1,
        signature_methods=frozenset({SignatureMethod.ECDSA_SHA256}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
        verification_time=at,
        default_reference_c14n_method=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    try:
        result = XMLVerifier().verify(root, x509_cert=cert, expect_config=config)
    except InvalidCertificate as exc:
        raise CertificateInvalid(f"certificate not usable: {exc}", rule=_RULE) from None
    except InvalidInput as exc:
        raise _fail(f"signature malformed: {exc}") from None
    except etree.DocumentInvalid as exc:
        raise _fail(f"ds:Signature does not follow the XML-DSig schema: {exc}") from None
    except InvalidDigest:
        raise _fail("digest mismatch: the signed content was altered after signing") from None
    except SignXMLInvalidSignature as exc:
        detail = str(exc).removeprefix("Signature verification failed:").strip()
        raise _fail("SignatureValue does not verify with the certificate's public key"
                    + (f" ({detail})" if detail else "")) from None
    except SignXMLException as exc:
        raise _fail(f"signature does not verify: {exc}") from None
    except (ValueError, TypeError) as exc:  # e.g. bad base64 in SignatureValue / DigestValue
        raise _fail(f"signature malformed: {exc}") from None
    if isinstance(result, list):  # pragma: no cover - expect_references=1 returns one result
        raise _fail("more than one reference verified")
    if result.signed_data != expected:
        raise _fail("the signed data is not this document (signature wrapping?)")
    return VerifiedSignature(root=root, issuer_name=name, serial=serial, signed_bytes=expected)


def _compact(root: etree._Element) -> None:
    """Drop whitespace-only text between elements (the DCC tool does the same before signing)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if len(el) and el.text is not None and not el.text.strip():
            el.text = None
        for child in el:
            if child.tail is not None and not child.tail.strip():
                child.tail = None


def _sub(parent: etree._Element, local: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, ds(local), attrs)
    if text is not None:
        el.text = text
    return el


def sign_document(root: etree._Element, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> bytes:
    """Sign a copy of ``root`` the DUIS way and return the compact, signed XML (UTF-8, with declaration).

    Emits exactly what the DCC tool emits: Reference ``URI=""`` with the enveloped-signature transform
    (digest over inclusive C14N 1.0), SignedInfo in exclusive C14N, ``ecdsa-sha256`` and KeyInfo
    ``X509IssuerSerial`` (``CN=Z1,OU=07`` form). ``root`` itself is not modified. Raises
    :class:`CryptoError` if the key is not an EC key matching ``cert`` or ``root`` is already signed.
    """
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CryptoError("DUIS signatures need an elliptic-curve private key (ecdsa-sha256)", rule=_RULE)
    cert_key = cert.public_key()
    if not isinstance(cert_key, ec.EllipticCurvePublicKey) or key.public_key() != cert_key:
        raise CryptoError("the private key does not belong to the certificate", rule=_RULE)
    if root.findall(".//ds:Signature", _NS):
        raise CryptoError("the document already carries a ds:Signature; strip it first", rule=_RULE)
    doc = copy.deepcopy(root)
    _compact(doc)
    digest = hashlib.sha256(etree.tostring(doc, method="c14n", exclusive=False, with_comments=False)).digest()

    sig = etree.SubElement(doc, ds("Signature"), nsmap={"ds": DS})
    signed_info = _sub(sig, "SignedInfo")
    _sub(signed_info, "CanonicalizationMethod", Algorithm=ALG_EXC_C14N)
    _sub(signed_info, "SignatureMethod", Algorithm=ALG_ECDSA_SHA256)
    ref = _sub(signed_info, "Reference", URI="")
    _sub(_sub(ref, "Transforms"), "Transform", Algorithm=ALG_ENVELOPED)
    _sub(ref, "DigestMethod", Algorithm=ALG_SHA256)
    _sub(ref, "DigestValue", base64.b64encode(digest).decode("ascii"))
    value = _sub(sig, "SignatureValue")
    issuer_serial = _sub(_sub(_sub(sig, "KeyInfo"), "X509Data"), "X509IssuerSerial")
    _sub(issuer_serial, "X509IssuerName", issuer_name(cert))
    _sub(issuer_serial, "X509SerialNumber", str(cert.serial_number))

    signed_info_c14n = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    der = key.sign(signed_info_c14n, ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    size = (key.curve.key_size + 7) // 8
    value.text = base64.b64encode(r.to_bytes(size, "big") + s.to_bytes(size, "big")).decode("ascii")
    # self-check: a signature we cannot verify must never leave the building
    try:
        cert_key.verify(der, signed_info_c14n, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:  # pragma: no cover - defensive
        raise CryptoError("freshly made signature does not verify", rule=_RULE) from None
    return bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))

"""Sign a DUIS request as a User (backs ``gbdcc duis sign``; used by tests).

Does what the DCC's ``xmldsig.Sign`` tool does: drop any existing ``ds:Signature``, set the RequestID
counter (DUIS 3.2.3: strictly increasing per User; by default the current time in milliseconds, like
the DCC tool), compact the XML and sign it with the User's XML-signing key (DUIS 3.2.2).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_private_key, load_pem_private_key
from lxml import etree

from gbdcc.domain.errors import CryptoError, HeaderInvalid, MalformedRequest
from gbdcc.domain.ids import UINT64_MAX

from .namespaces import DS, SR
from .request import parse_request_id
from .safe_xml import DEFAULT_MAX_BYTES, parse_xml
from .signature import sign_document


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CryptoError(f"not an X.509 certificate: {exc}") from None


def load_signing_key(data: bytes, password: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    """An EC private key from PEM or DER (PKCS#8 / SEC1) bytes, as the DCC test keys are stored."""
    try:
        key = (load_pem_private_key(data, password) if b"-----BEGIN" in data
               else load_der_private_key(data, password))
    except (ValueError, TypeError) as exc:
        raise CryptoError(f"not a private key: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CryptoError("DUIS signing keys are elliptic-curve keys")
    return key


def strip_signatures(root: etree._Element) -> int:
    """Remove every ``ds:Signature`` in the document; returns how many were removed."""
    sigs = root.findall(f".//{{{DS}}}Signature")
    for sig in sigs:
        parent = sig.getparent()
        if parent is not None:
            parent.remove(sig)
    return len(sigs)


def set_counter(root: etree._Element, counter: int) -> str:
    """Rewrite the counter of ``sr:Header/sr:RequestID``; returns the new RequestID text."""
    if not 0 <= counter <= UINT64_MAX:
        raise HeaderInvalid(f"RequestID counter out of uint64 range: {counter}")
    rid = root.find(f"{{{SR}}}Header/{{{SR}}}RequestID")
    if rid is None:
        raise HeaderInvalid("no sr:Header/sr:RequestID to set the counter in")
    parse_request_id(rid.text or "")  # the rest of the RequestID must be well formed
    originator, target, _ = (rid.text or "").strip().split(":")
    text = f"{originator}:{target}:{counter}"
    rid.text = text
    return text


def sign_request(
    request: bytes | etree._Element,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    *,
    counter: int | None = None,
    preserve_counter: bool = False,
    now_ms: Callable[[], int] = _now_ms,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """Sign a DUIS request as the User owning ``key``/``cert`` and return the signed, compact bytes.

    The counter is ``counter`` if given, else kept (``preserve_counter=True``), else ``now_ms()``.
    The input (bytes or an element) is never modified.
    """
    if isinstance(request, bytes | bytearray):
        root = parse_xml(bytes(request), max_bytes=max_bytes)
    else:
        root = parse_xml(etree.tostring(request), max_bytes=max_bytes)
    if root.tag != f"{{{SR}}}Request":
        raise MalformedRequest(f"not a DUIS request: root is {root.tag}")
    strip_signatures(root)
    if counter is not None:
        set_counter(root, counter)
    elif not preserve_counter:
        set_counter(root, now_ms())
    return sign_document(root, key, cert)

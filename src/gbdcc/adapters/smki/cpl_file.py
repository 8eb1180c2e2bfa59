"""The signed CPL file: SECCo's signature over the CPL document with its IKI file-signing key (R-PKI-2).

The file is one line of JSON (then a newline), its keys sorted, nothing but these four::

    {"chain":["<signer cert DER, base64>","<IKI ICA cert DER, base64>"],
     "document":"<the canonical CPL document, base64>","format":"gbdcc-signed-cpl/1",
     "signature":"<ECDSA-SHA256 over the document bytes, DER, base64>"}

The signed bytes are exactly the decoded ``document`` (the canonical CPL JSON of ``domain.cpl``): no
canonicalisation is left to the verifier. :func:`verify_cpl_file` also refuses a file that is not in this
exact spelling (another key order, whitespace, non-canonical base64), so a file with any one byte altered
is refused — either as off the format (GBDCC-852) or because a signature does not verify (GBDCC-851).

Verification, before any use of the list: the chain ``signer ← ICA ← IKI root`` (the root is the one the
DCC holds, never taken from the file), each certificate valid at the time of use; the ICA a CA
(basicConstraints CA, keyCertSign); the signer not a CA, with exactly the digitalSignature key usage,
the IKI file-signing policy, a P-256 key, and SECCo's Party Signifier in its subject; then the ECDSA-SHA256
signature over the document.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.iki import IKI_FILE_SIGNING_POLICY, Iki
from gbdcc.adapters.smki.profile import X500_UNIQUE_IDENTIFIER, is_p256
from gbdcc.domain.errors import CplMalformed, CplSignatureInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.service.cpl.ports import VerifiedCpl

T = TypeVar("T", bound=x509.ExtensionType)
FORMAT = "gbdcc-signed-cpl/1"
MAX_FILE_BYTES = 16 << 20
_KEYS = ("chain", "document", "format", "signature")


@dataclass(frozen=True, slots=True)
class VerifiedCplFile:
    """What a verified file yields: the signed document and the signer's facts."""

    document: bytes
    signer: str
    signer_serial: str
    party_signifier: Eui64
    sha256: str


def sign_cpl(document: bytes, iki: Iki) -> bytes:
    """SECCo's signed CPL file for ``document`` (the canonical CPL bytes)."""
    signature = iki.signer_key.sign(document, ec.ECDSA(hashes.SHA256()))
    chain = [c.public_bytes(serialization.Encoding.DER) for c in (iki.signer_cert, iki.ica.cert)]
    body = {"chain": [_b64(c) for c in chain], "document": _b64(document), "format": FORMAT,
            "signature": _b64(signature)}
    return _spell(body)


def verify_cpl_file(data: bytes, root: x509.Certificate | None, party_signifier: Eui64, now: datetime) \
        -> VerifiedCplFile:
    """The document of a signed CPL file, once everything above checks; the refusal names what failed."""
    if root is None:
        raise CplSignatureInvalid("the DCC holds no IKI root certificate to verify the CPL against")
    if len(data) > MAX_FILE_BYTES:
        raise CplMalformed(f"a signed CPL file is at most {MAX_FILE_BYTES} bytes")
    body = _read(data)
    signer, ica = _certificate(body.chain[0], "signer"), _certificate(body.chain[1], "ICA")
    _check_issued(ica, root, "the IKI ICA certificate", "the IKI root the DCC holds", now)
    _check_ca(ica)
    _check_issued(signer, ica, "the file-signing certificate", "the IKI ICA", now)
    signifier = _check_signer(signer, party_signifier)
    key = signer.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)  # checked by _check_signer
    try:
        key.verify(body.signature, body.document, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise CplSignatureInvalid("the CPL signature does not verify with SECCo's IKI file-signing key: the file "
                                  "was altered after signing, or signed with another key") from None
    return VerifiedCplFile(body.document, signer.subject.rfc4514_string(), f"{signer.serial_number:X}",
                           signifier, hashlib.sha256(data).hexdigest())


# -- the format -------------------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _spell(body: Mapping[str, object]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii") + b"\n"


def _unb64(text: object, name: str) -> bytes:
    if not isinstance(text, str):
        raise CplMalformed(f"signed CPL: {name} is a base64 string")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise CplMalformed(f"signed CPL: {name} is not valid base64") from None
    if _b64(raw) != text:
        raise CplMalformed(f"signed CPL: {name} is not in canonical base64")
    return raw


@dataclass(frozen=True, slots=True)
class _Parts:
    chain: tuple[bytes, bytes]  # the signer's certificate, the ICA's
    document: bytes
    signature: bytes


def _read(data: bytes) -> _Parts:
    try:
        parsed = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CplMalformed(f"a signed CPL file is one line of ASCII JSON ({exc})") from None
    if not isinstance(parsed, dict) or sorted(parsed) != list(_KEYS):
        raise CplMalformed(f"a signed CPL file has exactly the fields {', '.join(_KEYS)}")
    if parsed["format"] != FORMAT:
        raise CplMalformed(f"signed CPL format is {parsed['format']!r}, not {FORMAT!r}")
    chain = parsed["chain"]
    if not isinstance(chain, list) or len(chain) != 2:
        raise CplMalformed("signed CPL: chain holds the signer's certificate then the IKI ICA's")
    if _spell(parsed) != data:
        raise CplMalformed("the signed CPL file is not in its one spelling (compact JSON, sorted keys, one "
                           "trailing newline): it was altered")
    return _Parts((_unb64(chain[0], "chain[0]"), _unb64(chain[1], "chain[1]")),
                  _unb64(parsed["document"], "document"), _unb64(parsed["signature"], "signature"))


# -- the chain --------------------------------------------------------------------------------------

def _certificate(der: bytes, name: str) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise CplSignatureInvalid(f"the {name} certificate in the signed CPL is not X.509 DER ({exc})") from None


def _check_issued(cert: x509.Certificate, issuer: x509.Certificate, what: str, by: str, now: datetime) -> None:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        raise CplSignatureInvalid(f"{what} was not issued by {by}") from None
    for c, label in ((cert, what), (issuer, by)):
        if not c.not_valid_before_utc <= now <= c.not_valid_after_utc:
            raise CplSignatureInvalid(f"{label} is not valid at {now:%Y-%m-%d %H:%M:%S}Z")


def _extension(cert: x509.Certificate, kind: type[T]) -> x509.Extension[T] | None:
    try:
        return cert.extensions.get_extension_for_class(kind)
    except x509.ExtensionNotFound:
        return None


def _check_ca(ica: x509.Certificate) -> None:
    basic, usage = _extension(ica, x509.BasicConstraints), _extension(ica, x509.KeyUsage)
    if basic is None or not basic.value.ca or usage is None or not usage.value.key_cert_sign:
        raise CplSignatureInvalid("the IKI ICA certificate in the chain is not a CA certificate (basicConstraints "
                                  "CA, keyCertSign)")


def _check_signer(signer: x509.Certificate, party_signifier: Eui64) -> Eui64:
    basic, usage = _extension(signer, x509.BasicConstraints), _extension(signer, x509.KeyUsage)
    if basic is not None and basic.value.ca:
        raise CplSignatureInvalid("the CPL is signed with a CA certificate, not a file-signing certificate")
    u = usage.value if usage is not None else None
    only_ds = u is not None and u.digital_signature and not any((
        u.content_commitment, u.key_encipherment, u.data_encipherment, u.key_agreement, u.key_cert_sign, u.crl_sign))
    if usage is None or not usage.critical or not only_ds:
        raise CplSignatureInvalid("the CPL signer's certificate does not have exactly the digitalSignature key "
                                  "usage (critical)")
    policies = _extension(signer, x509.CertificatePolicies)
    if policies is None or IKI_FILE_SIGNING_POLICY not in {p.policy_identifier for p in policies.value}:
        raise CplSignatureInvalid("the CPL signer's certificate is not an IKI file-signing certificate (policy)")
    if not is_p256(signer.public_key()):
        raise CplSignatureInvalid("the CPL signer's key is not ECDSA P-256")
    ids = signer.subject.get_attributes_for_oid(X500_UNIQUE_IDENTIFIER)
    value = ids[0].value if len(ids) == 1 else None
    found = Eui64.from_bytes(value[1:]) if isinstance(value, bytes) and len(value) == 9 and value[0] == 0 else None
    if found != party_signifier:
        raise CplSignatureInvalid(f"the CPL is signed by {signer.subject.rfc4514_string()!r}, not by SECCo (Party "
                                  f"Signifier {party_signifier}, B1.22)")
    return found


class IkiCplVerifier:
    """Implements ``service.cpl.ports.CplVerifier`` with the IKI root the DCC holds (None: none held, every
    file refused) and SECCo's Party Signifier."""

    def __init__(self, root: x509.Certificate | None, party_signifier: Eui64) -> None:
        self._root = root
        self._party_signifier = party_signifier

    def verify(self, signed_file: bytes, now: datetime) -> VerifiedCpl:
        v = verify_cpl_file(signed_file, self._root, self._party_signifier, now)
        return VerifiedCpl(v.document, v.signer, v.signer_serial, str(v.party_signifier), v.sha256)

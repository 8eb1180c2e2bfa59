"""X.509 Certificate Revocation Lists of the SMKI (R-PKI-1; SEC L12.3, L13.49; RFC 5280 §5).

:class:`X509CrlCodec` is the ``service.smki.ports.CrlCodec``:

* ``verify`` reads a CRL (DER or PEM) and checks it before anything uses it: its issuer must be a CA
  certificate of the SMKI repository allowed to sign CRLs (cRLSign), the authorityKeyIdentifier must
  match that CA's key, the signature must be ecdsa-with-SHA256 and verify with the CA's public key, and it
  must carry a CRL number (RFC 5280 §5.2.3). One altered byte fails the parse or the signature: either
  way a ``RevocationListInvalid`` naming R-PKI-1. Delta CRLs and certificate holds are not used by the
  SMKI and are refused. The list's scope comes from the CA's certificate policy: Organisation or Device CA,
  anything else (the Root's ARL, an IKI / ICA list) is ``CaScope.OTHER``.
* ``issue`` builds and signs a CRL with one of the SMKI's own CAs (the simulated PKI of :mod:`.pki`: this is
  a simulation SMKI, not the production one).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import SignatureAlgorithmOID

from gbdcc.adapters.smki.names import canonical_name, normalise_issuer
from gbdcc.adapters.smki.pki import CaCredential
from gbdcc.adapters.smki.profile import DEVICE_POLICY, ORGANISATION_POLICY
from gbdcc.domain.errors import RevocationListInvalid, RevocationRefused
from gbdcc.domain.revocation import CaScope, RevocationList, RevokedCertificate
from gbdcc.domain.smki import CertificateRecord, RevocationReason

_ECDSA_SHA256_ALGORITHM = bytes.fromhex("300a06082a8648ce3d040302")  # AlgorithmIdentifier, no parameters
_NOT_USED = {x509.ReasonFlags.certificate_hold, x509.ReasonFlags.remove_from_crl, x509.ReasonFlags.aa_compromise}


_E = TypeVar("_E", bound=x509.ExtensionType)


def _ext(owner: x509.Certificate | x509.CertificateRevocationList | x509.RevokedCertificate,
         kind: type[_E]) -> _E | None:
    try:
        return owner.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _der(tag: int, content: bytes) -> bytes:
    n = len(content)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | (n.bit_length() + 7) // 8]) + n.to_bytes(
        (n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + content


def _canonical(crl: x509.CertificateRevocationList) -> bool:
    """The outer CertificateList is exactly DER ``SEQUENCE { tbs, ecdsa-with-SHA256, BIT STRING (0 unused bits)
    signature }``: a byte changed outside the signed part (e.g. the signature's unused-bits count, which
    cryptography tolerates) is caught here, not only inside it."""
    expected = _der(0x30, crl.tbs_certlist_bytes + _ECDSA_SHA256_ALGORITHM + _der(0x03, b"\x00" + crl.signature))
    return crl.public_bytes(Encoding.DER) == expected


def load_crl(data: bytes) -> x509.CertificateRevocationList:
    """A CRL from DER or PEM bytes; ``RevocationListInvalid`` for anything else."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except (ValueError, x509.InvalidVersion) as exc:
        raise RevocationListInvalid(f"not an X.509 CRL, or a corrupted one ({exc}): not used") from None


def ca_scope(ca_cert: x509.Certificate) -> CaScope:
    """Organisation or Device CA by the SMKI certificate policy its certificate carries; else OTHER."""
    policies = _ext(ca_cert, x509.CertificatePolicies)
    oids = {p.policy_identifier for p in policies} if policies is not None else set()
    if ORGANISATION_POLICY in oids:
        return CaScope.ORGANISATION
    if DEVICE_POLICY in oids:
        return CaScope.DEVICE
    return CaScope.OTHER


def verify_crl(crl: x509.CertificateRevocationList, ca_cert: x509.Certificate) -> RevocationList:
    """Check ``crl`` against the certificate of the CA that issued it (see the module docstring) and return
    what it says. Also for the lists the DCC keeps privately (IKI / ICA): they verify the same way."""
    try:
        return _verified(crl, ca_cert)
    except ValueError as exc:  # a field cryptography parses lazily (extensions, entries) is malformed
        raise RevocationListInvalid(f"a corrupted revocation list ({exc}): not used") from None


def _verified(crl: x509.CertificateRevocationList, ca_cert: x509.Certificate) -> RevocationList:
    issuer = canonical_name(crl.issuer)
    who = f"the revocation list of {issuer}"
    if crl.issuer != ca_cert.subject:
        raise RevocationListInvalid(f"{who} is not issued by {canonical_name(ca_cert.subject)}")
    bc, ku = _ext(ca_cert, x509.BasicConstraints), _ext(ca_cert, x509.KeyUsage)
    if bc is None or not bc.ca or (ku is not None and not ku.crl_sign):
        raise RevocationListInvalid(f"{who}: {issuer} is not a CA allowed to sign CRLs (cRLSign)")
    aki, ski = _ext(crl, x509.AuthorityKeyIdentifier), _ext(ca_cert, x509.SubjectKeyIdentifier)
    if aki is not None and aki.key_identifier is not None and ski is not None and aki.key_identifier != ski.digest:
        raise RevocationListInvalid(f"{who}: its authorityKeyIdentifier is not the key of {issuer}'s certificate")
    public = ca_cert.public_key()
    if crl.signature_algorithm_oid != SignatureAlgorithmOID.ECDSA_WITH_SHA256 or not isinstance(
            public, ec.EllipticCurvePublicKey):
        raise RevocationListInvalid(f"{who} is not signed with ecdsa-with-SHA256 by a P-256 CA key")
    if not _canonical(crl):
        raise RevocationListInvalid(f"{who} is not in canonical DER (altered outside its signed part): not used")
    if not crl.is_signature_valid(public):
        raise RevocationListInvalid(f"{who}: its signature does not verify with the CA certificate in the SMKI "
                                    "repository (altered, or not signed by its issuer): not used")
    number = _ext(crl, x509.CRLNumber)
    if number is None:
        raise RevocationListInvalid(f"{who} has no CRL number (RFC 5280 §5.2.3)")
    if _ext(crl, x509.DeltaCRLIndicator) is not None:
        raise RevocationListInvalid(f"{who} is a delta CRL: the SMKI publishes full lists only")
    entries = []
    for revoked in crl:
        flag = _ext(revoked, x509.CRLReason)
        reason = flag.reason if flag is not None else x509.ReasonFlags.unspecified
        if reason in _NOT_USED:
            raise RevocationListInvalid(f"{who} lists {revoked.serial_number:X} as {reason.value}, which the "
                                        "SMKI does not use")
        entries.append(RevokedCertificate(revoked.serial_number, revoked.revocation_date_utc,
                                          RevocationReason(reason.value)))
    return RevocationList(issuer=issuer, number=number.crl_number, this_update=crl.last_update_utc,
                          next_update=crl.next_update_utc, entries=tuple(entries),
                          der=crl.public_bytes(Encoding.DER), scope=ca_scope(ca_cert))


class X509CrlCodec:
    """``CrlCodec`` over ``cryptography``; issues with the SMKI CAs whose keys it is given."""

    def __init__(self, issuers: Sequence[CaCredential]) -> None:
        self._issuers = {canonical_name(c.name): c for c in issuers}

    def verify(self, data: bytes, authorities: Sequence[CertificateRecord]) -> RevocationList:
        crl = load_crl(data)
        try:
            issuer_name = crl.issuer
        except ValueError as exc:  # parsed lazily
            raise RevocationListInvalid(f"a corrupted revocation list ({exc}): not used") from None
        cas = [c for c in (x509.load_der_x509_certificate(a.der) for a in authorities) if c.subject == issuer_name]
        if not cas:
            raise RevocationListInvalid(
                f"the revocation list's issuer {canonical_name(issuer_name)} is not a CA of the SMKI repository: "
                "it cannot be verified, so it is not used")
        failure: RevocationListInvalid | None = None
        for ca in cas:  # a CA re-keyed under the same name: the one whose key verifies it
            try:
                return verify_crl(crl, ca)
            except RevocationListInvalid as exc:
                failure = failure or exc
        assert failure is not None
        raise failure

    def can_issue(self, issuer: str) -> bool:
        return normalise_issuer(issuer) in {normalise_issuer(n) for n in self._issuers}

    def issue(self, issuer: str, entries: Sequence[RevokedCertificate], number: int, this_update: datetime,
              next_update: datetime) -> bytes:
        ca = next((c for n, c in self._issuers.items() if normalise_issuer(n) == normalise_issuer(issuer)), None)
        if ca is None:
            raise RevocationRefused(f"the DCC does not hold the key of {issuer}: it cannot issue its revocation list")
        builder = (x509.CertificateRevocationListBuilder()
                   .issuer_name(ca.name)
                   .last_update(this_update.replace(microsecond=0))
                   .next_update(next_update.replace(microsecond=0))
                   .add_extension(x509.CRLNumber(number), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier(ca.key_identifier, None, None), critical=False))
        for entry in entries:
            revoked = (x509.RevokedCertificateBuilder().serial_number(entry.serial)
                       .revocation_date(entry.revoked_at.replace(microsecond=0))
                       .add_extension(x509.CRLReason(x509.ReasonFlags(entry.reason.value)), critical=False)
                       .build())
            builder = builder.add_revoked_certificate(revoked)
        return builder.sign(ca.key, hashes.SHA256()).public_bytes(Encoding.DER)

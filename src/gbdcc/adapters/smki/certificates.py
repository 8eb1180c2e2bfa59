"""Read SMKI certificates into facts (:class:`~gbdcc.domain.smki.CertificateRecord`) and check them.

* kind: CA (basicConstraints ``CA:TRUE``), organisation (subject x500UniqueIdentifier; DOMAIN.md §6),
  device (empty subject + hardwareModuleName subjectAltName; GBCS 4.3.2.4);
* subject EUI-64, remote party role (subject OU), the one key usage, issuer (canonical, see
  :mod:`.names`) and serial — the ``ds:X509IssuerSerial`` pair a DUIS signature names (DUIS 3.2.2);
* validity; ``99991231235959Z`` means no expiry (RFC 5280 §4.1.2.5) and is stored as ``None``.

:func:`check_usable` and :func:`verify_issued_by` raise :class:`~gbdcc.domain.errors.CertificateInvalid`
(GBDCC-304) with the reason, which the gateway answers as a DUIS E1.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID

from gbdcc.adapters.smki.errors import CertificateMalformed
from gbdcc.adapters.smki.names import canonical_name, normalise_issuer
from gbdcc.adapters.smki.profile import (
    HARDWARE_MODULE_NAME,
    NO_EXPIRY,
    X500_UNIQUE_IDENTIFIER,
    eui_from_hardware_module_name,
    eui_from_unique_identifier,
    is_p256,
    role_from_ou,
)
from gbdcc.domain.errors import CertificateInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole
from gbdcc.domain.smki import check_usable as domain_check_usable

__all__ = [
    "certificate_from_record",
    "check_usable",
    "issuer_key",
    "normalise_issuer",
    "record_from_certificate",
    "verify_issued_by",
]


_E = TypeVar("_E", bound=x509.ExtensionType)


def _ext(cert: x509.Certificate, kind: type[_E]) -> _E | None:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _is_ca(cert: x509.Certificate) -> bool:
    bc = _ext(cert, x509.BasicConstraints)
    return bool(bc and bc.ca)


def _single_usage(cert: x509.Certificate) -> KeyUsage:
    ku = _ext(cert, x509.KeyUsage)
    if ku is None:
        raise CertificateMalformed(f"certificate {cert.serial_number} has no keyUsage extension")
    usages = [u for u, on in ((KeyUsage.DIGITAL_SIGNATURE, ku.digital_signature),
                              (KeyUsage.KEY_AGREEMENT, ku.key_agreement)) if on]
    others = ku.key_cert_sign or ku.crl_sign or ku.content_commitment or ku.key_encipherment
    if len(usages) != 1 or others:
        raise CertificateMalformed(
            f"certificate {cert.serial_number} must have exactly one key usage (digitalSignature or "
            f"keyAgreement), has {ku}"
        )
    return usages[0]


def _role(cert: x509.Certificate, *, required: bool) -> RemotePartyRole | None:
    ous = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    if not ous:
        if required:
            raise CertificateMalformed(f"organisation certificate {cert.serial_number} has no subject OU")
        return None
    value = ous[0].value
    return role_from_ou(value if isinstance(value, str) else value.decode("ascii", "replace"))


def _device_eui(cert: x509.Certificate) -> Eui64 | None:
    san = _ext(cert, x509.SubjectAlternativeName)
    if san is None:
        return None
    names = [n for n in san.get_values_for_type(x509.OtherName) if n.type_id == HARDWARE_MODULE_NAME]
    return eui_from_hardware_module_name(names[0]) if names else None


def record_from_certificate(cert: x509.Certificate, *, prepayment: bool = False) -> CertificateRecord:
    """The facts the SMKI repository indexes. Raises :class:`CertificateMalformed` for a certificate
    that is neither a CA, an organisation nor a device certificate of the SMKI profile."""
    role: RemotePartyRole | None
    eui: Eui64 | None
    usage: KeyUsage | None
    if _is_ca(cert):
        kind, eui, usage = CertificateKind.CA, None, None
        role = _role(cert, required=False)
    else:
        uids = cert.subject.get_attributes_for_oid(X500_UNIQUE_IDENTIFIER)
        device_eui = _device_eui(cert)
        if uids:
            kind, eui, role = CertificateKind.ORGANISATION, eui_from_unique_identifier(uids[0].value), None
            role = _role(cert, required=True)
        elif device_eui is not None and len(cert.subject) == 0:
            kind, eui, role = CertificateKind.DEVICE, device_eui, None
        else:
            raise CertificateMalformed(
                f"certificate {cert.serial_number} ({cert.subject.rfc4514_string() or 'empty subject'}) is "
                "neither an SMKI organisation certificate (x500UniqueIdentifier) nor a device certificate "
                "(hardwareModuleName)"
            )
        usage = _single_usage(cert)
    not_after = cert.not_valid_after_utc
    return CertificateRecord(
        issuer=canonical_name(cert.issuer),
        serial=cert.serial_number,
        kind=kind,
        subject_eui=eui,
        role=role,
        key_usage=usage,
        not_before=cert.not_valid_before_utc,
        not_after=None if not_after >= NO_EXPIRY else not_after,
        der=cert.public_bytes(Encoding.DER),
        prepayment=prepayment,
    )


def certificate_from_record(record: CertificateRecord) -> x509.Certificate:
    return x509.load_der_x509_certificate(record.der)


def issuer_key(issuer_name: str, serial: int | str) -> tuple[str, int]:
    """The lookup key for a DUIS ``ds:X509IssuerSerial`` (issuer text in any spelling, decimal serial)."""
    return normalise_issuer(issuer_name), int(serial)


def check_usable(record: CertificateRecord, at: datetime, usage: KeyUsage, *, test_pki: bool = False) -> None:
    """The domain's :func:`gbdcc.domain.smki.check_usable` (CA, key usage, validity — waived in test-PKI
    mode only) plus what needs the certificate itself: a P-256 key signed with ecdsa-with-SHA256
    (GBCS 4.3.1). Raises ``CertificateInvalid``."""
    domain_check_usable(record, at, usage, test_pki=test_pki)
    who = f"certificate {record.serial} issued by {record.issuer}"
    cert = certificate_from_record(record)
    if not is_p256(cert.public_key()):
        raise CertificateInvalid(f"{who} does not certify a P-256 key")
    if cert.signature_algorithm_oid != SignatureAlgorithmOID.ECDSA_WITH_SHA256:
        raise CertificateInvalid(f"{who} is not signed with ecdsa-with-SHA256")


def verify_issued_by(cert: x509.Certificate, ca_cert: x509.Certificate) -> None:
    """Check that ``ca_cert`` is a CA allowed to sign certificates and that it signed ``cert``: issuer name,
    authority/subject key identifiers and the ECDSA signature (RFC 5280 §6.1.3)."""
    who = f"certificate {cert.serial_number}"
    if not _is_ca(ca_cert):
        raise CertificateInvalid(f"{canonical_name(ca_cert.subject)} is not a CA certificate")
    ku = _ext(ca_cert, x509.KeyUsage)
    if ku is not None and not ku.key_cert_sign:
        raise CertificateInvalid(f"{canonical_name(ca_cert.subject)} may not sign certificates (keyCertSign)")
    if cert.issuer != ca_cert.subject:
        raise CertificateInvalid(
            f"{who} was issued by {canonical_name(cert.issuer)}, not {canonical_name(ca_cert.subject)}"
        )
    aki, ski = _ext(cert, x509.AuthorityKeyIdentifier), _ext(ca_cert, x509.SubjectKeyIdentifier)
    if aki is not None and aki.key_identifier is not None and ski is not None and aki.key_identifier != ski.digest:
        raise CertificateInvalid(f"{who}: authorityKeyIdentifier does not match the CA's key")
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise CertificateInvalid(f"{who}: signature does not verify with the CA's key ({exc!r})") from None



class CertificateReader:
    """``service.cos.ports.CertificateFacts``: what a DER certificate says, as an SMKI record."""

    def facts(self, der: bytes, *, prepayment: bool = False) -> CertificateRecord:
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError as exc:
            raise CertificateMalformed(f"not a DER X.509 certificate ({exc})") from None
        return record_from_certificate(cert, prepayment=prepayment)

"""SMKI facts (SEC L, GBCS 4.3): remote party role codes, key usages, certificate records.

The records here are plain data; building, parsing and verifying certificates is the ``smki`` adapter's
job (it uses ``cryptography``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from gbdcc.domain.errors import CertificateInvalid, CertificateRevoked
from gbdcc.domain.ids import Eui64


class RemotePartyRole(IntEnum):
    """Organisation certificate subject OU (2 hex digits) — DOMAIN.md §6."""

    ROOT = 0x00
    RECOVERY = 0x01
    SUPPLIER = 0x02
    NETWORK_OPERATOR = 0x03
    ACCESS_CONTROL_BROKER = 0x04
    TRANSITIONAL_COS = 0x05
    WAN_PROVIDER = 0x06
    ISSUING_AUTHORITY = 0x07
    LOAD_CONTROLLER = 0x08
    OTHER = 0x7F
    XML_SIGNING = 0x87
    DSP_XML_SIGNING = 0x89

    @property
    def ou(self) -> str:
        return f"{self.value:02X}"


class KeyUsage(StrEnum):
    """Each SMKI end-entity certificate has exactly one key usage."""

    DIGITAL_SIGNATURE = "ds"
    KEY_AGREEMENT = "ka"


class CertificateKind(StrEnum):
    ORGANISATION = "organisation"
    DEVICE = "device"
    CA = "ca"


class RevocationReason(StrEnum):
    """RFC 5280 §5.3.1 CRLReason, by its ASN.1 name (what ``gbdcc smki revoke --reason`` takes)."""

    UNSPECIFIED = "unspecified"
    KEY_COMPROMISE = "keyCompromise"
    CA_COMPROMISE = "cACompromise"
    AFFILIATION_CHANGED = "affiliationChanged"
    SUPERSEDED = "superseded"
    CESSATION_OF_OPERATION = "cessationOfOperation"
    PRIVILEGE_WITHDRAWN = "privilegeWithdrawn"


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    """What the SMKI repository holds about one certificate (DER bytes plus the indexed facts)."""

    issuer: str  # RFC 4514 string of the issuer name
    serial: int
    kind: CertificateKind
    subject_eui: Eui64 | None
    role: RemotePartyRole | None
    key_usage: KeyUsage | None
    not_before: datetime
    not_after: datetime | None
    der: bytes
    prepayment: bool = False  # supplier's prepayment top-up key agreement certificate
    revoked_at: datetime | None = None  # revocationDate of the first verified CRL that listed it (R-PKI-1)
    revocation_reason: RevocationReason | None = None

    @property
    def revoked(self) -> bool:
        """Revocation is final: once a verified CRL listed the certificate it is never usable again."""
        return self.revoked_at is not None

    def valid_at(self, at: datetime, *, test_pki: bool = False) -> bool:
        """Within the validity period; test-PKI mode accepts the expired 2015/2016 DCC test certs."""
        if test_pki:
            return True
        return self.not_before <= at and (self.not_after is None or at <= self.not_after)


class CertificateStatus(StrEnum):
    """A certificate's status as the SMKI repository reports it (SEC L; the one-letter codes of the SMKI
    repository interface, which DCC Boxed's certificate search also uses)."""

    PENDING = "P"
    IN_USE = "I"
    NOT_IN_USE = "N"
    EXPIRED = "E"
    REVOKED = "R"


def certificate_status(record: CertificateRecord, at: datetime, *, test_pki: bool = False) -> CertificateStatus:
    """In use within its validity period, Pending before it, Expired after it. Test-PKI mode reports the
    DCC's expired 2015/2016 test certificates In use, as it accepts them (:meth:`CertificateRecord.valid_at`).
    A certificate a verified CRL listed is Revoked whatever its validity (R-PKI-1); Not In use is never
    reported."""
    if record.revoked:
        return CertificateStatus.REVOKED
    if record.valid_at(at, test_pki=test_pki):
        return CertificateStatus.IN_USE
    return CertificateStatus.PENDING if at < record.not_before else CertificateStatus.EXPIRED


def check_not_revoked(record: CertificateRecord) -> None:
    """Refuse a certificate that a verified revocation list names (R-PKI-1)."""
    if record.revoked_at is not None:
        reason = record.revocation_reason.value if record.revocation_reason else "unspecified"
        raise CertificateRevoked(
            f"certificate {record.serial:X} issued by {record.issuer} was revoked at "
            f"{record.revoked_at:%Y-%m-%d %H:%M:%SZ} ({reason})")


def check_usable(record: CertificateRecord, at: datetime, usage: KeyUsage, *, test_pki: bool = False) -> None:
    """Refuse (``CertificateInvalid``) a certificate that may not be used for ``usage`` at ``at``: a revoked
    one (``CertificateRevoked``, R-PKI-1, never waived), a CA certificate, another key usage (each SMKI
    end-entity certificate has exactly one), or outside its validity period — the last waived in test-PKI
    mode only, for the DCC's 2015/2016 test certificates (DOMAIN.md §6). The SMKI adapter adds the checks
    that need the certificate itself (P-256 key, ecdsa-with-SHA256 signature)."""
    if at.tzinfo is None:
        raise ValueError("check_usable needs a timezone-aware time")
    who = f"certificate {record.serial} issued by {record.issuer}"
    check_not_revoked(record)
    if record.kind is CertificateKind.CA:
        raise CertificateInvalid(f"{who} is a CA certificate, not usable for {usage.name}")
    if record.key_usage is not usage:
        held = record.key_usage.name if record.key_usage else "none"
        raise CertificateInvalid(f"{who} has key usage {held}, {usage.name} is needed")
    if record.valid_at(at, test_pki=test_pki):
        return
    if at < record.not_before:
        raise CertificateInvalid(f"{who} is not valid before {record.not_before:%Y-%m-%d %H:%M:%SZ}")
    raise CertificateInvalid(
        f"{who} expired at {record.not_after:%Y-%m-%d %H:%M:%SZ} (the DCC's test certificates are "
        "accepted only in test-PKI mode, GBDCC_TEST_PKI=1)"
    )


def check_xml_signing_certificate(
    record: CertificateRecord | None, user_id: Eui64, at: datetime, *, test_pki: bool = False
) -> CertificateRecord:
    """The certificate named by a DUIS signature's X509IssuerSerial must be in the SMKI repository,
    belong to the originating User (subject EUI = RequestID originator) and be usable for digital
    signatures now (DUIS 3.2.2; :func:`check_usable`)."""
    if record is None:
        raise CertificateInvalid("the signing certificate (X509IssuerSerial) is not in the SMKI repository")
    if record.subject_eui != user_id:
        raise CertificateInvalid(
            f"the signing certificate belongs to {record.subject_eui}, not to the originator {user_id}"
        )
    check_usable(record, at, KeyUsage.DIGITAL_SIGNATURE, test_pki=test_pki)
    return record

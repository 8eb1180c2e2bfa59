"""Issue SMKI end-entity certificates with the profile of the real DCC test certificates (DOMAIN.md §6).

* Organisation certificates (SMKI Organisation Certificate Policy; GBCS 4.3.2.4): subject
  ``[CN=<name>,] OU=<role>, x500UniqueIdentifier=<EUI-64>``; extensions in the DCC's order — keyUsage
  (critical, exactly one), subjectKeyIdentifier, certificatePolicies (critical), authorityKeyIdentifier.
* Device certificates (SMKI Device Certificate Policy): empty subject; keyUsage (critical), SKI,
  subjectAltName hardwareModuleName (critical), certificatePolicies (critical), AKI; notAfter
  ``99991231235959Z`` (no expiry).
* DUIS XML-signing certificates, User (OU ``87``) and DSP (OU ``89``), as the DCC issues them for DCC
  Boxed: certificatePolicies (critical), SKI, keyUsage digitalSignature (critical) — no AKI.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gbdcc.adapters.smki.device_certificates import DeviceCertificateIssuer, issue_device_certificate
from gbdcc.adapters.smki.errors import IssuanceRefused
from gbdcc.adapters.smki.pki import CaCredential, new_serial
from gbdcc.adapters.smki.profile import (
    ORGANISATION_POLICY,
    ORGANISATION_ROLES,
    checked_public_key,
    key_identifier,
    key_usage_extension,
    policies,
    unique_identifier_attribute,
    utc_seconds,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

ORGANISATION_VALIDITY_YEARS = 10  # the DCC's test certificates: 10 years less a second
XML_SIGNING_VALIDITY_YEARS = 100  # the DCC's XML-signing certificates: 100 years
_XML_ROLES = (RemotePartyRole.XML_SIGNING, RemotePartyRole.DSP_XML_SIGNING)

__all__ = [
    "DeviceCertificateIssuer",
    "add_years",
    "issue_device_certificate",
    "issue_dsp_xml_signing_certificate",
    "issue_organisation_certificate",
    "issue_user_xml_signing_certificate",
    "organisation_subject",
]


def add_years(value: datetime, years: int) -> datetime:
    """Same calendar date ``years`` later (29 February becomes 28 February)."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def organisation_subject(eui: Eui64, role: RemotePartyRole, common_name: str | None = None) -> x509.Name:
    """``[CN,] OU, x500UniqueIdentifier`` in the DCC's DER order; CN and OU as UTF8String."""
    attrs: list[x509.NameAttribute[str] | x509.NameAttribute[bytes]] = []
    if common_name:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role.ou))
    attrs.append(unique_identifier_attribute(eui))
    return x509.Name(attrs)


def _base(
    ca: CaCredential, subject: x509.Name, public_key: ec.EllipticCurvePublicKey,
    not_before: datetime, not_after: datetime, serial: int | None,
) -> x509.CertificateBuilder:
    start, end = utc_seconds(not_before), utc_seconds(not_after)
    if end <= start:
        raise IssuanceRefused(f"notAfter {end:%Y-%m-%d} is not after notBefore {start:%Y-%m-%d}")
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.name)
        .public_key(public_key)
        .serial_number(serial if serial is not None else new_serial())
        .not_valid_before(start)
        .not_valid_after(end)
    )


def issue_organisation_certificate(
    ca: CaCredential,
    public_key: ec.EllipticCurvePublicKey,
    *,
    eui: Eui64,
    role: RemotePartyRole,
    usage: KeyUsage,
    not_before: datetime,
    not_after: datetime | None = None,
    common_name: str | None = None,
    serial: int | None = None,
) -> x509.Certificate:
    """An Organisation Certificate for ``eui`` in ``role`` with exactly one key ``usage``."""
    key = checked_public_key(public_key)
    if role not in ORGANISATION_ROLES or role in _XML_ROLES:
        raise IssuanceRefused(f"role {role.name} ({role.ou}) is not an organisation certificate role")
    end = not_after or add_years(utc_seconds(not_before), ORGANISATION_VALIDITY_YEARS) - timedelta(seconds=1)
    builder = (
        _base(ca, organisation_subject(eui, role, common_name), key, not_before, end, serial)
        .add_extension(key_usage_extension(usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier(key_identifier(key)), critical=False)
        .add_extension(policies(ORGANISATION_POLICY), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier(ca.key_identifier, None, None), critical=False)
    )
    return builder.sign(ca.key, hashes.SHA256())


def _xml_signing(
    ca: CaCredential, public_key: ec.EllipticCurvePublicKey, eui: Eui64, role: RemotePartyRole,
    not_before: datetime, not_after: datetime | None, serial: int | None,
) -> x509.Certificate:
    key = checked_public_key(public_key)
    end = not_after or add_years(utc_seconds(not_before), XML_SIGNING_VALIDITY_YEARS)
    builder = (
        _base(ca, organisation_subject(eui, role), key, not_before, end, serial)
        .add_extension(policies(ORGANISATION_POLICY), critical=True)
        .add_extension(x509.SubjectKeyIdentifier(key_identifier(key)), critical=False)
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
    )
    return builder.sign(ca.key, hashes.SHA256())


def issue_user_xml_signing_certificate(
    ca: CaCredential, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, not_before: datetime,
    not_after: datetime | None = None, serial: int | None = None,
) -> x509.Certificate:
    """A User's DUIS XML-signing certificate (OU ``87``), as ``xml-sign-90B3D51F30010000-ds.pem``."""
    return _xml_signing(ca, public_key, eui, RemotePartyRole.XML_SIGNING, not_before, not_after, serial)


def issue_dsp_xml_signing_certificate(
    ca: CaCredential, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, not_before: datetime,
    not_after: datetime | None = None, serial: int | None = None,
) -> x509.Certificate:
    """The DCC's DSP XML-signing certificate (OU ``89``), as ``dsp-xml-sign-90B3D51F30000002-ds.pem``."""
    return _xml_signing(ca, public_key, eui, RemotePartyRole.DSP_XML_SIGNING, not_before, not_after, serial)

"""Issued certificates match the profile of the real DCC test certificates in ``oracles/keys``:
same subject bytes, same extensions in the same order with the same criticality and encodings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import record_from_certificate, verify_issued_by
from gbdcc.adapters.smki.device_certificates import DeviceCertificateIssuer
from gbdcc.adapters.smki.errors import IssuanceRefused
from gbdcc.adapters.smki.issue import (
    add_years,
    issue_device_certificate,
    issue_dsp_xml_signing_certificate,
    issue_organisation_certificate,
    issue_user_xml_signing_certificate,
)
from gbdcc.adapters.smki.pki import Pki
from gbdcc.adapters.smki.profile import key_identifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole

pytestmark = pytest.mark.oracle

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
DCC = Eui64.parse("90-B3-D5-1F-30-00-00-02")
ESME = Eui64.parse("00-DB-12-34-56-78-90-A0")


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.generate(now=datetime(2015, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _load(oracles: Path, rel: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((oracles / "keys" / rel).read_bytes())


def _extensions(cert: x509.Certificate) -> list[tuple[str, bool]]:
    return [(e.oid.dotted_string, e.critical) for e in cert.extensions]


def _ext_der(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> bytes:
    return cert.extensions.get_extension_for_class(kind).value.public_bytes()


def _assert_common_profile(ours: x509.Certificate, real: x509.Certificate) -> None:
    assert ours.version is real.version is x509.Version.v3
    assert ours.signature_algorithm_oid == real.signature_algorithm_oid  # ecdsa-with-SHA256
    assert 0 < ours.serial_number < 1 << 127  # 16 DER octets at most, like the DCC's
    assert _extensions(ours) == _extensions(real)
    assert _ext_der(ours, x509.KeyUsage) == _ext_der(real, x509.KeyUsage)
    assert _ext_der(ours, x509.CertificatePolicies) == _ext_der(real, x509.CertificatePolicies)
    ski = ours.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert len(ski) == 8 and ski == key_identifier(ours.public_key())  # type: ignore[arg-type]
    # the real certificates use the same key identifier method
    real_ski = real.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert real_ski == key_identifier(real.public_key())  # type: ignore[arg-type]


def test_organisation_certificate_matches_the_real_supplier_certificate(
    oracles: Path, pki: Pki, key: ec.EllipticCurvePrivateKey
) -> None:
    real = _load(oracles, "rtds/90b3d51f30010000-ds.pem")
    ours = issue_organisation_certificate(
        pki.organisation_ca, key.public_key(), eui=SUPPLIER, role=RemotePartyRole.SUPPLIER,
        usage=KeyUsage.DIGITAL_SIGNATURE, not_before=real.not_valid_before_utc, common_name="GITTESTSUPPLIER",
    )
    _assert_common_profile(ours, real)
    assert ours.subject.public_bytes() == real.subject.public_bytes()  # CN, OU, BIT STRING EUI — same bytes
    assert b"\x03\x09\x00" + SUPPLIER.to_bytes() in ours.subject.public_bytes()
    assert ours.not_valid_before_utc == real.not_valid_before_utc
    assert ours.not_valid_after_utc == real.not_valid_after_utc  # 10 years less a second
    aki = ours.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == pki.organisation_ca.key_identifier and aki.authority_cert_issuer is None
    verify_issued_by(ours, pki.organisation_ca.cert)
    record = record_from_certificate(ours)
    assert (record.kind, record.subject_eui, record.role, record.key_usage) == (
        CertificateKind.ORGANISATION, SUPPLIER, RemotePartyRole.SUPPLIER, KeyUsage.DIGITAL_SIGNATURE)


def test_key_agreement_certificate_matches_the_real_one_without_cn(
    oracles: Path, pki: Pki, key: ec.EllipticCurvePrivateKey
) -> None:
    real = _load(oracles, "rtds/90b3d51f30000002-ka.pem")
    ours = issue_organisation_certificate(
        pki.organisation_ca, key.public_key(), eui=DCC, role=RemotePartyRole.ACCESS_CONTROL_BROKER,
        usage=KeyUsage.KEY_AGREEMENT, not_before=real.not_valid_before_utc,
    )
    _assert_common_profile(ours, real)
    assert ours.subject.public_bytes() == real.subject.public_bytes()
    assert record_from_certificate(ours).key_usage is KeyUsage.KEY_AGREEMENT


def test_device_certificate_matches_the_real_esme_certificate(
    oracles: Path, pki: Pki, key: ec.EllipticCurvePrivateKey
) -> None:
    for usage, suffix in ((KeyUsage.DIGITAL_SIGNATURE, "ds"), (KeyUsage.KEY_AGREEMENT, "ka")):
        real = _load(oracles, f"rtds/00db1234567890a0-{suffix}.pem")
        ours = issue_device_certificate(pki.device_ca, key.public_key(), eui=ESME, usage=usage,
                                        not_before=real.not_valid_before_utc)
        _assert_common_profile(ours, real)
        assert len(ours.subject) == 0 and ours.subject.public_bytes() == real.subject.public_bytes()
        # the hardwareModuleName otherName is byte-identical for the same EUI
        assert _ext_der(ours, x509.SubjectAlternativeName) == _ext_der(real, x509.SubjectAlternativeName)
        der = ours.public_bytes(serialization.Encoding.DER)
        assert b"\x18\x0f99991231235959Z" in der  # GeneralizedTime notAfter, as the real one
        assert b"\x18\x0f99991231235959Z" in real.public_bytes(serialization.Encoding.DER)
        verify_issued_by(ours, pki.device_ca.cert)
        record = record_from_certificate(ours)
        assert (record.kind, record.subject_eui, record.role, record.key_usage, record.not_after) == (
            CertificateKind.DEVICE, ESME, None, usage, None)


@pytest.mark.parametrize(
    ("rel", "eui", "issue"),
    [
        ("duis-xml-sign/xml-sign-90B3D51F30010000-ds.pem", SUPPLIER, issue_user_xml_signing_certificate),
        ("duis-xml-sign/dsp-xml-sign-90B3D51F30000002-ds.pem", DCC, issue_dsp_xml_signing_certificate),
    ],
)
def test_xml_signing_certificates_match_the_real_ones(
    oracles: Path, pki: Pki, key: ec.EllipticCurvePrivateKey, rel: str, eui: Eui64, issue: object
) -> None:
    real = _load(oracles, rel)
    ours = issue(pki.organisation_ca, key.public_key(), eui=eui, not_before=real.not_valid_before_utc)  # type: ignore[operator]
    _assert_common_profile(ours, real)  # policies, SKI, keyUsage — and no AKI, like the real ones
    assert ours.subject.public_bytes() == real.subject.public_bytes()
    assert (ours.not_valid_before_utc, ours.not_valid_after_utc) == (
        real.not_valid_before_utc, real.not_valid_after_utc)  # 2018 → 2118
    verify_issued_by(ours, pki.organisation_ca.cert)


def test_fast_device_path_is_byte_identical_to_the_builder(pki: Pki, key: ec.EllipticCurvePrivateKey) -> None:
    issuer = DeviceCertificateIssuer(pki.device_ca, deterministic=True)
    start = datetime(2016, 4, 6, tzinfo=UTC)
    for i, usage in enumerate([KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT] * 3):
        eui, serial = Eui64(ESME.value + i), (1 << 126) + 7 * i + 1
        fast = issuer.issue_der(key.public_key(), eui=eui, usage=usage, not_before=start, serial=serial)
        slow = issuer.build(key.public_key(), eui=eui, usage=usage, not_before=start, serial=serial)
        assert fast == slow.public_bytes(serialization.Encoding.DER)
    # a serial outside the template's fixed width falls back to the builder
    small = issuer.issue(key.public_key(), eui=ESME, usage=KeyUsage.KEY_AGREEMENT, not_before=start, serial=5)
    assert small.serial_number == 5
    verify_issued_by(small, pki.device_ca.cert)


def test_non_p256_keys_wrong_roles_and_naive_times_are_refused(pki: Pki, key: ec.EllipticCurvePrivateKey) -> None:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(IssuanceRefused, match="P-256"):
        issue_organisation_certificate(pki.organisation_ca, p384, eui=SUPPLIER, role=RemotePartyRole.SUPPLIER,
                                       usage=KeyUsage.DIGITAL_SIGNATURE, not_before=start)
    with pytest.raises(IssuanceRefused, match="P-256"):
        issue_device_certificate(pki.device_ca, p384, eui=ESME, usage=KeyUsage.KEY_AGREEMENT, not_before=start)
    for role in (RemotePartyRole.ROOT, RemotePartyRole.ISSUING_AUTHORITY, RemotePartyRole.XML_SIGNING):
        with pytest.raises(IssuanceRefused, match="not an organisation certificate role"):
            issue_organisation_certificate(pki.organisation_ca, key.public_key(), eui=SUPPLIER, role=role,
                                           usage=KeyUsage.DIGITAL_SIGNATURE, not_before=start)
    with pytest.raises(IssuanceRefused, match="timezone-aware"):
        issue_organisation_certificate(pki.organisation_ca, key.public_key(), eui=SUPPLIER,
                                       role=RemotePartyRole.SUPPLIER, usage=KeyUsage.DIGITAL_SIGNATURE,
                                       not_before=datetime(2020, 1, 1))
    with pytest.raises(IssuanceRefused, match="not after"):
        issue_organisation_certificate(pki.organisation_ca, key.public_key(), eui=SUPPLIER,
                                       role=RemotePartyRole.SUPPLIER, usage=KeyUsage.DIGITAL_SIGNATURE,
                                       not_before=start, not_after=start)


def test_every_certificate_has_exactly_one_key_usage(pki: Pki, key: ec.EllipticCurvePrivateKey) -> None:
    for usage in KeyUsage:
        cert = issue_organisation_certificate(
            pki.organisation_ca, key.public_key(), eui=SUPPLIER, role=RemotePartyRole.NETWORK_OPERATOR,
            usage=usage, not_before=datetime(2020, 1, 1, tzinfo=UTC))
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert [ku.digital_signature, ku.key_agreement] == [usage is KeyUsage.DIGITAL_SIGNATURE,
                                                             usage is KeyUsage.KEY_AGREEMENT]
        assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)


def test_add_years_handles_leap_days() -> None:
    assert add_years(datetime(2016, 2, 29, tzinfo=UTC), 10) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_years(datetime(2018, 1, 1, tzinfo=UTC), 100) == datetime(2118, 1, 1, tzinfo=UTC)

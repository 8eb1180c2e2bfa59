"""Certificate facts from every real DCC test certificate; issuer normalisation; usability checks
(key usage, validity with and without test-PKI mode, curve); chain checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import (
    certificate_from_record,
    check_usable,
    issuer_key,
    normalise_issuer,
    record_from_certificate,
    verify_issued_by,
)
from gbdcc.adapters.smki.errors import CertificateMalformed
from gbdcc.adapters.smki.issue import issue_organisation_certificate
from gbdcc.adapters.smki.pki import Pki
from gbdcc.adapters.smki.profile import unique_identifier_attribute
from gbdcc.adapters.smki.storage import load_certificate
from gbdcc.domain.errors import CertificateInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole

TODAY = datetime(2026, 6, 1, tzinfo=UTC)  # after the 2015/2016 test certificates expired
RTDS_NAME = re.compile(r"^(?P<eui>[0-9a-f]{16})-(?P<pp>pp-)?(?P<usage>ds|ka)\.pem$")


def _cert(oracles: Path, rel: str) -> x509.Certificate:
    return load_certificate((oracles / "keys" / rel).read_bytes(), source=rel)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.generate(now=datetime(2020, 1, 1, tzinfo=UTC))


@pytest.mark.oracle
def test_every_rtds_certificate_parses_and_matches_its_file_name(oracles: Path) -> None:
    kinds: dict[CertificateKind, int] = {}
    unparseable, mislabelled = [], []
    for path in sorted((oracles / "keys" / "rtds").glob("*.pem")):
        try:
            record = record_from_certificate(load_certificate(path.read_bytes(), source=path.name))
        except CertificateMalformed:
            unparseable.append(path.name)
            continue
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
        m = RTDS_NAME.match(path.name)
        assert m, path.name
        if (record.subject_eui, record.key_usage) != (Eui64.parse(m["eui"]), KeyUsage(m["usage"])):
            mislabelled.append(path.name)
        if record.kind is CertificateKind.DEVICE:
            assert record.issuer == "CN=E357" and record.role is None and record.not_after is None
        else:
            assert record.issuer == "CN=Z1,OU=07" and record.role is not None
            assert record.subject_eui is not None and record.subject_eui.hex.startswith("90b3d51f")
    assert unparseable == ["fffffffffffffffe-ka.pem"]  # a bare PUBLIC KEY, not a certificate
    # the RTDS run filed a copy of supplier 2's KA certificate (90b3d51f30030000) under the WAN provider
    assert mislabelled == ["90b3d51f30000007-ka.pem"]
    assert kinds == {CertificateKind.DEVICE: 400, CertificateKind.ORGANISATION: 16}


@pytest.mark.oracle
def test_rtds_organisation_roles_and_usages(oracles: Path) -> None:
    expect = {
        "90b3d51f30000001-ds": (RemotePartyRole.RECOVERY, KeyUsage.DIGITAL_SIGNATURE),
        "90b3d51f30000002-ds": (RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.DIGITAL_SIGNATURE),
        "90b3d51f30000002-ka": (RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.KEY_AGREEMENT),
        "90b3d51f30000004-ds": (RemotePartyRole.TRANSITIONAL_COS, KeyUsage.DIGITAL_SIGNATURE),
        "90b3d51f30000007-ds": (RemotePartyRole.WAN_PROVIDER, KeyUsage.DIGITAL_SIGNATURE),
        "90b3d51f30010000-ds": (RemotePartyRole.SUPPLIER, KeyUsage.DIGITAL_SIGNATURE),
        "90b3d51f30010000-pp-ka": (RemotePartyRole.SUPPLIER, KeyUsage.KEY_AGREEMENT),
        "90b3d51f30010008-ka": (RemotePartyRole.LOAD_CONTROLLER, KeyUsage.KEY_AGREEMENT),
        "90b3d51f30020000-ds": (RemotePartyRole.NETWORK_OPERATOR, KeyUsage.DIGITAL_SIGNATURE),
    }
    for stem, (role, usage) in expect.items():
        record = record_from_certificate(_cert(oracles, f"rtds/{stem}.pem"))
        assert (record.role, record.key_usage) == (role, usage), stem


@pytest.mark.oracle
def test_every_duis_xml_signing_certificate_parses(oracles: Path) -> None:
    roles: dict[str, RemotePartyRole | None] = {}
    for path in sorted((oracles / "keys" / "duis-xml-sign").glob("*.pem")):
        if path.name.endswith(".key.pem"):
            continue
        record = record_from_certificate(load_certificate(path.read_bytes()))
        assert record.kind is CertificateKind.ORGANISATION and record.key_usage is KeyUsage.DIGITAL_SIGNATURE
        assert record.issuer == "CN=Z1,OU=07"
        roles[path.name] = record.role
    assert len(roles) == 19
    assert roles["xml-sign-90B3D51F30010000-ds.pem"] is RemotePartyRole.XML_SIGNING
    assert roles["xml-sign-00DB123456780004-ds.pem"] is RemotePartyRole.XML_SIGNING
    assert roles["dsp-xml-sign-90B3D51F30000002-ds.pem"] is RemotePartyRole.DSP_XML_SIGNING
    # the pre-1.4.1 DSP certificate wrote its role as decimal "137" (= 0x89)
    assert roles["dsp-xml-sign-90B3D51F30000002-ds-pre-1.4.1.pem"] is RemotePartyRole.DSP_XML_SIGNING
    assert roles["Z1-supplier-ds.pem"] is RemotePartyRole.SUPPLIER
    assert roles["Z1-accessControlBroker-dSPXmlSign.pem"] is RemotePartyRole.DSP_XML_SIGNING
    eui = record_from_certificate(_cert(oracles, "duis-xml-sign/xml-sign-90B3D51F30020000-ds.pem")).subject_eui
    assert eui == Eui64.parse("90-B3-D5-1F-30-02-00-00")


@pytest.mark.parametrize(
    "text", ["CN=Z1,OU=07", "CN=Z1, OU=07", "OU=07,CN=Z1", "OU=07, CN=Z1", " CN = Z1 ,  OU = 07 ",
             "cn=z1,ou=07", "/OU=07/CN=Z1", "commonName=Z1;organizationalUnitName=07", "2.5.4.3=Z1,OID.2.5.4.11=07"],
)
def test_issuer_spellings_normalise_to_the_real_certificate_issuer(oracles: Path, text: str) -> None:
    real = record_from_certificate(_cert(oracles, "duis-xml-sign/xml-sign-90B3D51F30010000-ds.pem"))
    rtds = record_from_certificate(_cert(oracles, "rtds/90b3d51f30010000-ds.pem"))  # PrintableString issuer
    assert normalise_issuer(text) == real.issuer == rtds.issuer == "CN=Z1,OU=07"


def test_issuer_normalisation_edge_cases() -> None:
    assert normalise_issuer("CN=E357") == "CN=E357"
    assert normalise_issuer("") == ""
    assert normalise_issuer("CN=U1, OU=07") != normalise_issuer("CN=Z1,OU=07")
    assert normalise_issuer("CN=a\\,b , OU=07") == "CN=A\\,B,OU=07"
    assert normalise_issuer("CN=GIT   TEST") == "CN=GIT TEST"
    assert normalise_issuer("CN=Z1+OU=07") == normalise_issuer("OU=07+CN=Z1")  # multi-valued RDN is a set
    assert normalise_issuer("CN=A,CN=B") != normalise_issuer("CN=B,CN=A")  # repeated types keep their order
    assert issuer_key("CN=Z1, OU=07", "117636141832862931915946451229571981153") == (
        "CN=Z1,OU=07", 117636141832862931915946451229571981153)
    for bad in ("CN", "FOO=bar", "CN=Z1,,OU=07"):
        with pytest.raises(CertificateInvalid):
            normalise_issuer(bad)


@pytest.mark.oracle
def test_expired_test_certificates_only_in_test_pki_mode(oracles: Path) -> None:
    record = record_from_certificate(_cert(oracles, "rtds/90b3d51f30010000-ds.pem"))  # 2015 → 2025
    with pytest.raises(CertificateInvalid, match=r"expired at 2025-10-29 23:59:59Z.*test-PKI"):
        check_usable(record, TODAY, KeyUsage.DIGITAL_SIGNATURE)
    check_usable(record, TODAY, KeyUsage.DIGITAL_SIGNATURE, test_pki=True)
    check_usable(record, datetime(2020, 1, 1, tzinfo=UTC), KeyUsage.DIGITAL_SIGNATURE)  # in its period
    with pytest.raises(CertificateInvalid, match="not valid before 2015-10-30"):
        check_usable(record, datetime(2015, 1, 1, tzinfo=UTC), KeyUsage.DIGITAL_SIGNATURE)
    # test-PKI mode waives validity, never the key usage
    with pytest.raises(CertificateInvalid, match="DIGITAL_SIGNATURE, KEY_AGREEMENT is needed"):
        check_usable(record, TODAY, KeyUsage.KEY_AGREEMENT, test_pki=True)
    # the XML-signing certificates run to 2118 and need no test mode; device certificates never expire
    xml = record_from_certificate(_cert(oracles, "duis-xml-sign/xml-sign-90B3D51F30010000-ds.pem"))
    check_usable(xml, TODAY, KeyUsage.DIGITAL_SIGNATURE)
    device = record_from_certificate(_cert(oracles, "rtds/00db1234567890a0-ka.pem"))
    check_usable(device, datetime(9000, 1, 1, tzinfo=UTC), KeyUsage.KEY_AGREEMENT)


def _p384_certificate(pki: Pki) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.ORGANIZATIONAL_UNIT_NAME, "02"),
                      unique_identifier_attribute(Eui64(1))])
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(pki.organisation_ca.name)
        .public_key(key.public_key()).serial_number(7)
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC)).not_valid_after(datetime(2030, 1, 1, tzinfo=UTC))
        .add_extension(usage, critical=True)
        .sign(pki.organisation_ca.key, hashes.SHA256())
    )


def test_check_usable_refuses_ca_wrong_usage_and_non_p256(pki: Pki) -> None:
    at = datetime(2021, 1, 1, tzinfo=UTC)
    with pytest.raises(CertificateInvalid, match="is a CA certificate"):
        check_usable(record_from_certificate(pki.organisation_ca.cert), at, KeyUsage.DIGITAL_SIGNATURE)
    p384 = record_from_certificate(_p384_certificate(pki))
    assert p384.role is RemotePartyRole.SUPPLIER
    with pytest.raises(CertificateInvalid, match="P-256"):
        check_usable(p384, at, KeyUsage.DIGITAL_SIGNATURE, test_pki=True)
    with pytest.raises(ValueError, match="timezone-aware"):
        check_usable(p384, datetime(2021, 1, 1), KeyUsage.DIGITAL_SIGNATURE)


def test_records_of_issued_certificates_round_trip(pki: Pki) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime(2024, 5, 1, tzinfo=UTC)
    cert = issue_organisation_certificate(
        pki.organisation_ca, key.public_key(), eui=Eui64(0x90B3D51F30040000), role=RemotePartyRole.OTHER,
        usage=KeyUsage.KEY_AGREEMENT, not_before=start)
    record = record_from_certificate(cert, prepayment=True)
    assert isinstance(record, CertificateRecord)
    assert record.issuer == normalise_issuer("OU=07, CN=GBDCC-OCA") == "CN=GBDCC-OCA,OU=07"
    assert record.serial == cert.serial_number and record.role is RemotePartyRole.OTHER and record.prepayment
    assert record.not_before == start and record.not_after == datetime(2034, 4, 30, 23, 59, 59, tzinfo=UTC)
    assert certificate_from_record(record) == cert
    check_usable(record, start + timedelta(days=1), KeyUsage.KEY_AGREEMENT)


def test_certificates_outside_the_smki_profile_are_malformed(pki: Pki) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    base = (
        x509.CertificateBuilder().issuer_name(pki.organisation_ca.name).public_key(key.public_key())
        .serial_number(9).not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2030, 1, 1, tzinfo=UTC))
    )
    plain = base.subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "web")]))
    with pytest.raises(CertificateMalformed, match="neither"):
        record_from_certificate(plain.sign(pki.organisation_ca.key, hashes.SHA256()))
    org = base.subject_name(x509.Name([x509.NameAttribute(x509.NameOID.ORGANIZATIONAL_UNIT_NAME, "02"),
                                       unique_identifier_attribute(Eui64(1))]))
    both = x509.KeyUsage(True, False, False, False, True, False, False, False, False)
    with pytest.raises(CertificateMalformed, match="exactly one key usage"):
        record_from_certificate(org.add_extension(both, critical=True).sign(pki.organisation_ca.key,
                                                                            hashes.SHA256()))
    with pytest.raises(CertificateMalformed, match="no keyUsage"):
        record_from_certificate(org.sign(pki.organisation_ca.key, hashes.SHA256()))
    with pytest.raises(CertificateMalformed, match="not a parseable"):
        load_certificate(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


def test_verify_issued_by(pki: Pki) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue_organisation_certificate(
        pki.organisation_ca, key.public_key(), eui=Eui64(5), role=RemotePartyRole.SUPPLIER,
        usage=KeyUsage.DIGITAL_SIGNATURE, not_before=datetime(2024, 1, 1, tzinfo=UTC))
    verify_issued_by(cert, pki.organisation_ca.cert)
    verify_issued_by(pki.organisation_ca.cert, pki.root.cert)
    with pytest.raises(CertificateInvalid, match="was issued by CN=GBDCC-OCA,OU=07, not CN=GBDCC-DCA"):
        verify_issued_by(cert, pki.device_ca.cert)
    with pytest.raises(CertificateInvalid, match="not a CA certificate"):
        verify_issued_by(cert, cert)
    # same CA name, different key (an impostor CA): the key identifier and the signature give it away
    impostor = Pki.generate(organisation_ca_name="GBDCC-OCA")
    with pytest.raises(CertificateInvalid, match="authorityKeyIdentifier"):
        verify_issued_by(cert, impostor.organisation_ca.cert)


@pytest.mark.oracle
def test_real_certificates_do_not_verify_against_our_ca(oracles: Path, pki: Pki) -> None:
    real = _cert(oracles, "duis-xml-sign/xml-sign-90B3D51F30010000-ds.pem")  # no AKI: signature decides
    forged_ca = Pki.generate(organisation_ca_name="Z1")
    with pytest.raises(CertificateInvalid, match="signature does not verify"):
        verify_issued_by(real, forged_ca.organisation_ca.cert)

"""The private test PKI: CA profile (DOMAIN.md §6) and round trip to disk, plain and encrypted."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gbdcc.adapters.smki.certificates import record_from_certificate, verify_issued_by
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.pki import Pki, new_serial
from gbdcc.domain.smki import CertificateKind, RemotePartyRole

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.generate(now=NOW, root_name="ZT", organisation_ca_name="Z9", device_ca_name="E999")


def _names(cert: x509.Certificate) -> list[tuple[str, str]]:
    return [(a.oid.dotted_string, str(a.value)) for a in cert.subject]


def test_ca_names_follow_the_dcc_test_pki_shape(pki: Pki) -> None:
    ou, cn = NameOID.ORGANIZATIONAL_UNIT_NAME.dotted_string, NameOID.COMMON_NAME.dotted_string
    assert _names(pki.root.cert) == [(ou, "00"), (cn, "ZT")]
    assert _names(pki.organisation_ca.cert) == [(ou, "07"), (cn, "Z9")]
    assert _names(pki.device_ca.cert) == [(cn, "E999")]
    assert pki.root.cert.issuer == pki.root.cert.subject
    assert pki.organisation_ca.cert.issuer == pki.root.cert.subject
    assert pki.device_ca.cert.issuer == pki.root.cert.subject


@pytest.mark.parametrize("which", ["root", "organisation", "device"])
def test_ca_certificates_have_the_smki_ca_profile(pki: Pki, which: str) -> None:
    cred = pki.credentials()[which]
    cert = cred.cert
    bc = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca
    assert bc.value.path_length == (None if which == "root" else 0)
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.key_cert_sign and ku.value.crl_sign
    assert not ku.value.digital_signature and not ku.value.key_agreement
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    assert len(cred.key_identifier) == 8
    assert cert.not_valid_before_utc <= NOW
    record = record_from_certificate(cert)
    assert record.kind is CertificateKind.CA and record.key_usage is None and record.not_after is None
    verify_issued_by(cert, pki.root.cert)


def test_role_of_ca_records(pki: Pki) -> None:
    assert record_from_certificate(pki.root.cert).role is RemotePartyRole.ROOT
    assert record_from_certificate(pki.organisation_ca.cert).role is RemotePartyRole.ISSUING_AUTHORITY
    assert record_from_certificate(pki.device_ca.cert).role is None


def test_serials_are_positive_16_octets() -> None:
    for _ in range(200):
        serial = new_serial()
        assert 1 << 126 <= serial < 1 << 127


def _same(a: Pki, b: Pki) -> None:
    for (name, x), (_, y) in zip(a.credentials().items(), b.credentials().items(), strict=True):
        assert x.cert == y.cert, name
        assert x.key.private_numbers() == y.key.private_numbers(), name


def test_round_trip_unencrypted(pki: Pki, tmp_path: Path) -> None:
    pki.save(tmp_path)
    assert Pki.exists(tmp_path)
    key_text = (tmp_path / "org-ca.key").read_text()
    assert key_text.startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8
    assert stat.S_IMODE((tmp_path / "org-ca.key").stat().st_mode) == 0o600
    assert (tmp_path / "org-ca.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    _same(pki, Pki.load(tmp_path))


def test_round_trip_encrypted(pki: Pki, tmp_path: Path) -> None:
    pki.save(tmp_path, b"correct horse")
    for stem in ("root-ca", "org-ca", "device-ca"):
        assert (tmp_path / f"{stem}.key").read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    _same(pki, Pki.load(tmp_path, b"correct horse"))
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        Pki.load(tmp_path, b"wrong")
    with pytest.raises(KeyStoreError, match="no passphrase"):
        Pki.load(tmp_path)


def test_load_refuses_incomplete_or_mismatched_directories(pki: Pki, tmp_path: Path) -> None:
    assert not Pki.exists(tmp_path)
    with pytest.raises(KeyStoreError, match="lacks"):
        Pki.load(tmp_path)
    pki.save(tmp_path)
    other = Pki.generate(now=NOW)
    other.save(tmp_path / "other")
    (tmp_path / "org-ca.key").write_bytes((tmp_path / "other" / "org-ca.key").read_bytes())
    with pytest.raises(KeyStoreError, match="does not belong"):
        Pki.load(tmp_path)

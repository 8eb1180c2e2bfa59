"""The DCC's own identities: created once in the data directory, then reused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import check_usable, record_from_certificate, verify_issued_by
from gbdcc.adapters.smki.dcc_identity import DEFAULT_DCC_EUI, DccIdentity
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole

NOW = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def _same(a: DccIdentity, b: DccIdentity) -> None:
    for attr in ("xml_signing", "acb_ds", "acb_ka"):
        assert getattr(a, f"{attr}_cert") == getattr(b, f"{attr}_cert")
        assert getattr(a, f"{attr}_key").private_numbers() == getattr(b, f"{attr}_key").private_numbers()
    assert a.pki.ca_certificates() == b.pki.ca_certificates()


def test_first_use_creates_later_uses_reuse(tmp_path: Path) -> None:
    first = DccIdentity.load_or_create(tmp_path, now=NOW)
    assert first.eui == DEFAULT_DCC_EUI == Eui64.parse("90-B3-D5-1F-30-00-00-02")
    manifest = json.loads((tmp_path / "smki" / "identity.json").read_text())
    assert manifest["eui"] == "90b3d51f30000002"
    second = DccIdentity.load_or_create(tmp_path, now=datetime(2030, 1, 1, tzinfo=UTC))
    _same(first, second)


def test_certificates_have_the_dcc_roles_and_chain_to_the_private_pki(tmp_path: Path) -> None:
    dcc = DccIdentity.load_or_create(tmp_path, now=NOW)
    facts = {
        "xml": record_from_certificate(dcc.xml_signing_cert),
        "ds": record_from_certificate(dcc.acb_ds_cert),
        "ka": record_from_certificate(dcc.acb_ka_cert),
    }
    assert (facts["xml"].role, facts["xml"].key_usage) == (RemotePartyRole.DSP_XML_SIGNING,
                                                           KeyUsage.DIGITAL_SIGNATURE)
    assert (facts["ds"].role, facts["ds"].key_usage) == (RemotePartyRole.ACCESS_CONTROL_BROKER,
                                                         KeyUsage.DIGITAL_SIGNATURE)
    assert (facts["ka"].role, facts["ka"].key_usage) == (RemotePartyRole.ACCESS_CONTROL_BROKER,
                                                         KeyUsage.KEY_AGREEMENT)
    for name, record in facts.items():
        assert record.subject_eui == DEFAULT_DCC_EUI, name
        check_usable(record, NOW, record.key_usage or KeyUsage.DIGITAL_SIGNATURE)  # valid today, no test mode
    for cert in (dcc.xml_signing_cert, dcc.acb_ds_cert, dcc.acb_ka_cert):
        verify_issued_by(cert, dcc.pki.organisation_ca.cert)
    # the key signs what the certificate verifies
    signature = dcc.xml_signing_key.sign(b"<sr:Response/>", ec.ECDSA(hashes.SHA256()))
    public = dcc.xml_signing_cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, b"<sr:Response/>", ec.ECDSA(hashes.SHA256()))
    pem = dcc.xml_signing_cert_pem()
    assert pem.startswith("-----BEGIN CERTIFICATE-----") and x509.load_pem_x509_certificate(pem.encode()) == \
        dcc.xml_signing_cert
    kinds = [r.kind for r in dcc.records()]
    assert kinds == [CertificateKind.CA] * 3 + [CertificateKind.ORGANISATION] * 3


def test_encrypted_at_rest_and_passphrase_required(tmp_path: Path) -> None:
    created = DccIdentity.load_or_create(tmp_path, b"pass", now=NOW)
    keys = sorted((tmp_path / "smki").rglob("*.key"))
    assert len(keys) == 6
    assert all(k.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----") for k in keys)
    _same(created, DccIdentity.load_or_create(tmp_path, b"pass"))
    with pytest.raises(KeyStoreError):
        DccIdentity.load_or_create(tmp_path, b"wrong")
    with pytest.raises(KeyStoreError, match="no passphrase"):
        DccIdentity.load_or_create(tmp_path)


def test_configurable_eui_and_mismatch(tmp_path: Path) -> None:
    eui = Eui64.parse("90-B3-D5-1F-30-00-00-99")
    dcc = DccIdentity.load_or_create(tmp_path, eui=eui, now=NOW)
    assert record_from_certificate(dcc.acb_ka_cert).subject_eui == eui
    assert (tmp_path / "smki" / "dcc" / "certs" / "dsp-xml-sign-90b3d51f30000099-ds.pem").is_file()
    with pytest.raises(KeyStoreError, match="holds the DCC identity for EUI 90-B3-D5-1F-30-00-00-99"):
        DccIdentity.load_or_create(tmp_path)


def test_interrupted_creation_is_redone(tmp_path: Path) -> None:
    DccIdentity.load_or_create(tmp_path, now=NOW)
    (tmp_path / "smki" / "identity.json").unlink()  # as if the process died before the manifest
    fresh = DccIdentity.load_or_create(tmp_path, now=NOW)
    _same(fresh, DccIdentity.load_or_create(tmp_path))

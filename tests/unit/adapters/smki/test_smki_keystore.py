"""Importing the DCC Boxed keystore and the RTDS / DUIS key folders; the KeyStore at rest."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.keystore import (
    KeyStore,
    import_boxed_keystore,
    import_pem_directory,
    key_name,
    role_key_name,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole


@pytest.mark.oracle
def test_boxed_keystore_imports_every_conformant_entry(oracles: Path) -> None:
    path = oracles / "keys" / "boxed-keystore" / "keystore.json"
    raw = json.loads(path.read_text())
    entries = {(eui, usage, serial): e for eui, u in raw.items() for usage, s in u.items() for serial, e in s.items()}
    assert len(entries) == 33

    result = import_boxed_keystore(path)
    assert len(result.credentials) == 31
    # the two "MDR" entries (issuer CN=Z99) carry a NULL parameter in ecdsa-with-SHA256, which RFC 5758
    # §3.2 forbids; they are reported, not dropped silently
    assert sorted(r.source.split(":")[1].split("/")[0] for r in result.rejected) == ["90b3d51f30010009"] * 2
    assert all("not a parseable X.509 certificate" in r.reason for r in result.rejected)

    usages = {"digitalSignature": KeyUsage.DIGITAL_SIGNATURE, "keyAgreement": KeyUsage.KEY_AGREEMENT}
    for cred in result.credentials:
        _, eui, usage, serial = cred.source.replace("/", ":").split(":")
        entry = entries[(eui, usage, serial)]
        assert cred.record.subject_eui == Eui64.parse(eui)
        assert cred.record.key_usage is usages[usage]
        assert cred.record.serial == int(serial)
        assert cred.record.role is not None and cred.record.role.value == entry["role"]
        assert cred.name == entry["name"]
        assert cred.private_key is not None and cred.private_key.public_key() == cred.certificate.public_key()
    roles = {c.name: c.record.role for c in result.credentials}
    assert roles["xml-sign-90B3D51F30010000-ds"] is RemotePartyRole.XML_SIGNING
    assert roles["dsp-xml-sign-90B3D51F30000002-ds"] is RemotePartyRole.DSP_XML_SIGNING
    assert roles["otherUser-ds"] is RemotePartyRole.OTHER
    assert roles["Z1-loadController-ka"] is RemotePartyRole.LOAD_CONTROLLER
    prepayment = sorted(c.name or "" for c in result.credentials if c.record.prepayment)
    assert prepayment == ["Z1-supplier2PP-ka", "Z1-supplierPP-ka", "Z1b-supplierPP-ka"]


@pytest.mark.oracle
def test_boxed_keystore_cross_checks_each_entry(tmp_path: Path, oracles: Path) -> None:
    raw = json.loads((oracles / "keys" / "boxed-keystore" / "keystore.json").read_text())
    entry = raw["90b3d51f30010000"]["digitalSignature"]
    serial, value = next((s, e) for s, e in entry.items() if e["name"] == "Z1-supplier-ds")
    other_key = raw["90b3d51f30000002"]["digitalSignature"]
    doctored = {
        "90b3d51f30020000": {"digitalSignature": {serial: value}},  # filed under another EUI
        "90b3d51f30010000": {
            "keyAgreement": {serial: value},  # filed under the other usage
            "digitalSignature": {
                "1": value,  # wrong serial
                serial: {**value, "role": 3},  # wrong role
            },
        },
        "90b3d51f30000002": {"digitalSignature": {
            s: {**e, "privateKey": value["privateKey"]} for s, e in list(other_key.items())[:1]}},
    }
    path = tmp_path / "keystore.json"
    path.write_text(json.dumps(doctored))
    result = import_boxed_keystore(path)
    assert result.credentials == []
    reasons = " | ".join(r.reason for r in result.rejected)
    for expected in ("filed under EUI 90b3d51f30020000", "filed under keyAgreement", "filed under serial 1",
                     "filed with role 3", "private key does not match"):
        assert expected in reasons
    path.write_text("[1, 2]")
    with pytest.raises(KeyStoreError, match="root is not an object"):
        import_boxed_keystore(path)


@pytest.mark.oracle
def test_rtds_folder(oracles: Path) -> None:
    result = import_pem_directory(oracles / "keys" / "rtds")
    creds = {c.name: c for c in result.credentials}
    assert len(creds) == 415
    assert sum(c.record.kind is CertificateKind.DEVICE for c in creds.values()) == 400
    with_keys = sorted(n or "" for n, c in creds.items() if c.private_key is not None)
    assert len(with_keys) == 15 and all(n and n.startswith("90b3d51f") for n in with_keys)
    for name, cred in creds.items():
        assert name is not None
        assert cred.record.subject_eui == Eui64.parse(name[:16])
        assert cred.record.key_usage is KeyUsage(name[-2:])
        assert cred.record.prepayment == ("-pp-" in name)
    assert sorted(result.orphan_keys) == ["123456789abcdef0-ka", "90b3d51f30000007-ka", "abababababababab-ka"]
    reasons = {r.source: r.reason for r in result.rejected}
    assert sorted(reasons) == ["90b3d51f30000007-ka.pem", "fffffffffffffffe-ka.pem"]
    # the RTDS run filed a copy of supplier 2's KA certificate under the WAN provider's name
    assert reasons["90b3d51f30000007-ka.pem"] == (
        "file name says EUI 90b3d51f30000007 but the certificate is for 90-B3-D5-1F-30-03-00-00")
    assert "not a parseable X.509 certificate" in reasons["fffffffffffffffe-ka.pem"]  # a PUBLIC KEY


@pytest.mark.oracle
def test_duis_xml_sign_folder(oracles: Path) -> None:
    result = import_pem_directory(oracles / "keys" / "duis-xml-sign")
    assert result.rejected == [] and result.orphan_keys == {}
    assert len(result.credentials) == 19
    assert all(c.private_key is not None for c in result.credentials)  # DER .key and PEM .key.pem both read
    dsp = next(c for c in result.credentials if c.name == "dsp-xml-sign-90B3D51F30000002-ds")
    assert dsp.record.role is RemotePartyRole.DSP_XML_SIGNING
    assert dsp.record.subject_eui == Eui64.parse("90-B3-D5-1F-30-00-00-02")


def test_key_names() -> None:
    eui = Eui64.parse("90-B3-D5-1F-30-01-00-00")
    assert key_name(eui, KeyUsage.DIGITAL_SIGNATURE) == "90b3d51f30010000-ds"
    assert key_name(eui, KeyUsage.KEY_AGREEMENT, prepayment=True) == "90b3d51f30010000-pp-ka"
    assert role_key_name(eui, RemotePartyRole.XML_SIGNING, KeyUsage.DIGITAL_SIGNATURE) == \
        "xml-sign-90b3d51f30010000-ds"
    assert role_key_name(eui, RemotePartyRole.SUPPLIER, KeyUsage.KEY_AGREEMENT) == "90b3d51f30010000-ka"


def test_keystore_plain(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys")
    assert store.names() == [] and not store.encrypted
    key = ec.generate_private_key(ec.SECP256R1())
    store.put("90b3d51f30010000-ds", key)
    path = tmp_path / "keys" / "90b3d51f30010000-ds.key"
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "90b3d51f30010000-ds" in store and "missing" not in store
    again = KeyStore(tmp_path / "keys")  # a fresh instance reads the file, not the cache
    assert again.get("90b3d51f30010000-ds").private_numbers() == key.private_numbers()
    assert again.names() == ["90b3d51f30010000-ds"]
    again.delete("90b3d51f30010000-ds")
    assert again.names() == []
    with pytest.raises(KeyStoreError, match="no private key"):
        again.get("90b3d51f30010000-ds")


def test_keystore_encrypted(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, b"s3cret")
    assert store.encrypted
    key = ec.generate_private_key(ec.SECP256R1())
    store.put("dcc", key)
    assert (tmp_path / "dcc.key").read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert KeyStore(tmp_path, b"s3cret").get("dcc").private_numbers() == key.private_numbers()
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        KeyStore(tmp_path, b"guess").get("dcc")
    with pytest.raises(KeyStoreError, match="no passphrase"):
        KeyStore(tmp_path).get("dcc")


def test_keystore_refuses_bad_names_and_keys(tmp_path: Path) -> None:
    store = KeyStore(tmp_path)
    key = ec.generate_private_key(ec.SECP256R1())
    for bad in ("../escape", "a/b", "", ".hidden", "x" * 200):
        with pytest.raises(KeyStoreError, match="invalid key name"):
            store.put(bad, key)
    with pytest.raises(KeyStoreError, match="P-256"):
        store.put("p384", ec.generate_private_key(ec.SECP384R1()))
    (tmp_path / "junk.key").write_text("not a key")
    with pytest.raises(KeyStoreError, match="not a private key"):
        store.get("junk")

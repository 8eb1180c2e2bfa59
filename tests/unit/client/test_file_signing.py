"""The File Signing Software (R-SEC-2): detached ECDSA P-256 signatures a receiver verifies, and its published
hash — recomputed here independently from the module sources and found in ``docs/compliance.md``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from typer.testing import CliRunner

from gbdcc.cli.main import app
from gbdcc.client import file_signing
from gbdcc.client.file_signing import FileSignature, sign_file, software_hash, verify_file
from gbdcc.domain.errors import FileSignatureInvalid, SecurityRefused

ROOT = Path(__file__).resolve().parents[3]
DATA = b"H|FULL|RDP1|42\nD|1312345678111|...\n"


def test_r_sec_2_detached_signature_verifies_and_detects_tampering() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    sig = FileSignature.from_json(sign_file(DATA, "reg.csv", key).to_json())
    verify_file(DATA, sig, key.public_key())
    assert sig.sha256 == hashlib.sha256(DATA).hexdigest() and sig.software_hash == software_hash()
    with pytest.raises(FileSignatureInvalid, match="SHA-256 differs"):
        verify_file(DATA + b"x", sig, key.public_key())
    with pytest.raises(FileSignatureInvalid, match="does not verify"):
        verify_file(DATA, sig, ec.generate_private_key(ec.SECP256R1()).public_key())
    with pytest.raises(FileSignatureInvalid):
        FileSignature.from_json('{"format": "other"}')
    with pytest.raises(SecurityRefused, match="P-256"):
        sign_file(DATA, "reg.csv", ec.generate_private_key(ec.SECP384R1()))


def test_r_sec_2_published_software_hash_recomputed_independently_and_documented() -> None:
    src = ROOT / "src"
    digest = hashlib.sha256()
    for name in ("gbdcc/client/__init__.py", "gbdcc/client/file_signing.py"):
        data = (src / name).read_bytes()
        digest.update(name.encode() + b"\x00" + len(data).to_bytes(8, "big") + data)
    assert file_signing.SOFTWARE_FILES == ("gbdcc/client/__init__.py", "gbdcc/client/file_signing.py")
    assert software_hash() == digest.hexdigest()
    out = CliRunner().invoke(app, ["sign-file", "--software-hash"])
    assert out.exit_code == 0 and digest.hexdigest() in out.output
    assert digest.hexdigest() in (ROOT / "docs" / "compliance.md").read_text()


def test_r_sec_2_sign_file_and_verify_file_commands(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization as s

    key = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "k.pem").write_bytes(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
    (tmp_path / "pub.pem").write_bytes(key.public_key().public_bytes(s.Encoding.PEM,
                                                                     s.PublicFormat.SubjectPublicKeyInfo))
    (tmp_path / "f.txt").write_bytes(DATA)
    runner = CliRunner()
    assert runner.invoke(app, ["sign-file", str(tmp_path / "f.txt"), "--key", str(tmp_path / "k.pem")]).exit_code == 0
    ok = runner.invoke(app, ["verify-file", str(tmp_path / "f.txt"), "--cert", str(tmp_path / "pub.pem")])
    assert ok.exit_code == 0 and "valid" in ok.output
    (tmp_path / "f.txt").write_bytes(DATA + b"tampered")
    bad = runner.invoke(app, ["verify-file", str(tmp_path / "f.txt"), "--cert", str(tmp_path / "pub.pem")])
    assert bad.exit_code == 2 and "GBDCC-887" in bad.output

"""Keys for the GBCS core tests: real P-256 keys generated per session, written in the RTDS layout."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

sys.path.insert(0, str(Path(__file__).parent))  # the shared constants module next to this file

from gbcs_core_support import ACB, ESME, SUPPLIER, Party

from gbdcc.domain.ids import Eui64


def _party(eui: Eui64) -> Party:
    return Party(eui, ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1()))


@pytest.fixture(scope="session")
def parties() -> dict[str, Party]:
    return {"supplier": _party(SUPPLIER), "acb": _party(ACB), "esme": _party(ESME)}


def _cert(key: ec.EllipticCurvePrivateKey, ou: str | None) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou)] if ou else [])
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    ca = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
        .sign(ca, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def _priv(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory, parties: dict[str, Party]) -> Path:
    """Organisation certs + private keys (supplier OU=02, ACB OU=04); ESME device certs only."""
    d = tmp_path_factory.mktemp("keys")
    for name, ou in (("supplier", "02"), ("acb", "04")):
        p = parties[name]
        for usage, key in (("ds", p.ds), ("ka", p.ka)):
            (d / f"{p.eui.hex}-{usage}.pem").write_bytes(_cert(key, ou))
            (d / f"{p.eui.hex}-{usage}.key").write_bytes(_priv(key))
    esme = parties["esme"]
    (d / f"{esme.eui.hex}-ds.pem").write_bytes(_cert(esme.ds, None))
    (d / f"{esme.eui.hex}-ka.pem").write_bytes(_cert(esme.ka, None))
    (d / "README.txt").write_text("ignored")
    return d

"""Fixtures of the DUIS adapter tests: DCC test keys and templates. The DUIS 5.4 XSD, the DCC tool batch runner
and the independent XML-DSig verifier are shared fixtures in ``tests/conftest.py``.

The independent verifier follows XML-DSig: SignedInfo in the CanonicalizationMethod (exclusive C14N); the
``URI=""`` reference is the document minus the enveloped signature, turned into octets by the explicit C14N
transform if any, otherwise by inclusive C14N 1.0 (XML-DSig §4.3.3.2), as the DCC tool does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key

SUPPLIER = "xml-sign-90B3D51F30010000-ds"
NETWORK_OPERATOR = "xml-sign-90B3D51F30020000-ds"
DCC = "dsp-xml-sign-90B3D51F30000002-ds"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS}


@dataclass(frozen=True)
class Signer:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _signer(oracles: Path, stem: str) -> Signer:
    d = oracles / "keys" / "duis-xml-sign"
    return Signer(load_signing_key((d / f"{stem}.key").read_bytes()),
                  load_certificate((d / f"{stem}.pem").read_bytes()))


@pytest.fixture(scope="session")
def supplier(oracles: Path) -> Signer:
    return _signer(oracles, SUPPLIER)


@pytest.fixture(scope="session")
def network_operator(oracles: Path) -> Signer:
    return _signer(oracles, NETWORK_OPERATOR)


@pytest.fixture(scope="session")
def dcc(oracles: Path) -> Signer:
    return _signer(oracles, DCC)


@pytest.fixture(scope="session")
def cert_by_serial(oracles: Path) -> dict[int, x509.Certificate]:
    """Every DUIS XML-signing certificate of the oracles, by serial number."""
    out = {}
    for pem in (oracles / "keys" / "duis-xml-sign").glob("*.pem"):
        if pem.name.endswith(".key.pem"):
            continue
        cert = load_certificate(pem.read_bytes())
        out[cert.serial_number] = cert
    return out


@pytest.fixture(scope="session")
def templates(oracles: Path) -> Path:
    return oracles / "duis-templates"


@pytest.fixture(scope="session")
def local_signer() -> Signer:
    """A User XML-signing key and self-issued certificate made here (issuer ``CN=Z1,OU=07`` as in the DCC test
    PKI), for tests that need no DCC artefact."""
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "07"),
                        x509.NameAttribute(NameOID.COMMON_NAME, "Z1")])
    cert = (x509.CertificateBuilder().subject_name(issuer).issuer_name(issuer).public_key(key.public_key())
            .serial_number(0x5EC0FF1CE).not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
            .not_valid_after(datetime(2099, 1, 1, tzinfo=UTC)).sign(key, hashes.SHA256()))
    return Signer(key, cert)

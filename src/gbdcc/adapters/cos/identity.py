"""A CoS Party's identity — its Organisation Certificate (Remote Party Role 05, the device's Transitional
CoS trust-anchor cell) and private key — kept apart from the DCC's keys (R-COS-1), under
``<data-dir>/cos-party/<name>/`` (``cert.pem``, ``keys/party.key``, encrypted with the key passphrase).

Created on first use from the instance's Organisation CA, unless the DCC adopted a test PKI's TransCoS key
(``estate add-rtds``, ``smki import --boxed``): then the Transitional CoS Party is that key, as the RTDS
and DCC Boxed devices' anchors name it. gbdcc's ECoS Party is always its own (R-COS-2).

The null certificate (R-COS-2: a TCoS certificate "replaced by a null one") is a Remote Party Role 05
Organisation Certificate whose private key was discarded the moment it was issued: a device whose
Transitional CoS cell holds it trusts no CoS Party any more (``<data-dir>/cos-party/null/cert.pem``).
"""

from __future__ import annotations

import fcntl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.issue import issue_organisation_certificate
from gbdcc.adapters.smki.keystore import KeyStore
from gbdcc.adapters.smki.pki import CaCredential
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

TCOS_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-04")  # the DCC test estate's Transitional CoS Party
ECOS_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-0E")  # gbdcc's ECoS Party (an EUI-64 of the DCC's range)
NULL_COS_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-0F")  # the subject of gbdcc's null CoS certificate


@dataclass(frozen=True, slots=True)
class CosIdentity:
    name: str
    eui: Eui64
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def load_or_create(data_dir: Path, name: str, eui: Eui64, ca: CaCredential, passphrase: bytes | None, *,
                   now: datetime | None = None) -> CosIdentity:
    folder = data_dir / "cos-party" / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys = KeyStore(folder / "keys", passphrase)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        cert_path = folder / "cert.pem"
        if cert_path.is_file() and "party" in keys:
            cert = storage.load_certificate(cert_path.read_bytes(), source=str(cert_path))
            return CosIdentity(name, eui, cert, keys.get("party"))
        key = ec.generate_private_key(ec.SECP256R1())
        start = ((now or datetime.now(UTC)) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        cert = issue_organisation_certificate(ca, key.public_key(), eui=eui, role=RemotePartyRole.TRANSITIONAL_COS,
                                              usage=KeyUsage.DIGITAL_SIGNATURE, not_before=start,
                                              common_name=f"gbdcc {name} Party")
        keys.put("party", key)
        storage.write_atomic(cert_path, storage.certificate_pem(cert))
        return CosIdentity(name, eui, cert, key)


def null_certificate(data_dir: Path, ca: CaCredential, *, now: datetime | None = None) -> x509.Certificate:
    """The instance's null CoS certificate, issued on first use; its private key is never kept."""
    folder = data_dir / "cos-party" / "null"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        cert_path = folder / "cert.pem"
        if cert_path.is_file():
            return storage.load_certificate(cert_path.read_bytes(), source=str(cert_path))
        start = ((now or datetime.now(UTC)) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        discarded = ec.generate_private_key(ec.SECP256R1())  # nobody will ever sign with it
        cert = issue_organisation_certificate(ca, discarded.public_key(), eui=NULL_COS_EUI,
                                              role=RemotePartyRole.TRANSITIONAL_COS,
                                              usage=KeyUsage.DIGITAL_SIGNATURE, not_before=start,
                                              common_name="gbdcc null CoS certificate")
        storage.write_atomic(cert_path, storage.certificate_pem(cert))
        return cert


def adopted(name: str, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> CosIdentity:
    """The CoS Party of a test PKI the DCC adopted (its EUI-64 from the certificate)."""
    from gbdcc.adapters.smki.certificates import record_from_certificate

    eui = record_from_certificate(certificate).subject_eui
    assert eui is not None
    return CosIdentity(name, eui, certificate, key)

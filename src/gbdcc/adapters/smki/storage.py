"""At-rest encoding of SMKI material: PEM certificates, PKCS#8 private keys (encrypted with
``BestAvailableEncryption`` when a passphrase is given), written atomically with owner-only permissions."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.errors import CertificateMalformed, KeyStoreError
from gbdcc.adapters.smki.profile import is_p256


def private_key_pem(key: ec.EllipticCurvePrivateKey, passphrase: bytes | None) -> bytes:
    """PKCS#8 PEM; encrypted (``BEGIN ENCRYPTED PRIVATE KEY``) when ``passphrase`` is non-empty."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def load_private_key(data: bytes, passphrase: bytes | None, *, source: str = "key") -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from PEM or DER (PKCS#8 or SEC 1), decrypting with ``passphrase`` if needed."""
    encrypted = b"ENCRYPTED" in data[:64]
    if encrypted and not passphrase:
        raise KeyStoreError(f"{source}: private key is encrypted and no passphrase was given")
    password = passphrase if encrypted else None
    try:
        if data.lstrip().startswith(b"-----"):
            key = serialization.load_pem_private_key(data, password=password)
        else:
            key = serialization.load_der_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        reason = "wrong passphrase or corrupt key" if encrypted else f"not a private key ({exc})"
        raise KeyStoreError(f"{source}: {reason}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not is_p256(key):
        raise KeyStoreError(f"{source}: not a P-256 private key")
    return key


def load_certificate(data: bytes, *, source: str = "certificate") -> x509.Certificate:
    """An X.509 certificate from PEM or DER; :class:`CertificateMalformed` names what went wrong."""
    try:
        if data.lstrip().startswith(b"-----"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateMalformed(f"{source}: not a parseable X.509 certificate ({exc})") from None


def certificate_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write via a temporary file and ``os.replace`` so readers never see a half-written file; private
    files are created ``0600``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if not private:
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created with its folder): one process at a time creates
    a data dir's keys and certificates (two first starts must not each write their own)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

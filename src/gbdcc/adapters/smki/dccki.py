"""DCCKI: the TLS credentials of DCC Gateway Connections (SIMULATED: gbdcc's own CA, not the DCC's).

The real DCC authenticates each DCC Gateway Connection with mutual TLS, both ends holding DCC Key
Infrastructure (DCCKI) certificates. gbdcc keeps a DCCKI CA of its own per data dir (``<data-dir>/dccki``:
``ca.pem`` / ``ca.key``, the key encrypted with ``GBDCC_KEY_PASSPHRASE`` when set) and issues from it

* the server certificate ``gbdcc up --tls-cert/--tls-key`` presents (serverAuth; the host names / IP
  addresses it is reached at as subjectAltName), and
* a User's client certificate (clientAuth; CN = the User ID) for ``gbdcc duis send --tls-cert/--tls-key``,

all ECDSA P-256 with SHA-256. ``gbdcc up --tls-client-ca <data-dir>/dccki/ca.pem`` then refuses, during the
TLS handshake, every client that presents no certificate from this CA.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.pki import new_serial

CA_VALIDITY = timedelta(days=20 * 365)
LEAF_VALIDITY = timedelta(days=2 * 365)


@dataclass(frozen=True)
class TlsCredential:
    """A certificate with its private key, as written (``<name>.pem`` / ``<name>.key``)."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert_path: Path
    key_path: Path


class DcckiAuthority:
    """The data dir's DCCKI CA (created on first use)."""

    def __init__(self, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey, path: Path) -> None:
        self.certificate = certificate
        self._key = key
        self.path = path  # the CA certificate's PEM: what ``--tls-client-ca`` and ``--tls-ca`` take

    @classmethod
    def load_or_create(cls, data_dir: Path, passphrase: bytes | None, now: datetime | None = None) -> DcckiAuthority:
        folder = data_dir / "dccki"
        cert_path, key_path = folder / "ca.pem", folder / "ca.key"
        if cert_path.is_file() and key_path.is_file():
            return cls(storage.load_certificate(cert_path.read_bytes(), source=str(cert_path)),
                       storage.load_private_key(key_path.read_bytes(), passphrase, source=str(key_path)), cert_path)
        at = now or datetime.now(UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gbdcc (simulated DCCKI)"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "gbdcc DCCKI CA")])
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(new_serial()).not_valid_before(at - timedelta(minutes=5))
                .not_valid_after(at + CA_VALIDITY)
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, key_cert_sign=True, crl_sign=True,
                                             encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        folder.mkdir(parents=True, exist_ok=True)
        storage.write_atomic(key_path, storage.private_key_pem(key, passphrase), private=True)
        storage.write_atomic(cert_path, storage.certificate_pem(cert))
        return cls(cert, key, cert_path)

    def issue_server(self, hosts: list[str], out: Path, now: datetime | None = None) -> TlsCredential:
        """A serverAuth certificate for ``hosts`` (DNS names or IP addresses), written to ``out/server.*``."""
        if not hosts:
            raise ValueError("a server certificate needs at least one host name or IP address")
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        return self._issue(hosts[0], ExtendedKeyUsageOID.SERVER_AUTH, out, "server", now,
                           x509.SubjectAlternativeName(names))

    def issue_client(self, user: str, out: Path, now: datetime | None = None) -> TlsCredential:
        """A clientAuth certificate for User ``user`` (CN), written to ``out/client.*``."""
        return self._issue(user, ExtendedKeyUsageOID.CLIENT_AUTH, out, "client", now, None)

    def _issue(self, common_name: str, usage: x509.ObjectIdentifier, out: Path, stem: str, now: datetime | None,
               san: x509.SubjectAlternativeName | None) -> TlsCredential:
        at = now or datetime.now(UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
                   .issuer_name(self.certificate.subject).public_key(key.public_key())
                   .serial_number(new_serial()).not_valid_before(at - timedelta(minutes=5))
                   .not_valid_after(at + LEAF_VALIDITY)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(True, False, False, False, True, False, False, False, False),
                                  critical=True)
                   .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                                  critical=False))
        if san is not None:
            builder = builder.add_extension(san, critical=False)
        cert = builder.sign(self._key, hashes.SHA256())
        out.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = out / f"{stem}.pem", out / f"{stem}.key"
        storage.write_atomic(key_path, storage.private_key_pem(key, None), private=True)
        storage.write_atomic(cert_path, storage.certificate_pem(cert))
        return TlsCredential(cert, key, cert_path, key_path)

"""A private SMKI test PKI: Root CA, Organisation issuing CA and Device CA (DOMAIN.md §6).

Same shape as the DCC test PKI "ZAZ1" — root ``OU=00,CN=ZA``, organisation CA ``OU=07,CN=Z1``, device CA
``CN=E357`` — but with keys of our own, so the names default to distinct ones (``GBDCC-ROOT`` …) to keep
our certificates from being mistaken for the DCC's. All keys ECDSA P-256, all signatures SHA-256; CA
certificates have critical keyCertSign+cRLSign key usage and critical ``CA:TRUE`` (path length 0 for the
issuing CAs). This is a simulation PKI, not a production SMKI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.profile import (
    DEVICE_POLICY,
    NO_EXPIRY,
    ORGANISATION_POLICY,
    ca_key_usage_extension,
    key_identifier,
    policies,
)
from gbdcc.domain.smki import RemotePartyRole

ANY_POLICY = ObjectIdentifier("2.5.29.32.0")
_FILES = {"root": "root-ca", "organisation": "org-ca", "device": "device-ca"}


def new_serial() -> int:
    """A random positive serial in [2^126, 2^127): always 16 DER octets, like the DCC's (RFC 5280 §4.1.2.2)."""
    return x509.random_serial_number() >> 33 | 1 << 126


@dataclass(frozen=True, slots=True)
class CaCredential:
    """One CA: its certificate and private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def name(self) -> x509.Name:
        return self.cert.subject

    @property
    def key_identifier(self) -> bytes:
        return self.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def ca_name(common_name: str, role: RemotePartyRole | None) -> x509.Name:
    """``OU=<role>,CN=<name>`` in that DER order (as the DCC's ``OU=07,CN=Z1``), or just ``CN``."""
    attrs = [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role.ou)] if role is not None else []
    return x509.Name([*attrs, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def build_ca_certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    *,
    issuer: CaCredential | None,
    not_before: datetime,
    not_after: datetime,
    path_length: int | None,
    policy: ObjectIdentifier,
) -> x509.Certificate:
    """A CA certificate; self-signed when ``issuer`` is None."""
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.name if issuer else subject)
        .public_key(public)
        .serial_number(new_serial())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(ca_key_usage_extension(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier(key_identifier(public)), critical=False)
        .add_extension(policies(policy), critical=False)
    )
    if issuer is not None:
        aki = x509.AuthorityKeyIdentifier(issuer.key_identifier, None, None)
        builder = builder.add_extension(aki, critical=False)
    return builder.sign(issuer.key if issuer else key, hashes.SHA256())


@dataclass(frozen=True, slots=True)
class Pki:
    """Root CA, Organisation issuing CA (signs organisation certificates) and Device CA."""

    root: CaCredential
    organisation_ca: CaCredential
    device_ca: CaCredential

    @classmethod
    def generate(
        cls,
        *,
        now: datetime | None = None,
        root_name: str = "GBDCC-ROOT",
        organisation_ca_name: str = "GBDCC-OCA",
        device_ca_name: str = "GBDCC-DCA",
        not_after: datetime = NO_EXPIRY,
    ) -> Pki:
        """Fresh keys and certificates. ``not_after`` defaults to "no expiry" so the CAs outlive every
        certificate they sign (device certificates never expire)."""
        start = (now or datetime.now(UTC)).replace(microsecond=0) - timedelta(days=1)  # tolerate clock skew
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_cert = build_ca_certificate(
            ca_name(root_name, RemotePartyRole.ROOT), root_key, issuer=None,
            not_before=start, not_after=not_after, path_length=None, policy=ANY_POLICY,
        )
        root = CaCredential(root_cert, root_key)

        def issuing(name: x509.Name, policy: ObjectIdentifier) -> CaCredential:
            key = ec.generate_private_key(ec.SECP256R1())
            cert = build_ca_certificate(
                name, key, issuer=root, not_before=start, not_after=not_after, path_length=0, policy=policy
            )
            return CaCredential(cert, key)

        return cls(
            root=root,
            organisation_ca=issuing(ca_name(organisation_ca_name, RemotePartyRole.ISSUING_AUTHORITY),
                                    ORGANISATION_POLICY),
            device_ca=issuing(ca_name(device_ca_name, None), DEVICE_POLICY),
        )

    def credentials(self) -> dict[str, CaCredential]:
        return {"root": self.root, "organisation": self.organisation_ca, "device": self.device_ca}

    def ca_certificates(self) -> list[x509.Certificate]:
        return [c.cert for c in self.credentials().values()]

    def save(self, directory: Path, passphrase: bytes | None = None) -> None:
        """``<dir>/{root-ca,org-ca,device-ca}.pem`` (certificates) and ``.key`` (PKCS#8, 0600,
        encrypted when ``passphrase`` is given)."""
        for role, cred in self.credentials().items():
            stem = _FILES[role]
            storage.write_atomic(directory / f"{stem}.key", storage.private_key_pem(cred.key, passphrase),
                                 private=True)
            storage.write_atomic(directory / f"{stem}.pem", storage.certificate_pem(cred.cert))

    @classmethod
    def load(cls, directory: Path, passphrase: bytes | None = None) -> Pki:
        """Inverse of :meth:`save`; checks that every key matches its certificate."""
        creds: dict[str, CaCredential] = {}
        for role, stem in _FILES.items():
            cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}.key"
            if not cert_path.is_file() or not key_path.is_file():
                raise KeyStoreError(f"PKI directory {directory} lacks {stem}.pem/{stem}.key")
            cert = storage.load_certificate(cert_path.read_bytes(), source=str(cert_path))
            key = storage.load_private_key(key_path.read_bytes(), passphrase, source=str(key_path))
            if key.public_key() != cert.public_key():
                raise KeyStoreError(f"{key_path} does not belong to {cert_path}")
            creds[role] = CaCredential(cert, key)
        return cls(root=creds["root"], organisation_ca=creds["organisation"], device_ca=creds["device"])

    @staticmethod
    def exists(directory: Path) -> bool:
        return all((directory / f"{stem}.pem").is_file() for stem in _FILES.values())

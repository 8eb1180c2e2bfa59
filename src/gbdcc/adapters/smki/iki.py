"""The Infrastructure Key Infrastructure (IKI) of the simulated SMKI, and SECCo's file-signing identity
(R-PKI-2: SECCo is allocated a Party Signifier, B1.22, so it can hold IKI certificates and sign the CPL).

SIMULATION: a private IKI of our own (like ``pki.Pki`` for the SMKI), not the real one. On first use
:meth:`Iki.load_or_create` makes under ``<data_dir>/smki/iki/``:

* ``iki-root.pem|key`` — the IKI root CA (self-signed, ``CN=GBDCC-IKI-ROOT``); the DCC holds its
  certificate as the trust anchor of every IKI-signed file (``iki-root.pem``);
* ``iki-ica.pem|key`` — the IKI Issuing CA (path length 0) that issues IKI end-entity certificates;
* ``secco-file-signing.pem|key`` — SECCo's file-signing certificate: ECDSA P-256, keyUsage
  digitalSignature only (critical), the gbdcc IKI file-signing policy, subject
  ``CN=SECCo, OU=File Signing, x500UniqueIdentifier=<SECCo's Party Signifier>`` (an 8-byte Entity
  Identifier, written as the SMKI writes EUI-64s);
* ``iki.json`` — written last, so an interrupted creation is redone.

Keys are PKCS#8, encrypted with the passphrase (``GBDCC_KEY_PASSPHRASE``) when one is given, like the DCC
identity's. In this simulation SECCo's key lives in the DCC's data dir; in the SEC it is SECCo's alone. IKI
certificates are not published in the SMKI Repository (R-PKI-1: only the DCC relies on them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.issue import add_years
from gbdcc.adapters.smki.pki import CaCredential, build_ca_certificate, new_serial
from gbdcc.adapters.smki.profile import (
    NO_EXPIRY,
    key_identifier,
    key_usage_extension,
    policies,
    unique_identifier_attribute,
)
from gbdcc.domain.errors import GbdccError, IkiUnavailable
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage

#: gbdcc's own policy OIDs for its simulated IKI (the 2.25 UUID arc: no registration, no clash with the
#: real SMKI/IKI policies).
IKI_CA_POLICY = ObjectIdentifier("2.25.246021380577402563939622049232493612816")
IKI_FILE_SIGNING_POLICY = ObjectIdentifier("2.25.246021380577402563939622049232493612817")
DEFAULT_SECCO_PARTY_SIGNIFIER = Eui64.parse("90-B3-D5-1F-30-5E-CC-00")
FILE_SIGNING_VALIDITY_YEARS = 10
_FORMAT = 1
_STEMS = ("iki-root", "iki-ica", "secco-file-signing")


def secco_subject(party_signifier: Eui64) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "SECCo"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "File Signing"),
        unique_identifier_attribute(party_signifier),
    ])


def issue_file_signing_certificate(ica: CaCredential, public_key: ec.EllipticCurvePublicKey, *,
                                   party_signifier: Eui64, not_before: datetime,
                                   not_after: datetime | None = None) -> x509.Certificate:
    """An IKI file-signing certificate for the Party with ``party_signifier`` (digitalSignature only)."""
    start = not_before.astimezone(UTC).replace(microsecond=0)
    end = not_after or add_years(start, FILE_SIGNING_VALIDITY_YEARS)
    return (
        x509.CertificateBuilder()
        .subject_name(secco_subject(party_signifier))
        .issuer_name(ica.name)
        .public_key(public_key)
        .serial_number(new_serial())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
        .add_extension(x509.SubjectKeyIdentifier(key_identifier(public_key)), critical=False)
        .add_extension(policies(IKI_FILE_SIGNING_POLICY), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier(ica.key_identifier, None, None), critical=False)
        .sign(ica.key, hashes.SHA256())
    )


@dataclass(frozen=True, slots=True)
class Iki:
    """The IKI root and Issuing CA, and SECCo's file-signing certificate and key."""

    root: CaCredential
    ica: CaCredential
    signer_cert: x509.Certificate
    signer_key: ec.EllipticCurvePrivateKey
    party_signifier: Eui64

    @staticmethod
    def directory(data_dir: Path) -> Path:
        return data_dir / "smki" / "iki"

    @classmethod
    def load_or_create(cls, data_dir: Path, passphrase: bytes | None = None, *,
                       party_signifier: Eui64 = DEFAULT_SECCO_PARTY_SIGNIFIER, now: datetime | None = None) -> Iki:
        folder = cls.directory(data_dir)
        with storage.exclusive(folder / ".lock"):
            if (folder / "iki.json").is_file():
                return cls._load(folder, passphrase, party_signifier)
            return cls._create(folder, passphrase, party_signifier, now or datetime.now(UTC))

    @classmethod
    def generate(cls, party_signifier: Eui64, now: datetime) -> Iki:
        start = (now.astimezone(UTC) - timedelta(days=1)).replace(microsecond=0)
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "GBDCC-IKI-ROOT")])
        root = CaCredential(build_ca_certificate(root_name, root_key, issuer=None, not_before=start,
                                                 not_after=NO_EXPIRY, path_length=1, policy=IKI_CA_POLICY), root_key)
        ica_key = ec.generate_private_key(ec.SECP256R1())
        ica_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "GBDCC-IKI-ICA")])
        ica = CaCredential(build_ca_certificate(ica_name, ica_key, issuer=root, not_before=start,
                                                not_after=NO_EXPIRY, path_length=0, policy=IKI_CA_POLICY), ica_key)
        signer_key = ec.generate_private_key(ec.SECP256R1())
        signer = issue_file_signing_certificate(ica, signer_key.public_key(), party_signifier=party_signifier,
                                                not_before=start)
        return cls(root, ica, signer, signer_key, party_signifier)

    @classmethod
    def _create(cls, folder: Path, passphrase: bytes | None, party_signifier: Eui64, now: datetime) -> Iki:
        iki = cls.generate(party_signifier, now)
        pairs = {"iki-root": (iki.root.cert, iki.root.key), "iki-ica": (iki.ica.cert, iki.ica.key),
                 "secco-file-signing": (iki.signer_cert, iki.signer_key)}
        for stem, (cert, key) in pairs.items():
            storage.write_atomic(folder / f"{stem}.key", storage.private_key_pem(key, passphrase), private=True)
            storage.write_atomic(folder / f"{stem}.pem", storage.certificate_pem(cert))
        manifest = {"format": _FORMAT, "secco_party_signifier": party_signifier.hex,
                    "created": now.astimezone(UTC).isoformat()}
        storage.write_atomic(folder / "iki.json", json.dumps(manifest, indent=2).encode())
        return iki

    @classmethod
    def _load(cls, folder: Path, passphrase: bytes | None, party_signifier: Eui64) -> Iki:
        manifest = json.loads((folder / "iki.json").read_text())
        stored = Eui64.parse(manifest["secco_party_signifier"])
        if stored != party_signifier:
            raise IkiUnavailable(f"{folder} holds SECCo's IKI certificate for Party Signifier {stored}, not "
                                 f"{party_signifier} (GBDCC_SECCO_PARTY_SIGNIFIER)")
        loaded: dict[str, tuple[x509.Certificate, ec.EllipticCurvePrivateKey]] = {}
        try:
            for stem in _STEMS:
                cert = storage.load_certificate((folder / f"{stem}.pem").read_bytes(), source=stem)
                key = storage.load_private_key((folder / f"{stem}.key").read_bytes(), passphrase, source=stem)
                if key.public_key() != cert.public_key():
                    raise IkiUnavailable(f"IKI key {stem} does not match its certificate")
                loaded[stem] = (cert, key)
        except OSError as exc:
            raise IkiUnavailable(f"IKI material in {folder} is incomplete ({exc})") from None
        except IkiUnavailable:
            raise
        except GbdccError as exc:
            raise IkiUnavailable(f"IKI material in {folder} cannot be read: {exc.reason}") from None
        root, ica, signer = (loaded[s] for s in _STEMS)
        return cls(CaCredential(*root), CaCredential(*ica), signer[0], signer[1], party_signifier)


def load_iki_root(data_dir: Path) -> x509.Certificate | None:
    """The IKI root certificate the DCC holds (no private key needed), or None if there is no IKI yet."""
    path = Iki.directory(data_dir) / "iki-root.pem"
    if not path.is_file():
        return None
    return storage.load_certificate(path.read_bytes(), source=str(path))

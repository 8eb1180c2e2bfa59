"""Importing SMKI credentials, and private keys at rest.

* :func:`import_boxed_keystore` — the DCC Boxed test keystore (``keystore.json``, schema
  ``dccboxed-keystore``: ``{<eui hex>: {digitalSignature|keyAgreement: {<serial>: {certificate,
  privateKey?, role?, name?}}}}``), cross-checking every entry's EUI, usage, serial and role against its
  certificate and the key against the certificate's public key;
* :func:`import_pem_directory` — a directory of PEM certificates and PEM/DER keys paired by file stem
  (``<stem>.pem`` with ``<stem>.key`` or ``<stem>.key.pem``), the layout of the DCC's RTDS and DUIS
  XML-signing key folders; an EUI-64 and ``ds``/``ka`` in the stem (``90b3d51f30010000-pp-ka``) are
  checked against the certificate;
* :class:`KeyStore` — one PKCS#8 PEM file per private key, ``0600``, encrypted with
  ``BestAvailableEncryption`` when the caller passes a passphrase (the app passes
  ``GBDCC_KEY_PASSPHRASE``; this module reads no environment).

Nothing is dropped silently: entries that fail a check are returned in ``rejected`` with the reason.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.domain.errors import CryptoError, InvalidIdentifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateRecord, KeyUsage, RemotePartyRole

_BOXED_USAGES = {"digitalSignature": KeyUsage.DIGITAL_SIGNATURE, "keyAgreement": KeyUsage.KEY_AGREEMENT}
_STEM_HINT = re.compile(r"(?:^|-)(?:(?P<eui>[0-9a-fA-F]{16})-)?(?P<pp>pp-)?(?P<usage>ds|ka)$", re.IGNORECASE)
_PREPAYMENT_NAME = re.compile(r"pp-ka$", re.IGNORECASE)
_KEY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True, slots=True)
class Credential:
    """A certificate with its facts and, when known, its private key."""

    source: str
    certificate: x509.Certificate
    record: CertificateRecord
    private_key: ec.EllipticCurvePrivateKey | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    source: str
    reason: str


@dataclass(slots=True)
class ImportResult:
    credentials: list[Credential] = field(default_factory=list)
    orphan_keys: dict[str, ec.EllipticCurvePrivateKey] = field(default_factory=dict)  # keys with no cert
    rejected: list[Rejected] = field(default_factory=list)

    def records(self) -> list[CertificateRecord]:
        return [c.record for c in self.credentials]


def _key_matches(key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> bool:
    return key.public_key() == cert.public_key()


def import_boxed_keystore(path: Path, passphrase: bytes | None = None) -> ImportResult:
    """Every certificate (and private key) of a DCC Boxed ``keystore.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KeyStoreError(f"{path}: not a readable keystore JSON ({exc})") from None
    if not isinstance(data, dict):
        raise KeyStoreError(f"{path}: keystore root is not an object")
    result = ImportResult()
    for eui_text, by_usage in data.items():
        for usage_name, by_serial in (by_usage or {}).items():
            for serial_text, entry in (by_serial or {}).items():
                source = f"{path.name}:{eui_text}/{usage_name}/{serial_text}"
                try:
                    result.credentials.append(
                        _boxed_entry(source, eui_text, usage_name, serial_text, entry, passphrase)
                    )
                except (CryptoError, InvalidIdentifier) as exc:
                    result.rejected.append(Rejected(source, exc.reason))
    return result


def _boxed_entry(
    source: str, eui_text: str, usage_name: str, serial_text: str, entry: dict[str, object],
    passphrase: bytes | None,
) -> Credential:
    name = entry.get("name")
    name = name if isinstance(name, str) else None
    usage = _BOXED_USAGES.get(usage_name)
    if usage is None:
        raise KeyStoreError(f"unknown usage {usage_name!r}")
    cert = storage.load_certificate(str(entry.get("certificate", "")).encode(), source=source)
    record = record_from_certificate(cert, prepayment=bool(name and _PREPAYMENT_NAME.search(name)))
    if record.subject_eui != Eui64.parse(eui_text):
        raise KeyStoreError(f"filed under EUI {eui_text} but the certificate is for {record.subject_eui}")
    if record.key_usage is not usage:
        raise KeyStoreError(f"filed under {usage_name} but the certificate's key usage is {record.key_usage}")
    if str(record.serial) != serial_text:
        raise KeyStoreError(f"filed under serial {serial_text} but the certificate's serial is {record.serial}")
    role = entry.get("role")
    if isinstance(role, int | float) and (record.role is None or int(role) != record.role.value):
        raise KeyStoreError(f"filed with role {role} but the certificate's OU says {record.role}")
    key = None
    if isinstance(entry.get("privateKey"), str):
        key = storage.load_private_key(str(entry["privateKey"]).encode(), passphrase, source=source)
        if not _key_matches(key, cert):
            raise KeyStoreError("private key does not match the certificate's public key")
    return Credential(source, cert, record, key, name)


def _stem_and_kind(path: Path) -> tuple[str, str] | None:
    name = path.name
    for suffix, kind in ((".key.pem", "key"), (".key", "key"), (".pem", "cert")):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], kind
    return None


def _check_stem(stem: str, record: CertificateRecord) -> None:
    hint = _STEM_HINT.search(stem)
    if hint is None:
        return
    usage = KeyUsage(hint["usage"].lower())
    if record.key_usage is not usage:
        raise KeyStoreError(f"file name says {usage.name} but the certificate's key usage is {record.key_usage}")
    if hint["eui"] and record.subject_eui != Eui64.parse(hint["eui"]):
        raise KeyStoreError(f"file name says EUI {hint['eui']} but the certificate is for {record.subject_eui}")


def import_pem_directory(directory: Path, passphrase: bytes | None = None) -> ImportResult:
    """Certificates and keys of a directory, paired by stem (see the module docstring)."""
    if not directory.is_dir():
        raise KeyStoreError(f"{directory} is not a directory")
    certs: dict[str, Path] = {}
    keys: dict[str, ec.EllipticCurvePrivateKey] = {}
    result = ImportResult()
    for path in sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")):
        parsed = _stem_and_kind(path)
        if parsed is None:
            continue
        stem, kind = parsed
        if kind == "cert":
            certs[stem] = path
            continue
        try:
            key = storage.load_private_key(path.read_bytes(), passphrase, source=path.name)
        except KeyStoreError as exc:
            result.rejected.append(Rejected(path.name, exc.reason))
            continue
        if stem in keys and keys[stem].private_numbers() != key.private_numbers():
            result.rejected.append(Rejected(path.name, f"a different key for {stem} was already read"))
            continue
        keys[stem] = key
    for stem, path in certs.items():
        try:
            cert = storage.load_certificate(path.read_bytes(), source=path.name)
            record = record_from_certificate(cert, prepayment=bool(_PREPAYMENT_NAME.search(stem)))
            _check_stem(stem, record)
        except (CryptoError, InvalidIdentifier) as exc:
            result.rejected.append(Rejected(path.name, exc.reason))
            continue
        paired = keys.pop(stem, None)
        if paired is not None and not _key_matches(paired, cert):
            result.rejected.append(Rejected(path.name, f"key {stem}.key does not match the certificate"))
            paired = None
        result.credentials.append(Credential(path.name, cert, record, paired, stem))
    result.orphan_keys.update(keys)
    return result


def key_name(eui: Eui64, usage: KeyUsage, *, prepayment: bool = False, prefix: str = "") -> str:
    """The file stem used for a credential: ``[<prefix>-]<eui hex>-[pp-]ds|ka`` (the RTDS layout)."""
    stem = f"{eui.hex}-{'pp-' if prepayment else ''}{usage.value}"
    return f"{prefix}-{stem}" if prefix else stem


def role_key_name(eui: Eui64, role: RemotePartyRole, usage: KeyUsage) -> str:
    """Stem for a role-specific credential, e.g. the DSP XML-signing key ``dsp-xml-sign-<eui>-ds``."""
    prefix = {RemotePartyRole.XML_SIGNING: "xml-sign", RemotePartyRole.DSP_XML_SIGNING: "dsp-xml-sign"}
    return key_name(eui, usage, prefix=prefix.get(role, ""))


class KeyStore:
    """Private keys at rest under ``directory``: ``<name>.key``, PKCS#8 PEM, mode 0600, encrypted when a
    passphrase is set. Decrypted keys are cached in memory (scrypt-based decryption is deliberately slow).
    """

    def __init__(self, directory: Path, passphrase: bytes | None = None) -> None:
        self.directory = directory
        self._passphrase = passphrase or None
        self._cache: dict[str, ec.EllipticCurvePrivateKey] = {}
        self._lock = threading.Lock()

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    def _path(self, name: str) -> Path:
        if not _KEY_NAME.match(name) or ".." in name:
            raise KeyStoreError(f"invalid key name {name!r}")
        return self.directory / f"{name}.key"

    def put(self, name: str, key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise KeyStoreError(f"{name}: SMKI keys are P-256")
        path = self._path(name)
        storage.write_atomic(path, storage.private_key_pem(key, self._passphrase), private=True)
        with self._lock:
            self._cache[name] = key

    def get(self, name: str) -> ec.EllipticCurvePrivateKey:
        with self._lock:
            cached = self._cache.get(name)
        if cached is not None:
            return cached
        path = self._path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise KeyStoreError(f"no private key {name!r} in {self.directory}") from None
        key = storage.load_private_key(data, self._passphrase, source=str(path))
        with self._lock:
            self._cache[name] = key
        return key

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(_KEY_NAME.match(name)) and self._path(name).is_file()

    def names(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.name[:-4] for p in self.directory.glob("*.key") if not p.name.startswith("."))

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)
        with self._lock:
            self._cache.pop(name, None)

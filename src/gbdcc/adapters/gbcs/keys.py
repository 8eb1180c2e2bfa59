"""Key ring of GBCS keys: certificates / public keys and private keys by EUI-64 and key usage.

Directory layout (as ``oracles/keys/rtds`` and what ``gbdcc … --keys DIR`` accepts)::

    <eui hex>-ds.pem | -ka.pem        X.509 certificate (or a bare SubjectPublicKeyInfo PEM)
    <eui hex>-ds.key | -ka.key        PKCS#8 / SEC1 private key (PEM, unencrypted)
    <eui hex>-pp-ka.pem | -pp-ka.key  supplier prepayment top-up key agreement pair (SEC L, GBCS 4.3.3)

A private key without a certificate is usable: its public key is derived from it. The remote party
role comes from the organisation certificate subject ``OU`` (DOMAIN.md §6); device certificates have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gbdcc.adapters.gbcs.crypto import KeyPair, PrivateKey, PublicKey
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader
from gbdcc.domain.errors import CryptoError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

_NAME = re.compile(r"^(?P<eui>[0-9A-Fa-f]{16})-(?P<pp>pp-)?(?P<usage>ds|ka)\.(?P<ext>pem|key)$")


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One key of one party: EUI, usage, prepayment flag, public key, optional certificate/private key."""

    eui: Eui64
    usage: KeyUsage
    public_key: PublicKey
    prepayment: bool = False
    certificate: x509.Certificate | None = None
    private_key: PrivateKey | None = None

    @property
    def role(self) -> RemotePartyRole | None:
        """Remote party role from the organisation certificate subject OU, if any."""
        if self.certificate is None:
            return None
        ous = self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        if not ous:
            return None
        try:
            return RemotePartyRole(int(str(ous[0].value), 16))
        except ValueError:
            return None


def _load_public_pem(data: bytes, path: Path) -> tuple[PublicKey, x509.Certificate | None]:
    try:
        cert = x509.load_pem_x509_certificate(data) if b"BEGIN CERTIFICATE" in data else None
        key = cert.public_key() if cert is not None else serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise CryptoError(f"cannot read {path.name}: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise CryptoError(f"{path.name}: not an elliptic-curve key")
    return key, cert


def _load_private_pem(data: bytes, path: Path) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise CryptoError(f"cannot read {path.name}: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CryptoError(f"{path.name}: not an elliptic-curve private key")
    return key


class KeyRing:
    """Keys by (EUI-64, key usage, prepayment)."""

    def __init__(self, entries: list[KeyEntry] | None = None) -> None:
        self._entries: dict[tuple[int, KeyUsage, bool], KeyEntry] = {}
        for e in entries or []:
            self.add(e)

    @classmethod
    def load(cls, directory: str | Path) -> KeyRing:
        """Load every ``<eui>-[pp-]ds|ka.pem|key`` file of ``directory``; other files are ignored."""
        root = Path(directory)
        if not root.is_dir():
            raise CryptoError(f"keys directory not found: {root}")
        publics: dict[tuple[int, KeyUsage, bool], tuple[PublicKey, x509.Certificate | None]] = {}
        privates: dict[tuple[int, KeyUsage, bool], PrivateKey] = {}
        for path in sorted(root.iterdir()):
            m = _NAME.match(path.name)
            if not m or not path.is_file():
                continue
            k = (int(m["eui"], 16), KeyUsage(m["usage"]), bool(m["pp"]))
            data = path.read_bytes()
            if m["ext"] == "pem":
                publics[k] = _load_public_pem(data, path)
            else:
                privates[k] = _load_private_pem(data, path)
        ring = cls()
        for k in sorted(set(publics) | set(privates), key=lambda t: (t[0], t[1].value, t[2])):
            priv = privates.get(k)
            if k in publics:
                pub, cert = publics[k]
                if priv is not None and priv.public_key().public_numbers() != pub.public_numbers():
                    raise CryptoError(f"private key of {k[0]:016x}-{k[1].value} does not match its certificate")
            else:
                assert priv is not None
                pub, cert = priv.public_key(), None
            ring.add(KeyEntry(Eui64(k[0]), k[1], pub, prepayment=k[2], certificate=cert, private_key=priv))
        return ring

    def add(self, entry: KeyEntry) -> None:
        """Add or replace; a later private key fills in an entry that had only the public part."""
        k = (entry.eui.value, entry.usage, entry.prepayment)
        old = self._entries.get(k)
        if old is not None and entry.private_key is None and old.private_key is not None:
            entry = replace(entry, private_key=old.private_key)
        self._entries[k] = entry

    def get(self, eui: Eui64, usage: KeyUsage, *, prepayment: bool = False) -> KeyEntry | None:
        return self._entries.get((eui.value, usage, prepayment))

    def public_key(self, eui: Eui64, usage: KeyUsage, *, prepayment: bool = False) -> PublicKey | None:
        e = self.get(eui, usage, prepayment=prepayment)
        return None if e is None else e.public_key

    def private_key(self, eui: Eui64, usage: KeyUsage, *, prepayment: bool = False) -> PrivateKey | None:
        e = self.get(eui, usage, prepayment=prepayment)
        return None if e is None else e.private_key

    def certificate(self, eui: Eui64, usage: KeyUsage, *, prepayment: bool = False) -> x509.Certificate | None:
        e = self.get(eui, usage, prepayment=prepayment)
        return None if e is None else e.certificate

    def by_role(self, role: RemotePartyRole, usage: KeyUsage) -> list[KeyEntry]:
        """Organisation keys whose certificate has subject ``OU=<role>`` (e.g. the ACB's KA key)."""
        return [e for e in self if e.usage == usage and e.role == role]

    def key_pair(self, a: Eui64, b: Eui64) -> KeyPair | None:
        """A KA pair for ECDH between ``a`` and ``b``: one side's private key, the other's public key."""
        ea = self.get(a, KeyUsage.KEY_AGREEMENT)
        eb = self.get(b, KeyUsage.KEY_AGREEMENT)
        if ea is None or eb is None:
            return None
        if ea.private_key is not None:
            return ea.private_key, eb.public_key
        if eb.private_key is not None:
            return eb.private_key, ea.public_key
        return None

    def is_device(self, eui: Eui64) -> bool:
        """A device: its certificate carries no remote party role (device certs have an empty subject)."""
        entries = [e for e in self if e.eui == eui and e.certificate is not None]
        return bool(entries) and all(e.role is None for e in entries)

    def mac_key_pairs(self, header: GroupingHeader) -> list[KeyPair]:
        """Candidate KA pairs for a message's MAC (GBCS 4.3.3, 7.2.4).

        Commands from a remote party are MAC'd by the Access Control Broker (ACB KA key with the
        device's); device-originated commands (e.g. PPMID → GSME prepayment) and every response or
        alert by the originator with the recipient.
        """
        pairs: list[KeyPair | None] = []
        if header.cra_flag == CraFlag.COMMAND and not self.is_device(header.originator):
            pairs += [self.key_pair(e.eui, header.recipient)
                      for e in self.by_role(RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.KEY_AGREEMENT)]
        pairs.append(self.key_pair(header.originator, header.recipient))
        return [p for p in pairs if p is not None]

    def __iter__(self) -> Iterator[KeyEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, eui: object) -> bool:
        return isinstance(eui, Eui64) and any(k[0] == eui.value for k in self._entries)

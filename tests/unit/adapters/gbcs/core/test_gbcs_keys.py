"""KeyRing loading (oracles/keys/rtds layout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gbcs_core_support import ACB, ESME, SUPPLIER, Party

from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.errors import CryptoError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole


def test_load_directory(keys_dir: Path, parties: dict[str, Party]) -> None:
    ring = KeyRing.load(keys_dir)
    assert len(ring) == 6
    sup = ring.get(SUPPLIER, KeyUsage.KEY_AGREEMENT)
    assert sup is not None and sup.private_key is not None and sup.role == RemotePartyRole.SUPPLIER
    assert ring.private_key(ESME, KeyUsage.KEY_AGREEMENT) is None
    assert ring.public_key(ESME, KeyUsage.DIGITAL_SIGNATURE).public_numbers() == (  # type: ignore[union-attr]
        parties["esme"].ds.public_key().public_numbers()
    )
    assert [e.eui for e in ring.by_role(RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.KEY_AGREEMENT)] == [ACB]
    assert ring.is_device(ESME) and not ring.is_device(SUPPLIER)
    assert ESME in ring and Eui64(5) not in ring


def test_key_pairs_for_mac(keys_dir: Path) -> None:
    ring = KeyRing.load(keys_dir)
    cmd = GroupingHeader(CraFlag.COMMAND, 1, SUPPLIER, ESME, OtherInformation(0x1A))
    pairs = ring.mac_key_pairs(cmd)
    assert len(pairs) == 2  # the ACB's, then the originator's
    resp = GroupingHeader(CraFlag.RESPONSE, 1, ESME, SUPPLIER, OtherInformation(0x1A))
    assert len(ring.mac_key_pairs(resp)) == 1
    assert ring.key_pair(ESME, Eui64(7)) is None


def test_private_key_without_certificate_and_bare_public_key(tmp_path: Path, keys_dir: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    src = keys_dir / f"{SUPPLIER.hex}-ka.key"
    (tmp_path / "abababababababab-ka.key").write_bytes(src.read_bytes())
    key = serialization.load_pem_private_key(src.read_bytes(), None)
    (tmp_path / "fffffffffffffffe-pp-ka.pem").write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    ring = KeyRing.load(tmp_path)
    e = ring.get(Eui64.parse("ABABABABABABABAB"), KeyUsage.KEY_AGREEMENT)
    assert e is not None and e.certificate is None and e.private_key is not None
    pp = ring.get(Eui64.parse("FFFFFFFFFFFFFFFE"), KeyUsage.KEY_AGREEMENT, prepayment=True)
    assert pp is not None and pp.private_key is None


def test_mismatched_key_rejected(tmp_path: Path, keys_dir: Path) -> None:
    (tmp_path / f"{SUPPLIER.hex}-ka.pem").write_bytes((keys_dir / f"{SUPPLIER.hex}-ka.pem").read_bytes())
    (tmp_path / f"{SUPPLIER.hex}-ka.key").write_bytes((keys_dir / f"{ACB.hex}-ka.key").read_bytes())
    with pytest.raises(CryptoError):
        KeyRing.load(tmp_path)
    with pytest.raises(CryptoError):
        KeyRing.load(tmp_path / "missing")

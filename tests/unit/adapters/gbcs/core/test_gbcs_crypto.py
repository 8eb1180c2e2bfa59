"""KDF, AES-GCM MAC / encryption and ECDSA (GBCS 4.3.3, 7.2)."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from gbcs_core_support import ESME, SUPPLIER, Party

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.domain.errors import CryptoError


def test_ecdh_is_symmetric_and_kdf_layout(parties: dict[str, Party]) -> None:
    sup, esme = parties["supplier"], parties["esme"]
    z1 = crypto.ecdh(sup.ka, esme.ka.public_key())
    z2 = crypto.ecdh(esme.ka, sup.ka.public_key())
    assert z1 == z2 and len(z1) == 32
    key = crypto.kdf(z1, ESME, 2, 1002, SUPPLIER)
    other = bytes.fromhex("60857406080300" "00DB1234567890A0" "0902" "00000000000003EA" "90B3D51F30010000")
    assert key == hashlib.sha256(b"\0\0\0\1" + z1 + other).digest()[:16]
    assert crypto.kdf(z1, ESME, 3, 1002, SUPPLIER) != key


def test_mac_and_encryption_keys_follow_header(parties: dict[str, Party]) -> None:
    sup, esme = parties["supplier"], parties["esme"]
    h = GroupingHeader(CraFlag.RESPONSE, 7, ESME, SUPPLIER, OtherInformation(0x0034))
    device_side = (esme.ka, sup.ka.public_key())
    user_side = (sup.ka, esme.ka.public_key())
    assert crypto.mac_key(device_side, h) == crypto.mac_key(user_side, h)
    assert crypto.encryption_key(device_side, h) == crypto.derive_key(user_side, ESME, 4, 7, SUPPLIER)
    urp = GroupingHeader(
        CraFlag.RESPONSE, 7, ESME, SUPPLIER, OtherInformation(0x0034, SUPPLIER, 5, supplementary_originator_counter=99)
    )
    assert crypto.encryption_key(user_side, urp) == crypto.derive_key(user_side, ESME, 4, 99, SUPPLIER)


def test_gmac_against_aesgcm_reference() -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key, iv, aad = bytes(range(16)), bytes(12), b"grouping header"
    assert crypto.gmac(key, iv, aad) == AESGCM(key).encrypt(iv, b"", aad)[:12]
    assert crypto.gmac_matches(key, iv, aad, crypto.gmac(key, iv, aad))
    assert not crypto.gmac_matches(key, iv, aad + b"x", crypto.gmac(key, iv, aad))
    with pytest.raises(CryptoError):
        crypto.gmac(b"short", iv, aad)


def test_payload_encryption_round_trip() -> None:
    key = bytes(range(16))
    ct = crypto.encrypt_payload(key, ESME, b"meter balance 42")
    assert len(ct) == 16 + 12 and b"balance" not in ct
    assert crypto.decrypt_payload(key, ESME, ct) == b"meter balance 42"
    with pytest.raises(crypto.InvalidMac):
        crypto.decrypt_payload(key, SUPPLIER, ct)
    with pytest.raises(crypto.InvalidMac):
        crypto.decrypt_payload(key, ESME, ct[:-1] + bytes([ct[-1] ^ 1]))


def test_ecdsa_raw_signatures(parties: dict[str, Party]) -> None:
    k = parties["supplier"].ds
    sig = crypto.sign(k, b"data")
    assert len(sig) == 64
    assert crypto.verify(k.public_key(), b"data", sig)
    assert not crypto.verify(k.public_key(), b"date", sig)
    assert not crypto.verify(k.public_key(), b"data", sig[:63])
    der = k.sign(b"data", ec.ECDSA(hashes.SHA256()))
    assert crypto.verify(k.public_key(), b"data", crypto.der_to_raw(der))
    assert crypto.der_to_raw(crypto.raw_to_der(sig)) == sig


def test_rejects_other_curves() -> None:
    k = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(CryptoError):
        crypto.sign(k, b"x")


def test_cached_shared_secret_is_the_exchange_of_exactly_that_pair_of_keys() -> None:
    """GBCS 4.3.3.2 static-static ECDH: Z is cached by the two public points (issue 11), so a replaced key on
    either side — another point — never gets the old pair's secret, and repeated pairs get the same bytes."""
    acb, device, replacement = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    first = crypto.ecdh(acb, device.public_key())
    assert first == acb.exchange(ec.ECDH(), device.public_key())
    assert crypto.ecdh(acb, device.public_key()) == first  # from the cache, another public key object
    assert crypto.ecdh(device, acb.public_key()) == first  # the device's side: the same Z
    other = crypto.ecdh(acb, replacement.public_key())
    assert other == acb.exchange(ec.ECDH(), replacement.public_key()) and other != first
    assert crypto.ecdh(replacement, device.public_key()) == replacement.exchange(ec.ECDH(), device.public_key())

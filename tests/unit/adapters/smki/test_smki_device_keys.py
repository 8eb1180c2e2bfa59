"""Deterministic device keys and certificates for a simulated estate."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import record_from_certificate, verify_issued_by
from gbdcc.adapters.smki.device_keys import (
    P256_ORDER,
    DeviceCredentials,
    bench_device_credentials,
    derive_device_key,
    derive_device_serial,
    device_scalar,
)
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.pki import Pki
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage

SEED = bytes(range(32))
ESME = Eui64.parse("00-DB-12-34-56-78-90-A0")
START = datetime(2016, 4, 6, tzinfo=UTC)


def _hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 written out with hmac, independent of the implementation under test."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out, i = out + block, i + 1
    return out[:length]


def test_scalar_is_the_documented_hkdf_reduction() -> None:
    for usage in KeyUsage:
        okm = _hkdf(SEED, b"gbdcc/device-key/v1", ESME.to_bytes() + usage.value.encode(), 40)
        expected = int.from_bytes(okm, "big") % (P256_ORDER - 1) + 1
        assert device_scalar(SEED, ESME, usage) == expected
        assert 1 <= expected < P256_ORDER
        assert derive_device_key(SEED, ESME, usage).private_numbers().private_value == expected


def test_derivation_is_deterministic_and_separates_inputs() -> None:
    a = derive_device_key(SEED, ESME, KeyUsage.DIGITAL_SIGNATURE)
    assert a.private_numbers() == derive_device_key(SEED, ESME, KeyUsage.DIGITAL_SIGNATURE).private_numbers()
    assert isinstance(a, ec.EllipticCurvePrivateKey) and a.curve.name == "secp256r1"
    others = {
        derive_device_key(SEED, ESME, KeyUsage.KEY_AGREEMENT).private_numbers().private_value,
        derive_device_key(SEED, Eui64(ESME.value + 1), KeyUsage.DIGITAL_SIGNATURE).private_numbers().private_value,
        derive_device_key(bytes(32), ESME, KeyUsage.DIGITAL_SIGNATURE).private_numbers().private_value,
    }
    assert a.private_numbers().private_value not in others and len(others) == 3
    # the derived key works: ECDSA round trip
    sig = a.sign(b"gbcs", ec.ECDSA(hashes.SHA256()))
    a.public_key().verify(sig, b"gbcs", ec.ECDSA(hashes.SHA256()))


def test_short_seeds_are_refused() -> None:
    with pytest.raises(KeyStoreError, match="at least 16 bytes"):
        derive_device_key(b"short", ESME, KeyUsage.KEY_AGREEMENT)


def test_serials_fit_the_fast_path() -> None:
    serials = {derive_device_serial(SEED, Eui64(i), KeyUsage.KEY_AGREEMENT) for i in range(100)}
    assert len(serials) == 100 and all(1 << 126 <= s < 1 << 127 for s in serials)


def test_device_certificates_are_rebuilt_byte_for_byte() -> None:
    pki = Pki.generate(now=START)
    first = DeviceCredentials(SEED, pki.device_ca, not_before=START)
    second = DeviceCredentials(SEED, pki.device_ca, not_before=START)
    for usage in KeyUsage:
        cert = first.certificate(ESME, usage)
        der = cert.public_bytes(serialization.Encoding.DER)
        assert second.certificate(ESME, usage).public_bytes(serialization.Encoding.DER) == der
        assert cert.public_key() == derive_device_key(SEED, ESME, usage).public_key()
        assert cert.serial_number == derive_device_serial(SEED, ESME, usage)
        verify_issued_by(cert, pki.device_ca.cert)
        record = first.record(ESME, usage)
        assert (record.kind, record.subject_eui, record.key_usage, record.not_after) == (
            CertificateKind.DEVICE, ESME, usage, None)
        assert record == record_from_certificate(cert)


def test_bench_reports_rates() -> None:
    result = bench_device_credentials(20, seed=SEED)
    assert result["n"] == 20
    assert result["keys_per_s"] > 0 and result["certs_per_s"] > 0
    assert result["tbs_bytes_avg"] > 300

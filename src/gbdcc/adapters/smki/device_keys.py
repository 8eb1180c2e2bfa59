"""Device credentials for a national-scale *simulated* estate, derived instead of stored.

A real device generates its key pairs inside the meter (GBCS 4.3.3); a simulated estate of millions of
devices cannot afford to store one key file per device. Every simulated device key is instead a
deterministic function of one secret estate seed, the device EUI-64 and the key usage:

    okm = HKDF-SHA256(ikm=seed, salt="gbdcc/device-key/v1", info=EUI-64 bytes ‖ "ds"|"ka", L=40)
    d   = okm mod (n − 1) + 1          # a P-256 scalar in [1, n−1]; 320 bits → bias < 2^-64

Device Certificates follow the same idea: serial numbers are derived the same way (another salt) and
signatures use RFC 6979 deterministic ECDSA, so a device's certificate can be rebuilt byte-for-byte
when needed. The seed is a secret of the simulation and must be kept like a CA key.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gbdcc.adapters.db.record_cache import current_view
from gbdcc.adapters.db.sql_certificates import SqlCertificateRepository
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.device_certificates import DeviceCertificateIssuer
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.key_cache import BoundedCache, ec_public_key
from gbdcc.adapters.smki.pki import CaCredential, Pki
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
MIN_SEED_BYTES = 16
_KEY_SALT = b"gbdcc/device-key/v1"
_SERIAL_SALT = b"gbdcc/device-cert-serial/v1"
_CURVE = ec.SECP256R1()


def _okm(seed: bytes, salt: bytes, eui: Eui64, usage: KeyUsage, length: int) -> bytes:
    if len(seed) < MIN_SEED_BYTES:
        raise KeyStoreError(f"a device key seed needs at least {MIN_SEED_BYTES} bytes")
    info = eui.to_bytes() + usage.value.encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(seed)


def device_scalar(seed: bytes, eui: Eui64, usage: KeyUsage) -> int:
    """The private scalar of a simulated device key, in ``[1, n-1]``."""
    return int.from_bytes(_okm(seed, _KEY_SALT, eui, usage, 40), "big") % (P256_ORDER - 1) + 1


def derive_device_key(seed: bytes, eui: Eui64, usage: KeyUsage) -> ec.EllipticCurvePrivateKey:
    """The P-256 private key of simulated device ``eui`` for ``usage`` (deterministic)."""
    return ec.derive_private_key(device_scalar(seed, eui, usage), _CURVE)


def derive_device_serial(seed: bytes, eui: Eui64, usage: KeyUsage) -> int:
    """A certificate serial in [2^126, 2^127) (16 DER octets, the fast issuing path) for the credential."""
    return int.from_bytes(_okm(seed, _SERIAL_SALT, eui, usage, 16), "big") >> 2 | 1 << 126


class DeviceCredentials:
    """Keys, certificates and records of a simulated estate, rebuilt on demand from the seed."""

    def __init__(self, seed: bytes, device_ca: CaCredential, *, not_before: datetime) -> None:
        if len(seed) < MIN_SEED_BYTES:
            raise KeyStoreError(f"a device key seed needs at least {MIN_SEED_BYTES} bytes")
        self._seed = seed
        self._issuer = DeviceCertificateIssuer(device_ca, deterministic=True)
        self._not_before = not_before

    def key(self, eui: Eui64, usage: KeyUsage) -> ec.EllipticCurvePrivateKey:
        return derive_device_key(self._seed, eui, usage)

    def certificate(
        self, eui: Eui64, usage: KeyUsage, key: ec.EllipticCurvePrivateKey | None = None
    ) -> x509.Certificate:
        """The device's certificate; pass ``key`` when already derived to skip deriving it again."""
        public = (key or self.key(eui, usage)).public_key()
        serial = derive_device_serial(self._seed, eui, usage)
        return self._issuer.issue(public, eui=eui, usage=usage, not_before=self._not_before, serial=serial)

    def record(self, eui: Eui64, usage: KeyUsage) -> CertificateRecord:
        return record_from_certificate(self.certificate(eui, usage))


def bench_device_credentials(n: int, *, seed: bytes | None = None) -> dict[str, float]:
    """Derive ``n`` device keys, then issue ``n`` Device Certificates; rates per second (a measurement,
    nothing is asserted on it)."""
    seed = seed or os.urandom(32)
    pki = Pki.generate()
    creds = DeviceCredentials(seed, pki.device_ca, not_before=datetime(2024, 1, 1, tzinfo=UTC))
    euis = [Eui64(0x00DB_0000_0000_0000 + i) for i in range(n)]
    t0 = time.perf_counter()
    keys = [derive_device_key(seed, eui, KeyUsage.DIGITAL_SIGNATURE) for eui in euis]
    t1 = time.perf_counter()
    size = 0
    for eui, key in zip(euis, keys, strict=True):
        size += len(creds.certificate(eui, KeyUsage.DIGITAL_SIGNATURE, key).tbs_certificate_bytes)
    t2 = time.perf_counter()
    key_s, cert_s = max(t1 - t0, 1e-9), max(t2 - t1, 1e-9)
    return {
        "n": float(n),
        "key_seconds": key_s,
        "cert_seconds": cert_s,
        "keys_per_s": n / key_s,
        "certs_per_s": n / cert_s,
        "tbs_bytes_avg": size / n if n else 0.0,
    }


ESTATE_SEED_FILE = "estate-seed"


def load_or_create_estate_seed(data_dir: Path) -> bytes:
    """The instance's simulated-estate seed (32 random bytes, ``smki/estate-seed``, owner-only), created on
    first use. Every simulated device's keys derive from it: keep it like a CA key."""
    from gbdcc.adapters.smki import storage

    path = data_dir / "smki" / ESTATE_SEED_FILE
    if path.is_file():
        seed = path.read_bytes()
        if len(seed) < MIN_SEED_BYTES:
            raise KeyStoreError(f"{path}: an estate seed needs at least {MIN_SEED_BYTES} bytes")
        return seed
    seed = os.urandom(32)
    storage.write_atomic(path, seed, private=True)
    return seed


class DeviceKeyDirectory:
    """Device key-agreement public keys as the DCC knows them (GBCS 4.3.3: to MAC commands, verify alerts).

    A Device Certificate in the SMKI repository wins (imported test PKIs, devices of a real keystore): the
    newest one not revoked; a device whose stored key-agreement certificates are all revoked has no usable
    key (R-PKI-1: the DCC cannot MAC a command to it). Any other device is one of the SIMULATED estate, whose
    key is derived from the estate seed — the simulated manufacturer's certificate for it can be rebuilt on
    demand (:class:`DeviceCredentials`).

    The stored certificates are read through the unit of work open in the calling thread on the same
    database (the stage's; one read-only unit of its own when there is none), so they come from the
    process-wide record cache under the ``certificates`` generation of that unit
    (``adapters/db/record_cache.py``): a certificate stored, replaced or revoked — in this process or
    another — is seen by the next unit of work at once. Parsed keys are cached by their DER (``key_cache``),
    derived keys by EUI-64 (a pure function of the seed).
    """

    def __init__(self, seed: bytes, device_ca: CaCredential, uow_factory: object, *, cache_size: int = 100_000,
                 not_before: datetime = datetime(2020, 1, 1, tzinfo=UTC)) -> None:
        self.seed = seed
        self.credentials = DeviceCredentials(seed, device_ca, not_before=not_before)
        self._uow_factory = uow_factory
        self._derived: BoundedCache[Eui64, ec.EllipticCurvePublicKey] = BoundedCache(cache_size)

    def ka_public_key(self, eui: Eui64) -> ec.EllipticCurvePublicKey | None:
        """The key to MAC commands to ``eui`` with and verify its alerts by; None when it has none usable."""
        view = current_view()
        if view is not None and view.connection.engine is getattr(self._uow_factory, "engine", None):
            records = SqlCertificateRepository(view.connection, view).by_eui_usage(eui, KeyUsage.KEY_AGREEMENT)
        else:  # no unit of work of this database open in this thread (a CLI, a test): one of its own
            with self._uow_factory(read_only=True) as uow:  # type: ignore[operator]
                records = uow.certificates.by_eui_usage(eui, KeyUsage.KEY_AGREEMENT)
        stored = [r for r in records if r.kind is CertificateKind.DEVICE]
        if not stored:
            return self._derived.get_or_compute(
                eui, lambda: derive_device_key(self.seed, eui, KeyUsage.KEY_AGREEMENT).public_key())
        usable = [r for r in stored if not r.revoked]  # newest not_before first
        return ec_public_key(usable[0].der) if usable else None

    def records(self, device_id: Eui64) -> list[CertificateRecord]:
        """The simulated device's Device Certificates (digital signing, key agreement) as SMKI records
        (``service.smki.directory.SimulatedDeviceCertificates``)."""
        return [self.credentials.record(device_id, usage)
                for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT)]

    def forget(self, eui: Eui64) -> None:
        """Nothing to drop: stored certificates are re-read under the ``certificates`` generation, which
        every write (``put``, ``revoke``) bumps (kept for the revocation listeners of ``wiring/smki.py``)."""

"""The device-key and ECDH caches of the hot path (issue 11, part 2) never outlive a certificate change
(R-PKI-1; GBCS 4.3.3: the ACB MACs each command with the device's key-agreement key from its Device
Certificate). Real crypto, SQLite, virtual time: a Device Certificate stored, replaced or revoked — in this
process, or by ANOTHER process on the same database — decides the key of the very next command, although
the commands before it were MAC'd from the warm caches (the device's certificate records, its parsed key and
the ACB–device shared secret)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.device_certificates import DeviceCertificateIssuer
from gbdcc.adapters.smki.device_keys import derive_device_key
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import CertificateRecord, KeyUsage, RevocationReason

from .conftest import Dcc
from .test_device_requests import rid_of

READ = "<sr:ReadInstantaneousImportRegisters/>"

#: Stores one certificate record from another process: its own engine, unit of work and record cache.
OTHER_PROCESS = """
import sys
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.uow import SqlUnitOfWork
from gbdcc.adapters.smki.certificates import record_from_certificate
from cryptography import x509
engine = create_engine_for(sys.argv[1])
with SqlUnitOfWork(engine) as uow:
    uow.certificates.put(record_from_certificate(x509.load_der_x509_certificate(bytes.fromhex(sys.argv[2]))))
    uow.commit()
"""


def _device_certificate(dcc: Dcc, eui: Eui64, key: ec.EllipticCurvePrivateKey,
                        not_before: datetime) -> CertificateRecord:
    cert = DeviceCertificateIssuer(dcc.instance.identity.pki.device_ca).build(
        key.public_key(), eui=eui, usage=KeyUsage.KEY_AGREEMENT, not_before=not_before)
    return record_from_certificate(cert)


def _command(dcc: Dcc, esme: Eui64) -> tuple[bytes, RequestState]:
    """Send a 4.1.1 to ``esme``, run the pipeline; the GBCS command the DCC built (if any) and the final state."""
    signed = dcc.request(dcc.supplier, esme, "4.1.1", READ)
    assert dcc.submit(signed).decision.response_code == "I99"
    dcc.run()
    built = [r.body for r in dcc.audit(signed) if r.kind == "gbcs"]
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(rid_of(signed))
    assert request is not None
    return (built[0] if built else b""), request.state


def _macd_for(command: bytes, device_key: ec.EllipticCurvePrivateKey, acb: ec.EllipticCurvePublicKey) -> bool:
    """The command's MAC verifies with the device's side of the key agreement (ECDH is symmetric)."""
    return frame.verify_mac(frame.decode_message(command), (device_key, acb))


def test_replaced_then_revoked_device_certificate_is_not_used_after_the_change(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME).device_id
    acb = dcc.instance.identity.acb_ka_key.public_key()
    derived = derive_device_key(dcc.instance.device_keys.seed, esme, KeyUsage.KEY_AGREEMENT)
    for _ in range(2):  # the second command comes from the warm caches
        command, state = _command(dcc, esme)
        assert _macd_for(command, derived, acb) and state is RequestState.RESPONDED

    # same process: a Device Certificate stored for the device replaces the derived key at once
    first = ec.generate_private_key(ec.SECP256R1())
    with dcc.instance.uow_factory() as uow:
        uow.certificates.put(_device_certificate(dcc, esme, first, datetime(2024, 1, 1, tzinfo=UTC)))
        uow.commit()
    command, _ = _command(dcc, esme)
    assert _macd_for(command, first, acb) and not _macd_for(command, derived, acb)

    # another process: a newer certificate (replacement) — the next command uses its key
    second = ec.generate_private_key(ec.SECP256R1())
    replacement = _device_certificate(dcc, esme, second, datetime(2025, 1, 1, tzinfo=UTC))
    assert dcc.instance.engine is not None
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(dcc.instance.engine.url), replacement.der.hex()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    command, _ = _command(dcc, esme)
    assert _macd_for(command, second, acb) and not _macd_for(command, first, acb)

    # revoked (in this process): the older one is the device's key again; both revoked: no command at all
    with dcc.instance.uow_factory() as uow:
        assert uow.certificates.revoke(replacement.issuer, replacement.serial, dcc.clock.now(),
                                       RevocationReason.KEY_COMPROMISE)
        uow.commit()
    command, _ = _command(dcc, esme)
    assert _macd_for(command, first, acb) and not _macd_for(command, second, acb)
    with dcc.instance.uow_factory() as uow:
        stored = [r for r in uow.certificates.by_eui_usage(esme, KeyUsage.KEY_AGREEMENT) if not r.revoked]
        assert len(stored) == 1
        uow.certificates.revoke(stored[0].issuer, stored[0].serial, dcc.clock.now(), RevocationReason.KEY_COMPROMISE)
        uow.commit()
    command, state = _command(dcc, esme)
    assert command == b"" and state is RequestState.FAILED  # never MAC'd with a revoked (or the derived) key


def test_device_key_read_inside_a_unit_that_wrote_the_certificate_is_the_new_one(dcc: Dcc) -> None:
    """A unit of work that stores a certificate reads its own write (never the cache) for the rest of its life."""
    esme = dcc.first(DeviceType.ESME).device_id
    keys = dcc.instance.device_keys
    derived = derive_device_key(keys.seed, esme, KeyUsage.KEY_AGREEMENT).public_key()
    raw = serialization.PublicFormat.UncompressedPoint
    enc = serialization.Encoding.X962
    with dcc.instance.uow_factory(read_only=True):
        key = keys.ka_public_key(esme)
        assert key is not None and key.public_bytes(enc, raw) == derived.public_bytes(enc, raw)
    new = ec.generate_private_key(ec.SECP256R1())
    with dcc.instance.uow_factory() as uow:
        uow.certificates.put(_device_certificate(dcc, esme, new, datetime(2024, 1, 1, tzinfo=UTC)))
        inside = keys.ka_public_key(esme)
        assert inside is not None and inside.public_bytes(enc, raw) == new.public_key().public_bytes(enc, raw)
        uow.rollback()
    after = keys.ka_public_key(esme)  # rolled back: the derived key again
    assert after is not None and after.public_bytes(enc, raw) == derived.public_bytes(enc, raw)

"""HAN joins of the simulated ESME / GSME / PPMID / HCALCS (GBCS 13.7: CS03A1, CS03A2, CS03B, CS03C,
CS04AC, CS04B, CS07) — SIMULATION.

Each device keeps a join table (the devices it may exchange HAN messages with) and answers:

* **join** (CS03A1 / CS03A2 / CS03B / CS03C): ``SEQUENCE { joinMethodAndRole INTEGER (0 A1, 1 A2,
  2 B, 3 C), otherDeviceEntityIdentifier OCTET STRING, otherDeviceType INTEGER, [certificate] }`` →
  INTEGER result. The method must suit the two device types (:data:`JOIN_RULES`, e.g. an ESME joins
  a PPMID or HCALCS by Method A1, a GSME a GPF by Method B and a PPMID by Method C) or the result is
  2; Method C carries the other device's SMKI key-agreement certificate, which must be a device
  certificate of that Entity Identifier, else 11 (result codes as the RTDS 4.5.0 error vectors);
* **unjoin** (CS04AC / CS04B): ``OCTET STRING`` → 0, or 1 when the device was not joined;
* **read join details** (CS07): ``SEQUENCE { 0, SEQUENCE OF SEQUENCE { id, type } }``, or
  ``SEQUENCE { 1 }`` when nothing is joined.

A Method C join keeps the other device's key-agreement public key (real crypto for the PPMID ↔ GSME
prepayment messages). Joins are reported to the hub (``on_change``) so the GPF device log and the
HAN routing follow (see ``hub.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.wan.devices import der
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import CertificateKind, KeyUsage

METHOD_A1, METHOD_A2, METHOD_B, METHOD_C = 0, 1, 2, 3
JOIN_OK, NOT_JOINED, WRONG_METHOD, BAD_CERTIFICATE = 0, 1, 2, 11
GSME, ESME, CHF, GPF, HCALCS, PPMID, TYPE2 = 0, 1, 2, 3, 4, 5, 6
#: device type of the joining device → join method → device types it may join that way (GBCS 13.7)
JOIN_RULES: dict[DeviceType, dict[int, frozenset[int]]] = {
    DeviceType.ESME: {METHOD_A1: frozenset({PPMID, HCALCS})},
    DeviceType.GSME: {METHOD_B: frozenset({GPF, TYPE2}), METHOD_C: frozenset({PPMID})},
    DeviceType.PPMID: {METHOD_A2: frozenset({ESME}), METHOD_C: frozenset({GSME})},
    DeviceType.HCALCS: {METHOD_A2: frozenset({ESME})},
}


@dataclass(frozen=True, slots=True)
class Joined:
    eui: Eui64
    device_type: int
    ka_key: ec.EllipticCurvePublicKey | None = None


@dataclass
class JoinTable:
    """The devices one device is joined with."""

    device_type: DeviceType
    entries: dict[Eui64, Joined] = field(default_factory=dict)
    on_change: Callable[[str, Joined], None] | None = None

    def add(self, eui: Eui64, device_type: int, ka_key: ec.EllipticCurvePublicKey | None = None) -> None:
        entry = Joined(eui, device_type, ka_key)
        self.entries[eui] = entry
        if self.on_change is not None:
            self.on_change("joined", entry)

    def remove(self, eui: Eui64) -> bool:
        entry = self.entries.pop(eui, None)
        if entry is not None and self.on_change is not None:
            self.on_change("unjoined", entry)
        return entry is not None

    def joined(self, eui: Eui64) -> bool:
        return eui in self.entries

    # --- the ASN.1 use cases
    def join(self, payload: bytes) -> bytes:
        top = der.parse(payload)
        items = top.children
        if top.tag != der.SEQUENCE or len(items) < 3 or items[1].tag != der.OCTET_STRING:
            raise PayloadError("join payload is not SEQUENCE { INTEGER, OCTET STRING, INTEGER, ... }")
        method, other, other_type = items[0].as_int(), Eui64.from_bytes(items[1].content), items[2].as_int()
        if other_type not in JOIN_RULES.get(self.device_type, {}).get(method, frozenset()):
            return der.integer(WRONG_METHOD)
        key = None
        if method == METHOD_C:
            key = _certificate_key(items[3].der if len(items) > 3 else None, other)
            if key is None:
                return der.integer(BAD_CERTIFICATE)
        self.add(other, other_type, key)
        return der.integer(JOIN_OK)

    def unjoin(self, payload: bytes) -> bytes:
        node = der.parse(payload)
        if node.tag != der.OCTET_STRING:
            raise PayloadError("unjoin payload is not an OCTET STRING")
        return der.integer(JOIN_OK if self.remove(Eui64.from_bytes(node.content)) else NOT_JOINED)

    def details(self) -> bytes:
        if not self.entries:
            return der.sequence(der.integer(1))
        rows = [der.sequence(der.octets(e.eui.to_bytes()), der.integer(e.device_type)) for e in self.entries.values()]
        return der.sequence(der.integer(0), der.sequence(*rows))


def _certificate_key(raw: bytes | None, other: Eui64) -> ec.EllipticCurvePublicKey | None:
    """The KA key of a Method C certificate that is the other device's (SMKI device certificate)."""
    if raw is None:
        return None
    try:
        cert = x509.load_der_x509_certificate(raw)
        record = record_from_certificate(cert)
    except (ValueError, GbdccError):
        return None
    key = cert.public_key()
    if (record.kind != CertificateKind.DEVICE or record.subject_eui != other
            or record.key_usage != KeyUsage.KEY_AGREEMENT or not isinstance(key, ec.EllipticCurvePublicKey)):
        return None
    return key

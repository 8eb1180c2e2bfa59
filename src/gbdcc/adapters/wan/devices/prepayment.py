"""UTRN top-up tokens (GBCS 14) of the simulated prepayment meters, ESME and GSME — SIMULATION.

UTRN (Unique Transaction Reference Number, GBCS section 14). The Supplier's system makes it, with its
*prepayment top-up* private key (R-SEC-4: the DCC never holds it); the meter checks it against the
Supplier's prepayment top-up key agreement trust anchor (:func:`authenticate_top_up`, used by the
ESME's CS01a and the GSME's CS01b / PCS01 alike):

* PTUT (64 bits) = high dword ``0000000 ‖ counter bits 32-41 (10) ‖ value class (2: 00 pence, 01 pounds)
  ‖ value (13, 0-8191)`` ‖ low dword = the last 4 bytes of the AES-GCM tag over
  ``11 00000000 00 ‖ supplier EUI ‖ device EUI ‖ 01 ‖ UTRN counter (8) ‖ high dword`` (empty plaintext;
  key: GBCS KDF, transaction type 1, of the ECDH of the Supplier's prepayment top-up key and the
  device's key agreement key; IV = supplier EUI ‖ 00000000);
* PPTD = PTUT + 7 394 156 990 786 306 048 (19 decimal digits), UTRN = PPTD ‖ Verhoeff check digit
  (GBCS tables 14.8a-c).

The UTRN counter's low 32 bits are zero (the RTDS top-up counter is 3·2³²). The meter rebuilds the
counter from its 10 bits and the counters it has accepted (:meth:`UtrnGuard.counter_candidates`):
a counter already accepted is refused as a duplicate (0x8F51), one below the oldest of the last five
accepted or below the Supplier's prepayment floor (set by CS02b) as a replay (0x8F51); a tag that does
not verify is "UTRN not Authentic" (0x8F63) — a UTRN made for another meter fails that way too, and
so does every UTRN on a meter whose Supplier cell holds no prepayment top-up key. Checked against the
RTDS 4.5.0 CS01a (ESME) and CS01b (GSME) vectors (``tests/.../test_prepayment.py``,
``test_gsme_prepay.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gbdcc.adapters.gbcs import crypto
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import RemotePartyRole

if TYPE_CHECKING:
    from gbdcc.adapters.wan.devices.security import DeviceSecurity

PPTD_BASE = 7_394_156_990_786_306_048
VALUE_CLASS_PENCE, VALUE_CLASS_POUNDS = 0, 1
MONEY_PER_PENNY, MONEY_PER_POUND = 1_000, 100_000  # the meters' money unit: 1/100 000 of the currency
ACCEPTED_WINDOW = 5
ALERT_DUPLICATE_UTRN = 0x8F51
ALERT_UTRN_NOT_AUTHENTIC = 0x8F63
ALERT_UTRN_NOT_FOR_DEVICE = 0x8F64
ALERT_UTRN_EXCEEDS_MAX_CREDIT = 0x8F5B
ALERT_EXCEEDS_MAX_BALANCE = 0x8F47
ALERT_UTRN_LOCKED_OUT = 0x81C5

# GBCS table 14.8a (permutation), 14.8b (multiplication) and 14.8c (inverse) — the Verhoeff scheme
_P = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
      (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
      (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8))
_D = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
      (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
      (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
      (9, 8, 7, 6, 5, 4, 3, 2, 1, 0))
_INV = (1, 2, 6, 7, 5, 8, 3, 0, 9, 4)


def check_digit(digits: str) -> str:
    """The GBCS 14.8 Verhoeff check digit of a string of decimal digits."""
    if not digits.isdigit():
        raise ValueError(f"not decimal digits: {digits!r}")
    acc, k = 0, 4
    for ch in digits:
        acc = _D[acc][_P[k][int(ch)]]
        k = (k + 1) % 8
    return str(_INV[acc])


def high_dword(value: int, value_class: int, counter: int) -> int:
    if not 0 <= value <= 0x1FFF:
        raise ValueError(f"UTRN value out of range 0..8191: {value}")
    if value_class not in (VALUE_CLASS_PENCE, VALUE_CLASS_POUNDS):
        raise ValueError(f"unknown UTRN value class {value_class}")
    return ((counter >> 32) & 0x3FF) << 15 | value_class << 13 | value


def ptut_tag(keys: crypto.KeyPair, supplier: Eui64, device: Eui64, counter: int, high: int) -> int:
    """The low dword of the PTUT: last 4 bytes of the full 16-byte GCM tag (see the module docstring)."""
    key = crypto.derive_key(keys, supplier, crypto.TransactionType.COMMAND, counter, device)
    aad = (bytes([crypto.SC_AUTHENTICATED, 0, 0, 0, 0, 0]) + supplier.to_bytes() + device.to_bytes() + b"\x01"
           + counter.to_bytes(8, "big") + high.to_bytes(4, "big"))
    enc = Cipher(algorithms.AES(key), modes.GCM(crypto.gcm_iv(supplier))).encryptor()
    enc.authenticate_additional_data(aad)
    enc.finalize()
    return int.from_bytes(enc.tag[-4:], "big")


def make_utrn(supplier_top_up_key: ec.EllipticCurvePrivateKey, device_ka: ec.EllipticCurvePublicKey,
              supplier: Eui64, device: Eui64, counter: int, value: int,
              value_class: int = VALUE_CLASS_PENCE) -> str:
    """A UTRN as the Supplier's system makes it (the User side; tests and the demo use it)."""
    high = high_dword(value, value_class, counter)
    return encode_utrn(high, ptut_tag((supplier_top_up_key, device_ka), supplier, device, counter, high))


def encode_utrn(high: int, tag: int) -> str:
    """The 20 digits of a PTUT (high dword, tag): PPTD ‖ Verhoeff check digit (GBCS 14.4, 14.8)."""
    pptd = str(PPTD_BASE + (high << 32 | tag & 0xFFFFFFFF))
    return pptd + check_digit(pptd)


@dataclass(frozen=True, slots=True)
class Token:
    """A decoded UTRN: its value, value class, counter bits and tag."""

    value: int
    value_class: int
    counter_bits: int
    high: int
    tag: int

    @property
    def amount(self) -> int:
        """In ESME monetary units (1/100 000 £)."""
        return self.value * (MONEY_PER_POUND if self.value_class == VALUE_CLASS_POUNDS else MONEY_PER_PENNY)


def decode_utrn(text: str) -> Token:
    """Digits, check digit and PTUT layout; raises ValueError when the UTRN is malformed."""
    text = text.strip()
    if len(text) != 20 or not text.isdigit():
        raise ValueError("a UTRN is 20 decimal digits")
    if check_digit(text[:-1]) != text[-1]:
        raise ValueError("UTRN check digit wrong")
    ptut = int(text[:-1]) - PPTD_BASE
    if not 0 <= ptut < 1 << 64:
        raise ValueError("UTRN out of range")
    high, tag = ptut >> 32, ptut & 0xFFFFFFFF
    if high >> 25:
        raise ValueError("UTRN high bits not zero")
    value_class = (high >> 13) & 0x3
    if value_class not in (VALUE_CLASS_PENCE, VALUE_CLASS_POUNDS):
        raise ValueError(f"unknown UTRN value class {value_class}")
    return Token(high & 0x1FFF, value_class, (high >> 15) & 0x3FF, high, tag)


@dataclass
class UtrnGuard:
    """What the meter remembers about top-ups: the last accepted UTRN counters and failures in a row."""

    accepted: list[int] = field(default_factory=list)  # ascending, at most ACCEPTED_WINDOW
    failures: int = 0

    def counter_candidates(self, bits: int, floor: int) -> list[int]:
        """Full 64-bit counters with these bits 32-41 near the counters accepted so far, in order."""
        top = max([floor, *self.accepted]) >> 42
        return [high << 42 | bits << 32 for high in (top - 1, top, top + 1) if high >= 0]

    def acceptable(self, counter: int, floor: int) -> bool:
        """Not used before, above the floor and not older than the oldest of the last accepted ones."""
        return counter > floor and counter not in self.accepted and (
            len(self.accepted) < ACCEPTED_WINDOW or counter > self.accepted[0])

    def accept(self, counter: int) -> None:
        self.accepted = sorted([*self.accepted, counter])[-ACCEPTED_WINDOW:]
        self.failures = 0


def verify_utrn(text: str, *, device_ka: ec.EllipticCurvePrivateKey, top_up_key: ec.EllipticCurvePublicKey,
                supplier: Eui64, device: Eui64, guard: UtrnGuard, floor: int = 0) -> tuple[Token, int]:
    """The meter's check (see the module docstring): the token and its counter, or a ValueError whose
    first argument is the GBCS alert code (the last: the reason)."""
    try:
        token = decode_utrn(text)
    except ValueError as e:
        raise ValueError(ALERT_UTRN_NOT_AUTHENTIC, str(e)) from e
    authentic = [c for c in guard.counter_candidates(token.counter_bits, floor)
                 if ptut_tag((device_ka, top_up_key), supplier, device, c, token.high) == token.tag]
    if not authentic:
        raise ValueError(ALERT_UTRN_NOT_AUTHENTIC, "UTRN does not verify with the Supplier's top-up key")
    for counter in authentic:
        if guard.acceptable(counter, floor):
            return token, counter
    raise ValueError(ALERT_DUPLICATE_UTRN, f"UTRN counter {authentic[0]} already used or below the floor")


def authenticate_top_up(security: DeviceSecurity, text: str, guard: UtrnGuard) -> tuple[Token, int]:
    """A top-up's UTRN checked by a meter (GBCS 14.5) against its Supplier trust anchor cell's
    prepayment top-up key and its counters: the token and its counter (not yet accepted: the caller
    checks its credit limits, then :meth:`UtrnGuard.accept`), or a ValueError (alert code, reason)."""
    supplier = security.anchors.get(RemotePartyRole.SUPPLIER)
    if supplier is None or supplier.pp is None:
        raise ValueError(ALERT_UTRN_NOT_AUTHENTIC, "no Supplier prepayment top-up key in the trust anchors")
    return verify_utrn(text, device_ka=security.ka_key, top_up_key=supplier.pp, supplier=supplier.eui,
                       device=security.eui, guard=guard, floor=security.prepayment_floor)

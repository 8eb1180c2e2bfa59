"""UTRN generation in the User System (GBCS section 14, R-SEC-4): the Supplier's system makes the top-up code
with its *prepayment top-up* private key, which stays there — the DCC only carries the UTRN in a 2.2 Top Up
Device request (and holds the Supplier's prepayment top-up *certificate*, public, in the SMKI repository).

* PTUT (64 bits) = high dword ``0000000 ‖ UTRN counter bits 32-41 (10) ‖ value class (2: 00 pence, 01 pounds)
  ‖ value (13 bits)`` ‖ low dword = the last 4 bytes of the AES-128-GCM tag (empty plaintext) over
  ``11 00000000 00 ‖ supplier EUI ‖ device EUI ‖ 01 ‖ UTRN counter (8 bytes) ‖ high dword``, keyed by the GBCS
  KDF (transaction type 01) of the ECDH of the Supplier's prepayment top-up key and the device's key agreement
  key, IV = supplier EUI ‖ 00000000;
* PPTD = PTUT + 7 394 156 990 786 306 048 (19 decimal digits); UTRN = PPTD ‖ Verhoeff check digit (GBCS
  tables 14.8a-c).

The UTRN counter's low 32 bits are zero (the meter rebuilds the counter from bits 32-41); each top-up uses a
counter above the last. Reproduces the RTDS 4.5.0 CS01a UTRN (``tests/unit/client/test_utrn.py``). Written apart
from the simulated meters' check (``adapters/wan/devices/prepayment.py``) so each side is tested against the other.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gbdcc.adapters.gbcs import crypto
from gbdcc.domain.errors import UtrnRefused
from gbdcc.domain.ids import Eui64

PPTD_BASE = 7_394_156_990_786_306_048
PENCE, POUNDS = 0, 1
MAX_VALUE = 0x1FFF

# Verhoeff: GBCS table 14.8a (permutation), 14.8b (multiplication), 14.8c (inverse)
_P = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
      (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
      (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8))
_D = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
      (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
      (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
      (9, 8, 7, 6, 5, 4, 3, 2, 1, 0))
_INV = (1, 2, 6, 7, 5, 8, 3, 0, 9, 4)


def check_digit(digits: str) -> str:
    """The check digit of the PPTD (GBCS 14.8): its digits read from the left, the i-th (from 0) through
    permutation row ``(i + 4) mod 8``, folded with the multiplication table; the inverse of the result."""
    if not digits.isdigit():
        raise UtrnRefused(f"not decimal digits: {digits!r}")
    acc = 0
    for i, ch in enumerate(digits):
        acc = _D[acc][_P[(i + 4) % 8][int(ch)]]
    return str(_INV[acc])


def _high_dword(value: int, value_class: int, counter: int) -> int:
    if not 0 <= value <= MAX_VALUE:
        raise UtrnRefused(f"a UTRN value is 0..{MAX_VALUE}, not {value}")
    if value_class not in (PENCE, POUNDS):
        raise UtrnRefused(f"a UTRN value class is 0 (pence) or 1 (pounds), not {value_class}")
    if not 0 < counter < 1 << 64 or counter & 0xFFFFFFFF:
        raise UtrnRefused(f"a UTRN counter is a positive 64-bit number with its low 32 bits zero, not {counter}")
    return ((counter >> 32) & 0x3FF) << 15 | value_class << 13 | value


def make_utrn(top_up_key: ec.EllipticCurvePrivateKey, device_ka: ec.EllipticCurvePublicKey, supplier: Eui64,
              device: Eui64, counter: int, value: int, value_class: int = PENCE) -> str:
    """The 20-digit UTRN for ``device`` (its key agreement public key) from the Supplier's prepayment top-up
    private key (module docstring)."""
    for key in (top_up_key, device_ka):
        if not isinstance(key.curve, ec.SECP256R1):
            raise UtrnRefused(f"UTRN keys are P-256, not {key.curve.name}")
    high = _high_dword(value, value_class, counter)
    aes = crypto.derive_key((top_up_key, device_ka), supplier, crypto.TransactionType.COMMAND, counter, device)
    aad = (bytes([crypto.SC_AUTHENTICATED, 0, 0, 0, 0, 0]) + supplier.to_bytes() + device.to_bytes() + b"\x01"
           + counter.to_bytes(8, "big") + high.to_bytes(4, "big"))
    enc = Cipher(algorithms.AES(aes), modes.GCM(crypto.gcm_iv(supplier))).encryptor()
    enc.authenticate_additional_data(aad)
    enc.finalize()
    pptd = str(PPTD_BASE + (high << 32 | int.from_bytes(enc.tag[-4:], "big")))
    return pptd + check_digit(pptd)

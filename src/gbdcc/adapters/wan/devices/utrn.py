"""UTRN (Unique Transaction Reference Number) checks of a simulated prepayment meter — SIMULATION.

GBCS section 14: a UTRN is the 19-digit Prepayment Token Decimal (PPTD = 7394156990786306048 +
PTUT) followed by a Verhoeff check digit computed with the GBCS tables 14.8a-c. The PTUT's high
32 bits hold the truncated originator counter (10 bits), the value class (2 bits: pennies / pounds)
and the value (13 bits); its low 32 bits are the last four bytes of a GMAC computed with the
supplier's *prepayment top-up* key-agreement key.

What the simulation checks: length, digits, check digit, value and counter (to reject duplicates).
Not checked: the GMAC — the simulated trust anchors hold no prepayment top-up cell, so the
authenticity of a well-formed UTRN is assumed (documented in the WAN README).
"""

from __future__ import annotations

from dataclasses import dataclass

PPTD_BASE = 7394156990786306048
_P = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
      (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
      (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8))
_D = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
      (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
      (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
      (9, 8, 7, 6, 5, 4, 3, 2, 1, 0))
_I = (1, 2, 6, 7, 5, 8, 3, 0, 9, 4)
PENNY = 1000  # money units (1/100 000 of a pound) per penny


class InvalidUtrn(ValueError):
    """Not a UTRN: wrong length, not digits, or a check digit that does not verify."""


def check_digit(digits: str) -> int:
    """The GBCS Verhoeff check digit of ``digits`` (GBCS 14.8; the inverse table differs from the
    textbook one)."""
    acc, k = 0, 4
    for ch in digits:
        acc = _D[acc][_P[k][int(ch)]]
        k = (k + 1) % 8
    return _I[acc]


@dataclass(frozen=True, slots=True)
class Utrn:
    counter: int  # the truncated originator counter (10 bits)
    value: int  # in money units

    @classmethod
    def parse(cls, text: str) -> Utrn:
        if len(text) != 20 or not text.isdigit():
            raise InvalidUtrn(f"a UTRN is 20 digits, got {text!r}")
        if check_digit(text[:19]) != int(text[19]):
            raise InvalidUtrn(f"UTRN {text} check digit does not verify")
        ptut = int(text[:19]) - PPTD_BASE
        high = ptut >> 32
        if ptut < 0 or high >> 25:
            raise InvalidUtrn(f"UTRN {text} is not a prepayment token")
        value, value_class, counter = high & 0x1FFF, (high >> 13) & 0x3, (high >> 15) & 0x3FF
        if value_class > 1:
            raise InvalidUtrn(f"UTRN {text}: value class {value_class}")
        return cls(counter, value * PENNY * (100 if value_class else 1))


def make_utrn(counter: int, pennies: int, gmac_low: int = 0) -> str:
    """A well-formed UTRN (simulation / tests: the GMAC part is given, not computed)."""
    high = ((counter & 0x3FF) << 15) | (pennies & 0x1FFF)
    pptd = str(PPTD_BASE + ((high << 32) | (gmac_low & 0xFFFFFFFF)))
    return pptd + str(check_digit(pptd))

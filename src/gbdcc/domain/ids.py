"""Identifiers of the GB smart metering world: EUI-64, DUIS RequestID, MPAN core, MPRN.

Sources: DUIS 5.4 XSD (``sr:EUI``, ``sr:RequestID``, ``sr:MPxN``); MPAN core check digit from the MRA
(DOMAIN.md §5). DCC test data (e.g. MPAN ``1312345678111``) fails the check digit: parse it with
``lenient=True`` (the test-PKI mode switches that on; it is off by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gbdcc.domain.errors import InvalidIdentifier

_HEX16 = re.compile(r"^[0-9A-Fa-f]{16}$")
_MPAN_WEIGHTS = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
UINT64_MAX = 2**64 - 1


@dataclass(frozen=True, slots=True, order=True)
class Eui64:
    """An EUI-64 (device ID, User ID, DCC system title). Stored as an int; shown the DUIS way."""

    value: int

    def __post_init__(self) -> None:
        if not 0 <= self.value <= UINT64_MAX:
            raise InvalidIdentifier(f"EUI-64 out of range: {self.value}")

    @classmethod
    def parse(cls, text: str) -> Eui64:
        """Accept ``00-DB-12-34-56-78-90-A0``, ``00:db:…``, ``00 DB …`` or ``00DB1234567890A0``."""
        raw = text.strip().replace("-", "").replace(":", "").replace(" ", "")
        if not _HEX16.match(raw):
            raise InvalidIdentifier(f"not an EUI-64: {text!r}")
        return cls(int(raw, 16))

    @classmethod
    def from_bytes(cls, data: bytes) -> Eui64:
        if len(data) != 8:
            raise InvalidIdentifier(f"an EUI-64 is 8 bytes, got {len(data)}")
        return cls(int.from_bytes(data, "big"))

    def to_bytes(self) -> bytes:
        return self.value.to_bytes(8, "big")

    @property
    def hex(self) -> str:
        """Lower-case hex without separators (file names, certificate lookups)."""
        return f"{self.value:016x}"

    def __str__(self) -> str:
        h = f"{self.value:016X}"
        return "-".join(h[i : i + 2] for i in range(0, 16, 2))


@dataclass(frozen=True, slots=True)
class RequestId:
    """DUIS RequestID ``<originator EUI>:<target EUI>:<counter>``; counter is a uint64 (DUIS 3.2.3)."""

    originator: Eui64
    target: Eui64
    counter: int

    def __post_init__(self) -> None:
        if not 0 <= self.counter <= UINT64_MAX:
            raise InvalidIdentifier(f"RequestID counter out of uint64 range: {self.counter}")

    @classmethod
    def parse(cls, text: str) -> RequestId:
        parts = text.strip().split(":")
        if len(parts) != 3 or not parts[2].isdigit():
            raise InvalidIdentifier(f"not a RequestID (originator:target:counter): {text!r}")
        return cls(Eui64.parse(parts[0]), Eui64.parse(parts[1]), int(parts[2]))

    def __str__(self) -> str:
        return f"{self.originator}:{self.target}:{self.counter}"


def mpan_check_digit(first12: str) -> int:
    """MPAN core check digit: Σ dᵢ·wᵢ mod 11 mod 10 (MRA, DOMAIN.md §5)."""
    return sum(int(d) * w for d, w in zip(first12, _MPAN_WEIGHTS, strict=True)) % 11 % 10


@dataclass(frozen=True, slots=True)
class Mpan:
    """A 13-digit MPAN core (electricity metering point)."""

    value: str

    @classmethod
    def parse(cls, text: str, *, lenient: bool = False) -> Mpan:
        v = text.strip()
        if len(v) != 13 or not v.isdigit():
            raise InvalidIdentifier(f"an MPAN core is 13 digits: {text!r}")
        if not lenient and mpan_check_digit(v[:12]) != int(v[12]):
            raise InvalidIdentifier(f"MPAN check digit wrong: {text!r}", rule="MRA-MPAN-CHECK")
        return cls(v)

    def __str__(self) -> str:
        return self.value


def mprn_check_digits(leading: str) -> str:
    """MPRN check digits (unverified rule, DOMAIN.md §5): Σ bᵢ·(n−i+1) mod 11, two digits."""
    n = len(leading)
    return f"{sum(int(b) * (n - i) for i, b in enumerate(leading)) % 11:02d}"


@dataclass(frozen=True, slots=True)
class Mprn:
    """An MPRN (gas metering point): 1–10 characters in DUIS; digits with two check digits when strict."""

    value: str

    @classmethod
    def parse(cls, text: str, *, lenient: bool = False) -> Mprn:
        v = text.strip()
        if not 1 <= len(v) <= 10 or not v.isalnum():
            raise InvalidIdentifier(f"an MPRN is 1-10 alphanumeric characters: {text!r}")
        if not lenient:
            if not v.isdigit() or len(v) < 6:
                raise InvalidIdentifier(f"an MPRN is 6-10 digits: {text!r}", rule="MPRN-CHECK")
            if mprn_check_digits(v[:-2]) != v[-2:]:
                raise InvalidIdentifier(f"MPRN check digits wrong: {text!r}", rule="MPRN-CHECK")
        return cls(v)

    def __str__(self) -> str:
        return self.value


def parse_mpxn(text: str, *, lenient: bool = False) -> Mpan | Mprn:
    """An MPAN if it is 13 digits, otherwise an MPRN."""
    v = text.strip()
    if len(v) == 13 and v.isdigit():
        return Mpan.parse(v, lenient=lenient)
    return Mprn.parse(v, lenient=lenient)

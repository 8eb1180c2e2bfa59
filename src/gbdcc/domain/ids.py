"""Identifiers of the GB smart metering world: EUI-64, DUIS RequestID, MPAN core, MPRN.

Sources: DUIS 5.4 XSD (``sr:EUI``, ``sr:RequestIDType``, ``sr:MPxN``); MPAN core check digit from the MRA
(DOMAIN.md §5). DCC test data (e.g. MPAN ``1312345678111``) fails the check digit: parse it with
``lenient=True`` (the test-PKI mode switches that on; it is off by default).

Every parser here reads untrusted text with a strict ASCII grammar of bounded length: ``str.isdigit`` and
``int()`` alone would accept Unicode digits ("²", "١٢", fullwidth "１"), underscores ("1_0") and numbers too
long for Python's conversion limit. Only XML white space (space, tab, CR, LF: XML 1.0 §2.3 ``S``) around a
value is ignored, as XSD whitespace collapse does for ``xs:token`` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gbdcc.domain.errors import InvalidIdentifier

XML_SPACE = " \t\r\n"
"""XML white space (XML 1.0 §2.3); the only characters stripped around an identifier."""
UINT64_MAX = 2**64 - 1
_MAX_IDENTIFIER_CHARS = 128
"""No identifier here is longer (a RequestID is 61 characters); longer text is refused unread."""
_MPAN_WEIGHTS = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
_EUI = re.compile(r"[0-9A-Fa-f]{2}(?P<sep>[-: ]?)[0-9A-Fa-f]{2}(?:(?P=sep)[0-9A-Fa-f]{2}){6}", re.ASCII)
_DUIS_EUI = r"[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}"
_REQUEST_ID = re.compile(rf"({_DUIS_EUI}):({_DUIS_EUI}):(0|[1-9][0-9]{{0,19}})", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_MPAN = re.compile(r"[0-9]{13}", re.ASCII)
_MPRN_LENIENT = re.compile(r"[0-9A-Za-z]{1,10}", re.ASCII)
_MPRN_STRICT = re.compile(r"[0-9]{6,10}", re.ASCII)


def bounded_text(text: object, *, what: str, max_chars: int = _MAX_IDENTIFIER_CHARS) -> str:
    """``text`` without surrounding XML white space; :class:`InvalidIdentifier` if it is not a string or
    longer than ``max_chars`` (checked before any other work, so an overlong value costs nothing)."""
    if not isinstance(text, str):
        raise InvalidIdentifier(f"{what} must be text, got {type(text).__name__}")
    if len(text) > max_chars:
        raise InvalidIdentifier(f"{what} is {len(text)} characters long, over the {max_chars}-character limit")
    return text.strip(XML_SPACE)


def parse_integer(
    text: object,
    *,
    what: str,
    minimum: int | None = None,
    maximum: int | None = None,
    max_digits: int = 20,
) -> int:
    """An ``xs:integer`` in its lexical form, ASCII only: ``[+-]?[0-9]+`` with at most ``max_digits`` digits
    (XSD Part 2 §3.3.13), then range-checked. Raises :class:`InvalidIdentifier` with the reason."""
    value = bounded_text(text, what=what, max_chars=max_digits + 1 + 2 * _MAX_IDENTIFIER_CHARS)
    if not _INTEGER.fullmatch(value) or len(value.lstrip("+-")) > max_digits:
        raise InvalidIdentifier(f"{what} is not a decimal integer of at most {max_digits} ASCII digits: {value!r}")
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "" if minimum is None else f" from {minimum}"
        high = "" if maximum is None else f" to {maximum}"
        raise InvalidIdentifier(f"{what} must be{low}{high}, got {value!r}")
    return number


@dataclass(frozen=True, slots=True, order=True)
class Eui64:
    """An EUI-64 (device ID, User ID, DCC system title). Stored as an int; shown the DUIS way."""

    value: int

    def __post_init__(self) -> None:
        if not 0 <= self.value <= UINT64_MAX:
            raise InvalidIdentifier(f"EUI-64 out of range: {self.value}")

    @classmethod
    def parse(cls, text: str) -> Eui64:
        """Accept ``00-DB-12-34-56-78-90-A0``, ``00:db:…``, ``00 DB …`` (one separator throughout) or
        ``00DB1234567890A0``; hex digits of either case, ASCII only."""
        value = bounded_text(text, what="EUI-64")
        if not _EUI.fullmatch(value):
            raise InvalidIdentifier(f"not an EUI-64: {text!r}")
        return cls(int(re.sub(r"[-: ]", "", value), 16))

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
        """The ``sr:RequestIDType`` form: two hyphenated EUI-64s (either case) and a counter without leading
        zeros (e.g. the millisecond timestamps DCC Boxed clients send), at most ``UINT64_MAX``."""
        value = bounded_text(text, what="RequestID")
        match = _REQUEST_ID.fullmatch(value)
        if not match:
            raise InvalidIdentifier(f"not a RequestID (originator:target:counter): {text!r}", rule="DUIS-3.2.3")
        return cls(Eui64.parse(match[1]), Eui64.parse(match[2]), int(match[3]))

    def __str__(self) -> str:
        return f"{self.originator}:{self.target}:{self.counter}"


def mpan_check_digit(first12: str) -> int:
    """MPAN core check digit: Σ dᵢ·wᵢ mod 11 mod 10 (MRA, DOMAIN.md §5). ``first12``: 12 ASCII digits."""
    if not re.fullmatch(r"[0-9]{12}", first12, re.ASCII):
        raise InvalidIdentifier(f"the MPAN check digit is computed over 12 ASCII digits: {first12!r}")
    return sum(int(d) * w for d, w in zip(first12, _MPAN_WEIGHTS, strict=True)) % 11 % 10


@dataclass(frozen=True, slots=True)
class Mpan:
    """A 13-digit MPAN core (electricity metering point)."""

    value: str

    @classmethod
    def parse(cls, text: str, *, lenient: bool = False) -> Mpan:
        v = bounded_text(text, what="MPAN")
        if not _MPAN.fullmatch(v):
            raise InvalidIdentifier(f"an MPAN core is 13 ASCII digits: {text!r}")
        if not lenient and mpan_check_digit(v[:12]) != int(v[12]):
            raise InvalidIdentifier(f"MPAN check digit wrong: {text!r}", rule="MRA-MPAN-CHECK")
        return cls(v)

    def __str__(self) -> str:
        return self.value


def mprn_check_digits(leading: str) -> str:
    """MPRN check digits (unverified rule, DOMAIN.md §5): Σ bᵢ·(n−i+1) mod 11, two digits."""
    if not re.fullmatch(r"[0-9]{1,8}", leading, re.ASCII):
        raise InvalidIdentifier(f"MPRN check digits are computed over 1-8 ASCII digits: {leading!r}")
    n = len(leading)
    return f"{sum(int(b) * (n - i) for i, b in enumerate(leading)) % 11:02d}"


@dataclass(frozen=True, slots=True)
class Mprn:
    """An MPRN (gas metering point): 1–10 ASCII letters or digits in DUIS; 6–10 digits with two check digits
    when strict."""

    value: str

    @classmethod
    def parse(cls, text: str, *, lenient: bool = False) -> Mprn:
        v = bounded_text(text, what="MPRN")
        if not _MPRN_LENIENT.fullmatch(v):
            raise InvalidIdentifier(f"an MPRN is 1-10 ASCII letters or digits: {text!r}")
        if not lenient:
            if not _MPRN_STRICT.fullmatch(v):
                raise InvalidIdentifier(f"an MPRN is 6-10 digits: {text!r}", rule="MPRN-CHECK")
            if mprn_check_digits(v[:-2]) != v[-2:]:
                raise InvalidIdentifier(f"MPRN check digits wrong: {text!r}", rule="MPRN-CHECK")
        return cls(v)

    def __str__(self) -> str:
        return self.value


def parse_mpxn(text: str, *, lenient: bool = False) -> Mpan | Mprn:
    """An MPAN if it is 13 ASCII digits, otherwise an MPRN."""
    v = bounded_text(text, what="MPxN")
    if _MPAN.fullmatch(v):
        return Mpan.parse(v, lenient=lenient)
    return Mprn.parse(v, lenient=lenient)

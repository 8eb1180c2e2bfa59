"""DLMS/COSEM typed ``Data`` (IEC 62056-6-2 / 5-3 A-XDR), as carried in GBCS ESME and CHF payloads.

A value is a :class:`DlmsValue` — a type name and a Python value:

=====================  ===  ===================================
type                   tag  Python value
=====================  ===  ===================================
null-data              0    ``None``
array / structure      1/2  ``tuple[DlmsValue, ...]``
boolean                3    ``bool``
bit-string             4    ``(bit_count, bytes)``
double-long(-unsigned) 5/6  ``int`` (32 bit)
octet-string           9    ``bytes``
visible-string         10   ``bytes`` (ASCII as sent)
utf8-string            12   ``bytes``
integer / long         15/16 ``int`` (8 / 16 bit signed)
unsigned / long-uns.   17/18 ``int`` (8 / 16 bit)
long64(-unsigned)      20/21 ``int`` (64 bit)
enum                   22   ``int``
=====================  ===  ===================================

GBCS carries date-times as 12-byte octet-strings (GBCS 7.2.7, DLMS ``date-time``); see :func:`date_time`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader, encode_length

_FIXED: dict[str, tuple[int, int, bool]] = {
    # name: (tag, size, signed)
    "double-long": (5, 4, True),
    "double-long-unsigned": (6, 4, False),
    "integer": (15, 1, True),
    "long": (16, 2, True),
    "unsigned": (17, 1, False),
    "long-unsigned": (18, 2, False),
    "long64": (20, 8, True),
    "long64-unsigned": (21, 8, False),
    "enum": (22, 1, False),
}
_STRINGS: dict[str, int] = {"octet-string": 9, "visible-string": 10, "utf8-string": 12}
_TAGS: dict[int, str] = {
    0: "null-data",
    1: "array",
    2: "structure",
    3: "boolean",
    4: "bit-string",
    **{tag: name for name, (tag, _, _) in _FIXED.items()},
    **{tag: name for name, tag in _STRINGS.items()},
}


@dataclass(frozen=True, slots=True)
class DlmsValue:
    """One DLMS ``Data`` value (CHOICE type name + value)."""

    type: str
    value: Any = None

    def to_json(self) -> Any:
        """A JSON-friendly view: ``{"type": ..., "value": ...}`` with bytes as upper-case hex."""
        v = self.value
        if self.type in ("array", "structure"):
            v = [item.to_json() for item in v]
        elif isinstance(v, bytes):
            v = v.hex().upper()
        elif self.type == "bit-string":
            v = {"bits": v[0], "value": v[1].hex().upper()}
        return {"type": self.type, "value": v}


def encode(value: DlmsValue) -> bytes:
    """A-XDR encoding of one ``Data`` value, tag included."""
    t, v = value.type, value.value
    if t == "null-data":
        return b"\x00"
    if t in ("array", "structure"):
        tag = 1 if t == "array" else 2
        return bytes([tag]) + encode_length(len(v)) + b"".join(encode(item) for item in v)
    if t == "boolean":
        return bytes([3, 0xFF if v else 0x00])
    if t == "bit-string":
        bits, raw = v
        return b"\x04" + encode_length(bits) + raw
    if t in _STRINGS:
        return bytes([_STRINGS[t]]) + encode_length(len(v)) + bytes(v)
    if t in _FIXED:
        tag, size, signed = _FIXED[t]
        try:
            return bytes([tag]) + int(v).to_bytes(size, "big", signed=signed)
        except OverflowError:
            raise PayloadError(f"{v} does not fit a DLMS {t}") from None
    raise PayloadError(f"unknown DLMS data type {t!r}")


def decode_from(r: Reader) -> DlmsValue:
    """Decode one ``Data`` value at the reader's position."""
    tag = r.u8()
    name = _TAGS.get(tag)
    if name is None:
        raise PayloadError(f"unsupported DLMS data tag {tag}")
    if name == "null-data":
        return DlmsValue(name)
    if name in ("array", "structure"):
        n = r.length()
        return DlmsValue(name, tuple(decode_from(r) for _ in range(n)))
    if name == "boolean":
        return DlmsValue(name, r.u8() != 0)
    if name == "bit-string":
        bits = r.length()
        return DlmsValue(name, (bits, r.take((bits + 7) // 8)))
    if name in _STRINGS:
        return DlmsValue(name, r.take(r.length()))
    _, size, signed = _FIXED[name]
    return DlmsValue(name, int.from_bytes(r.take(size), "big", signed=signed))


def decode(data: bytes) -> DlmsValue:
    """Decode exactly one ``Data`` value."""
    r = Reader(data)
    value = decode_from(r)
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after DLMS data")
    return value


# constructors, for readable tables -----------------------------------------------------------------


def structure(*items: DlmsValue) -> DlmsValue:
    return DlmsValue("structure", tuple(items))


def array(*items: DlmsValue) -> DlmsValue:
    return DlmsValue("array", tuple(items))


def octets(value: bytes | str) -> DlmsValue:
    return DlmsValue("octet-string", bytes.fromhex(value) if isinstance(value, str) else value)


NOW = bytes.fromhex("0000000000000000008000FF")
"""GBCS 'now' activation date-time (all date/time fields zero, deviation 0x8000 'not specified')."""
NEVER = bytes.fromhex("FFFFFFFFFFFFFFFFFF8000FF")


def date_time(when: datetime | None) -> bytes:
    """12-byte DLMS date-time (GBCS uses UTC: deviation 0x8000, clock status 0xFF); ``None`` = NOW."""
    if when is None:
        return NOW
    return (
        when.year.to_bytes(2, "big")
        + bytes([when.month, when.day, 0xFF, when.hour, when.minute, when.second, 0x00])
        + b"\x80\x00\xff"
    )


def parse_date_time(raw: bytes) -> str | None:
    """ISO text of a 12-byte DLMS date-time ('NOW' / 'NEVER' for the GBCS specials, None if not one)."""
    if len(raw) != 12:
        return None
    if raw == NOW:
        return "NOW"
    if raw == NEVER:
        return "NEVER"
    year = int.from_bytes(raw[:2], "big")
    month, day, _, hour, minute, second = raw[2:8]
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 60):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"

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
bcd                    13   ``int`` (one byte as sent)
float32 / float64      23/24 ``bytes`` (IEEE 754 as sent)
date-time / date / time 25/26/27 ``bytes`` (12 / 5 / 4 bytes)
compact-array          19   ``(TypeDesc, tuple[DlmsValue, ...])``
=====================  ===  ===================================

``compact-array`` (IEC 62056-6-2 §4.1.6.1, used by GBCS load-profile and log responses, e.g.
ECS23 / ECS35 / ECS61c) is ``contents-description`` (a type description: a simple type's tag; ``01``
number-of-elements (2 bytes) + element type; ``02`` count + member types) then ``array-contents``,
an octet-string holding the elements' values without their tags. A :data:`TypeDesc` is
``("unsigned",)``, ``("array", n, elem)`` or ``("structure", (member, ...))``.

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
_OPAQUE: dict[str, tuple[int, int]] = {  # fixed-size values kept as bytes: (tag, size)
    "float32": (23, 4), "float64": (24, 8), "date-time": (25, 12), "date": (26, 5), "time": (27, 4),
}
COMPACT_ARRAY = 19
TypeDesc = tuple[Any, ...]
_TAGS: dict[int, str] = {
    0: "null-data",
    1: "array",
    2: "structure",
    3: "boolean",
    4: "bit-string",
    **{tag: name for name, (tag, _, _) in _FIXED.items()},
    **{tag: name for name, tag in _STRINGS.items()},
    **{tag: name for name, (tag, _) in _OPAQUE.items()},
    13: "bcd",
    COMPACT_ARRAY: "compact-array",
}
_TAG_OF: dict[str, int] = {name: tag for tag, name in _TAGS.items()}


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
        elif self.type == "compact-array":
            v = {"description": _desc_json(v[0]), "rows": [item.to_json() for item in v[1]]}
        return {"type": self.type, "value": v}


def _desc_json(desc: TypeDesc) -> Any:
    if desc[0] == "array":
        return {"array": desc[1], "of": _desc_json(desc[2])}
    if desc[0] == "structure":
        return {"structure": [_desc_json(d) for d in desc[1]]}
    return desc[0]


def encode(value: DlmsValue) -> bytes:
    """A-XDR encoding of one ``Data`` value, tag included."""
    if value.type == "compact-array":
        desc, rows = value.value
        contents = b"".join(_encode_untagged(row, desc) for row in rows)
        return bytes([COMPACT_ARRAY]) + encode_desc(desc) + encode_length(len(contents)) + contents
    if value.type not in _TAG_OF:
        raise PayloadError(f"unknown DLMS data type {value.type!r}")
    return bytes([_TAG_OF[value.type]]) + _encode_untagged(value, None)


def _encode_untagged(value: DlmsValue, desc: TypeDesc | None) -> bytes:
    """A value's encoding without its tag; inside a compact-array (``desc`` given) arrays and
    structures carry no element count either."""
    t, v = value.type, value.value
    if desc is not None and desc[0] != t:
        raise PayloadError(f"compact-array element {t} does not match its description {desc[0]}")
    if t == "null-data":
        return b""
    if t in ("array", "structure"):
        if desc is None:
            return encode_length(len(v)) + b"".join(encode(item) for item in v)
        kids = [desc[2]] * len(v) if t == "array" else list(desc[1])
        if len(kids) != len(v):
            raise PayloadError("compact-array element does not match its description")
        return b"".join(_encode_untagged(item, d) for item, d in zip(v, kids, strict=True))
    if t == "boolean":
        return bytes([0xFF if v else 0x00])
    if t == "bit-string":
        bits, raw = v
        return encode_length(bits) + bytes(raw)
    if t in _STRINGS:
        return encode_length(len(v)) + bytes(v)
    if t in _OPAQUE:
        raw = bytes(v)
        if len(raw) != _OPAQUE[t][1]:
            raise PayloadError(f"a DLMS {t} is {_OPAQUE[t][1]} bytes")
        return raw
    if t == "bcd":
        return bytes([int(v) & 0xFF])
    if t in _FIXED:
        _, size, signed = _FIXED[t]
        try:
            return int(v).to_bytes(size, "big", signed=signed)
        except OverflowError:
            raise PayloadError(f"{v} does not fit a DLMS {t}") from None
    raise PayloadError(f"unknown DLMS data type {t!r}")


def encode_desc(desc: TypeDesc) -> bytes:
    """A compact-array type description."""
    if desc[0] == "array":
        return b"\x01" + int(desc[1]).to_bytes(2, "big") + encode_desc(desc[2])
    if desc[0] == "structure":
        return b"\x02" + encode_length(len(desc[1])) + b"".join(encode_desc(d) for d in desc[1])
    if desc[0] not in _TAG_OF or desc[0] == "compact-array":
        raise PayloadError(f"unknown DLMS type {desc[0]!r} in a type description")
    return bytes([_TAG_OF[desc[0]]])


def read_desc(r: Reader) -> TypeDesc:
    """Read a compact-array type description."""
    tag = r.u8()
    name = _TAGS.get(tag)
    if name is None or name == "compact-array":
        raise PayloadError(f"unsupported DLMS type tag {tag} in a type description")
    if name == "array":
        n = r.uint(2)
        return ("array", n, read_desc(r))
    if name == "structure":
        return ("structure", tuple(read_desc(r) for _ in range(r.length())))
    return (name,)


def decode_from(r: Reader) -> DlmsValue:
    """Decode one ``Data`` value at the reader's position."""
    tag = r.u8()
    name = _TAGS.get(tag)
    if name is None:
        raise PayloadError(f"unsupported DLMS data tag {tag}")
    if name == "compact-array":
        desc = read_desc(r)
        contents = r.sub(r.length())
        rows = []
        while not contents.at_end():
            rows.append(_decode_untagged(contents, desc))
        return DlmsValue(name, (desc, tuple(rows)))
    return _decode_untagged(r, (name,))


def _decode_untagged(r: Reader, desc: TypeDesc) -> DlmsValue:
    name = desc[0]
    if name == "null-data":
        return DlmsValue(name)
    if name in ("array", "structure") and len(desc) > 1:  # inside a compact-array: no counts
        kids = [desc[2]] * desc[1] if name == "array" else list(desc[1])
        return DlmsValue(name, tuple(_decode_untagged(r, d) for d in kids))
    if name in ("array", "structure"):
        n = r.length()
        return DlmsValue(name, tuple(decode_from(r) for _ in range(n)))
    if name in _OPAQUE:
        return DlmsValue(name, r.take(_OPAQUE[name][1]))
    if name == "bcd":
        return DlmsValue(name, r.u8())
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

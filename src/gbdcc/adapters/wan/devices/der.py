"""A small DER reader / writer for the device side of the GBCS ASN.1 use cases (GBCS 10.2, 13.3.5:
CS02a-g credentials, CS03 / CS04 joins, CS06, CS07, CS08, GCS28, GCS59, GCS62) — SIMULATION helper.

``adapters/gbcs/payload/asn1.py`` decodes DER into a display tree; the simulated devices need the raw
bytes of each element (certificates are re-loaded with ``cryptography``) and a writer for their
responses and alerts, so this module keeps both: :func:`parse` gives :class:`Tlv` nodes with their
full encoding; :func:`sequence`, :func:`integer`, :func:`octets`… encode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader, encode_length

SEQUENCE, SET = 0x30, 0x31
INTEGER, BIT_STRING, OCTET_STRING, NULL_TAG, ENUMERATED, GENERALIZED_TIME = 0x02, 0x03, 0x04, 0x05, 0x0A, 0x18


@dataclass(frozen=True, slots=True)
class Tlv:
    """One DER element: tag byte, content octets, children (constructed tags) and the full encoding."""

    tag: int
    content: bytes
    der: bytes
    children: tuple[Tlv, ...] = ()

    @property
    def constructed(self) -> bool:
        return bool(self.tag & 0x20)

    @property
    def context(self) -> int | None:
        """The context-specific tag number (``[n]``), or None for a universal tag."""
        return self.tag & 0x1F if self.tag & 0x80 else None

    def as_int(self) -> int:
        """An INTEGER's or ENUMERATED's value (also an IMPLICIT context-tagged one)."""
        if self.tag not in (INTEGER, ENUMERATED) and self.tag & 0xE0 != 0x80:
            raise PayloadError(f"DER element 0x{self.tag:02X} is not an INTEGER")
        if not self.content:
            raise PayloadError("empty DER INTEGER")
        return int.from_bytes(self.content, "big", signed=True)

    def bits(self) -> bytes:
        """A BIT STRING's content with its unused-bits octet (as GBCS compares key usages: ``0780``)."""
        return self.content

    def time(self) -> datetime:
        """A GeneralizedTime ``YYYYMMDDHHMMSSZ``."""
        try:
            return datetime.strptime(self.content.decode("ascii"), "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
        except (UnicodeDecodeError, ValueError) as e:
            raise PayloadError(f"bad GeneralizedTime {self.content!r}") from e

    def child(self, index: int) -> Tlv:
        if index >= len(self.children):
            raise PayloadError(f"DER element 0x{self.tag:02X} has no child {index}")
        return self.children[index]

    def tagged(self, number: int) -> Tlv | None:
        """The child with context tag ``[number]``, if any."""
        return next((c for c in self.children if c.context == number), None)

    def shape(self) -> object:
        """The tag tree (values ignored): what two payloads of the same use case share."""
        if self.constructed and self.children:
            return (self.tag, tuple(c.shape() for c in self.children))
        return self.tag


def _element(r: Reader, depth: int) -> Tlv:
    start = r.pos
    tag = r.u8()
    if tag & 0x1F == 0x1F:
        raise PayloadError("multi-byte ASN.1 tags are not used by GBCS")
    body = r.sub(r.length())
    content = body.rest()
    encoding = r.data[start : r.pos]
    children: tuple[Tlv, ...] = ()
    if tag & 0x20 and depth < 24:
        inner = Reader(content)
        kids = []
        while not inner.at_end():
            kids.append(_element(inner, depth + 1))
        children = tuple(kids)
    return Tlv(tag, content, encoding, children)


def parse(data: bytes) -> Tlv:
    """Exactly one DER element (every byte accounted for)."""
    r = Reader(data)
    node = _element(r, 0)
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after the DER element")
    return node


def parse_all(data: bytes) -> tuple[Tlv, ...]:
    r = Reader(data)
    out = []
    while not r.at_end():
        out.append(_element(r, 0))
    return tuple(out)


# --- writing ---------------------------------------------------------------------------------------


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + encode_length(len(content)) + content


def tlv_long(tag: int, content: bytes) -> bytes:
    """A DER element whose length is written in the 3-byte form ``82 hi lo`` (RTDS CS02b responses)."""
    if len(content) < 0x80:
        return tlv(tag, content)
    return bytes([tag, 0x82]) + len(content).to_bytes(2, "big") + content


def sequence(*items: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(items))


def _signed(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)


def integer(value: int) -> bytes:
    return tlv(INTEGER, _signed(value))


def enumerated(value: int) -> bytes:
    return tlv(ENUMERATED, _signed(value))


def octets(value: bytes) -> bytes:
    return tlv(OCTET_STRING, value)


def bit_string(content: bytes) -> bytes:
    """A BIT STRING from its content octets (unused-bits count first)."""
    return tlv(BIT_STRING, content)


def null() -> bytes:
    return tlv(NULL_TAG, b"")


def generalized_time(value: datetime) -> bytes:
    return tlv(GENERALIZED_TIME, value.astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode("ascii"))

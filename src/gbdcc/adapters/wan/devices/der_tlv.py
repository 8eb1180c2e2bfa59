"""Minimal DER writing and splitting for the ASN.1 payloads the simulated devices answer (GBCS 10.2:
CS03 / CS04 joins, CS07, CS08, GCS28, GCS59, GCS62) — SIMULATION support.

``gbcs/payload/asn1.py`` reads DER into a tree for display; devices need the raw bytes of a child
(e.g. the certificate of a Method C join) and to write answers, which this module adds.
"""

from __future__ import annotations

from datetime import UTC, datetime

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader, encode_length

SEQUENCE, INTEGER, OCTET_STRING, NULL, GENERALIZED_TIME = 0x30, 0x02, 0x04, 0x05, 0x18


def tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + encode_length(len(body)) + body


def integer(value: int) -> bytes:
    n = max(1, (value.bit_length() + 8) // 8)
    return tlv(INTEGER, value.to_bytes(n, "big", signed=True))


def octets(value: bytes) -> bytes:
    return tlv(OCTET_STRING, value)


def sequence(*items: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(items))


def generalized_time(when: datetime) -> bytes:
    return tlv(GENERALIZED_TIME, when.astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode())


def parse_generalized_time(body: bytes) -> datetime:
    return datetime.strptime(body.decode("ascii").rstrip("Z"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def split(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """The top-level elements of ``data``: (tag, body, whole encoding)."""
    r = Reader(data)
    out = []
    while not r.at_end():
        start = r.pos
        tag = r.u8()
        if tag & 0x1F == 0x1F:
            raise PayloadError("multi-byte ASN.1 tags are not used by GBCS")
        body = r.take(r.length())
        out.append((tag, body, data[start:r.pos]))
    return out


def children(data: bytes, tag: int = SEQUENCE) -> list[tuple[int, bytes, bytes]]:
    """The elements inside the single ``tag`` element that ``data`` must be."""
    top = split(data)
    if len(top) != 1 or top[0][0] != tag:
        raise PayloadError(f"expected one ASN.1 element with tag 0x{tag:02X}")
    return split(top[0][1])


def as_int(element: tuple[int, bytes, bytes]) -> int:
    if element[0] != INTEGER:
        raise PayloadError("expected an ASN.1 INTEGER")
    return int.from_bytes(element[1], "big", signed=True)

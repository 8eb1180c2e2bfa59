"""Byte reader and A-XDR / BER length helpers shared by the payload codecs (IEC 62056-5-3 §A-XDR)."""

from __future__ import annotations

from gbdcc.domain.errors import GbcsError


class PayloadError(GbcsError):
    """A GBCS payload (DLMS, GBZ or ASN.1) cannot be encoded or decoded."""

    code = "GBDCC-710"
    default_rule = "GBCS-7"


def encode_length(n: int) -> bytes:
    """A-XDR / BER definite length: short form below 128, else 0x8N followed by N big-endian bytes."""
    if n < 0:
        raise PayloadError(f"negative length {n}")
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


class Reader:
    """Cursor over a byte string; every read checks bounds and raises :class:`PayloadError`."""

    __slots__ = ("data", "end", "pos")

    def __init__(self, data: bytes, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    @property
    def remaining(self) -> int:
        return self.end - self.pos

    def at_end(self) -> bool:
        return self.pos >= self.end

    def peek(self) -> int:
        if self.pos >= self.end:
            raise PayloadError("unexpected end of payload")
        return self.data[self.pos]

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > self.end:
            raise PayloadError(f"payload truncated: need {n} bytes at offset {self.pos}")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def u8(self) -> int:
        return self.take(1)[0]

    def uint(self, n: int, *, little: bool = False) -> int:
        return int.from_bytes(self.take(n), "little" if little else "big")

    def length(self) -> int:
        first = self.u8()
        if first < 0x80:
            return first
        n = first & 0x7F
        if n == 0 or n > 4:
            raise PayloadError(f"unsupported length form 0x{first:02X}")
        return self.uint(n)

    def sub(self, n: int) -> Reader:
        """A reader over the next ``n`` bytes; this reader skips past them."""
        start = self.pos
        self.take(n)
        return Reader(self.data, start, start + n)

    def rest(self) -> bytes:
        return self.take(self.remaining)

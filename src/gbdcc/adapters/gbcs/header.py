"""GBCS grouping header (GBCS 7.2.8, Table 7.2.8) and the DLMS encodings it uses.

The grouping header is the start of a General-Signing APDU (tag ``0xDF``)::

    DF                                    general-signing tag
    09 <CRA flag> <originator counter>    transaction-id: octet string of 9 bytes (counter uint64 BE)
    08 <originator system title>          EUI-64
    08 <recipient system title>           EUI-64
    00 | 0C <DLMS date-time>              date-time: empty, or 12-byte COSEM date-time (GBCS 7.2.8)
    <len> <other information>             message code (2 bytes) [+ supplementary fields, below]

Other information (GBCS 7.2.8.1, lengths seen in the RTDS 4.5.0 vectors):

====  =====================================================================================
2     message code
10    + supplementary remote party ID (EUI-64)
18    + supplementary remote party counter (uint64) — DCC-originated commands (CCS0x, CS08…)
26    + supplementary originator counter (uint64) — e.g. responses to ECS21b/GCS16b
> 26  + supplementary remote party key-agreement certificate (DER) — ECS21b/GCS16b commands
====  =====================================================================================

Lengths use the DLMS / A-XDR (BER) encoding: ``< 0x80`` in one byte, else ``0x8N`` followed by N
big-endian bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from gbdcc.domain.errors import GbcsError
from gbdcc.domain.ids import UINT64_MAX, Eui64

GENERAL_SIGNING_TAG = 0xDF
TRANSACTION_ID_LENGTH = 9
SYSTEM_TITLE_LENGTH = 8
DLMS_DATETIME_LENGTH = 12


class CraFlag(IntEnum):
    """GBCS 7.2.8: the first byte of the transaction id says what the message is."""

    COMMAND = 1
    RESPONSE = 2
    ALERT = 3


# --- DLMS length encoding -------------------------------------------------------------------------


def encode_length(n: int) -> bytes:
    """A-XDR / BER length: one byte below 0x80, else ``0x80|k`` and k big-endian bytes."""
    if n < 0:
        raise GbcsError(f"negative length {n}")
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    if len(body) > 4:
        raise GbcsError(f"length {n} too large for a GBCS message")
    return bytes([0x80 | len(body)]) + body


def decode_length(data: bytes, offset: int = 0) -> tuple[int, int]:
    """Read a length at ``offset``; return ``(length, offset after it)``."""
    if offset >= len(data):
        raise GbcsError(f"truncated: length expected at byte {offset}")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    k = first & 0x7F
    if k == 0 or k > 4:
        raise GbcsError(f"bad length prefix 0x{first:02X} at byte {offset}")
    end = offset + 1 + k
    if end > len(data):
        raise GbcsError(f"truncated: {k}-byte length at byte {offset}")
    return int.from_bytes(data[offset + 1 : end], "big"), end


def take(data: bytes, offset: int, n: int, what: str) -> tuple[bytes, int]:
    """Slice ``n`` bytes at ``offset`` or raise :class:`GbcsError` naming ``what`` is truncated."""
    end = offset + n
    if end > len(data):
        raise GbcsError(f"truncated {what}: need {n} bytes at {offset}, have {len(data) - offset}")
    return data[offset:end], end


def take_octet_string(data: bytes, offset: int, what: str) -> tuple[bytes, int]:
    """A length-prefixed octet string at ``offset``."""
    n, offset = decode_length(data, offset)
    return take(data, offset, n, what)


# --- DLMS date-time (COSEM, Blue Book 4.1.6.1) ----------------------------------------------------

_NOT_SPECIFIED_DEVIATION = 0x8000


def encode_dlms_datetime(value: datetime) -> bytes:
    """12-byte COSEM date-time in UTC: day of week 0xFF, deviation 0x8000 and clock status 0xFF
    ("not specified"), the form every RTDS 4.5.0 vector uses (GBCS 7.2.8: all times are UTC)."""
    if value.tzinfo is None:
        raise GbcsError("DLMS date-time needs an aware datetime (UTC)")
    v = value.astimezone(UTC)
    return (
        v.year.to_bytes(2, "big")
        + bytes([v.month, v.day, 0xFF, v.hour, v.minute, v.second, v.microsecond // 10000])
        + _NOT_SPECIFIED_DEVIATION.to_bytes(2, "big")
        + b"\xff"
    )


def decode_dlms_datetime(raw: bytes) -> datetime | None:
    """A fully specified COSEM date-time as an aware UTC datetime; ``None`` for wildcard / zero values.

    GBCS 7.2.8 requires UTC, so the fields are read as UTC and the deviation is not applied.
    Wildcards (0xFF / 0xFFFF) and the all-zero "immediate" value give ``None``.
    """
    if len(raw) != DLMS_DATETIME_LENGTH:
        raise GbcsError(f"a DLMS date-time is 12 bytes, got {len(raw)}")
    year = int.from_bytes(raw[0:2], "big")
    month, day, _dow, hour, minute, second, hundredths = raw[2:9]
    if year in (0, 0xFFFF) or 0xFF in (month, day, hour, minute, second) or month == 0 or day == 0:
        return None
    if month > 12 or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        dt = datetime(year, month, day, hour, minute, second, 0 if hundredths == 0xFF else hundredths * 10000,
                      tzinfo=UTC)
    except ValueError:
        return None
    return dt


# --- other information ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OtherInformation:
    """GBCS 7.2.8.1 other-information: message code plus the optional supplementary fields."""

    message_code: int
    supplementary_remote_party_id: Eui64 | None = None
    supplementary_remote_party_counter: int | None = None
    supplementary_originator_counter: int | None = None
    supplementary_remote_party_ka_certificate: bytes | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.message_code <= 0xFFFF:
            raise GbcsError(f"message code out of range: {self.message_code}")
        for c in (self.supplementary_remote_party_counter, self.supplementary_originator_counter):
            if c is not None and not 0 <= c <= UINT64_MAX:
                raise GbcsError(f"supplementary counter out of uint64 range: {c}")
        if self.supplementary_remote_party_counter is not None and self.supplementary_remote_party_id is None:
            raise GbcsError("a supplementary remote party counter needs the remote party ID")
        tail = (self.supplementary_originator_counter, self.supplementary_remote_party_ka_certificate)
        if any(t is not None for t in tail) and self.supplementary_remote_party_counter is None:
            raise GbcsError("supplementary originator counter / certificate need the remote party counter")
        if all(t is not None for t in tail):
            raise GbcsError("other information holds a supplementary originator counter or a certificate")
        cert = self.supplementary_remote_party_ka_certificate
        if cert is not None and len(cert) <= 8:
            raise GbcsError("supplementary remote party certificate too short")

    def encode(self) -> bytes:
        """The other-information bytes (without their length prefix)."""
        out = self.message_code.to_bytes(2, "big")
        if self.supplementary_remote_party_id is not None:
            out += self.supplementary_remote_party_id.to_bytes()
        if self.supplementary_remote_party_counter is not None:
            out += self.supplementary_remote_party_counter.to_bytes(8, "big")
        if self.supplementary_originator_counter is not None:
            out += self.supplementary_originator_counter.to_bytes(8, "big")
        if self.supplementary_remote_party_ka_certificate is not None:
            out += self.supplementary_remote_party_ka_certificate
        return out

    @classmethod
    def decode(cls, data: bytes) -> OtherInformation:
        n = len(data)
        if n not in (2, 10, 18, 26) and n <= 26:
            raise GbcsError(f"other information of {n} bytes is not a GBCS layout (2/10/18/26/>26)")
        code = int.from_bytes(data[0:2], "big")
        if n == 2:
            return cls(code)
        srp = Eui64.from_bytes(data[2:10])
        if n == 10:
            return cls(code, srp)
        srp_counter = int.from_bytes(data[10:18], "big")
        if n == 18:
            return cls(code, srp, srp_counter)
        if n == 26:
            return cls(code, srp, srp_counter, int.from_bytes(data[18:26], "big"))
        return cls(code, srp, srp_counter, supplementary_remote_party_ka_certificate=bytes(data[18:]))


# --- grouping header ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupingHeader:
    """The GBCS grouping header (GBCS 7.2.8): everything of a General-Signing APDU before the content."""

    cra_flag: CraFlag
    originator_counter: int
    originator: Eui64
    recipient: Eui64
    other_information: OtherInformation
    date_time: bytes | None = None  # raw 12-byte COSEM date-time, or None when absent

    def __post_init__(self) -> None:
        if not 0 <= self.originator_counter <= UINT64_MAX:
            raise GbcsError(f"originator counter out of uint64 range: {self.originator_counter}")
        if self.date_time is not None and len(self.date_time) != DLMS_DATETIME_LENGTH:
            raise GbcsError(f"date-time must be 12 bytes, got {len(self.date_time)}")
        object.__setattr__(self, "cra_flag", CraFlag(self.cra_flag))

    @property
    def message_code(self) -> int:
        return self.other_information.message_code

    @property
    def transaction_id(self) -> bytes:
        """CRA flag ‖ originator counter: the 9-byte transaction id (also used by the KDF)."""
        return bytes([self.cra_flag]) + self.originator_counter.to_bytes(8, "big")

    @property
    def date_time_value(self) -> datetime | None:
        return None if self.date_time is None else decode_dlms_datetime(self.date_time)

    def encode(self) -> bytes:
        """``DF`` ‖ transaction-id ‖ originator ‖ recipient ‖ date-time ‖ other-information."""
        other = self.other_information.encode()
        return (
            bytes([GENERAL_SIGNING_TAG, TRANSACTION_ID_LENGTH])
            + self.transaction_id
            + bytes([SYSTEM_TITLE_LENGTH])
            + self.originator.to_bytes()
            + bytes([SYSTEM_TITLE_LENGTH])
            + self.recipient.to_bytes()
            + (b"\x00" if self.date_time is None else bytes([DLMS_DATETIME_LENGTH]) + self.date_time)
            + encode_length(len(other))
            + other
        )

    @classmethod
    def decode(cls, data: bytes) -> GroupingHeader:
        """Decode a grouping header at the start of ``data`` (bytes after it are ignored)."""
        return cls.decode_prefix(data)[0]

    @classmethod
    def decode_prefix(cls, data: bytes, offset: int = 0) -> tuple[GroupingHeader, int]:
        """Decode the header at ``offset``; return it and the offset of the content length."""
        if offset >= len(data) or data[offset] != GENERAL_SIGNING_TAG:
            raise GbcsError(f"not a General-Signing APDU: expected 0xDF at byte {offset}")
        tid, pos = take_octet_string(data, offset + 1, "transaction id")
        if len(tid) != TRANSACTION_ID_LENGTH:
            raise GbcsError(f"transaction id must be 9 bytes, got {len(tid)}")
        if tid[0] not in (1, 2, 3):
            raise GbcsError(f"unknown CRA flag 0x{tid[0]:02X}")
        orig, pos = take_octet_string(data, pos, "originator system title")
        recip, pos = take_octet_string(data, pos, "recipient system title")
        if len(orig) != SYSTEM_TITLE_LENGTH or len(recip) != SYSTEM_TITLE_LENGTH:
            raise GbcsError("system titles must be 8 bytes")
        dt, pos = take_octet_string(data, pos, "date-time")
        if len(dt) not in (0, DLMS_DATETIME_LENGTH):
            raise GbcsError(f"date-time must be absent or 12 bytes, got {len(dt)}")
        other, pos = take_octet_string(data, pos, "other information")
        header = cls(
            cra_flag=CraFlag(tid[0]),
            originator_counter=int.from_bytes(tid[1:], "big"),
            originator=Eui64.from_bytes(orig),
            recipient=Eui64.from_bytes(recip),
            other_information=OtherInformation.decode(other),
            date_time=bytes(dt) or None,
        )
        return header, pos

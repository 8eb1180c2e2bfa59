"""GBZ / ZCL encoding on the device side (GBCS 10.4, ZigBee SE 1.4 ZCL) — SIMULATION support.

``gbcs/payload/gbz.py`` decodes GBZ payloads; the simulated GSME and GPF also have to *write* GBZ
responses and alerts, so this module adds what the payload package lacks:

* :func:`encode_gbz` — profile id 0x0109, component count, components; bit 0 of the extended header
  control field marks the last component, bit 1 an encrypted one (GBCS 10.4.2);
* :class:`Component` — one ZCL command (cluster, frame control, sequence, command id, payload); an
  encrypted component carries the additional header control and frame counter (``00 00``), the ZCL
  header, then the ciphered information length (2 bytes) and the GBCS encrypted block
  ``31 00000000 ‖ ciphertext ‖ tag`` (GBCS 10.4.2.3, layout checked against the RTDS 4.5.0 GCS13a /
  GCS17 responses). A response component carries the sequence number of the command component it
  answers (several responses may answer one command, e.g. one Publish Day Profile per day);
* :func:`encode_gbz_alert` — the GBZ alert payload (GBCS 10.4.2.x): profile, count, alert code and
  time stamp (big-endian ZigBee UTC) then the use-case specific part, and
  :func:`future_dated_outcome` for the 0x8F66 / 0x8F67 part;
* ZCL Read Attributes request / response records (ZCL 2.5.1 / 2.5.2), Default Response
  (ZCL 2.5.12) and the ZCL data types the GSME uses (ZCL Table 2-10); :class:`ZclReader` reads the
  little-endian ZCL fields of a command payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader

PROFILE_SE = 0x0109
CONTROL_LAST = 0x01
CONTROL_ENCRYPTED = 0x02
CONTROL_FROM_DATE_TIME = 0x10
ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
NOW_TIME, CANCEL_TIME, CANCEL_ALL_TIME = 0x00000000, 0xFFFFFFFF, 0xFFFFFFFE  # ZSE start-time specials

# ZCL frame control (ZCL 2.4.1.1): bit 0 cluster-specific, bit 3 server → client, bit 4 no default response
FC_CLUSTER_SPECIFIC = 0x01
FC_SERVER_TO_CLIENT = 0x08
FC_DISABLE_DEFAULT_RESPONSE = 0x10

# ZCL profile-wide command ids (ZCL 2.5)
READ_ATTRIBUTES = 0x00
READ_ATTRIBUTES_RESPONSE = 0x01
DEFAULT_RESPONSE = 0x0B
NOT_EXECUTED_COMMAND = 0xFF  # Default Response command id of a component not executed (RTDS vectors)

# ZCL status codes (ZCL 2.6.3)
STATUS_SUCCESS = 0x00
STATUS_FAILURE = 0x01
STATUS_UNSUP_CLUSTER_COMMAND = 0x81
STATUS_UNSUPPORTED_ATTRIBUTE = 0x86
STATUS_NOT_FOUND = 0x8B
STATUS_REFUSED = 0xC0  # the status the RTDS GSME error vectors carry for a refused command

# ZCL data types used by the simulated GSME: tag → size in bytes (None: length-prefixed string)
UINT8, UINT16, UINT24, UINT32, UINT48 = 0x20, 0x21, 0x22, 0x23, 0x25
INT32 = 0x2B
BITMAP8, BITMAP16, BITMAP32, ENUM8 = 0x18, 0x19, 0x1B, 0x30
OCTET_STRING, CHAR_STRING, UTC_TIME = 0x41, 0x42, 0xE2
ZCL_SIZES: dict[int, int | None] = {UINT8: 1, UINT16: 2, UINT24: 3, UINT32: 4, UINT48: 6, INT32: 4,
                                    BITMAP8: 1, BITMAP16: 2, BITMAP32: 4, ENUM8: 1, UTC_TIME: 4,
                                    OCTET_STRING: None, CHAR_STRING: None}
SIGNED_TYPES = frozenset({INT32})


@dataclass(frozen=True, slots=True)
class Component:
    """One GBZ component to encode; ``encrypted`` holds the GBCS encrypted block when ciphered."""

    cluster: int
    frame_control: int
    command: int
    payload: bytes = b""
    encrypted: bytes | None = None  # ``31 00000000 ‖ ciphertext ‖ tag`` replacing ``payload``
    sequence: int | None = None  # the sequence number of the command component answered

    def encode(self, sequence: int, last: bool) -> bytes:
        zcl_header = bytes([self.frame_control, sequence & 0xFF, self.command])
        control = CONTROL_LAST if last else 0
        if self.encrypted is not None:
            control |= CONTROL_ENCRYPTED
            body = b"\x00\x00" + zcl_header + len(self.encrypted).to_bytes(2, "big") + self.encrypted
        else:
            body = zcl_header + self.payload
        return bytes([control]) + self.cluster.to_bytes(2, "big") + len(body).to_bytes(2, "big") + body


def encode_gbz(components: list[Component], *, first_sequence: int = 0) -> bytes:
    """A GBZ payload of ``components``; a component without its own sequence number takes the next
    one after ``first_sequence``."""
    if not 0 < len(components) <= 0xFF:
        raise PayloadError(f"{len(components)} GBZ components (1 to 255)")
    body = b"".join(c.encode(first_sequence + i if c.sequence is None else c.sequence, i == len(components) - 1)
                    for i, c in enumerate(components))
    return PROFILE_SE.to_bytes(2, "big") + bytes([len(components)]) + body


def encode_gbz_alert(code: int, at: datetime, body: bytes = b"", *, components: int = 0) -> bytes:
    """A GBZ alert payload (GBCS 10.4.2.x; RTDS ``GNCA-ZigBee`` / ``GCS53`` / 8F66 vectors)."""
    return (PROFILE_SE.to_bytes(2, "big") + bytes([components]) + code.to_bytes(2, "big")
            + zigbee_time(at).to_bytes(4, "big") + body)


def future_dated_outcome(message_code: int, counter: int, cluster: int, frame_control: int, command: int) -> bytes:
    """The use-case part of a 0x8F66 / 0x8F67 GBZ alert (message code 0x00CD): length 14, the command's
    message code and originator counter, and the ZCL command executed (RTDS GCS01a / GCS05 alerts)."""
    return (bytes([14]) + message_code.to_bytes(2, "big") + counter.to_bytes(8, "big")
            + cluster.to_bytes(2, "big") + bytes([frame_control, command]))


# --- ZCL headers ---------------------------------------------------------------------------------


def response_direction(command_frame_control: int) -> int:
    """The direction bit of an answer: the opposite of the command's (ZCL 2.4.1.1.3)."""
    return 0 if command_frame_control & FC_SERVER_TO_CLIENT else FC_SERVER_TO_CLIENT


def default_response(cluster: int, command_frame_control: int, command: int, status: int,
                     *, sequence: int | None = None) -> Component:
    """ZCL Default Response (profile-wide 0x0B): the command id answered and the status."""
    return Component(cluster, response_direction(command_frame_control), DEFAULT_RESPONSE,
                     bytes([command, status]), sequence=sequence)


def not_executed(cluster: int, command_frame_control: int, *, sequence: int | None = None) -> Component:
    """The answer to a component after a failed one: Default Response ``FF 01`` (RTDS error vectors)."""
    return default_response(cluster, command_frame_control, NOT_EXECUTED_COMMAND, STATUS_FAILURE,
                            sequence=sequence)


def cluster_response(cluster: int, command: int, payload: bytes, *, disable_default: bool = True,
                     sequence: int | None = None) -> Component:
    """A cluster-specific server → client response command (Publish…, … Response)."""
    fc = FC_CLUSTER_SPECIFIC | FC_SERVER_TO_CLIENT | (FC_DISABLE_DEFAULT_RESPONSE if disable_default else 0)
    return Component(cluster, fc, command, payload, sequence=sequence)


# --- ZCL attribute records -------------------------------------------------------------------------


def read_attribute_ids(zcl_payload: bytes) -> list[int]:
    """Attribute identifiers of a ZCL Read Attributes command (2 bytes each, little-endian)."""
    if len(zcl_payload) % 2:
        raise PayloadError("ZCL read attributes payload of odd length")
    return [int.from_bytes(zcl_payload[i:i + 2], "little") for i in range(0, len(zcl_payload), 2)]


def encode_value(zcl_type: int, value: int | bytes) -> bytes:
    """A ZCL value of ``zcl_type`` (integers little-endian; strings length-prefixed)."""
    size = ZCL_SIZES.get(zcl_type, -1)
    if size == -1:
        raise PayloadError(f"ZCL data type 0x{zcl_type:02X} not supported by the simulation")
    if size is None:
        raw = bytes(value) if not isinstance(value, int) else value.to_bytes(1, "big")
        return bytes([len(raw)]) + raw
    if not isinstance(value, int):
        raise PayloadError(f"ZCL type 0x{zcl_type:02X} needs an integer")
    return value.to_bytes(size, "little", signed=zcl_type in SIGNED_TYPES)


@dataclass(frozen=True, slots=True)
class AttributeRecord:
    """One read attribute status record (ZCL 2.5.2.1): value present only when status is success."""

    attribute: int
    status: int
    zcl_type: int | None = None
    value: int | bytes | None = None

    def encode(self) -> bytes:
        out = self.attribute.to_bytes(2, "little") + bytes([self.status])
        if self.status == STATUS_SUCCESS and self.zcl_type is not None and self.value is not None:
            out += bytes([self.zcl_type]) + encode_value(self.zcl_type, self.value)
        return out


def encode_read_response(records: list[AttributeRecord]) -> bytes:
    return b"".join(r.encode() for r in records)


def decode_read_response(zcl_payload: bytes) -> list[AttributeRecord]:
    """Inverse of :func:`encode_read_response` (accepts the RTDS vectors)."""
    r = Reader(zcl_payload)
    out: list[AttributeRecord] = []
    while not r.at_end():
        attribute = r.uint(2, little=True)
        status = r.u8()
        if status != STATUS_SUCCESS:
            out.append(AttributeRecord(attribute, status))
            continue
        zcl_type = r.u8()
        size = ZCL_SIZES.get(zcl_type, -1)
        if size == -1:
            raise PayloadError(f"ZCL data type 0x{zcl_type:02X} not supported")
        value: int | bytes = r.take(r.u8()) if size is None else int.from_bytes(
            r.take(size), "little", signed=zcl_type in SIGNED_TYPES)
        out.append(AttributeRecord(attribute, status, zcl_type, value))
    return out


class ZclReader(Reader):
    """Reads the little-endian fields of a ZCL command payload (ZCL 2.5 / ZSE 1.4 field order)."""

    def le(self, n: int) -> int:
        return self.uint(n, little=True)

    def s32(self) -> int:
        return int.from_bytes(self.take(4), "little", signed=True)

    def time(self) -> int:
        """A ZigBee UTCTime field (raw: 0 = now, 0xFFFFFFFF / 0xFFFFFFFE = cancel)."""
        return self.le(4)

    def string(self) -> bytes:
        return self.take(self.u8())


def le(value: int, n: int, *, signed: bool = False) -> bytes:
    return value.to_bytes(n, "little", signed=signed)


def zigbee_time(at: datetime) -> int:
    """ZigBee UTCTime: seconds since 2000-01-01 00:00 UTC."""
    return int((at - ZIGBEE_EPOCH).total_seconds())


def from_zigbee_time(seconds: int) -> datetime:
    return ZIGBEE_EPOCH + timedelta(seconds=seconds)


def zcl_date_matches(date: bytes, when: datetime) -> bool:
    """A ZCL Date (year − 1900, month, day of month, day of week; 0xFF = any) matches ``when``."""
    year, month, day, weekday = date
    return ((year == 0xFF or year + 1900 == when.year) and (month == 0xFF or month == when.month)
            and (day == 0xFF or day == when.day) and (weekday == 0xFF or weekday == when.isoweekday()))

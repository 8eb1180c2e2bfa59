"""GBCS alert payloads (GBCS 7.2.12, 16.2): alert code, timestamp and alert-specific data.

Three encodings occur, chosen by the device / use case (all three seen in RTDS 4.5.0):

* DLMS data-notification (ESME, CHF; GBCS 7.2.12)::

      0F <long-invoke-id-and-priority (4)> 00 (date-time absent)
      02 <n> 12 <alert code (2)> 09 0C <COSEM date-time (12)> <n-2 alert-specific DLMS data items>

* GBZ alert (GSME, GPF; GBCS 7.2.12 / 10.4)::

      01 09 <extended header control: 00 no data, 01 data follows> <alert code (2)>
      <UTC time: uint32 seconds since 2000-01-01> <alert-specific GBZ data>

* ASN.1 DER (CS0x / CCS alerts, e.g. 0x8F66 after a future-dated CS02b)::

      SEQUENCE { INTEGER alert code, GeneralizedTime, alert-specific fields… }

The alert-specific data is kept as raw bytes (with the DLMS item count); the payload codec
(``gbdcc.adapters.gbcs.payload``) interprets it further per use case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum

from gbdcc.adapters.gbcs.codes import alert_name
from gbdcc.adapters.gbcs.header import (
    decode_dlms_datetime,
    decode_length,
    encode_dlms_datetime,
    encode_length,
    take,
)
from gbdcc.domain.errors import GbcsError

DATA_NOTIFICATION = 0x0F
GBZ_PROFILE = b"\x01\x09"
ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
DEFAULT_INVOKE_ID_FLAGS = 0x2000_0000  # "high priority" bit set in every RTDS alert invoke id


class DeviceAlert(IntEnum):
    """Device alert codes of note (DOMAIN.md §7, GBCS Table 16.2)."""

    CHF_DEVICE_LOG_CHANGED = 0x8F12
    GPF_DEVICE_LOG_CHANGED = 0x8071
    DEVICE_JOINED_SMHAN = 0x8183
    DEVICE_COMMISSIONED = 0x8F69
    JOIN_FAILED = 0x8F48
    JOIN_SUCCEEDED = 0x8F49
    UPDATE_SECURITY_CREDENTIALS = 0x8F70
    FUTURE_DATED_ACTIONED = 0x8F66
    FUTURE_DATED_NOT_ACTIONED = 0x8F67
    SUPPLY_INTERRUPTED = 0x8F57
    SUPPLY_RESTORED = 0x8F35
    SUPPLY_RESTORED_LOCKED = 0x8F36
    GAS_METER_POWER_LOSS = 0x8F1D
    AUTHENTICATION_FAILURE = 0x8F30
    UNAUTHORISED_COMMAND = 0x8F3D
    INTEGRITY_FAILURE = 0x8F53
    DEVICE_INTEGRITY_FAILURE = 0x8F1E


class AlertFormat(StrEnum):
    DLMS = "dlms"
    GBZ = "gbz"
    ASN1 = "asn1"


@dataclass(frozen=True, slots=True)
class AlertPayload:
    """A decoded alert payload. ``data`` is the raw alert-specific part."""

    format: AlertFormat
    alert_code: int
    timestamp: datetime | None
    data: bytes = b""
    data_items: int = 0  # DLMS: number of alert-specific items; GBZ: 1 when data follows
    invoke_id: int | None = None  # DLMS long-invoke-id-and-priority
    raw_timestamp: bytes = b""
    long_sequence_length: bool = False  # ASN.1: SEQUENCE length written as 82 xx xx (as some devices do)

    @property
    def name(self) -> str | None:
        return alert_name(self.alert_code)

    def encode(self) -> bytes:
        if self.format == AlertFormat.DLMS:
            return encode_dlms_alert(
                self.alert_code, self.timestamp, self.data, self.data_items,
                invoke_id=self.invoke_id if self.invoke_id is not None else DEFAULT_INVOKE_ID_FLAGS,
                raw_timestamp=self.raw_timestamp or None,
            )
        if self.format == AlertFormat.GBZ:
            return encode_gbz_alert(self.alert_code, self.timestamp, self.data, has_data=bool(self.data_items))
        return encode_asn1_alert(self.alert_code, self.timestamp, self.data, long_length=self.long_sequence_length)


# --- DLMS -----------------------------------------------------------------------------------------


def encode_dlms_alert(
    alert_code: int,
    timestamp: datetime | None,
    data: bytes = b"",
    data_items: int = 0,
    *,
    invoke_id: int = DEFAULT_INVOKE_ID_FLAGS,
    raw_timestamp: bytes | None = None,
) -> bytes:
    """DLMS data-notification alert; ``data`` holds ``data_items`` encoded DLMS data items."""
    ts = raw_timestamp if raw_timestamp is not None else (
        encode_dlms_datetime(timestamp) if timestamp is not None else bytes.fromhex("FFFFFFFFFFFFFFFFFF8000FF"))
    if (data_items == 0) != (not data):
        raise GbcsError("DLMS alert data and its item count disagree")
    return (
        bytes([DATA_NOTIFICATION])
        + invoke_id.to_bytes(4, "big")
        + b"\x00"
        + bytes([0x02, 2 + data_items, 0x12])
        + alert_code.to_bytes(2, "big")
        + b"\x09\x0c"
        + ts
        + data
    )


def _decode_dlms(payload: bytes) -> AlertPayload:
    invoke, pos = take(payload, 1, 4, "invoke id")
    dt_len, pos = decode_length(payload, pos)
    _, pos = take(payload, pos, dt_len, "notification date-time")
    head, pos = take(payload, pos, 5, "alert structure")
    if head[0] != 0x02 or head[1] < 2 or head[2] != 0x12:
        raise GbcsError("DLMS alert body is not structure{long-unsigned alert code, …}")
    code = int.from_bytes(head[3:5], "big")
    tag, pos = take(payload, pos, 2, "alert timestamp")
    if tag != b"\x09\x0c":
        raise GbcsError("DLMS alert timestamp is not a 12-byte octet string")
    ts, pos = take(payload, pos, 12, "alert timestamp")
    return AlertPayload(
        AlertFormat.DLMS, code, decode_dlms_datetime(ts), payload[pos:], head[1] - 2,
        invoke_id=int.from_bytes(invoke, "big"), raw_timestamp=ts,
    )


# --- GBZ ------------------------------------------------------------------------------------------


def _zigbee_time(value: datetime | None) -> bytes:
    if value is None:
        return b"\xff\xff\xff\xff"
    return int((value.astimezone(UTC) - ZIGBEE_EPOCH).total_seconds()).to_bytes(4, "big")


def encode_gbz_alert(
    alert_code: int, timestamp: datetime | None, data: bytes = b"", *, has_data: bool | None = None
) -> bytes:
    """GBZ alert; the extended header control is 01 when alert-specific data follows."""
    flag = bool(data) if has_data is None else has_data
    return GBZ_PROFILE + bytes([1 if flag else 0]) + alert_code.to_bytes(2, "big") + _zigbee_time(timestamp) + data


def _decode_gbz(payload: bytes) -> AlertPayload:
    head, pos = take(payload, 0, 9, "GBZ alert header")
    control = head[2]
    if control not in (0, 1):
        raise GbcsError(f"GBZ alert extended header control 0x{control:02X} unknown")
    secs = int.from_bytes(head[5:9], "big")
    ts = None if secs == 0xFFFFFFFF else ZIGBEE_EPOCH + timedelta(seconds=secs)
    return AlertPayload(AlertFormat.GBZ, int.from_bytes(head[3:5], "big"), ts, payload[pos:], control,
                        raw_timestamp=head[5:9])


# --- ASN.1 ----------------------------------------------------------------------------------------


def _der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + encode_length(len(body)) + body


def encode_asn1_alert(
    alert_code: int, timestamp: datetime | None, data: bytes = b"", *, long_length: bool = False
) -> bytes:
    """SEQUENCE { INTEGER alert code, GeneralizedTime, <data: further DER fields> }.

    ``long_length`` writes the SEQUENCE length as ``82 hi lo`` (the RTDS CS02b/CS02g alerts do).
    """
    when = (timestamp or ZIGBEE_EPOCH).astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode()
    code = alert_code.to_bytes((alert_code.bit_length() + 8) // 8, "big")  # DER: leading 0 if top bit set
    body = _der(0x02, code) + _der(0x18, when) + data
    if long_length:
        return b"\x30\x82" + len(body).to_bytes(2, "big") + body
    return _der(0x30, body)


def _decode_asn1(payload: bytes) -> AlertPayload:
    seq_len, pos = decode_length(payload, 1)
    body, end = take(payload, pos, seq_len, "alert SEQUENCE")
    if end != len(payload):
        raise GbcsError("bytes after the ASN.1 alert SEQUENCE")
    if not body or body[0] != 0x02:
        raise GbcsError("ASN.1 alert does not start with the INTEGER alert code")
    n, p = decode_length(body, 1)
    code_bytes, p = take(body, p, n, "alert code")
    if p >= len(body) or body[p] != 0x18:
        raise GbcsError("ASN.1 alert timestamp is not a GeneralizedTime")
    n, p = decode_length(body, p + 1)
    when, p = take(body, p, n, "GeneralizedTime")
    try:
        ts: datetime | None = datetime.strptime(when.decode("ascii"), "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
    except (UnicodeDecodeError, ValueError):
        ts = None
    return AlertPayload(AlertFormat.ASN1, int.from_bytes(code_bytes, "big"), ts, body[p:], raw_timestamp=when,
                        long_sequence_length=payload[1] == 0x82)


def decode_alert(payload: bytes) -> AlertPayload:
    """Decode the alert code, timestamp and raw alert-specific data of any GBCS alert payload."""
    if not payload:
        raise GbcsError("empty alert payload")
    if payload[0] == DATA_NOTIFICATION:
        return _decode_dlms(payload)
    if payload[:2] == GBZ_PROFILE:
        return _decode_gbz(payload)
    if payload[0] == 0x30:
        return _decode_asn1(payload)
    raise GbcsError(f"unknown alert payload format (starts 0x{payload[0]:02X})")

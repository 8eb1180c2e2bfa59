"""GBZ payloads (GBCS 10.4): ZigBee SE 1.4 ZCL commands wrapped in GBZ components for GSME / GPF.

Layout: profile id 0x0109 (2), component count (1), then per component: extended header control
field (1), cluster id (2, big-endian), length (2), [from-date-time (4) when control bit 0x10], ZCL
header (frame control, sequence number, command id) and ZCL payload. Components with control bit
0x02 are encrypted (additional header control + frame counter, then ciphered ZCL payload).

The from-date-time (GBCS 10.4.2.2) is a ZigBee UTC time — seconds since 2000-01-01 00:00 UTC — sent
**big-endian** like the rest of the GBZ extended header (the RTDS GCS05 / GCS15d / GCS15e vectors),
unlike the little-endian times inside the ZCL payload; ``from_date_time_utc`` gives it as ISO 8601
(``None`` for 0x00000000 "now" and 0xFFFFFFFF / 0xFFFFFFFE "cancel").

Alerts (GBCS 10.4.2.x "GBZ alert payloads"): profile id, count, alert code (2), time stamp (4, ZigBee
UTC), then the alert's use-case-specific part:

* 0x8F66 / 0x8F67 future-dated execution outcome (message code 0x00CD): a length byte (14), the
  message code (2) and originator counter (8) of the command executed, its cluster id (2), ZCL frame
  control (1) and command id (1);
* 0x8F72 firmware distribution receipt (0x00CF): the calculated manufacturer hash as a DLMS
  octet-string (``09 20`` + 32 bytes);
* otherwise GBZ components when the bytes are exactly that (e.g. GCS53's encrypted snapshot), else
  the alert data as hex (e.g. 0x81A0 meter integrity warning) — never guessed into fields.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader

ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_SPECIAL_TIMES = (0x00000000, 0xFFFFFFFF, 0xFFFFFFFE)  # ZSE "now", "cancel", "cancel all"
CLUSTERS = {0x0000: "Basic", 0x0700: "Price", 0x0702: "Metering", 0x0703: "Messaging",
            0x0705: "Prepayment", 0x0707: "Calendar", 0x0708: "Device Management", 0x0709: "Events"}


def zigbee_utc(seconds: int) -> str | None:
    """A ZigBee UTC time as ISO 8601 (``None`` for the ZSE special values)."""
    if seconds in _SPECIAL_TIMES:
        return None
    return (ZIGBEE_EPOCH + timedelta(seconds=seconds)).isoformat()


def _component(r: Reader) -> dict[str, Any]:
    control = r.u8()
    cluster = r.uint(2)
    body = r.sub(r.uint(2))
    comp: dict[str, Any] = {"control": control, "cluster": cluster, "cluster_name": CLUSTERS.get(cluster, "")}
    if control & 0x02:
        comp["additional_header"] = body.take(2).hex().upper()
    elif control & 0x10:
        raw = body.uint(4)
        comp["from_date_time"] = raw
        comp["from_date_time_utc"] = zigbee_utc(raw)
    comp["frame_control"] = body.u8()
    comp["sequence"] = body.u8()
    comp["command"] = body.u8()
    comp["zcl_payload"] = body.rest().hex().upper()
    return comp


FUTURE_DATED_ALERTS = (0x8F66, 0x8F67)
FIRMWARE_RECEIPT_ALERT = 0x8F72


def _future_dated(r: Reader) -> dict[str, Any]:
    n = r.u8()
    body = r.sub(n)
    if n != 14:
        raise PayloadError(f"future-dated alert payload of {n} bytes (GBCS: 14)")
    out: dict[str, Any] = {"message_code": body.uint(2), "originator_counter": body.uint(8)}
    cluster = body.uint(2)
    out.update(cluster=cluster, cluster_name=CLUSTERS.get(cluster, ""), frame_control=body.u8(),
               command=body.u8())
    return out


def _components(r: Reader, count: int) -> list[dict[str, Any]]:
    comps = [_component(r) for _ in range(count)]
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after the GBZ components")
    return comps


def decode(payload: bytes, *, alert: bool = False) -> dict[str, Any]:
    """Structured view of a GBZ command / response (``alert=False``) or GBZ alert payload; every byte
    is accounted for, else :class:`PayloadError`."""
    r = Reader(payload)
    out: dict[str, Any] = {"apdu": "gbz", "profile": r.uint(2)}
    count = r.u8()
    out["component_count"] = count
    if not alert:
        out["components"] = _components(r, count)
        return out
    code = r.uint(2)
    out["alert_code"] = code
    out["time_stamp"] = r.uint(4)
    if r.at_end():
        out["components"] = []
    elif code in FUTURE_DATED_ALERTS:
        out["future_dated"] = _future_dated(r)
    elif code == FIRMWARE_RECEIPT_ALERT:
        from gbdcc.adapters.gbcs.payload import dlms_data

        out["manufacturer_hash"] = dlms_data.decode_from(r).to_json()
    else:
        start = r.pos
        try:
            out["components"] = _components(r, count)
        except PayloadError:
            r.pos = start
            out["alert_data"] = r.rest().hex().upper()
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after the GBZ alert")
    return out

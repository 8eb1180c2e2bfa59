"""GBZ payloads (GBCS 10.4): ZigBee SE 1.4 ZCL commands wrapped in GBZ components for GSME / GPF.

Layout: profile id 0x0109 (2), component count (1), then per component: extended header control
field (1), cluster id (2, big-endian), length (2), [from-date-time (4) when control bit 0x10], ZCL
header (frame control, sequence number, command id) and ZCL payload. Alerts: profile id, count, alert
code (2), time stamp (4, ZigBee UTC), then components. Components with control bit 0x02 are encrypted
(additional header control + frame counter, then ciphered ZCL payload).
"""

from __future__ import annotations

from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import Reader

CLUSTERS = {0x0000: "Basic", 0x0700: "Price", 0x0702: "Metering", 0x0703: "Messaging",
            0x0705: "Prepayment", 0x0707: "Calendar", 0x0708: "Device Management", 0x0709: "Events"}


def _component(r: Reader) -> dict[str, Any]:
    control = r.u8()
    cluster = r.uint(2)
    body = r.sub(r.uint(2))
    comp: dict[str, Any] = {"control": control, "cluster": cluster, "cluster_name": CLUSTERS.get(cluster, "")}
    if control & 0x02:
        comp["additional_header"] = body.take(2).hex().upper()
    elif control & 0x10:
        comp["from_date_time"] = body.uint(4, little=True)
    comp["frame_control"] = body.u8()
    comp["sequence"] = body.u8()
    comp["command"] = body.u8()
    comp["zcl_payload"] = body.rest().hex().upper()
    return comp


def decode(payload: bytes, *, alert: bool = False) -> dict[str, Any]:
    r = Reader(payload)
    out: dict[str, Any] = {"apdu": "gbz", "profile": r.uint(2)}
    count = r.u8()
    if alert:
        out["alert_code"] = r.uint(2)
        out["time_stamp"] = r.uint(4)
    comps = []
    for _ in range(count):
        if r.at_end():
            break
        comps.append(_component(r))
    out["components"] = comps
    if not r.at_end():
        out["trailing"] = r.rest().hex().upper()
    return out

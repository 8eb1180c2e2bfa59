"""What ``gbdcc parse`` shows beyond the frame: names, ZCL fields, future-dated fields, decoded plaintext.

* ``message_code_name(code)``: GBCS message code → use case name. gbdcc's message-code table
  (``codes.py``) first; for a use case the payload table only knows by a placeholder id (``UC011B``
  …: GBCS 4.x use cases newer than the code table) the name of its DUIS Service Reference Variant from
  gbdcc's own SRV catalogue (``domain/catalogue.py``), e.g. 0x011B → "Retrieve Device Security
  Credentials (KRP) (SRV 6.24.1)"; then the payload codec's own names.
* ``future_dated_fields(decoded)``: the Future Dated alert payload (GBCS 16.4 alerts 0x8F66 / 0x8F67)
  split into its GBCS fields — message code (named), originator counter and, for DLMS COSEM
  (message code 0x00CC), the COSEM attribute descriptor (class id, OBIS code, attribute id) of the
  executed command; for GBZ (0x00CD) its cluster, ZCL frame control and command id.
* ``zcl_fields(decoded)``: every GBZ component's ZCL command decoded (``payload/zcl.py``).
* ``plaintext_fields(blocks, decoded)``: each decrypted block's plaintext decoded — DLMS data (the
  type tree) for DLMS payloads, the ZCL command of the encrypted component for GBZ payloads; a
  plaintext that does not decode completely is left as hex with the reason.
"""

from __future__ import annotations

import re
from typing import Any

from gbdcc.adapters.gbcs import codes
from gbdcc.adapters.gbcs.payload import dlms_data, zcl
from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader
from gbdcc.domain.errors import GbdccError

_PLACEHOLDER = re.compile(r"^UC[0-9A-F]{4}$")
DLMS_FUTURE_DATED, GBZ_FUTURE_DATED = 0x00CC, 0x00CD
FUTURE_DATED_ALERTS = (0x8F66, 0x8F67)


def is_placeholder(name: str | None) -> bool:
    """A use-case id that only repeats the message code (``UC011B``) rather than naming it."""
    return name is None or bool(_PLACEHOLDER.match(name))


def message_code_name(code: int) -> str | None:
    """The use case a GBCS message code belongs to (see the module docstring)."""
    name = codes.message_name(code)
    if name is not None:
        return name
    from gbdcc.adapters.gbcs.payload.registry import known
    from gbdcc.adapters.gbcs.payload.usecases import by_message_code
    from gbdcc.domain.catalogue import lookup

    for uc in by_message_code().get(code, ()):
        if is_placeholder(uc.name):
            try:
                return f"{lookup(uc.srv).name} (SRV {uc.srv})"
            except GbdccError:
                continue
    return known(code)


def obis(raw: bytes) -> str:
    """An OBIS code as ``A-B:C.D.E.F`` (IEC 62056-61)."""
    if len(raw) != 6:
        raise PayloadError(f"OBIS code of {len(raw)} bytes (6 expected)")
    a, b, c, d, e, f = raw
    return f"{a}-{b}:{c}.{d}.{e}.{f}"


def split_dlms_future_dated(raw: bytes) -> dict[str, Any]:
    """A DLMS Future Dated alert octet-string: message code (2), originator counter (8), class id (2),
    OBIS code (6), attribute id (1) — and a result byte if the device appended one."""
    r = Reader(raw)
    code = r.uint(2)
    out: dict[str, Any] = {"message_code": f"0x{code:04X}", "message_name": message_code_name(code),
                           "originator_counter": r.uint(8), "class_id": r.uint(2)}
    out["obis"] = obis(r.take(6))
    out["attribute_id"] = r.u8()
    if not r.at_end():
        out["result"] = r.rest().hex().upper()
    return out


def future_dated_fields(message_code: int, decoded: dict[str, Any] | None) -> dict[str, Any] | None:
    if not decoded or decoded.get("alert_code") not in FUTURE_DATED_ALERTS:
        return None
    if message_code == GBZ_FUTURE_DATED and "future_dated" in decoded:
        fd = dict(decoded["future_dated"])
        code = fd["message_code"]
        return {"message_code": f"0x{code:04X}", "message_name": message_code_name(code),
                "originator_counter": fd["originator_counter"], "cluster": f"0x{fd['cluster']:04X}",
                "cluster_name": fd["cluster_name"], "frame_control": f"0x{fd['frame_control']:02X}",
                "command_id": f"0x{fd['command']:02X}"}
    if message_code == DLMS_FUTURE_DATED:
        body = decoded.get("body") or []
        items = body[0]["value"] if body and body[0]["type"] == "structure" else []
        strings = [i["value"] for i in items if i["type"] == "octet-string"]
        if len(strings) >= 2:  # [alert code, time stamp, future-dated payload]
            return split_dlms_future_dated(bytes.fromhex(strings[-1]))
    return None


def _zcl(cluster: int, frame_control: int, command: int, payload: bytes) -> dict[str, Any]:
    try:
        return zcl.decode(cluster, frame_control, command, payload)
    except PayloadError as exc:
        return {"error": exc.reason, "payload": payload.hex().upper()}


def zcl_fields(decoded: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each clear GBZ component's ZCL command (encrypted ones are decoded with their plaintext)."""
    out = []
    for i, c in enumerate((decoded or {}).get("components") or []):
        if "additional_header" in c:
            continue
        fields = _zcl(c["cluster"], c["frame_control"], c["command"], bytes.fromhex(c["zcl_payload"]))
        out.append({"component": i, "cluster": f"0x{c['cluster']:04X}", "cluster_name": c["cluster_name"],
                    **fields})
    return out


def _dlms_plaintext(plain: bytes) -> dict[str, Any]:
    r = Reader(plain)
    items = []
    try:
        while not r.at_end():
            items.append(dlms_data.decode_from(r).to_json())
    except PayloadError as exc:
        return {"format": "dlms", "error": exc.reason}
    return {"format": "dlms", "data": items}


def plaintext_fields(payload: bytes, decoded: dict[str, Any] | None,
                     plaintexts: list[bytes | None]) -> list[dict[str, Any] | None]:
    """The decoded structure of each block's plaintext (``None`` where it was not decrypted)."""
    encrypted = [c for c in (decoded or {}).get("components") or [] if "additional_header" in c]
    out: list[dict[str, Any] | None] = []
    for i, plain in enumerate(plaintexts):
        if plain is None:
            out.append(None)
        elif payload[:2] == b"\x01\x09" and i < len(encrypted):
            c = encrypted[i]
            out.append({"format": "zcl", "cluster": f"0x{c['cluster']:04X}", "cluster_name": c["cluster_name"],
                        **_zcl(c["cluster"], c["frame_control"], c["command"], plain)})
        elif payload[:2] == b"\x01\x09":
            out.append({"format": "zcl", "error": "no encrypted GBZ component for this block"})
        else:
            out.append(_dlms_plaintext(plain))
    return out

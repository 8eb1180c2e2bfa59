"""Payload decoders by message code, for the GBCS message decoder (GBCS 7.2, 10.4, 13.3).

``decode_payload(message_code, cra, payload)`` returns a structured dict, or ``None`` when the message
code is not one gbdcc knows. The decoding is generic per payload family — DLMS access-request /
access-response / data-notification, GBZ components, ASN.1 DER — and annotated with the use case's
name from the use-case table.
"""

from __future__ import annotations

from typing import Any

from gbdcc.adapters.gbcs.codes import message_name
from gbdcc.adapters.gbcs.payload import asn1, dlms_apdu, dlms_data, gbz
from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader
from gbdcc.adapters.gbcs.payload.usecases import by_message_code

_CRA = {"command": 1, "response": 2, "alert": 3, "1": 1, "2": 2, "3": 3}
# message codes of alerts / responses that are not in the command table (GBCS Table 13.3.x)
_EXTRA = {0x00CC: "Future Dated DLMS alert", 0x00CD: "Future Dated GBZ alert",
          0x00CE: "Firmware distribution receipt (ESME)", 0x00CF: "Firmware distribution receipt (GSME)",
          0x0061: "ECS68 billing data log alert", 0x00D5: "failure to deliver remote party message",
          0x00F0: "meter integrity issue (ESME)", 0x00F2: "meter integrity issue (GSME)",
          0x00CA: "CS06 alert", 0x00CB: "CS02b alert", 0x0128: "CCS08 alert", 0x008B: "GCS53 alert",
          0x00B2: "GCS62 alert"}


# codes of GBCS v4.x use cases newer than the code table (seen in the RTDS 4.5.0 vectors)
_NEWER = {0x0120: "ECS100 alert", 0x0121: "ECS101 alert", 0x0122: "ECS102 alert", 0x0123: "ECS200 alert",
          0x0124: "CS02g future-dated alert", 0x0125: "CS02g Update Security Credentials (load controller)",
          0x012B: "CS09 alert"}


def known(message_code: int) -> str | None:
    """The use case (or message) name of a message code: the use-case table, then gbdcc's GBCS
    message-code table (:mod:`gbdcc.adapters.gbcs.codes`), then the alert / newer codes above."""
    ucs = by_message_code().get(message_code)
    if ucs:
        return ucs[0].name
    return _EXTRA.get(message_code) or _NEWER.get(message_code) or message_name(message_code)


def _data_notification(payload: bytes) -> dict[str, Any]:
    """DLMS data-notification as GBCS alerts use it (GBCS 7.2.12): 0F, long-invoke-id (4), date-time
    (octet-string), then the alert code (long-unsigned) and DLMS data items."""
    r = Reader(payload)
    r.u8()
    iid = r.uint(4)
    dt = r.take(r.length())
    items = []
    while not r.at_end():
        items.append(dlms_data.decode_from(r))
    out: dict[str, Any] = {"apdu": "data-notification", "invoke_id": iid, "date_time": dt.hex().upper()}
    if items and items[0].type == "structure" and items[0].value and items[0].value[0].type == "long-unsigned":
        out["alert_code"] = items[0].value[0].value
    out["body"] = [i.to_json() for i in items]
    return out


def decode_payload(message_code: int, cra: str | int, payload: bytes) -> dict[str, Any] | None:
    """Structured view of a GBCS payload; ``None`` when the message code is unsupported.

    ``cra`` is 'command' / 'response' / 'alert' (or the CRA flag 1 / 2 / 3).
    Raises :class:`PayloadError` when the payload is malformed for its family.
    """
    name = known(message_code)
    if name is None:
        return None
    flag = _CRA.get(str(cra).lower(), 0)
    out: dict[str, Any] = {"use_case": name, "message_code": message_code, "cra": flag}
    if not payload:
        raise PayloadError("empty payload")
    first = payload[0]
    if first == dlms_apdu.ACCESS_REQUEST:
        out.update(dlms_apdu.decode_request(payload).to_json())
    elif first == dlms_apdu.ACCESS_RESPONSE:
        out.update(dlms_apdu.decode_response(payload).to_json())
    elif first == dlms_apdu.DATA_NOTIFICATION:
        out.update(_data_notification(payload))
    elif payload[:2] == b"\x01\x09":
        out.update(gbz.decode(payload, alert=flag == 3))
    else:
        out.update({"asn1": asn1.decode(payload)})
    return out

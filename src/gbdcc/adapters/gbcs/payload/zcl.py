"""ZCL payloads inside GBZ components, decoded into fields (ZigBee ZCL r6 §2.5, SE 1.4 as GBCS 10.4 uses it).

``decode(cluster, frame_control, command, payload)`` gives the command's fields: for the profile-wide
(general) commands — Read Attributes (0x00), Read Attributes Response (0x01), Write Attributes (0x02),
Write Attributes Response (0x04), Default Response (0x0B) — the attribute ids with their names and
typed values (little-endian, ZCL Table 2-10 data types); a cluster-specific command keeps its payload
as hex (named by cluster and command id only). Every byte is accounted for, else :class:`PayloadError`.

Attribute names are gbdcc's own short table of the SE 1.4 attributes GBCS reads (Basic, Price,
Metering, Prepayment); an attribute outside it is shown by id with an empty name, never guessed.
"""

from __future__ import annotations

from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader

GENERAL_COMMANDS = {0x00: "Read Attributes", 0x01: "Read Attributes Response", 0x02: "Write Attributes",
                    0x04: "Write Attributes Response", 0x0B: "Default Response"}
STATUS = {0x00: "SUCCESS", 0x01: "FAILURE", 0x7E: "NOT_AUTHORIZED", 0x80: "MALFORMED_COMMAND",
          0x81: "UNSUP_CLUSTER_COMMAND", 0x85: "INVALID_FIELD", 0x86: "UNSUPPORTED_ATTRIBUTE",
          0x87: "INVALID_VALUE", 0x88: "READ_ONLY", 0x8D: "INVALID_DATA_TYPE", 0xC0: "NOT_AVAILABLE"}

# (name, size) of the fixed-size ZCL data types (ZCL Table 2-10); strings are length-prefixed below.
_UNSIGNED = {0x20 + i: (f"uint{8 * (i + 1)}", i + 1) for i in range(8)}
_SIGNED = {0x28 + i: (f"int{8 * (i + 1)}", i + 1) for i in range(8)}
_BITMAP = {0x18 + i: (f"bitmap{8 * (i + 1)}", i + 1) for i in range(8)}
_DATA = {0x08 + i: (f"data{8 * (i + 1)}", i + 1) for i in range(8)}
_OTHER = {0x10: ("bool", 1), 0x30: ("enum8", 1), 0x31: ("enum16", 2), 0xE0: ("time-of-day", 4),
          0xE1: ("date", 4), 0xE2: ("utc", 4), 0xE8: ("cluster-id", 2), 0xE9: ("attribute-id", 2),
          0xEA: ("bacnet-oid", 4), 0xF0: ("ieee-address", 8), 0xF1: ("security-key", 16)}
_STRINGS = {0x41: ("octet-string", 1), 0x42: ("char-string", 1), 0x43: ("long-octet-string", 2),
            0x44: ("long-char-string", 2)}

# Attribute names (ZigBee SE 1.4 §D.4 Price, §D.3 Metering, §D.7 Prepayment; ZCL §3.2 Basic).
ATTRIBUTE_NAMES: dict[int, dict[int, str]] = {
    0x0000: {0x0000: "ZCLVersion", 0x0003: "HWVersion", 0x0004: "ManufacturerName", 0x0005: "ModelIdentifier"},
    0x0700: {0x0000: "Tier1PriceLabel", 0x0200: "Block1Threshold", 0x0300: "StartOfBlockPeriod",
             0x0301: "BlockPeriodDuration", 0x0302: "ThresholdMultiplier", 0x0303: "ThresholdDivisor",
             0x0610: "CurrencyCode", 0x0611: "PriceTrailingDigit", 0x0615: "ConversionFactor",
             0x0616: "ConversionFactorTrailingDigit", 0x0617: "CalorificValue", 0x0618: "CalorificValueUnit",
             0x0619: "CalorificValueTrailingDigit"},
    0x0702: {0x0000: "CurrentSummationDelivered", 0x0014: "SupplyStatus", 0x0100: "CurrentTier1SummationDelivered",
             0x0200: "Status", 0x0300: "UnitOfMeasure", 0x0301: "Multiplier", 0x0302: "Divisor",
             0x0303: "SummationFormatting", 0x0306: "MeteringDeviceType", 0x0307: "SiteID",
             0x0308: "MeterSerialNumber", 0x0400: "InstantaneousDemand", 0x0401: "CurrentDayConsumptionDelivered",
             0x0403: "PreviousDayConsumptionDelivered", 0x0407: "CurrentPartialProfileIntervalValueDelivered",
             0x0430: "CurrentWeekConsumptionDelivered", 0x0432: "PreviousWeekConsumptionDelivered",
             0x0440: "CurrentMonthConsumptionDelivered", 0x0442: "PreviousMonthConsumptionDelivered",
             0x0900: "BillToDateDelivered", 0x0901: "BillToDateTimeStampDelivered",
             0x0C00: "CurrentDayCostConsumptionDelivered", 0x0C02: "PreviousDayCostConsumptionDelivered"},
    0x0705: {0x0000: "PaymentControlConfiguration", 0x0001: "CreditRemaining", 0x0002: "EmergencyCreditRemaining",
             0x0003: "CreditStatus", 0x0004: "CreditRemainingTimeStamp", 0x0005: "AccumulatedDebt",
             0x0006: "OverallDebtCap", 0x0010: "EmergencyCreditLimitAllowance",
             0x0011: "EmergencyCreditThreshold", 0x0020: "TotalCreditAdded", 0x0021: "MaxCreditLimit",
             0x0022: "MaxCreditPerTopUp", 0x0031: "LowCreditWarningLevel", 0x0040: "CutOffValue"},
}


def attribute_name(cluster: int, attribute: int) -> str:
    """The SE 1.4 name of an attribute, or ``""`` when gbdcc's table does not hold it."""
    return ATTRIBUTE_NAMES.get(cluster, {}).get(attribute, "")


def decode_value(r: Reader, type_id: int) -> tuple[str, Any]:
    """One ZCL value of ``type_id`` (little-endian); ``(type name, value)``."""
    for table in (_UNSIGNED, _SIGNED):
        if type_id in table:
            name, size = table[type_id]
            return name, int.from_bytes(r.take(size), "little", signed=table is _SIGNED)
    if type_id in _OTHER or type_id in _BITMAP or type_id in _DATA:
        name, size = (_OTHER.get(type_id) or _BITMAP.get(type_id) or _DATA[type_id])
        raw = r.take(size)
        if name in ("bool", "enum8", "enum16", "utc", "cluster-id", "attribute-id") or name.startswith("bitmap"):
            return name, int.from_bytes(raw, "little")
        return name, raw[::-1].hex().upper() if name == "ieee-address" else raw.hex().upper()
    if type_id in _STRINGS:
        name, width = _STRINGS[type_id]
        n = r.uint(width, little=True)
        if n == (1 << (8 * width)) - 1:  # invalid / absent string
            return name, None
        raw = r.take(n)
        if "char" in name:
            return name, raw.decode("utf-8", errors="replace")
        return name, raw.hex().upper()
    raise PayloadError(f"unsupported ZCL data type 0x{type_id:02X}")


def _attribute(cluster: int, attr: int) -> dict[str, Any]:
    return {"id": f"0x{attr:04X}", "name": attribute_name(cluster, attr)}


def _read_response(cluster: int, r: Reader) -> list[dict[str, Any]]:
    records = []
    while not r.at_end():
        rec = _attribute(cluster, r.uint(2, little=True))
        status = r.u8()
        rec["status"] = STATUS.get(status, f"0x{status:02X}")
        if status == 0:
            rec["type"], rec["value"] = decode_value(r, r.u8())
        records.append(rec)
    return records


def _write_records(cluster: int, r: Reader) -> list[dict[str, Any]]:
    records = []
    while not r.at_end():
        rec = _attribute(cluster, r.uint(2, little=True))
        rec["type"], rec["value"] = decode_value(r, r.u8())
        records.append(rec)
    return records


def _write_response(cluster: int, r: Reader) -> list[dict[str, Any]]:
    records = []
    while not r.at_end():
        status = r.u8()
        rec: dict[str, Any] = {"status": STATUS.get(status, f"0x{status:02X}")}
        if not r.at_end():  # a lone SUCCESS status has no attribute id (ZCL §2.5.5)
            rec.update(_attribute(cluster, r.uint(2, little=True)))
        records.append(rec)
    return records


def decode(cluster: int, frame_control: int, command: int, payload: bytes) -> dict[str, Any]:
    """The fields of one ZCL command (see the module docstring)."""
    specific = frame_control & 0x03 == 0x01
    out: dict[str, Any] = {"scope": "cluster-specific" if specific else "general",
                           "direction": "server-to-client" if frame_control & 0x08 else "client-to-server",
                           "command_id": f"0x{command:02X}"}
    r = Reader(payload)
    if specific or command not in GENERAL_COMMANDS:
        out["command_name"] = ""
        out["payload"] = payload.hex().upper()
        return out
    out["command_name"] = GENERAL_COMMANDS[command]
    if command == 0x00:
        out["attributes"] = []
        while not r.at_end():
            out["attributes"].append(_attribute(cluster, r.uint(2, little=True)))
    elif command == 0x01:
        out["attributes"] = _read_response(cluster, r)
    elif command == 0x02:
        out["attributes"] = _write_records(cluster, r)
    elif command == 0x04:
        out["attributes"] = _write_response(cluster, r)
    else:  # Default Response
        out["response_to"] = f"0x{r.u8():02X}"
        status = r.u8()
        out["status"] = STATUS.get(status, f"0x{status:02X}")
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after the ZCL {out['command_name']}")
    return out

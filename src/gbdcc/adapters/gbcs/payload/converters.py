"""Converters from DUIS values (XML text, DUIS 5.4 schema types) to DLMS / ZCL / ASN.1 values.

Each converter takes the texts found at a binding's paths (``None`` when an optional element is
absent) and returns an ``int``, ``bool`` or ``bytes``. Context paths (``@counter``, ``@originator``,
``@recipient``) give the originator counter (int) and the system titles (8 bytes); ``*path`` gives the
list of every text (or attribute) at the path (repeated DUIS elements).
GBCS encodings: DLMS date-time (GBCS 7.2.7), ZigBee UTCTime = seconds since 2000-01-01 little-endian
(ZCL 2.6.2), ASN.1 GeneralizedTime (GBCS 10.2.x), A-XDR integers big-endian, ZCL integers
little-endian.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.dlms_data import NEVER, NOW, date_time
from gbdcc.domain import datetimes
from gbdcc.domain.errors import InvalidIdentifier

ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def parse_xs_datetime(text: str) -> datetime:
    """``domain.datetimes.parse_xs_datetime``, failing with ``ValueError`` as the converters expect."""
    try:
        return datetimes.parse_xs_datetime(text)
    except InvalidIdentifier as exc:
        raise ValueError(exc.reason) from None


def _one(values: list[str | None]) -> str:
    if not values or values[0] is None:
        raise PayloadError("a required DUIS value is missing")
    return values[0]


def _int_or_zero(values: list[Any]) -> int:
    """An optional DUIS integer: absent → 0 (e.g. the TOU prices of rates a tariff does not use — the
    price list has a slot for each, DUIS sends only those it sets)."""
    return 0 if not values or values[0] is None else _int(values)


def _int(values: list[Any]) -> int:
    if values and isinstance(values[0], int):  # a context value (@index, @number, @counter)
        return int(values[0])
    text = _one(values).strip()
    if text.lower() in ("true", "false"):
        return int(text.lower() == "true")
    return int(text)


def _uint(size: int, order: str) -> Callable[[list[str | None]], bytes]:
    def conv(values: list[str | None]) -> bytes:
        return _int(values).to_bytes(size, order, signed=_int(values) < 0)  # type: ignore[arg-type]

    return conv


def _plus(values: list[str | None]) -> datetime:
    return parse_xs_datetime(_one(values)) + timedelta(seconds=int(_one(values[1:])))


def _execution(text: str | None) -> bytes:
    """DUIS ExecutionDateTime → DLMS activation date-time: absent = NOW, 3000-12-31 (the DUIS
    cancellation value, DUIS 5.4 §3.2.5) = NEVER, else the date-time itself (GBCS 7.2.7)."""
    if text is None:
        return NOW
    dt = parse_xs_datetime(text)
    if dt.year >= 3000:
        return NEVER
    return date_time(dt)


def _cancelled(text: str) -> bool:
    """DUIS ExecutionDateTime 3000-12-31 cancels a future-dated command (DUIS 5.4 §3.2.5)."""
    return parse_xs_datetime(text).year >= 3000


def _zb_execution(cancel: bytes, order: str = "little") -> Callable[[list[str | None]], bytes]:
    """DUIS ExecutionDateTime → ZigBee UTCTime start / implementation time of a ZCL command: absent =
    0 (now, ZCL SE 1.4 "start time 0x00000000 = now"), cancellation = ``cancel`` (0xFFFFFFFF, or
    0xFFFFFFFE for calendar / tariff-information start times as GBCS 10.4 uses them), else the
    date-time; ``order`` big for the GBZ extended header "from date-time" (GBCS 10.4.2.x)."""

    def conv(values: list[str | None]) -> bytes:
        text = values[0]
        if text is None:
            return bytes(4)
        if _cancelled(text):
            return cancel
        raw = _zb(parse_xs_datetime(text))
        return raw if order == "little" else raw[::-1]

    return conv


def _gentime_execution(values: list[str | None]) -> bytes:
    """DUIS ExecutionDateTime → ASN.1 GeneralizedTime of a future-dated CS0x command; cancellation
    (3000-12-31) = 9999-12-31T23:59:59 (GBCS 13.3 CS02b / CS06 "cancel")."""
    text = _one(values)
    if _cancelled(text):
        return b"99991231235959Z"
    return _gentime(parse_xs_datetime(text))


def _der_int_body(values: list[Any]) -> bytes:
    """DER INTEGER length and content (minimal two's complement) of an int value — the tag is in the
    template (universal 02 or an implicit context tag)."""
    n = int(values[0])
    body = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return bytes([len(body)]) + body


def _gentime(dt: datetime) -> bytes:
    return dt.strftime("%Y%m%d%H%M%SZ").encode()


def _samples(values: list[str | None], interval: int) -> bytes:
    start, end = parse_xs_datetime(_one(values)), parse_xs_datetime(_one(values[1:]))
    return (int((end - start).total_seconds()) // interval + 1).to_bytes(2, "little")


def _dlms_date(values: list[str | None]) -> bytes:
    """DUIS wildcarded date parts (year, month, day of month, day of week; absent = NonSpecified…)
    → DLMS date (5 octets, 0xFFFF / 0xFF wildcards; Blue Book 4.1.6.1)."""
    year, month, day, dow = values[:4]
    return (
        (0xFFFF if year is None else int(year)).to_bytes(2, "big")
        + bytes(0xFF if v is None else int(v) for v in (month, day, dow))
    )


def _dlms_time(values: list[str | None]) -> bytes:
    """DUIS xs:time (``07:00:00.00Z``) → DLMS time (hour, minute, second, hundredths)."""
    h, m, sec = _one(values).strip().rstrip("Z").split(":")
    whole, _, frac = sec.partition(".")
    return bytes([int(h), int(m), int(whole), int((frac or "0")[:2].ljust(2, "0"))])


def _script_selector(tou_base: int) -> Callable[[list[str | None]], int]:
    """DUIS ProfileSchedule tariff action → DLMS activity-calendar script selector of the tariff
    switching script table: primary element TOU action n = n, block action n = 100 + n (ECS01a);
    secondary element TOU action n = 200 + n (ECS01c) — GBCS 13.3.1, as the RTDS vectors encode it."""

    def conv(values: list[str | None]) -> int:
        tou, block = [*values, None][:2]
        if tou is not None:
            return tou_base + int(tou)
        return 100 + int(_one([block]))

    return conv


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _bits(n: int, set_bits: list[int]) -> tuple[int, bytes]:
    """A DLMS bit-string of ``n`` bits with the 0-based ``set_bits`` set (bit 0 = most significant)."""
    raw = bytearray((n + 7) // 8)
    for b in set_bits:
        if not 0 <= b < n:
            raise PayloadError(f"bit {b} outside a {n}-bit string")
        raw[b // 8] |= 0x80 >> (b % 8)
    return n, bytes(raw)


def _weekdays(values: list[Any]) -> tuple[int, bytes]:
    """DUIS DayOfWeekID list → DLMS schedule exec_weekdays (7 bits, Monday first; Blue Book class 10)."""
    return _bits(7, [_WEEKDAYS.index(d) for d in values[0]])


def _special_days(values: list[Any]) -> tuple[int, bytes]:
    """DUIS special-day identifiers (1-based) and the number of special days defined → DLMS schedule
    exec_specdays (one bit per special day, identifier 1 first)."""
    return _bits(int(values[1]), [int(i) - 1 for i in values[0]])


def _aux_selector(values: list[str | None]) -> int:
    """Auxiliary controller schedule action → script selector of 0-0:10.0.103.255 (GBCS 13.3.6
    ECS46d, as the RTDS vectors encode it): high byte 0x10 + controller N (0x20 + N when the action
    is an input from the controlled load), low byte 0x80 + commanded state level (0–100)."""
    n, load_input, level = values[:3]
    return ((0x20 if load_input is not None else 0x10) + int(_one([n]))) << 8 | 0x80 | int(_one([level]))


def _alcs_selector(values: list[str | None]) -> int:
    """ALCS / HCALCS connection schedule action → script selector of 0-0:10.0.103.255 (GBCS 13.3.6
    ECS46c, as the RTDS vectors encode it): switch index × 256 + 1 (activate) or 2 (deactivate)."""
    index, activate = values[:2]
    return int(_one([index])) << 8 | (1 if activate is not None else 2)


def _dlms_xs_date(text: str) -> bytes:
    """An xs:date → DLMS date (day of week not specified); DUIS year 65535 is the DLMS
    "not specified" year 0xFFFF (a date recurring every year)."""
    m = re.fullmatch(r"(\d{4,5})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?", text.strip())
    if m is None:
        raise ValueError(f"not an xs:date: {text!r}")
    return int(m[1]).to_bytes(2, "big") + bytes([int(m[2]), int(m[3]), 0xFF])


def _zcl_date(values: list[str | None]) -> bytes:
    """DUIS gas wildcarded date parts (year, month, day of month, day of week; absent = not
    specified) → ZCL Date (year − 1900, month, day, day of week; 0xFF = any — ZCL 2.6.2)."""
    year, month, day, dow = values[:4]
    return bytes([0xFF if year is None else int(year) - 1900,
                  *(0xFF if v is None else int(v) for v in (month, day, dow))])


def _zcl_minutes(values: list[str | None]) -> bytes:
    """DUIS xs:time → ZCL calendar start time: minutes from midnight, 2 octets little-endian."""
    h, m, _ = _one(values).strip().rstrip("Z").split(":")
    return (int(h) * 60 + int(m)).to_bytes(2, "little")


def _zb(dt: datetime) -> bytes:
    return int((dt - ZIGBEE_EPOCH).total_seconds()).to_bytes(4, "little")


def _eui(text: str) -> bytes:
    raw = bytes.fromhex(text.replace("-", "").replace(":", ""))
    if len(raw) != 8:
        raise PayloadError(f"not an EUI-64: {text!r}")
    return raw


def _ctx_bytes(values: list[Any]) -> bytes:
    v = values[0]
    if isinstance(v, int):
        return v.to_bytes(8, "big")
    return bytes(v)


# ZCL SE 1.4 Prepayment cluster "Debt Recovery Frequency" (Change Debt command) for DUIS
# DebtRecoveryRatePeriod
_DEBT_PERIOD = {"HOURLY": 0, "DAILY": 1, "WEEKLY": 2, "MONTHLY": 3, "QUARTERLY": 4}


# ISO 4217 numeric codes of DUIS CurrencyUnits (ZCL Price cluster "Currency"); DUIS spells the euro ECB
_CURRENCY = {"GBP": 826, "ECB": 978}


def _zcl_payment_control(values: list[str | None]) -> bytes:
    """ZCL SE 1.4 Prepayment "Proposed Payment Control Configuration" of GCS03 (prepayment mode):
    disconnection, prepayment, credit management, credit display enabled and contactor fitted
    (0x0097), bit 10 set when DUIS SuspendDebtDisabled, bit 11 set unless SuspendDebtEmergency
    (GBCS 13.3 GCS03; polarity as the RTDS 4.5.0 vectors encode it)."""
    disabled, emergency = (_int([v]) != 0 for v in values[:2])
    return (0x0097 | disabled << 10 | (not emergency) << 11).to_bytes(2, "little")


def _enum(table: dict[str, int], size: int = 1) -> Callable[[list[str | None]], bytes]:
    def conv(values: list[str | None]) -> bytes:
        text = _one(values).strip()
        if text not in table:
            raise PayloadError(f"{text!r} is not one of {sorted(table)}")
        return table[text].to_bytes(size, "little")

    return conv


CONVERTERS: dict[str, Callable[[list[Any]], Any]] = {
    "zcl_debt_period": _enum(_DEBT_PERIOD),
    "int": _int,
    "int?": _int_or_zero,
    "bool": lambda v: _int(v) != 0,
    "ascii": lambda v: _one(v).encode(),
    "ascii_concat": lambda v: b"".join(t.encode() for t in v if t is not None),
    "hex": lambda v: bytes.fromhex(_one(v)),
    "b64": lambda v: base64.b64decode(_one(v)),
    "eui": lambda v: _eui(_one(v)),
    # an HCALCS's EUI-64, or zeros for an ALCS (no HCALCS element) — ECS46c SwitchTypeAndId
    "eui_or_zero": lambda v: bytes(8) if v[0] is None else _eui(v[0]),
    "dlms_dt": lambda v: date_time(parse_xs_datetime(_one(v))),
    "exec_dt": lambda v: _execution(v[0]),
    "dlms_dt_plus": lambda v: date_time(_plus(v)),
    "gentime": lambda v: _gentime(parse_xs_datetime(_one(v))),
    "gentime_plus": lambda v: _gentime(_plus(v)),
    "zcl_currency": _enum(_CURRENCY, 2),
    "zcl_payment_control": _zcl_payment_control,
    "zb_utc_be": lambda v: _zb(parse_xs_datetime(_one(v)))[::-1],
    "zb_exec": _zb_execution(b"\xff\xff\xff\xff"),
    "zb_exec_fe": _zb_execution(b"\xfe\xff\xff\xff"),
    "zb_exec_be": _zb_execution(b"\xff\xff\xff\xff", "big"),
    "gentime_exec": _gentime_execution,
    "der_int": _der_int_body,
    # DLMS range-descriptor bounds of GBCS event / security logs: seconds since 2000-01-01 UTC
    "utc2000": lambda v: int((parse_xs_datetime(_one(v)) - ZIGBEE_EPOCH).total_seconds()),
    # ZCL Get Sampled Data "number of samples" over a DUIS period of 30-minute gas profile data
    # (GCS17): both ends included
    "zcl_halfhours": lambda v: _samples(v, 1800),
    "dlms_date": _dlms_date,
    "zcl_date": _zcl_date,
    "zcl_minutes": _zcl_minutes,
    # an optional small integer, 0 when absent (GCS01a day profile price tier of a block tariff day)
    "le1_opt": lambda v: bytes([0 if v[0] is None else _int(v)]),
    # GCS05 non-disablement calendar action (ZCL Calendar cluster, friendly-credit calendar)
    "zcl_nondisablement": _enum({"START": 1, "STOP": 0}),
    "dlms_weekdays": _weekdays,
    "dlms_special_days": _special_days,
    "aux_selector": _aux_selector,
    "alcs_selector": _alcs_selector,
    # ECS08a non-disablement calendar: the prepayment script table's start / stop non-disablement
    # period scripts (GBCS 13.3.2, as the RTDS vectors encode them)
    "nondisablement_script": lambda v: {"START": 32, "STOP": 33}[_one(v).strip()],
    "dlms_xs_date": lambda v: _dlms_xs_date(_one(v)),
    # season start: the date at 00:00:00.00, deviation unspecified (0x8000), status 0xFF
    "dlms_season_start": lambda v: _dlms_date(v) + bytes.fromhex("000000008000ff"),
    "dlms_time": _dlms_time,
    "script_selector": _script_selector(0),
    "script_selector_secondary": _script_selector(200),
    "u8": lambda v: bytes([_int(v)]),
    "zb_utc": lambda v: _zb(parse_xs_datetime(_one(v))),
    "zb_utc_plus": lambda v: _zb(_plus(v)),
    "le1": _uint(1, "little"),
    "le2": _uint(2, "little"),
    "le3": _uint(3, "little"),
    "le4": _uint(4, "little"),
    "le6": _uint(6, "little"),
    "be2": _uint(2, "big"),
    "be4": _uint(4, "big"),
    "be8": _uint(8, "big"),
    "ctx": _ctx_bytes,
    # DLMS protected-attribute transaction id: 0x04 (encryption) ‖ originator counter (GBCS 7.2.11)
    "enc_txid": lambda v: b"\x04" + int(v[0]).to_bytes(8, "big"),
}


def convert(name: str, paths: tuple[str, ...], src: Any) -> Any:
    """Apply converter ``name`` to the values at ``paths`` of ``src`` (a :class:`template.Values`)."""
    if name.startswith("is:"):  # a DUIS enumeration value → DLMS boolean (``is:Disable``)
        return convert_is(name[3:], paths, src)
    try:
        fn = CONVERTERS[name]
    except KeyError:
        raise PayloadError(f"unknown converter {name!r}") from None
    values = [
        src.context(p[1:]) if p.startswith("@") else src.texts(p[1:]) if p.startswith("*") else src.text(p)
        for p in paths
    ]
    try:
        return fn(values)
    except (ValueError, OverflowError) as exc:
        raise PayloadError(f"cannot convert {values!r} with {name}: {exc}") from exc


def convert_is(value: str, paths: tuple[str, ...], src: Any) -> bool:
    """Whether the DUIS value at ``paths[0]`` is ``value`` (DUIS enumerations that map to DLMS
    booleans, e.g. ECS28a LoadLimitSupplyState Disable / Unchanged)."""
    return _one([src.text(paths[0])]).strip() == value

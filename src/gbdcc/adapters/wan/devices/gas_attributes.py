"""The ZCL attributes a simulated GSME (and the GPF's mirror of it) answers Read Attributes with —
SIMULATION.

Attribute ids and data types are those of ZigBee SE 1.4 as GBCS uses them (the RTDS 4.5.0 GSME
responses to GCS13a/b/c, GCS14, GCS21a/b/e/f/j/m, GCS33, GCS38, GCS46, GCS60): Basic (0x0000),
Price (0x0700), Metering (0x0702) and Prepayment (0x0705). A value that is not available (no MPRN
set yet) is answered with status 0xC0 as the RTDS error vectors; an unknown attribute with 0x86.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_state import GasState
from gbdcc.adapters.wan.devices.gas_zcl import Context, ZclCommand, ZclHandlers

BASIC, PRICE, METERING, PREPAYMENT = 0x0000, 0x0700, 0x0702, 0x0705
Getter = Callable[[GasState], int | bytes | None]


def litres(m3: float) -> int:
    return round(m3 * 1000)


def _item(values: Callable[[GasState], Sequence[int]], i: int) -> Getter:
    return lambda s: values(s)[i] if i < len(values(s)) else 0


def _litres_item(values: Callable[[GasState], Sequence[float]], i: int) -> Getter:
    return lambda s: litres(values(s)[i])


def _debt(i: int, field: str) -> Getter:
    return lambda s: int(getattr(s.prepay.time_debts[i], field))


def _price_attributes() -> dict[int, tuple[int, Getter]]:
    out: dict[int, tuple[int, Getter]] = {
        0x0202: (z.UINT24, lambda s: 1), 0x0203: (z.UINT24, lambda s: 1000),
        0x0301: (z.UINT32, lambda s: s.tariff.standing_charge),
        0x0302: (z.UINT32, lambda s: s.config.conversion_factor),
        0x0303: (z.BITMAP8, lambda s: s.config.conversion_trailing),
        0x0304: (z.UINT32, lambda s: s.config.calorific_value),
        0x0305: (z.ENUM8, lambda s: 1),  # MJ/m³
        0x0306: (z.BITMAP8, lambda s: s.config.calorific_trailing),
        0x0615: (z.ENUM8, lambda s: 0),  # prices per kWh
        0x0616: (z.UINT16, lambda s: s.tariff.currency),
        0x0617: (z.BITMAP8, lambda s: s.tariff.trailing_digits),
    }
    for i in range(3):
        out[0x0100 + i] = (z.UINT48, _item(lambda s: s.tariff.thresholds, i))
    for i in range(4):
        out[0x0400 + i] = (z.UINT32, _item(lambda s: s.tariff.block_prices, i))
        out[0x0410 + 0x10 * i] = (z.UINT32, _item(lambda s: s.tariff.tou_prices, i))
    return out


def _metering_attributes() -> dict[int, tuple[int, Getter]]:
    flow: Callable[[GasState], Sequence[int]] = lambda s: s.config.uncontrolled_flow  # noqa: E731
    out: dict[int, tuple[int, Getter]] = {
        0x0000: (z.UINT48, lambda s: litres(s.registers.total_m3)),
        0x0014: (z.ENUM8, lambda s: s.supply),
        0x0205: (z.UINT16, lambda s: s.battery_days),
        0x0206: (z.OCTET_STRING, lambda s: s.config.firmware),
        0x0300: (z.ENUM8, lambda s: 1),  # m³
        0x0301: (z.UINT24, lambda s: 1), 0x0302: (z.UINT24, lambda s: 1000),
        0x0307: (z.OCTET_STRING, lambda s: s.config.mprn.encode() if s.config.mprn else None),
        0x0607: (z.ENUM8, lambda s: s.config.supply_tamper_state),
        0x0608: (z.ENUM8, lambda s: s.config.supply_depletion_state),
        0x0A00: (z.UINT32, lambda s: max(s.registers.bill_to_date, 0)),
        0x0B10: (z.UINT16, _item(flow, 0)), 0x0B11: (z.ENUM8, _item(flow, 1)), 0x0B12: (z.UINT16, _item(flow, 2)),
        0x0B13: (z.UINT16, _item(flow, 3)), 0x0B14: (z.UINT8, _item(flow, 4)), 0x0B15: (z.UINT16, _item(flow, 5)),
    }
    for i in range(4):
        out[0x0100 + 2 * i] = (z.UINT48, _litres_item(lambda s: s.registers.tiers_m3, i))
        out[0x0700 + i] = (z.UINT48, _litres_item(lambda s: s.registers.blocks_m3, i))
    return out


#: Prepayment cluster attribute → (ZCL type, field of the prepayment state)
PREPAYMENT_FIELDS: dict[int, tuple[int, str]] = {
    0x0000: (z.BITMAP16, "payment_control"), 0x0001: (z.INT32, "meter_balance"),
    0x0002: (z.INT32, "emergency_credit_remaining"), 0x0005: (z.INT32, "accumulated_debt"),
    0x0006: (z.INT32, "debt_recovery_cap"), 0x0010: (z.UINT32, "emergency_credit_limit"),
    0x0011: (z.UINT32, "emergency_credit_threshold"), 0x0021: (z.UINT32, "max_credit_level"),
    0x0022: (z.UINT32, "max_credit_per_top_up"), 0x0031: (z.UINT32, "low_credit_threshold"),
    0x0040: (z.INT32, "disablement_threshold"), 0x0231: (z.UINT32, "payment_debt"),
    0x0239: (z.UINT16, "payment_debt_percentage"),
}


def _prepay(name: str) -> Getter:
    return lambda s: int(getattr(s.prepay, name))


def _prepayment_attributes() -> dict[int, tuple[int, Getter]]:
    out: dict[int, tuple[int, Getter]] = {a: (t, _prepay(name)) for a, (t, name) in PREPAYMENT_FIELDS.items()}
    for i in range(2):
        base = 0x0211 + 0x10 * i
        out[base] = (z.UINT32, _debt(i, "outstanding"))
        out[base + 5] = (z.ENUM8, _debt(i, "daily"))
        out[base + 6] = (z.UINT32, _debt(i, "rate"))
    return out


ATTRIBUTES: dict[int, dict[int, tuple[int, Getter]]] = {
    BASIC: {0x0003: (z.UINT8, lambda s: s.config.hardware_version),
            0x0004: (z.CHAR_STRING, lambda s: s.config.manufacturer),
            0x0005: (z.CHAR_STRING, lambda s: s.config.model)},
    PRICE: _price_attributes(),
    METERING: _metering_attributes(),
    PREPAYMENT: _prepayment_attributes(),
}

#: message codes whose Read Attributes Response sets "disable default response" (RTDS GCS13a/b/c, GCS21f)
READ_RESPONSE_NO_DEFAULT = frozenset({0x0074, 0x00B8, 0x00B6, 0x009F})


def read_records(state: GasState, cluster: int, attribute_ids: list[int]) -> list[z.AttributeRecord]:
    table = ATTRIBUTES.get(cluster, {})
    records = []
    for attribute in attribute_ids:
        entry = table.get(attribute)
        if entry is None:
            records.append(z.AttributeRecord(attribute, z.STATUS_UNSUPPORTED_ATTRIBUTE))
            continue
        zcl_type, getter = entry
        value = getter(state)
        records.append(z.AttributeRecord(attribute, z.STATUS_REFUSED) if value is None
                       else z.AttributeRecord(attribute, z.STATUS_SUCCESS, zcl_type, value))
    return records


def read_attributes(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    """ZCL Read Attributes (profile-wide 0x00) → Read Attributes Response (0x01)."""
    records = read_records(ctx.state, cmd.cluster, z.read_attribute_ids(cmd.payload))
    fc = z.response_direction(cmd.frame_control)
    if ctx.message_code in READ_RESPONSE_NO_DEFAULT:
        fc |= z.FC_DISABLE_DEFAULT_RESPONSE
    return [z.Component(cmd.cluster, fc, z.READ_ATTRIBUTES_RESPONSE, z.encode_read_response(records))]


def handlers() -> ZclHandlers:
    h = ZclHandlers()
    for cluster in ATTRIBUTES:
        h.on(cluster, z.READ_ATTRIBUTES, read_attributes, specific=False)
    return h

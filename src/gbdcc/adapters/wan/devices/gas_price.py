"""Price (0x0700) and Calendar (0x0707) cluster commands of the simulated GSME — SIMULATION.

ZigBee SE 1.4 commands as GBCS uses them (field order from ZSE 1.4 D.4 / D.9; RTDS 4.5.0 vectors):

* GCS01a / GCS01b tariff and prices: Publish Tariff Information (0x04), Publish Price Matrix (0x05),
  Publish Block Thresholds (0x06) and the tariff switching calendar (Publish Calendar / Day Profile /
  Week Profile / Seasons / Special Days); a change of tariff writes a billing data log entry
  (snapshot cause Change of Tariff Information, read by GCS15b);
* GCS23 conversion factor / calorific value (0x02 / 0x03), range checked (CV 30–50 MJ/m³, volume
  correction 0.8–1.3: outside is refused 0xC0, as the RTDS GCS23 error vector for CV 12.3);
* GCS25 / GCS25a billing calendar: Publish Billing Period (0x09) and Publish Block Period (0x01);
* reads: Get Current Price → Publish Price, Get Billing Period → Publish Billing Period (GCS21d/k),
  Get Day Profiles / Week Profiles / Seasons / Special Days → one Publish … per entry (GCS21f for the
  tariff calendar, issuer calendar id 0xFFFFFFFF; GCS21b for the non-disablement calendar,
  0xFFFFFFFE), ``NOT_FOUND`` when that calendar was never published.

The GCS05 non-disablement (friendly credit) calendar is the same Calendar commands with calendar
type 0x03; it is installed by :func:`commit_calendar`.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_state import CAUSE_TARIFF_CHANGE, Calendar, GasState
from gbdcc.adapters.wan.devices.gas_zcl import Context, Refused, ZclCommand, ZclHandlers

PRICE, CALENDAR = 0x0700, 0x0707
TARIFF_CALENDAR, FRIENDLY_CREDIT_CALENDAR = 0x00, 0x03
CURRENT_TARIFF_CALENDAR, CURRENT_FRIENDLY_CALENDAR = 0xFFFFFFFF, 0xFFFFFFFE
BLOCK_TARIFF = 0x10
ISSUER_EVENT = 0x1C374A80


# --- Price cluster: publish commands from the supplier ---------------------------------------------


def publish_tariff_information(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)  # provider id, issuer event id
    issuer_tariff = r.le(4)
    r.time()
    tariff_type = r.u8()
    r.string()  # tariff label
    tiers, thresholds, _unit, currency, trailing = r.u8(), r.u8(), r.u8(), r.le(2), r.u8()
    standing_charge = r.le(4)
    if tiers > 4 or thresholds > 3 or currency not in (826, 978):
        raise Refused(f"tariff of {tiers} tiers / {thresholds} thresholds / currency {currency}")
    t = ctx.state.tariff
    t.block, t.issuer_tariff_id, t.tiers_in_use = bool(tariff_type & BLOCK_TARIFF), issuer_tariff, tiers
    t.currency, t.trailing_digits, t.standing_charge = currency, trailing, standing_charge
    ctx.state.snapshot(ctx.at, CAUSE_TARIFF_CHANGE)
    ctx.state.log(ctx.at, 0x8F0A)  # Billing Data Log Updated
    return [cmd.default_response()]


def publish_price_matrix(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(16)  # provider id, issuer event id, start time, issuer tariff id
    r.take(2)  # command index, number of commands
    tou = r.u8() & 0x01
    prices = ctx.state.tariff.tou_prices if tou else ctx.state.tariff.block_prices
    while not r.at_end():
        ident, price = r.u8(), r.le(4)
        index = ident - 1 if tou else ident & 0x0F
        if not 0 <= index < len(prices):
            raise Refused(f"price matrix entry {ident} outside the GSME's {len(prices)} prices")
        prices[index] = price
    return [cmd.default_response()]


def publish_block_thresholds(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(18)  # provider, issuer event, start time, issuer tariff id, command index, number of commands
    r.u8()  # sub-payload control (thresholds apply to all tiers)
    count = r.u8() & 0x0F
    values = [r.le(6) for _ in range(count)]
    if count > 3 or any(b <= a for a, b in pairwise(values)):
        raise Refused(f"block thresholds {values}: at most 3, strictly increasing")
    ctx.state.tariff.thresholds = values
    return [cmd.default_response()]


def publish_conversion_factor(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    factor, trailing = r.le(4), r.u8()
    if not 0.8 <= factor / 10 ** (trailing >> 4) <= 1.3:
        raise Refused(f"conversion factor {factor} (trailing {trailing:#x}) out of range")
    ctx.state.config.conversion_factor, ctx.state.config.conversion_trailing = factor, trailing
    return [cmd.default_response()]


def publish_calorific_value(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    value, _unit, trailing = r.le(4), r.u8(), r.u8()
    if not 30 <= value / 10 ** (trailing >> 4) <= 50:
        raise Refused(f"calorific value {value} (trailing {trailing:#x}) outside 30-50 MJ/m³")
    ctx.state.config.calorific_value, ctx.state.config.calorific_trailing = value, trailing
    return [cmd.default_response()]


def _period(r: z.ZclReader) -> tuple[datetime, int, int]:
    r.take(8)
    start, duration = z.from_zigbee_time(r.time()), r.le(3)
    return start, duration, r.u8()


def publish_billing_period(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    start, months, duration_type = _period(cmd.reader())
    if months == 0 or duration_type & 0x0F not in (0x01, 0x02, 0x03):
        raise Refused(f"billing period of {months} (type {duration_type:#x})")
    c = ctx.state.config
    c.billing_start, c.billing_months, c.billing_duration_type = start, months, duration_type
    return [cmd.default_response()]


def publish_block_period(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    start, duration = z.from_zigbee_time(r.time()), r.le(3)
    if duration == 0:
        raise Refused("block period of 0")
    ctx.state.tariff.block_period_start, ctx.state.tariff.block_period_months = start, duration
    return [cmd.default_response()]


# --- Price cluster: reads ---------------------------------------------------------------------------


def get_current_price(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    t, r = ctx.state.tariff, ctx.state.registers
    block = sum(1 for th in t.thresholds if r.block_period_kwh * 1000 >= th)
    tier = 0 if t.block else (t.calendar.value_at(ctx.at) or 1)
    body = (z.le(0, 4) + b"\x00" + z.le(ISSUER_EVENT, 4) + z.le(z.zigbee_time(ctx.at), 4) + b"\x01"
            + z.le(t.currency, 2) + bytes([t.trailing_digits | (tier & 0x0F), (t.tiers_in_use << 4) | max(tier, 1)])
            + z.le(0, 4) + z.le(1440, 2) + z.le(t.price(ctx.at, block), 4))
    return [z.cluster_response(PRICE, 0x00, body)]


def get_billing_period(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    c = ctx.state.config
    if c.billing_start is None:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = (z.le(0, 4) + z.le(ISSUER_EVENT, 4) + z.le(z.zigbee_time(c.billing_start), 4)
            + z.le(c.billing_months, 3) + bytes([c.billing_duration_type, 0x00]))
    return [z.cluster_response(PRICE, 0x09, body, disable_default=False)]


# --- Calendar cluster: publish (GCS01a, GCS05) -------------------------------------------------------


def _calendar_in_progress(ctx: Context, calendar_type: int | None = None) -> Calendar:
    cal = ctx.extra.get("calendar")
    if cal is None:
        cal = Calendar(TARIFF_CALENDAR if calendar_type is None else calendar_type, days={}, weeks={}, seasons=[])
        ctx.extra["calendar"] = cal
    assert isinstance(cal, Calendar)
    return cal


def publish_calendar(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    issuer_calendar = r.le(4)
    r.time()
    calendar_type = r.u8()
    if calendar_type not in (TARIFF_CALENDAR, FRIENDLY_CREDIT_CALENDAR):
        raise Refused(f"calendar type {calendar_type:#x} not used by a GSME")
    ctx.extra["calendar"] = Calendar(calendar_type, issuer_calendar, days={}, weeks={}, seasons=[])
    return [cmd.default_response()]


def publish_day_profile(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(12)
    day_id, entries = r.u8(), r.u8()
    r.take(2)
    cal = _calendar_in_progress(ctx, r.u8())
    cal.days[day_id] = [(r.le(2), r.u8()) for _ in range(entries)]
    return [cmd.default_response()]


def publish_week_profile(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(12)
    week_id, days = r.u8(), tuple(r.take(7))
    cal = _calendar_in_progress(ctx)
    if any(d not in cal.days for d in days):
        raise Refused(f"week profile {week_id} references undefined day profiles {days}")
    cal.weeks[week_id] = days
    return [cmd.default_response()]


def publish_seasons(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(14)
    cal = _calendar_in_progress(ctx)
    seasons = []
    while not r.at_end():
        date, week = r.take(4), r.u8()
        if week not in cal.weeks:
            raise Refused(f"season references undefined week profile {week}")
        seasons.append((date, week))
    cal.seasons = seasons
    return [cmd.default_response()]


def publish_special_days(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(16)
    calendar_type, count = r.u8(), r.u8()
    r.take(2)
    cal = _calendar_in_progress(ctx, calendar_type)
    days = [(r.take(4), r.u8()) for _ in range(count)]
    if any(d not in cal.days for _, d in days):
        raise Refused("special day references an undefined day profile")
    cal.special_days = days
    commit_calendar(ctx.state, cal)
    ctx.extra.pop("calendar", None)
    return [cmd.default_response()]


def commit_calendar(state: GasState, cal: Calendar) -> None:
    if not cal.days or not cal.weeks or not cal.seasons:
        raise Refused("calendar without day profiles, week profiles or seasons")
    if cal.calendar_type == FRIENDLY_CREDIT_CALENDAR:
        state.prepay.friendly_credit = cal
    else:
        state.tariff.calendar = cal


# --- Calendar cluster: reads (GCS21b, GCS21f) ------------------------------------------------------------


def _calendar_for(ctx: Context, selector: int, calendar_type: int | None = None) -> Calendar | None:
    friendly = selector == CURRENT_FRIENDLY_CALENDAR or calendar_type == FRIENDLY_CREDIT_CALENDAR
    return ctx.state.prepay.friendly_credit if friendly else ctx.state.tariff.calendar


def _ids(cal: Calendar) -> bytes:
    return z.le(0, 4) + z.le(ISSUER_EVENT, 4) + z.le(cal.issuer_calendar_id, 4)


def get_day_profiles(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(4)
    cal = _calendar_for(ctx, r.le(4))
    first, count = r.u8(), r.u8()
    days = sorted(d for d in (cal.days if cal else {}) if d >= first)[: count or None]
    if cal is None or not days:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    out = []
    for day in days:
        entries = cal.days[day]
        body = (_ids(cal) + bytes([day, len(entries), 0, 1, cal.calendar_type])
                + b"".join(z.le(start, 2) + bytes([v]) for start, v in entries))
        out.append(z.cluster_response(CALENDAR, 0x01, body))
    return out


def get_week_profiles(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(4)
    cal = _calendar_for(ctx, r.le(4))
    first, count = r.u8(), r.u8()
    weeks = sorted(w for w in (cal.weeks if cal else {}) if w >= first)[: count or None]
    if cal is None or not weeks:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    return [z.cluster_response(CALENDAR, 0x02, _ids(cal) + bytes([w, *cal.weeks[w]])) for w in weeks]


def get_seasons(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(4)
    cal = _calendar_for(ctx, r.le(4))
    if cal is None or not cal.seasons:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = _ids(cal) + b"\x00\x01" + b"".join(date + bytes([w]) for date, w in cal.seasons)
    return [z.cluster_response(CALENDAR, 0x03, body)]


def get_special_days(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.time()
    r.u8()  # number of events (0: all)
    calendar_type = r.u8()
    r.take(4)
    cal = _calendar_for(ctx, r.le(4), calendar_type)
    if cal is None:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = (_ids(cal) + z.le(0, 4) + bytes([cal.calendar_type, len(cal.special_days), 0, 1])
            + b"".join(date + bytes([d]) for date, d in cal.special_days))
    return [z.cluster_response(CALENDAR, 0x04, body)]


def handlers() -> ZclHandlers:
    h = ZclHandlers()
    for command, handler in ((0x04, publish_tariff_information), (0x05, publish_price_matrix),
                             (0x06, publish_block_thresholds), (0x02, publish_conversion_factor),
                             (0x03, publish_calorific_value), (0x09, publish_billing_period),
                             (0x01, publish_block_period)):
        h.on(PRICE, command, handler, server_to_client=True)
    h.on(PRICE, 0x00, get_current_price)
    h.on(PRICE, 0x0B, get_billing_period)
    for command, handler in ((0x00, publish_calendar), (0x01, publish_day_profile), (0x02, publish_week_profile),
                             (0x03, publish_seasons), (0x04, publish_special_days)):
        h.on(CALENDAR, command, handler, server_to_client=True)
    for command, handler in ((0x01, get_day_profiles), (0x02, get_week_profiles), (0x03, get_seasons),
                             (0x04, get_special_days)):
        h.on(CALENDAR, command, handler)
    return h

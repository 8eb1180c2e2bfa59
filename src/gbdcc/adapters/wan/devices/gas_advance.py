"""How a simulated GSME's state moves with time — SIMULATION.

:func:`advance` runs every completed half hour up to a time (the register is credited at the end of
each half hour, so it is a function of the half hours elapsed — GSME half-hour consumption is the
basis of its profile log, GBCS 13.3 GCS17):

* with the valve open, the half hour's volume (:class:`~.gas_model.GasModel`) is added to the total
  register, to the TOU tier register of the tier in force and to the block counter of the current
  block; its energy (volume × correction × CV / 3.6) is charged at the price in force;
* at midnight the standing charge is charged, daily time debts are recovered (hourly ones every
  hour), the daily read log (snapshot cause General) is written, and the billing calendar may close
  a billing period (snapshot cause End of Billing Period);
* a prepayment consumer tops up and re-opens an armed valve as the model's habits say;
* in prepayment mode charges run the meter balance down, then the emergency credit once activated;
  crossing the low credit threshold raises 0x810D, the emergency credit threshold 0x8119, exhausting
  emergency credit 0x81AA, and available credit at or below the disablement threshold closes the
  valve (0x8F0F) unless the non-disablement (friendly credit) calendar allows use at that time.

Returns the alerts raised, each with its time, for the device to send unasked.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.devices.gas_model import HALF_HOUR, GasModel, kwh_per_m3
from gbdcc.adapters.wan.devices.gas_state import (
    CAUSE_BILLING_PERIOD,
    CAUSE_GENERAL,
    PROFILE_CAPACITY,
    GasState,
    Prepayment,
)
from gbdcc.adapters.wan.devices.prepayment import (
    VALUE_CLASS_PENCE,
    VALUE_CLASS_POUNDS,
    decode_utrn,
    encode_utrn,
    high_dword,
)

ALERT_LOW_CREDIT = 0x810D  # Combined Credit Below Low Credit Threshold (prepayment mode)
ALERT_EMERGENCY_CREDIT_AVAILABLE = 0x8119  # Emergency Credit Has Become Available
ALERT_EMERGENCY_CREDIT_EXHAUSTED = 0x81AA
ALERT_DISABLEMENT = 0x8F0F  # Credit Below Disablement Threshold (prepayment mode)
ALERT_DEBT_COLLECTED = (0x81A7, 0x81A8, 0x81A9)  # Debt Collection Completed: time debt 1, 2, payment debt
SUPPLY_OFF, SUPPLY_ARMED, SUPPLY_ON = 0, 1, 2
ALERT_SUPPLY_ENABLED = 0x8F34  # logged when the consumer opens an armed valve
CONSUMER_TOP_UP_HOUR = 9
DEBT_TYPE_TIME_1, DEBT_TYPE_TIME_2, DEBT_TYPE_PAYMENT = 0, 1, 2

Alerts = list[tuple[int, datetime]]


def slot_of(at: datetime) -> datetime:
    """The start of the half hour containing ``at``."""
    return datetime.fromtimestamp(at.timestamp() // 1800 * 1800, tz=at.tzinfo)


def energy_per_m3(state: GasState) -> float:
    c = state.config
    return kwh_per_m3(c.calorific_value / 10, c.conversion_factor / 100_000)


def advance(state: GasState, model: GasModel, until: datetime) -> Alerts:
    """Run the completed half hours after ``state.updated`` up to ``until``."""
    alerts: Alerts = []
    if state.updated is None:
        state.updated = slot_of(until)
        return alerts
    t = slot_of(state.updated)
    end = slot_of(until)
    per_m3 = energy_per_m3(state)
    while t < end:
        _half_hour(state, model, t, per_m3, alerts)
        t += HALF_HOUR
        if t.minute == 0:
            _hour_boundary(state, model, t, alerts)
    state.updated = max(state.updated, end)
    while len(state.half_hours) > PROFILE_CAPACITY:
        del state.half_hours[next(iter(state.half_hours))]
    return alerts


def _half_hour(state: GasState, model: GasModel, start: datetime, per_m3: float, alerts: Alerts) -> None:
    p = state.prepay
    if state.supply == SUPPLY_ARMED and model.opens_armed_valve and (
            not p.prepayment_mode or p.available_credit > p.disablement_threshold):
        state.supply = SUPPLY_ON  # the consumer presses the button
        state.log(start, ALERT_SUPPLY_ENABLED)
    if state.supply != SUPPLY_ON:
        state.half_hours.setdefault(start, 0.0)
        return
    m3 = model.half_hour_m3(start, per_m3)
    r, tariff = state.registers, state.tariff
    r.total_m3 += m3
    state.half_hours[start] = state.half_hours.get(start, 0.0) + m3
    tier = tariff.calendar.value_at(start) or 1
    r.tiers_m3[max(0, min(tier, 4) - 1)] += m3
    block = sum(1 for th in tariff.thresholds if r.block_period_kwh * 1000 >= th)
    r.blocks_m3[min(block, 3)] += m3
    kwh = m3 * per_m3
    r.block_period_kwh += kwh
    cost = round(kwh * tariff.price(start, block))
    r.bill_to_date += cost
    charge(state, cost, start + HALF_HOUR, alerts)


def _hour_boundary(state: GasState, model: GasModel, at: datetime, alerts: Alerts) -> None:
    p = state.prepay
    if at.hour == CONSUMER_TOP_UP_HOUR and p.prepayment_mode and model.top_up_pennies \
            and p.available_credit < p.low_credit_threshold:
        utrn = consumer_utrn(state, model.top_up_pennies)
        apply_top_up(state, utrn, decode_utrn(utrn).amount, at)
    for index, debt in enumerate(p.time_debts):
        if not debt.daily or at.hour == 0:
            collect_time_debt(state, index, at, alerts)
    if at.hour != 0:
        return
    charge(state, state.tariff.standing_charge, at, alerts)
    state.snapshot(at, CAUSE_GENERAL)
    _billing_calendar(state, at)


def _billing_calendar(state: GasState, at: datetime) -> None:
    c = state.config
    start = c.billing_start
    if start is None or at < start:
        return
    months = (at.year - start.year) * 12 + at.month - start.month
    if at.day == start.day and months % max(c.billing_months, 1) == 0:
        state.snapshot(at, CAUSE_BILLING_PERIOD)
        state.registers.bill_to_date = 0
        state.registers.block_period_kwh = 0.0


def collect_time_debt(state: GasState, index: int, at: datetime, alerts: Alerts) -> None:
    debt = state.prepay.time_debts[index]
    if debt.outstanding <= 0 or debt.rate <= 0 or not state.prepay.prepayment_mode:
        return
    amount = min(debt.rate, debt.outstanding, max(state.prepay.debt_recovery_cap, 0) or debt.rate)
    debt.outstanding -= amount
    state.prepay.debt_payments.append((at, amount, index, debt.outstanding))
    charge(state, amount, at, alerts)
    if debt.outstanding == 0:
        alerts.append((ALERT_DEBT_COLLECTED[index], at))


def charge(state: GasState, amount: int, at: datetime, alerts: Alerts) -> None:
    """Take ``amount`` from the meter balance (then from activated emergency credit)."""
    p = state.prepay
    before = p.meter_balance
    combined_before = _combined(p)
    p.meter_balance -= amount
    if not p.prepayment_mode:
        return
    if p.meter_balance < 0 and p.emergency_credit_active:
        take = min(-p.meter_balance, p.emergency_credit_remaining)
        p.emergency_credit_remaining -= take
        p.meter_balance += take
        if p.emergency_credit_remaining == 0:
            p.emergency_credit_active = False
            alerts.append((ALERT_EMERGENCY_CREDIT_EXHAUSTED, at))
    # combined credit (meter balance + emergency credit in use) crossing the threshold, once: the emergency
    # credit topping the meter balance back up is not a new crossing
    if combined_before >= p.low_credit_threshold > _combined(p):
        alerts.append((ALERT_LOW_CREDIT, at))
    if before >= p.emergency_credit_threshold > p.meter_balance and not p.emergency_credit_active:
        alerts.append((ALERT_EMERGENCY_CREDIT_AVAILABLE, at))
    check_disablement(state, at, alerts)


def _combined(p: Prepayment) -> int:
    return p.meter_balance + (p.emergency_credit_remaining if p.emergency_credit_active else 0)


def check_disablement(state: GasState, at: datetime, alerts: Alerts) -> None:
    """Close the valve when available credit is at or below the disablement threshold (GBCS GSME
    prepayment), unless the non-disablement calendar holds at ``at``."""
    p = state.prepay
    if not p.prepayment_mode or state.supply == SUPPLY_OFF or p.available_credit > p.disablement_threshold:
        return
    if p.friendly_credit is not None and p.friendly_credit.value_at(at):
        return
    state.supply = SUPPLY_OFF
    p.disabled_for_credit = True
    state.log(at, ALERT_DISABLEMENT)
    alerts.append((ALERT_DISABLEMENT, at))


def consumer_utrn(state: GasState, pennies: int) -> str:
    """The UTRN of the consumer's own top-up (the model's habit). SIMULATION: the simulation holds no
    Supplier prepayment top-up key, so its tag is zero and its credit is applied unchecked — only UTRNs
    sent by CS01b / PCS01 are authenticated (:func:`~.prepayment.authenticate_top_up`)."""
    p = state.prepay
    p.consumer_top_ups += 1
    value, value_class = (pennies, VALUE_CLASS_PENCE) if pennies <= 0x1FFF else (pennies // 100, VALUE_CLASS_POUNDS)
    return encode_utrn(high_dword(value, value_class, (p.consumer_top_ups & 0x3FF) << 32), 0)


def apply_top_up(state: GasState, utrn: str, value: int, at: datetime) -> bool:
    """Credit a top-up: its share goes to the payment debt (ZSE Debt Recovery Top Up Percentage), the
    rest to the meter balance; logged (top-up log, 0x810E). Returns whether a valve closed for credit
    was armed."""
    p = state.prepay
    to_debt = min(p.payment_debt, value * p.payment_debt_percentage // 10_000)
    if to_debt:
        p.payment_debt -= to_debt
        p.debt_payments.append((at, to_debt, DEBT_TYPE_PAYMENT, p.payment_debt))
    p.meter_balance += value - to_debt
    p.top_ups.append((utrn.encode(), value, at))
    state.log(at, 0x810E)  # credit added
    return credit_added(state, at)


def credit_added(state: GasState, at: datetime) -> bool:
    """After a top-up or adjustment: a valve closed for credit is armed again once credit is
    available (the consumer opens it locally). Returns whether the supply was armed."""
    p = state.prepay
    if p.disabled_for_credit and p.available_credit > p.disablement_threshold:
        p.disabled_for_credit = False
        state.supply = SUPPLY_ARMED
        return True
    return False


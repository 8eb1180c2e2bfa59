"""Prepayment cluster (0x0705) commands of the simulated GSME — SIMULATION.

ZSE 1.4 D.7 commands as GBCS uses them (RTDS 4.5.0 vectors):

==========  ====  =========================================================================
use case    cmd   behaviour
==========  ====  =========================================================================
GCS06       0x00  Select Available Emergency Credit: only in prepayment mode, when credit is
                  below the emergency credit threshold and emergency credit is not in use —
                  else refused 0xC0; a valve closed for credit is armed (0x81AB logged)
GCS04       0x02  Change Debt: time debts 1 / 2 and the payment debt, absolute or incremental;
                  a recovery rate above the debt recovery cap is refused
GCS05       0x03  Emergency Credit Setup, 0x09 low credit threshold, 0x0B maximum credit and
            0x0C  per top-up, 0x0C debt recovery cap (ZSE "overall debt cap")
CS01b       0x04  Consumer Top Up (also PCS01 from a PPMID): the UTRN authenticated with the
                  Supplier's prepayment top-up key (:func:`.prepayment.authenticate_top_up`,
                  the ESME's check); forged / malformed 0x8F63, duplicate or replayed 0x8F51,
                  over the limits 0x8F5B refused; a share goes to the payment debt
GCS40a-d    0x05  Credit Adjustment: adjust / reset the meter balance (above the maximum meter
                  balance is refused, 0x8F47)
GCS02/03    0x06  Change Payment Mode → Change Payment Mode Response; the change writes a
                  billing data log entry (cause Change of Payment Mode)
GCS16b/14   0x07  Get Prepay Snapshot (see :mod:`.gas_logs`)
GCS15e      0x08  Get Top Up Log → Publish Top Up Log
GCS15d      0x0A  Get Debt Repayment Log → Publish Debt Log
==========  ====  =========================================================================
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_advance import apply_top_up, check_disablement, credit_added
from gbdcc.adapters.wan.devices.gas_logs import get_prepay_snapshot, time_bound
from gbdcc.adapters.wan.devices.gas_state import CAUSE_MODE_CHANGE
from gbdcc.adapters.wan.devices.gas_zcl import Context, Handler, Refused, ZclCommand, ZclHandlers
from gbdcc.adapters.wan.devices.prepayment import (
    ALERT_DUPLICATE_UTRN,
    ALERT_UTRN_EXCEEDS_MAX_CREDIT,
    ALERT_UTRN_NOT_AUTHENTIC,
    authenticate_top_up,
)

PREPAYMENT = 0x0705
ALERT_EMERGENCY_CREDIT_ACTIVATED = 0x81AB
ALERT_OVER_MAXIMUM_BALANCE = 0x8F47
ALERT_SUPPLY_ARMED = 0x8F32
TOP_UP_ACCEPTED, TOP_UP_INVALID, TOP_UP_DUPLICATE, TOP_UP_MAX_CREDIT = 0x00, 0x01, 0x02, 0x04
REMOTE_TOP_UP = 0x00  # originating device / source of top-up: the ESI (a remote top-up)


def _alert(ctx: Context, code: int) -> None:
    ctx.extra.setdefault("alerts", []).append(code)
    ctx.state.log(ctx.at, code)


def select_emergency_credit(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    p = ctx.state.prepay
    if not p.prepayment_mode or p.emergency_credit_active or p.meter_balance >= p.emergency_credit_threshold:
        raise Refused("emergency credit not available (credit mode, in use, or credit above its threshold)")
    p.emergency_credit_active, p.emergency_credit_remaining = True, p.emergency_credit_limit
    ctx.state.log(ctx.at, ALERT_EMERGENCY_CREDIT_ACTIVATED)
    if credit_added(ctx.state, ctx.at):
        _alert(ctx, ALERT_SUPPLY_ARMED)
    return [cmd.default_response()]


def change_debt(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.time()
    r.string()  # debt label
    amount, _method, amount_type = r.s32(), r.u8(), r.u8()
    r.take(6)  # recovery start time, collection time
    daily, rate = r.u8() == 1, r.s32()
    percentage = r.le(2)
    p = ctx.state.prepay
    if amount_type > 5 or rate < 0 or (p.debt_recovery_cap and rate > p.debt_recovery_cap):
        raise Refused(f"debt type {amount_type} / recovery rate {rate} (cap {p.debt_recovery_cap})")
    incremental = bool(amount_type & 1)
    if amount_type >= 4:
        value = p.payment_debt + amount if incremental else amount
        if value < 0:
            raise Refused("payment debt below zero")
        p.payment_debt, p.payment_debt_percentage = value, percentage or p.payment_debt_percentage
    else:
        debt = p.time_debts[amount_type // 2]
        value = debt.outstanding + amount if incremental else amount
        if value < 0:
            raise Refused("time debt below zero")
        debt.outstanding, debt.rate, debt.daily = value, rate, daily
    return [cmd.default_response()]


def emergency_credit_setup(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    limit, threshold = r.le(4), r.le(4)
    if threshold > ctx.state.prepay.max_credit_level or limit > ctx.state.prepay.max_credit_level:
        raise Refused("emergency credit above the maximum meter balance")
    ctx.state.prepay.emergency_credit_limit, ctx.state.prepay.emergency_credit_threshold = limit, threshold
    return [cmd.default_response()]


def consumer_top_up(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.u8()  # originating device
    text = r.string().decode("ascii", "replace")
    p = ctx.state.prepay
    try:
        if ctx.security is None:
            raise ValueError(ALERT_UTRN_NOT_AUTHENTIC, "no device keys to check the UTRN with")
        token, counter = authenticate_top_up(ctx.security, text, p.utrn_guard)
        if token.amount > p.max_credit_per_top_up or p.meter_balance + token.amount > p.max_credit_level:
            raise ValueError(ALERT_UTRN_EXCEEDS_MAX_CREDIT, "UTRN above the maximum credit")
    except ValueError as refused:
        code = refused.args[0]
        p.utrn_guard.failures += 1
        _alert(ctx, code)
        result = {ALERT_DUPLICATE_UTRN: TOP_UP_DUPLICATE, ALERT_UTRN_EXCEEDS_MAX_CREDIT: TOP_UP_MAX_CREDIT}
        return [_top_up_response(bytes([result.get(code, TOP_UP_INVALID)]) + b"\xff" * 4 + bytes([REMOTE_TOP_UP])
                                 + b"\xff" * 4)]
    p.utrn_guard.accept(counter)
    if apply_top_up(ctx.state, text, token.amount, ctx.at):
        _alert(ctx, ALERT_SUPPLY_ARMED)
    body = (bytes([TOP_UP_ACCEPTED]) + z.le(token.amount, 4, signed=True) + bytes([REMOTE_TOP_UP])
            + z.le(p.meter_balance, 4, signed=True))
    return [_top_up_response(body)]


def _top_up_response(body: bytes) -> z.Component:
    return z.cluster_response(PREPAYMENT, 0x03, body, disable_default=False)


def credit_adjustment(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    kind, value = r.u8(), r.s32()
    p = ctx.state.prepay
    balance = {0: p.meter_balance + value, 1: value, 2: value, 3: p.meter_balance + value}.get(kind)
    if balance is None:
        raise Refused(f"credit adjustment type {kind}")
    if balance > p.max_credit_level:
        _alert(ctx, ALERT_OVER_MAXIMUM_BALANCE)
        raise Refused(f"meter balance {balance} above the maximum {p.max_credit_level}")
    p.meter_balance = balance
    if credit_added(ctx.state, ctx.at):
        _alert(ctx, ALERT_SUPPLY_ARMED)
    check_disablement(ctx.state, ctx.at, [])
    return [cmd.default_response()]


def change_payment_mode(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    when = r.time()
    config, cut_off = r.le(2), r.s32()
    if when not in (z.NOW_TIME, z.CANCEL_TIME, z.CANCEL_ALL_TIME) and z.from_zigbee_time(when) < ctx.at:
        raise Refused("implementation date-time in the past")
    p = ctx.state.prepay
    if when not in (z.CANCEL_TIME, z.CANCEL_ALL_TIME):
        changed = p.payment_control != config
        p.payment_control, p.disablement_threshold = config, cut_off
        if changed:
            ctx.state.snapshot(ctx.at, CAUSE_MODE_CHANGE)
    friendly = 0x01 if p.friendly_credit is not None else 0x00
    calendar_id = p.friendly_credit.issuer_calendar_id if p.friendly_credit is not None else 0
    body = (bytes([friendly]) + z.le(calendar_id, 4) + z.le(p.emergency_credit_limit, 4)
            + z.le(p.emergency_credit_threshold, 4))
    return [z.cluster_response(PREPAYMENT, 0x02, body)]


def get_top_up_log(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    end, count = time_bound(r.time(), ctx.at), r.u8()
    start = _from(cmd, ctx)
    entries = [e for e in reversed(ctx.state.prepay.top_ups) if start <= e[2] <= end][: count or None]
    if not entries:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = b"\x00\x01" + b"".join(bytes([len(u)]) + u + z.le(v, 4, signed=True) + z.le(z.zigbee_time(t), 4)
                                  for u, v, t in entries)
    return [z.cluster_response(PREPAYMENT, 0x05, body)]


def get_debt_repayment_log(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    end, count, debt_type = time_bound(r.time(), ctx.at), r.u8(), r.u8()
    start = _from(cmd, ctx)
    entries = [e for e in reversed(ctx.state.prepay.debt_payments)
               if start <= e[0] <= end and debt_type in (e[2], 0xFF)][: count or None]
    if not entries:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = b"\x00\x01" + b"".join(z.le(z.zigbee_time(t), 4) + z.le(a, 4) + bytes([k]) + z.le(o, 4)
                                  for t, a, k, o in entries)
    return [z.cluster_response(PREPAYMENT, 0x06, body)]


def _from(cmd: ZclCommand, ctx: Context) -> datetime:
    """The earliest time of a log read: the GBZ from-date-time (GBCS 10.4.2.2)."""
    return time_bound(cmd.from_date_time or 0, datetime.min.replace(tzinfo=ctx.at.tzinfo))


def _setter(apply: str) -> Handler:
    def handler(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
        r = cmd.reader()
        p = ctx.state.prepay
        if apply == "low_credit":
            p.low_credit_threshold = r.le(4)
        elif apply == "max_credit":
            r.take(12)
            level, per_top_up = r.le(4), r.le(4)
            if per_top_up > level:
                raise Refused("maximum credit per top-up above the maximum meter balance")
            p.max_credit_level, p.max_credit_per_top_up = level, per_top_up
        else:
            r.take(12)
            p.debt_recovery_cap = r.s32()
        return [cmd.default_response()]

    return handler


def handlers() -> ZclHandlers:
    h = ZclHandlers()
    for command, handler in ((0x00, select_emergency_credit), (0x02, change_debt), (0x03, emergency_credit_setup),
                             (0x04, consumer_top_up), (0x05, credit_adjustment), (0x06, change_payment_mode),
                             (0x08, get_top_up_log), (0x0A, get_debt_repayment_log),
                             (0x09, _setter("low_credit")), (0x0B, _setter("max_credit")),
                             (0x0C, _setter("debt_cap"))):
        h.on(PREPAYMENT, command, handler)
    h.on(PREPAYMENT, 0x07, get_prepay_snapshot)
    return h

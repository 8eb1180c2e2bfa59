"""Metering cluster (0x0702) commands of the simulated GSME — SIMULATION.

ZSE 1.4 D.3 commands as GBCS uses them (RTDS 4.5.0 vectors):

=========  ====  ==========================================================================
use case   cmd   behaviour
=========  ====  ==========================================================================
GCS32/39   0x0B  Change Supply (off / armed) → Supply Status Response; "on" is refused 0xC0:
                 a GSME valve is never opened remotely, the consumer opens an armed valve
GCS24      0x0D  Set Supply Status (tamper / depletion / uncontrolled-flow states, stored)
GCS24(a)   0x0E  Set Uncontrolled Flow Threshold (stored, read back by GCS21a)
GCS31      0x07  Start Sampling of HAN network data → Start Sampling Response (sample id 2;
                 0xFFFF while a recording is in progress, as the RTDS error vector)
GCS17/18   0x08  Get Sampled Data: id 0 half-hour profile (litres), id 1 daily consumption
                 (the GPF's GCS61), id 2 network data; ``NOT_FOUND`` before the data held
GCS15b/c,  0x06  Get Snapshot (see :mod:`.gas_logs`)
GCS16a
=========  ====  ==========================================================================
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from itertools import pairwise

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_advance import SUPPLY_ARMED, SUPPLY_OFF, slot_of
from gbdcc.adapters.wan.devices.gas_logs import get_metering_snapshot
from gbdcc.adapters.wan.devices.gas_model import HALF_HOUR
from gbdcc.adapters.wan.devices.gas_state import CAUSE_GENERAL, GasState
from gbdcc.adapters.wan.devices.gas_zcl import Context, Refused, ZclCommand, ZclHandlers

METERING = 0x0702
PROFILE_SAMPLES, DAILY_SAMPLES, NETWORK_SAMPLES = 0x0000, 0x0001, 0x0002
MAX_SAMPLES = 0xFFFF
DAILY_INTERVAL = 0xFFFF  # the interval the RTDS GPF reports for its daily consumption log
ALERT_SUPPLY_ARMED = 0x8F32


def change_supply(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    """Change Supply: provider id, issuer event id, request and implementation date-times (4 each),
    proposed supply status, supply control bits."""
    p = cmd.payload
    if len(p) != 18:
        raise Refused(f"Change Supply of {len(p)} bytes (18)", z.STATUS_FAILURE)
    proposed = p[16]
    if proposed not in (SUPPLY_OFF, SUPPLY_ARMED):
        raise Refused("a GSME valve is not opened remotely")
    ctx.state.supply = proposed
    ctx.state.prepay.disabled_for_credit = False
    ctx.state.log(ctx.at, 0x81C1 if proposed == SUPPLY_OFF else ALERT_SUPPLY_ARMED)
    return [z.cluster_response(METERING, 0x0C, p[0:8] + p[12:16] + bytes([proposed]), disable_default=False)]


def set_supply_status(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.time()
    tamper, depletion, flow, _low_limit = r.u8(), r.u8(), r.u8(), r.u8()
    if max(tamper, depletion, flow) > 3:
        raise Refused("supply status states are 0-3")
    c = ctx.state.config
    c.supply_tamper_state, c.supply_depletion_state, c.uncontrolled_flow_state = tamper, depletion, flow
    return [cmd.default_response()]


def set_uncontrolled_flow_threshold(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    threshold, unit, multiplier, divisor, stabilisation, period = r.le(2), r.u8(), r.le(2), r.le(2), r.u8(), r.le(2)
    if divisor == 0 or multiplier == 0 or period == 0:
        raise Refused("uncontrolled flow threshold with a zero multiplier, divisor or period")
    ctx.state.config.uncontrolled_flow = (threshold, unit, multiplier, divisor, stabilisation, period)
    return [cmd.default_response()]


def start_sampling(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.time()
    start_raw, sample_type, interval, count = r.time(), r.u8(), r.le(2), r.le(2)
    current = ctx.state.network_sampling
    busy = current is not None and current[0] + timedelta(seconds=current[1] * current[2]) > ctx.at
    if sample_type != 0 or interval == 0 or count == 0 or busy:
        sample_id = 0xFFFF
    else:
        start = ctx.at if start_raw == z.NOW_TIME else z.from_zigbee_time(start_raw)
        ctx.state.network_sampling, sample_id = (start, interval, count), NETWORK_SAMPLES
    return [z.cluster_response(METERING, 0x0D, z.le(sample_id, 2), disable_default=False)]


def get_sampled_data(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    """Get Sampled Data: sample id (2), earliest sample time (4), sample type (1), number of samples (2)."""
    r = cmd.reader()
    sample_id, earliest, sample_type, wanted = r.le(2), z.from_zigbee_time(r.time()), r.u8(), r.le(2)
    if wanted == 0:
        raise Refused("no samples requested")
    if sample_id == PROFILE_SAMPLES:
        start, interval, samples = profile(ctx.state, earliest, min(wanted, MAX_SAMPLES), ctx.at)
    elif sample_id == DAILY_SAMPLES:
        start, interval, samples = daily_consumption(ctx.state, earliest, wanted)
    elif sample_id == NETWORK_SAMPLES:
        start, interval, samples = network_data(ctx.state, earliest, wanted, ctx.at)
    else:
        raise Refused(f"sample id {sample_id}")
    if not samples:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = (z.le(sample_id, 2) + z.le(z.zigbee_time(start), 4) + bytes([sample_type]) + z.le(interval, 2)
            + z.le(len(samples), 2) + b"".join(z.le(min(s, 0xFFFFFF), 3) for s in samples))
    return [z.cluster_response(METERING, 0x07, body, disable_default=sample_id != NETWORK_SAMPLES)]


def profile(state: GasState, earliest: datetime, wanted: int, now: datetime) -> tuple[datetime, int, list[int]]:
    """Half-hour volumes in litres from the first half hour at or after ``earliest``."""
    start = slot_of(earliest) if earliest == slot_of(earliest) else slot_of(earliest) + HALF_HOUR
    if not state.half_hours or start < min(state.half_hours):
        return start, 1800, []
    samples: list[int] = []
    t = start
    while len(samples) < wanted and t + HALF_HOUR <= now:
        samples.append(round(state.half_hours.get(t, 0.0) * 1000))
        t += HALF_HOUR
    return start, 1800, samples


def daily_consumption(state: GasState, earliest: datetime, wanted: int) -> tuple[datetime, int, list[int]]:
    """Daily volumes in litres: differences of consecutive midnight readings (daily read log)."""
    days = [s for s in state.snapshots if s.cause & CAUSE_GENERAL and s.at >= earliest]
    samples = [round((b.total_m3 - a.total_m3) * 1000) for a, b in pairwise(days)][:wanted]
    return (days[0].at if days else earliest), DAILY_INTERVAL, samples


def network_data(state: GasState, earliest: datetime, wanted: int, now: datetime) -> tuple[datetime, int, list[int]]:
    """HAN network data recorded since GCS31 (simulated link-quality figures 0-3 per interval)."""
    if state.network_sampling is None:
        return earliest, 0, []
    start, interval, count = state.network_sampling
    taken = min(count, int((now - start).total_seconds() // interval), wanted)
    samples = [hashlib.blake2b(z.le(z.zigbee_time(start) + i * interval, 4), digest_size=1).digest()[0] % 4
               for i in range(max(taken, 0))]
    return start, interval, samples


def handlers() -> ZclHandlers:
    h = ZclHandlers()
    for command, handler in ((0x0B, change_supply), (0x0D, set_supply_status), (0x0E, set_uncontrolled_flow_threshold),
                             (0x07, start_sampling), (0x08, get_sampled_data)):
        h.on(METERING, command, handler)
    h.on(METERING, 0x06, get_metering_snapshot)
    return h

"""The GSME's snapshot logs read back — billing data log, daily read log, prepayment daily read log
(GBCS GCS15b / GCS15c / GCS16a / GCS16b; ZSE 1.4 Get Snapshot / Get Prepay Snapshot) — SIMULATION.

A Get (Prepay) Snapshot names a time range, a snapshot offset and a cause mask; the answer is the
``offset``-th most recent snapshot in the range whose cause is in the mask, or ``NOT_FOUND``
(0x8B). Layouts (RTDS 4.5.0 responses, decrypted):

* Publish Snapshot (Metering 0x06): snapshot id (4), time (4), snapshots found (1), command index
  (1), number of commands (1), cause (4), payload type 6, then current summation delivered (6),
  number of tiers (1), four TOU register values (6 each), tiers-and-blocks in use (1), four block
  counters (6 each);
* Publish Prepay Snapshot (Prepayment 0x01): the same header, payload type 0, then accumulated
  debt, time debt 1, time debt 2, payment debt, emergency credit remaining and meter balance
  (4 each, signed where ZSE says so).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_attributes import litres
from gbdcc.adapters.wan.devices.gas_state import GasState, Snapshot
from gbdcc.adapters.wan.devices.gas_zcl import Context, ZclCommand

METERING_SNAPSHOT_TYPE, PREPAY_SNAPSHOT_TYPE = 0x06, 0x00
TIERS_AND_BLOCKS = 0x14  # 1 tier of 4 blocks (the RTDS GSME's value)


def time_bound(raw: int, default: datetime) -> datetime:
    """A ZCL time-range bound: 0 and the cancel values mean 'no bound'."""
    return default if raw in (z.NOW_TIME, z.CANCEL_TIME, z.CANCEL_ALL_TIME) else z.from_zigbee_time(raw)


def select(state: GasState, start: datetime, end: datetime, offset: int, causes: int) -> tuple[Snapshot | None, int]:
    """The ``offset``-th most recent matching snapshot, and how many match."""
    found = [s for s in state.snapshots if start <= s.at <= end and s.cause & causes]
    found.sort(key=lambda s: s.at, reverse=True)
    return (found[offset] if offset < len(found) else None), len(found)


def _header(snap: Snapshot, found: int, payload_type: int) -> bytes:
    return (z.le(snap.snapshot_id, 4) + z.le(z.zigbee_time(snap.at), 4) + bytes([min(found, 255), 0, 1])
            + z.le(snap.cause, 4) + bytes([payload_type]))


def metering_snapshot_payload(snap: Snapshot, found: int) -> bytes:
    return (_header(snap, found, METERING_SNAPSHOT_TYPE) + z.le(litres(snap.total_m3), 6) + bytes([4])
            + b"".join(z.le(litres(v), 6) for v in snap.tiers_m3) + bytes([TIERS_AND_BLOCKS])
            + b"".join(z.le(litres(v), 6) for v in snap.blocks_m3))


def prepay_snapshot_payload(snap: Snapshot, found: int) -> bytes:
    return (_header(snap, found, PREPAY_SNAPSHOT_TYPE) + z.le(snap.accumulated_debt, 4, signed=True)
            + z.le(snap.time_debts[0], 4) + z.le(snap.time_debts[1], 4) + z.le(snap.payment_debt, 4)
            + z.le(snap.emergency_credit, 4, signed=True) + z.le(snap.meter_balance, 4, signed=True))


def get_snapshot(cmd: ZclCommand, ctx: Context, *, prepay: bool) -> list[z.Component]:
    """Get Snapshot (Metering 0x06) / Get Prepay Snapshot (Prepayment 0x07)."""
    r = cmd.reader()
    start = time_bound(r.time(), datetime.min.replace(tzinfo=ctx.at.tzinfo))
    end = time_bound(r.time(), ctx.at)
    offset, causes = r.u8(), r.le(4)
    snap, found = select(ctx.state, start, end, offset, causes)
    if snap is None:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    if prepay:
        return [z.cluster_response(cmd.cluster, 0x01, prepay_snapshot_payload(snap, found))]
    return [z.cluster_response(cmd.cluster, 0x06, metering_snapshot_payload(snap, found))]


def get_prepay_snapshot(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    return get_snapshot(cmd, ctx, prepay=True)


def get_metering_snapshot(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    return get_snapshot(cmd, ctx, prepay=False)

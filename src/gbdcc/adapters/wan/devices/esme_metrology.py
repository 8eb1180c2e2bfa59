"""Registers, profiles and live attributes of the simulated ESME — SIMULATION.

The metrology of :class:`.esme.Esme`: the active import / export / secondary element / reactive registers
are the premises' deterministic consumption model (:mod:`.consumption`) less the energy of the periods
without supply (power lost or load switch open), memoised per instant; the half-hour profile, the
midnights and the daily read log (recorded since the meter started running, computed from the model for
the days before), register snapshots and the six prepayment values; and the live COSEM attributes GET
computes from the state rather than the stored object model (registers, maximum demand, instantaneous
power, supply state, meter balance / emergency credit / debts, clock, firmware identity) that reads such
as ECS17a (export registers), ECS17c (active power), ECS18a / b (maximum demand), ECS27 (load limit
data), ECS45 (supply status), ECS52 (firmware version) and ECS82 (meter balance) return.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.consumption import next_half_hour
from gbdcc.adapters.wan.devices.dlms_logs import u32
from gbdcc.adapters.wan.devices.esme_objects import Key, k
from gbdcc.adapters.wan.devices.esme_state import (
    ACCOUNT,
    ACCUMULATED_DEBT,
    BLOCK_REGISTERS,
    BLOCKS,
    CLOCK,
    DAILY_CAPACITY,
    DEBTS,
    EMERGENCY_CREDIT,
    FIRMWARE,
    HALF_HOUR,
    LOAD_LIMIT_COUNTER,
    MD_EXPORT,
    MD_IMPORT,
    MD_IMPORT_CONFIGURABLE,
    METER_BALANCE,
    MPAN_OBIS,
    PROFILE_CAPACITY,
    SECONDARY_TOU,
    TOU_REGISTERS,
    EsmeState,
    PaymentMode,
    Snapshot,
    SupplyState,
    _i32,
    _scaler_unit,
)


class EsmeMetrology(EsmeState):
    """Registers and profiles from the consumption model, and the live (computed) attributes."""

    def _flowing(self) -> bool:
        return self.powered and self.supply == SupplyState.ENABLED

    def _set_flow(self, at: datetime) -> None:
        """Open / close a no-energy interval when power or the load switch changed."""
        self._registers.clear()
        open_interval = bool(self._off) and self._off[-1][1] is None
        if self._flowing() and open_interval:
            self._off[-1][1] = at
        elif not self._flowing() and not open_interval:
            self._off.append([at, None])

    def _lost(self, t: datetime, fn: Callable[[datetime], int]) -> int:
        lost = 0
        for start, end in self._off:
            assert start is not None
            if start >= t:
                break
            stop = t if end is None or end > t else end
            lost += fn(stop) - fn(start)
        return lost

    def _memo(self, name: str, t: datetime, compute: Callable[[], int]) -> int:
        key = (name, t)
        got = self._registers.get(key)
        if got is None:
            if len(self._registers) > 64:
                self._registers.clear()
            got = self._registers[key] = compute()
        return got

    def import_register(self, t: datetime) -> int:
        """Active import (Wh): the model's energy to ``t`` less the periods without supply."""
        return self._memo("import", t, lambda: self._base_wh + self.model.import_wh(t)
                          - self._lost(t, self.model.import_wh))

    def export_register(self, t: datetime) -> int:
        return self._memo("export", t, lambda: self.model.export_wh(t) - self._lost(t, self.model.export_wh))

    def secondary_register(self, t: datetime) -> int:
        model2 = self.model2
        if model2 is None:
            return 0
        return self._memo("secondary", t, lambda: model2.import_wh(t) - self._lost(t, model2.import_wh))

    def reactive_import(self, t: datetime) -> int:
        return math.floor(self.import_register(t) * self.model.reactive_ratio)

    def _series(self, times: list[datetime], fn: Callable[[datetime], int], base: int = 0) -> list[int]:
        """``base + fn(t) - lost(t)`` for ascending ``times`` (one pass over the no-supply intervals)."""
        out = []
        closed, i = 0, 0
        intervals = self._off
        for t in times:
            while i < len(intervals) and intervals[i][1] is not None and intervals[i][1] <= t:  # type: ignore[operator]
                s, e = intervals[i]
                closed += fn(e) - fn(s)  # type: ignore[arg-type]
                i += 1
            partial = 0
            j = i
            while j < len(intervals) and intervals[j][0] < t:  # type: ignore[operator]
                s, e = intervals[j]
                stop = t if e is None or e > t else e
                partial += fn(stop) - fn(s)  # type: ignore[arg-type]
                j += 1
            out.append(base + fn(t) - closed - partial)
        return out

    @property
    def import_wh(self) -> int:
        """The active import register as of the last :meth:`advance`."""
        return self.import_register(self._updated)

    @property
    def export_wh(self) -> int:
        return self.export_register(self._updated)

    @property
    def mpan(self) -> str | None:
        raw = self.settings[k(1, MPAN_OBIS, 2)].value
        return raw.decode("ascii", "replace") if raw else None

    @property
    def payment_mode(self) -> PaymentMode:
        return PaymentMode(self.settings[k(111, ACCOUNT, 2)].value[0].value)

    @property
    def available_credit(self) -> int:
        return self.balance + self.ec_granted

    def _half_hour_boundaries(self, start: datetime | None, end: datetime | None) -> list[datetime]:
        first = max(self.installed, self._updated - timedelta(minutes=30 * PROFILE_CAPACITY))
        lo = next_half_hour(first)
        if start is not None:
            lo = max(lo, next_half_hour(start - timedelta(microseconds=1)))
        hi = self._updated if end is None else min(end, self._updated)
        out = []
        t = lo
        while t <= hi:
            out.append(t)
            t += HALF_HOUR
        return out

    @property
    def half_hours(self) -> list[tuple[datetime, int]]:
        """The half-hour import profile: (end of the half hour, Wh) since installation (13 months kept)."""
        return self._profile(None, None, self.import_register_fn)

    def import_register_fn(self, t: datetime) -> int:
        return self.model.import_wh(t)

    def _profile(self, start: datetime | None, end: datetime | None,
                 fn: Callable[[datetime], int]) -> list[tuple[datetime, int]]:
        bounds = self._half_hour_boundaries(start, end)
        if not bounds:
            return []
        values = self._series([bounds[0] - HALF_HOUR, *bounds], fn)
        return [(b, values[i + 1] - values[i]) for i, b in enumerate(bounds)]

    def _midnights(self, start: datetime | None, end: datetime | None) -> list[datetime]:
        first = self.installed
        lo = datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(days=1)
        lo = max(lo, self._updated - timedelta(days=DAILY_CAPACITY))
        lo = datetime(lo.year, lo.month, lo.day, tzinfo=UTC)
        hi = self._updated if end is None else min(end, self._updated)
        out = []
        t = lo
        while t <= hi:
            if start is None or t >= start:
                out.append(t)
            t += timedelta(days=1)
        return out

    def daily_snapshots(self, start: datetime | None = None, end: datetime | None = None) -> list[Snapshot]:
        """Daily read log (midnight registers): recorded since the meter started running, computed from
        the consumption model for the days before (single-rate: TOU register 1 = total)."""
        recorded = {s.at: s for s in self._daily}
        days = self._midnights(start, end)
        early = [d for d in days if d not in recorded]
        totals = dict(zip(early, self._series(early, self.model.import_wh, self._base_wh), strict=True))
        seconds = dict(zip(early, self._series(early, self.model2.import_wh), strict=True)) if self.model2 else {}
        out = []
        for d in days:
            if d in recorded:
                out.append(recorded[d])
            else:
                total, sec = totals[d], seconds.get(d, 0)
                out.append(Snapshot(d, total, sec, (total, *(0,) * (TOU_REGISTERS - 1)),
                                    (sec, *(0,) * (SECONDARY_TOU - 1)),
                                    tuple((0,) * BLOCKS for _ in range(BLOCK_REGISTERS)), (0,) * 6))
        return out

    @property
    def daily_reads(self) -> list[tuple[datetime, int]]:
        """(midnight UTC, total import Wh) for every day since installation (731 kept)."""
        return [(s.at, s.total) for s in self.daily_snapshots()]

    def snapshot(self, at: datetime) -> Snapshot:
        return Snapshot(at, self.import_register(at), self.secondary_register(at), tuple(self.tou), tuple(self.tou2),
                        tuple(tuple(r) for r in self.blocks), self.prepay_values())

    def prepay_values(self) -> tuple[int, ...]:
        ec_balance = self.ec_granted - min(self.ec_granted, max(0, -self.balance)) if self.ec_granted else 0
        return (self.balance, ec_balance, self.accumulated_debt, self.debts[3], self.debts[1], self.debts[2])


    # --- live attributes
    def _live_attributes(self) -> dict[Key, Callable[[datetime], DlmsValue]]:
        g: dict[Key, Callable[[datetime], DlmsValue]] = {
            FIRMWARE: lambda at: dd.octets(self.firmware_version.encode()),
            k(3, "1-0:2.8.0.255", 2): lambda at: u32(self.export_register(self._updated)),
            k(3, "1-0:4.8.0.255", 2): lambda at: u32(0),
            k(3, LOAD_LIMIT_COUNTER, 2): lambda at: u32(self.load_limit_count),
            k(1, "0-0:94.44.34.20", 2): lambda at: dd.structure(
                u32(self.model.power_w(at) if self._flowing() else 0), _scaler_unit(0, eo.UNIT_W),
                u32(self.model2.power_w(at) if self.model2 is not None and self._flowing() else 0)),
            k(70, "0-0:96.3.10.255", 3): lambda at: dd.DlmsValue("enum", int(self.supply)),
            k(70, "0-0:96.3.10.255", 2): lambda at: dd.DlmsValue("boolean", self.supply == SupplyState.ENABLED),
            k(8, CLOCK, 2): lambda at: dd.octets(dd.date_time(self.time(at))),
            k(112, METER_BALANCE, 2): lambda at: _i32(self.balance),
            k(112, EMERGENCY_CREDIT, 2): lambda at: _i32(self.prepay_values()[1]),
            k(112, ACCUMULATED_DEBT, 2): lambda at: _i32(self.accumulated_debt),
        }
        for n in range(1, 6):
            g[k(70, f"0-{n}:96.3.10.255", 2)] = (lambda i: lambda at: dd.DlmsValue("boolean", self.switches[i]))(n - 1)
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE, MD_EXPORT):
            g[k(4, obis_text, 2)] = (lambda o: lambda at: u32(self.md[o][0]))(obis_text)
            g[k(4, obis_text, 5)] = (lambda o: lambda at: dd.octets(self._md_time(o)))(obis_text)
        for n, text in DEBTS.items():
            g[k(113, text, 12)] = (lambda i: lambda at: _i32(self.debts[i]))(n)
        return g

    def _md_time(self, obis_text: str) -> bytes:
        captured = self.md[obis_text][1]
        return dd.date_time(self.time(captured)) if captured is not None else eo.NEVER

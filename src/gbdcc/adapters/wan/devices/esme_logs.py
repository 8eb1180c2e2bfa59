"""Log buffers of the simulated ESME — SIMULATION.

The class 7 profile generic buffers read with ``get-with-selection`` and answered as compact-arrays in
the RTDS layout: event, security, power event and auxiliary load control logs (ECS35a-g), the billing
data logs of debt payments (ECS20a) and prepayment credits (ECS20d), the export daily read log (ECS21c),
the export (ECS22a) and reactive import (ECS22c) half-hour profiles, the boost button log (ECS61c) and
the average RMS voltage profile of each phase (configured by ECS29a / b; a quiet synthetic supply).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import obis
from gbdcc.adapters.wan.devices.consumption import hash_unit
from gbdcc.adapters.wan.devices.dlms_logs import U32, event_log, security_log, selection_range, u32, within
from gbdcc.adapters.wan.devices.esme_metrology import EsmeMetrology
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.devices.esme_state import (
    _U32_PAIR,
    ALCS_LOG,
    BOOST_LOG,
    EVENT_LOG,
    POWER_EVENTS,
    POWER_LOG,
    SECURITY_LOG,
    EsmeVariant,
)
from gbdcc.adapters.wan.devices.gbz_codec import zigbee_time


class EsmeLogs(EsmeMetrology):
    """The class 7 buffers answered to get-with-selection."""

    # --- logs (class 7 buffers, get-with-selection)
    def _buffer_table(self) -> dict[bytes, Callable[[DlmsValue | None, datetime], DlmsValue]]:
        b: dict[bytes, Callable[[DlmsValue | None, datetime], DlmsValue]] = {
            obis("0-0:98.1.4.255"): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._debt_payments), u32),
            obis("0-0:98.1.5.255"): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._credits), u32),
            obis("0-0:98.1.10.255"): self._export_daily,
            obis("0-0:99.1.1.255"): self._export_profile,
            obis("0-0:99.1.2.255"): self._reactive_profile,
            obis(EVENT_LOG): self._event_log,
            obis(SECURITY_LOG): self._security_log,
            obis(POWER_LOG): self._power_log,
            obis(ALCS_LOG): self._alcs_rows,
            obis(BOOST_LOG): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._boost_log), u32),
        }
        for phase in range(3 if self.variant == EsmeVariant.POLYPHASE else 1):
            b[obis(f"1-0:{32 + 20 * phase}.24.0.255")] = (lambda p: lambda sel, at: self._voltage(p, sel))(phase)
        return b

    def _export_daily(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        days = self._midnights(start, end)
        values = self._series(days, self.model.export_wh)
        return _rows(_U32_PAIR, list(zip(days, values, strict=True)), u32)

    def _export_profile(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        rows = self._profile(start, end, self.model.export_wh)
        desc = ("structure", (U32, U32, U32))
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(t)), u32(wh), u32(0)) for t, wh in rows)))

    def _reactive_profile(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        rows = self._profile(start, end, self.model.import_wh)
        ratio = self.model.reactive_ratio
        return _rows(_U32_PAIR, [(t, math.floor(wh * ratio)) for t, wh in rows], u32)

    def _voltage(self, phase: int, sel: DlmsValue | None) -> DlmsValue:
        """Average RMS voltage profile (V, one entry per capture period): a quiet synthetic supply."""
        start, end = selection_range(sel)
        period = max(60, self.settings[k(7, f"1-0:{32 + 20 * phase}.24.0.255", 4)].value)
        lo = max(self.installed, self._updated - timedelta(days=31), start or self.installed)
        hi = min(self._updated, end or self._updated)
        t = datetime.fromtimestamp((lo.timestamp() // period + 1) * period, tz=UTC)
        rows: list[tuple[datetime, int]] = []
        while t <= hi and len(rows) < 2000:
            rows.append((t, 2300 + int(40 * hash_unit(self.eui.hex, phase, int(t.timestamp())))))
            t += timedelta(seconds=period)
        return _rows(_U32_PAIR, rows, u32)

    def _event_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        return event_log((e for e in self.events[self._events_cleared:] if e.code not in POWER_EVENTS), sel)

    def _security_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        return security_log(self.security.log, sel)

    def _power_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        desc = ("structure", (U32, ("long-unsigned",), U32))
        start, end = selection_range(sel)
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(e.at)), dd.DlmsValue("long-unsigned", e.code), u32(0))
            for e in self.events if e.code in POWER_EVENTS and within(e.at, start, end))))

    def _alcs_rows(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        desc = ("structure", (U32, ("long-unsigned",), ("enum",), U32))
        start, end = selection_range(sel)
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(t)), dd.DlmsValue("long-unsigned", code & 0xFFFF),
                         dd.DlmsValue("enum", state), u32(level))
            for t, code, state, level in self._alcs_log if within(t, start, end))))


def _in(sel: DlmsValue | None, rows: deque[tuple[datetime, int]]) -> list[tuple[datetime, int]]:
    start, end = selection_range(sel)
    return [(t, v) for t, v in rows if within(t, start, end)]


def _rows(desc: tuple[object, ...], rows: list[tuple[datetime, int]],
          conv: Callable[[int], DlmsValue]) -> DlmsValue:
    return dd.DlmsValue("compact-array", (desc, tuple(dd.structure(u32(zigbee_time(t)), conv(v)) for t, v in rows)))

"""Supply, load control, clock and counter methods of the simulated ESME — SIMULATION.

The DLMS methods (class 9 scripts and resets) that act on the meter rather than on its credit: the
disconnect control script table of ECS42 / ECS43 / ECS44 (supply enable, disable, arm), the auxiliary
load control and auxiliary proportional controller script tables (ECS47 / ECS47a / ECS46c schedules),
the load limit counter reset, the RMS voltage counter resets (sag / swell), the maximum demand register
reset of ECS57, the event log / auxiliary load control log clears of ECS15a / ECS15c and the clock
preset and adjust of ECS70 (which commissions the meter).
"""

from __future__ import annotations

from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import NULL, OBJECT_UNAVAILABLE, OTHER_REASON, SUCCESS, TYPE_UNMATCHED, DlmsOutcome
from gbdcc.adapters.wan.devices.esme_metrology import EsmeMetrology
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.devices.esme_state import (
    ALERT_EVENT_LOG_CLEARED,
    ALERT_SUPPLY_ARMED,
    MD_RESET_TIME,
    SUPPLY_ARM,
    SUPPLY_DISABLE,
    SUPPLY_ENABLE,
    SupplyState,
    _Command,
)


class EsmeControl(EsmeMetrology):
    """The supply, auxiliary load control, reset, log clear and clock methods."""

    def _supply_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS42 / 43 / 44: the disconnect control script table (51 enable, 52 disable, 54 arm)."""
        states = {SUPPLY_ENABLE: SupplyState.ENABLED, SUPPLY_DISABLE: SupplyState.DISABLED,
                  SUPPLY_ARM: SupplyState.ARMED}
        state = states.get(value.value)
        if state is None:
            return OBJECT_UNAVAILABLE, NULL
        self.supply = state
        self._credit_cut = False
        self._set_flow(ctx.at)
        self.log_event(ctx.at, ctx.msg.message_code, f"supply {state.name.lower()}")
        if state == SupplyState.ARMED:
            ctx.alerts.append(ALERT_SUPPLY_ARMED)
        return SUCCESS, NULL


    def _alcs_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """Auxiliary load control script table (ECS47 / ECS47a / ECS46c schedules): selector = switch n × 256 +
        action (low bits 1 on / 2 off, 0x10 + n timed on / off, 0x20 reset to schedule; 0x80 + level: an
        auxiliary controller's commanded state)."""
        selector = int(value.value)
        switch, action = selector >> 8, selector & 0xFF
        if 0x10 < switch <= 0x2F:  # auxiliary controller N (0x10 + N, input 0x20 + N): level
            self.apc_level = action & 0x7F
            self._alcs_log.append((ctx.at, selector, 1, action & 0x7F))
            return SUCCESS, NULL
        if not 1 <= switch <= 5:
            return OBJECT_UNAVAILABLE, NULL
        on = (action & 0x0F) == 1 or ((action & 0xF0) == 0x10 and (action & 0x0F) != 2)
        if (action & 0xF0) == 0x20:
            on = False
        self.switches[switch - 1] = on
        self._alcs_log.append((ctx.at, selector, int(on), 0))
        self.log_event(ctx.at, 0x8154, f"auxiliary load {switch} {'on' if on else 'off'}")
        return SUCCESS, NULL

    def _apc_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        self.apc_level = int(value.value)
        self._alcs_log.append((ctx.at, int(value.value), 2, self.apc_level))
        return SUCCESS, NULL


    def _reset_load_limit_counter(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        self.load_limit_count = 0
        return SUCCESS, NULL

    def _reset_voltage_counter(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        return SUCCESS, NULL  # sag / swell counters are 0 (voltage events are not simulated)

    def _reset_md(self, obis_text: str, ctx: _Command) -> DlmsOutcome:
        """ECS57: reset a maximum demand register (its reset time is recorded)."""
        self.md[obis_text] = (0, None)
        self.settings[k(1, MD_RESET_TIME[obis_text], 2)] = dd.octets(dd.date_time(ctx.now))
        return SUCCESS, NULL

    def _clear_log(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS15a / ECS15c: clear the event log / the auxiliary load control event log."""
        if ctx.msg.message_code == 0x00C1:
            self._alcs_log.clear()
        else:
            self._events_cleared = len(self.events)
        self.log_event(ctx.at, ALERT_EVENT_LOG_CLEARED, "event log cleared")
        return SUCCESS, NULL

    def _preset_time(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS70: preset_adjusting_time (preset, validity interval start, end)."""
        if value.type != "structure" or len(value.value) != 3:
            return TYPE_UNMATCHED, NULL
        self._preset = tuple(decode_dlms_datetime(v.value) for v in value.value)
        return SUCCESS, NULL

    def _adjust_to_preset_time(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS70: adjust the clock: when the meter's time is outside the validity interval the DCC gave,
        it is set to the interval's start (the DCC's time when it sent the command)."""
        preset = self._preset
        if preset is None:
            return OTHER_REASON, NULL
        target, start, end = preset
        now = self.time(ctx.at)
        if target is not None:
            self.clock_offset = target - ctx.at
        elif start is not None and end is not None and not start <= now <= end:
            self.clock_offset = start - ctx.at
        self.commissioned = True
        self.log_event(ctx.at, 0x8F69, "clock set / commissioned (ECS70)")
        return SUCCESS, NULL

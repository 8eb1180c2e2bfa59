"""Time stepping of the simulated ESME — SIMULATION.

:meth:`EsmeAdvance.advance` steps half hour by half hour from the last time the meter was used: the rate in
force receives the energy (TOU / block registers and counters, secondary element), the price, standing
charge and time-based debt recovery are charged to the meter balance (in prepayment mode stopping at the
exact second the credit reaches the disablement threshold), maximum demand and load limiting (0x8F01,
0x8F33, 0x8F34; configured by ECS28a, read by ECS27) are updated at each half hour, and at midnight the
daily read and prepayment daily read logs are written, the billing calendar (ECS30 / ECS30a) writes the
billing data log (read by ECS20c / ECS21a / ECS21b) and the daily block counter reset (ECS48) applies. With
a scheduler the meter wakes itself at the predicted next credit event; power loss and restoration (0x8F57,
0x8F35 / 0x8F36) come from the hub.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gbdcc.adapters.wan.devices.base import HeldWork
from gbdcc.adapters.wan.devices.consumption import next_half_hour
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.devices.esme_prepay import EsmePrepayment
from gbdcc.adapters.wan.devices.esme_state import (
    ACCOUNT,
    ALERT_BILLING_DATA_LOG,
    ALERT_DEBT_CLEARED,
    ALERT_LOAD_LIMIT,
    ALERT_LOAD_LIMIT_DISABLED,
    ALERT_LOAD_LIMIT_RESTORED,
    ALERT_SUPPLY_INTERRUPTED,
    ALERT_SUPPLY_RESTORED,
    ALERT_SUPPLY_RESTORED_LONG,
    BLOCK_REGISTERS,
    BLOCKS,
    HALF_HOUR,
    MD_EXPORT,
    MD_IMPORT,
    MD_IMPORT_CONFIGURABLE,
    SECONDARY_CALENDAR,
    SECONDARY_TOU,
    PaymentMode,
    SupplyState,
)
from gbdcc.adapters.wan.devices.esme_tariff import EsmeTariff, _date_matches


class EsmeAdvance(EsmeTariff, EsmePrepayment):
    """Half-hour stepping: energy into registers, charges, maximum demand, load limit, daily logs."""

    # --- stepping
    def advance(self, at: datetime) -> None:
        """Bring the meter's state to ``at`` (half hour by half hour since it was last used)."""
        t = self._updated
        while t < at:
            boundary = next_half_hour(t)
            end = min(boundary, at)
            t = self._step(t, end)
            self._updated = t
            if t == boundary:
                self._close_half_hour(t)
                if t.hour == 0 and t.minute == 0:
                    self._close_day(t)
        self._updated = max(self._updated, at)
        self._plan_wakeup()


    def _apply(self, a: datetime, b: datetime) -> None:
        e, e2, cost, standing, recovery = self._charges(a, b)
        sel, _ = self._rate_of(a)
        if 101 <= sel <= 108:
            rate = sel - 100
            block = self._block_of(rate)
            self.blocks[rate - 1][block] += e
            self.block_counters[rate - 1][block] += e
        else:
            self.tou[sel - 1] += e
        if e2:
            sel2 = self._selector(a, SECONDARY_CALENDAR, "0-0:11.0.1.255", 201)
            self.tou2[max(1, min(SECONDARY_TOU, sel2 - 200)) - 1] += e2
        charge = self._take("energy", cost) + self._take("standing", standing)
        for n, amount in recovery.items():
            got = min(self.debts[n], self._take(f"debt{n}", amount))
            self.debts[n] -= got
            charge += got
            if self.debts[n] == 0:
                self.raise_alert(ALERT_DEBT_CLEARED[n], b)
        self.balance -= charge
        if self.payment_mode == PaymentMode.PREPAYMENT:
            self._credit_alerts(b)


    def _step(self, a: datetime, b: datetime) -> datetime:
        """Process [a, b) (within one half hour); stop early at the second the credit runs out."""
        prepay = self.payment_mode == PaymentMode.PREPAYMENT and self._flowing()
        if prepay:
            threshold = self._disablement_threshold()
            before = self.available_credit
            if before <= threshold:
                self._cut_for_credit(a)
                self._apply(a, b)
                return b
            _, _, cost, standing, recovery = self._charges(a, b)
            spend = cost + standing + sum(recovery.values()) + sum(self._residual.values())
            if before > threshold >= before - spend:
                lo, hi = a, b
                while (hi - lo).total_seconds() > 1:
                    mid = lo + (hi - lo) / 2
                    _, _, cost, standing, recovery = self._charges(a, mid)
                    if before - (cost + standing + sum(recovery.values())) <= threshold:
                        hi = mid
                    else:
                        lo = mid
                cut = hi.replace(microsecond=0) + (timedelta(seconds=1) if hi.microsecond else timedelta(0))
                cut = min(cut, b)
                self._apply(a, cut)
                if self.available_credit > threshold:  # rounding: take the last unit
                    self.balance = threshold - self.ec_granted
                self._cut_for_credit(cut)
                return cut
        self._apply(a, b)
        return b


    def _close_half_hour(self, b: datetime) -> None:
        demand = 2 * (self.import_register(b) - self.import_register(b - HALF_HOUR))
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE):
            if demand > self.md[obis_text][0]:
                self.md[obis_text] = (demand, b)
        export = 2 * (self.export_register(b) - self.export_register(b - HALF_HOUR))
        if export > self.md[MD_EXPORT][0]:
            self.md[MD_EXPORT] = (export, b)
        threshold = self.settings[k(71, "0-0:17.0.0.255", 4)].value
        if threshold and demand > threshold:
            self.load_limit_count += 1
            self.log_event(b, ALERT_LOAD_LIMIT, f"half-hour demand {demand} W above {threshold} W")
            self.raise_alert(ALERT_LOAD_LIMIT, b)
            if self.settings[k(9000, "0-0:94.44.0.3", 2)].value and self.supply == SupplyState.ENABLED:
                self.supply = SupplyState.ARMED
                self._set_flow(b)
                self.raise_alert(ALERT_LOAD_LIMIT_DISABLED, b)
                restore = b + timedelta(seconds=max(60, self.settings[k(71, "0-0:17.0.0.255", 7)].value))
                self.hold(HeldWork(restore, ("load-limit",), self._load_limit_restored, "load limit restoration"))

    def _load_limit_restored(self, due: datetime) -> list[bytes]:
        self.advance(due)
        if self.supply != SupplyState.ARMED:
            return []
        self.supply = SupplyState.ENABLED
        self._set_flow(due)
        return [self.security.alert(ALERT_LOAD_LIMIT_RESTORED, due)]

    def _close_day(self, midnight: datetime) -> None:
        self._daily.append(self.snapshot(midnight))
        self._prepay_daily.append((midnight, self.prepay_values()))
        local = self.time(midnight)
        for entry in self.settings[k(22, "0-0:15.0.0.255", 4)].value:
            if _date_matches(entry.value[1].value, local):
                self._billing.append(self.snapshot(midnight))
                self.log_event(midnight, ALERT_BILLING_DATA_LOG, "billing data log updated")
                break
        for entry in self.settings[k(22, "0-0:15.1.0.255", 4)].value:
            if _date_matches(entry.value[1].value, local):
                self.block_counters = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
                break

    def _plan_wakeup(self) -> None:
        """With a scheduler: wake at the predicted next credit event (low credit / disablement) so its
        alert goes out at its time, not at the next command."""
        if self.scheduler is None or self.payment_mode != PaymentMode.PREPAYMENT or not self._flowing():
            return
        now = self._updated
        credit = float(self.available_credit)
        low = self.settings[k(111, ACCOUNT, 16)].value
        targets = [self._disablement_threshold()] + ([low] if "low" not in self._latched else [])
        t = now
        horizon = now + timedelta(days=14)
        while t < horizon:
            end = next_half_hour(t)
            _, _, cost, standing, recovery = self._charges(t, end)
            credit -= cost + standing + sum(recovery.values())
            if any(credit <= target for target in targets):
                break
            t = end
        else:
            return
        self._wake_token += 1
        token = self._wake_token
        delay = max(1.0, (next_half_hour(t) - self.scheduler.now()).total_seconds())

        def wake() -> None:
            if token == self._wake_token and self.scheduler is not None:
                self.advance(self.scheduler.now())

        self.scheduler.call_later(delay, wake)

    # --- power (the hub calls these)
    def power_lost(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = False
        self._set_flow(at)
        self._outage_from = at
        self.log_event(at, ALERT_SUPPLY_INTERRUPTED, "supply interrupted")
        return [ALERT_SUPPLY_INTERRUPTED]

    def power_restored(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = True
        self._set_flow(at)
        started = self._outage_from or at
        self._outage_from = None
        code = ALERT_SUPPLY_RESTORED_LONG if at - started >= timedelta(minutes=3) else ALERT_SUPPLY_RESTORED
        self.log_event(at, code, f"supply restored after {(at - started).total_seconds():.0f} s")
        return [code]

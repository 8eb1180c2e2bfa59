"""Prepayment and credit of the simulated ESME — SIMULATION.

The meter balance, emergency credit and debts: low credit (0x810D) and emergency credit available
(0x8119) alerts, supply interruption when the credit falls below the disablement threshold (0x8F0F,
0x81AA) and arming when it is back; the credit methods ECS04a (adjust meter balance), ECS04b (set meter
balance / emergency credit / accumulated debt), ECS09 (activate emergency credit), ECS07 (debt recovery
rate activation and debt adjustment); and the CS01a top-up, a UTRN verified as GBCS 14 defines
(:mod:`.prepayment`) that collects payment-based debt first and repays emergency credit.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.base import NULL, OTHER_REASON, SUCCESS, TYPE_UNMATCHED, DlmsOutcome
from gbdcc.adapters.wan.devices.esme_metrology import EsmeMetrology
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.devices.esme_state import (
    ACCOUNT,
    ALERT_ARMED_BY_EC,
    ALERT_DEBT_CLEARED,
    ALERT_DISABLEMENT,
    ALERT_EC_ACTIVATED,
    ALERT_EC_AVAILABLE,
    ALERT_EC_EXHAUSTED,
    ALERT_LOW_CREDIT,
    ALERT_SUPPLY_ARMED,
    DEBTS,
    EMERGENCY_CREDIT,
    METER_BALANCE,
    SupplyState,
    _Command,
)
from gbdcc.adapters.wan.devices.prepayment import authenticate_top_up


class EsmePrepayment(EsmeMetrology):
    """Credit alerts, disablement and re-arming, the credit methods and the CS01a top-up."""

    def _disablement_threshold(self) -> int:
        return int(self.settings[k(9000, "0-0:94.44.128.22", 2)].value)


    def _credit_alerts(self, at: datetime) -> None:
        low = self.settings[k(111, ACCOUNT, 16)].value
        if self.available_credit < low and "low" not in self._latched:
            self._latched.add("low")
            self.log_event(at, ALERT_LOW_CREDIT, "low credit")
            self.raise_alert(ALERT_LOW_CREDIT, at)
        threshold = self.settings[k(112, EMERGENCY_CREDIT, 10)].value
        if not self.ec_granted and self.balance < threshold and "ec" not in self._latched:
            self._latched.add("ec")
            self.raise_alert(ALERT_EC_AVAILABLE, at)

    def _cut_for_credit(self, at: datetime) -> None:
        self.supply = SupplyState.DISABLED
        self._credit_cut = True
        self._set_flow(at)
        self.log_event(at, ALERT_DISABLEMENT, "supply interrupted: credit below the disablement threshold")
        if self.ec_granted:
            self.raise_alert(ALERT_EC_EXHAUSTED, at)
        self.raise_alert(ALERT_DISABLEMENT, at)

    def _restore_after_credit(self, at: datetime, alert: int = ALERT_SUPPLY_ARMED) -> list[int]:
        """Credit is back above the disablement threshold: arm the supply (the simulated consumer then
        presses the button at once)."""
        if not self._credit_cut or self.available_credit <= self._disablement_threshold():
            return []
        self._credit_cut = False
        self.supply = SupplyState.ENABLED
        self._set_flow(at)
        self.log_event(at, alert, "supply armed, then enabled by the consumer")
        if self.available_credit >= self.settings[k(111, ACCOUNT, 16)].value:
            self._latched.discard("low")
        return [alert]


    def _adjust_balance(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS04a: adjust the meter balance by an amount."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        self.balance += int(value.value)
        ctx.alerts.extend(self._restore_after_credit(ctx.at))
        return SUCCESS, NULL

    def _set_credit(self, which: str, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS04b: set the meter balance / emergency credit / accumulated debt to a value (0: reset)."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        if which == METER_BALANCE:
            self.balance = int(value.value)
        elif which == EMERGENCY_CREDIT:
            self.ec_granted = max(0, int(value.value))
        else:
            self.accumulated_debt = int(value.value)
        return SUCCESS, NULL

    def _activate_emergency_credit(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS09: emergency credit, when the balance is below the emergency credit threshold."""
        if self.ec_granted:
            return SUCCESS, NULL
        if self.balance >= self.settings[k(112, EMERGENCY_CREDIT, 10)].value:
            return OTHER_REASON, NULL
        self.ec_granted = int(self.settings[k(112, EMERGENCY_CREDIT, 9)].value)
        self.log_event(ctx.at, ALERT_EC_ACTIVATED, "emergency credit activated")
        ctx.alerts.extend(self._restore_after_credit(ctx.at, ALERT_ARMED_BY_EC))
        return SUCCESS, NULL

    def _activate_debt_rate(self, n: int, ctx: _Command) -> DlmsOutcome:
        """ECS07: activate the passive debt recovery rate of time-based debt n."""
        self.settings[k(113, DEBTS[n], 5)] = self.settings[k(113, DEBTS[n], 6)]
        return SUCCESS, NULL

    def _update_debt(self, n: int, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS07: add to a debt register (time debt 1 / 2, payment debt)."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        self.debts[n] = max(0, self.debts[n] + int(value.value))
        return SUCCESS, NULL


    # --- CS01a top-up
    def _top_up(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """CS01a: a UTRN made by the Supplier with its prepayment top-up key (GBCS 14, :mod:`.prepayment`),
        checked against the Supplier's prepayment top-up trust anchor. Refusals answer other-reason
        with the GBCS alert (0x8F63 not authentic, 0x8F51 duplicate / replay, 0x8F5B above the maximum
        credit threshold, 0x8F47 above the maximum meter balance)."""
        if value.type != "octet-string":
            return TYPE_UNMATCHED, NULL
        try:
            token, counter = authenticate_top_up(self.security, value.value.decode("ascii", "replace"),
                                                 self.utrn_guard)
            if token.amount > self.settings[k(9000, "0-0:94.44.2.10", 2)].value:
                raise ValueError(0x8F5B, "UTRN exceeds the maximum credit threshold")
            if self.balance + token.amount > self.settings[k(9000, "0-0:94.44.2.20", 2)].value:
                raise ValueError(0x8F47, "credit would exceed the maximum meter balance")
        except ValueError as refused:
            code, reason = refused.args[0], refused.args[-1]
            self.utrn_guard.failures += 1
            self.log_event(ctx.at, code, f"top-up refused: {reason}")
            ctx.alerts.append(code)
            return OTHER_REASON, NULL
        self.utrn_guard.accept(counter)
        self.credit(token.amount, ctx.at)
        ctx.alerts.extend(self._restore_after_credit(ctx.at))
        return SUCCESS, NULL

    def credit(self, amount: int, at: datetime) -> None:
        """Apply a top-up: payment-based debt first (its share of the payment), then the balance."""
        share = self.settings[k(113, DEBTS[3], 13)].value  # % × 100 of each payment
        collected = min(self.debts[3], amount * share // 10_000)
        if collected:
            self.debts[3] -= collected
            self._debt_payments.append((at, collected))
            if self.debts[3] == 0:
                self.raise_alert(ALERT_DEBT_CLEARED[3], at)
        self.balance += amount - collected
        if self.balance >= 0:
            self.ec_granted = 0
        self._credits.append((at, amount))
        self.log_event(at, 0x0007, f"top-up {amount / eo.MONEY:.2f}")
        if self.available_credit >= self.settings[k(112, EMERGENCY_CREDIT, 10)].value:
            self._latched.discard("ec")

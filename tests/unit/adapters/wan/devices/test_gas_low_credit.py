"""The GSME's low-credit alert (0x810D, Combined Credit Below Low Credit Threshold) fires once per crossing of
combined credit — the meter balance plus emergency credit in use — not each time emergency credit tops the
meter balance back up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gbdcc.adapters.wan.devices.gas_advance import ALERT_LOW_CREDIT, charge
from gbdcc.adapters.wan.devices.gas_state import PREPAYMENT_BIT, GasState

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def test_one_low_credit_alert_per_crossing_of_combined_credit() -> None:
    state = GasState()
    p = state.prepay
    p.payment_control |= PREPAYMENT_BIT
    p.meter_balance, p.low_credit_threshold, p.disablement_threshold = 600_000, 500_000, -10**9
    p.emergency_credit_active, p.emergency_credit_remaining = False, 0
    alerts: list[tuple[int, datetime]] = []
    charge(state, 200_000, T0, alerts)  # 600p → 400p: crosses once
    for i in range(20):  # spending on: no new crossing
        charge(state, 10_000, T0 + timedelta(minutes=30 * i), alerts)
    assert [code for code, _ in alerts].count(ALERT_LOW_CREDIT) == 1

    state.prepay.meter_balance = 600_000  # topped up; emergency credit (10 £) in use besides
    state.prepay.emergency_credit_active, state.prepay.emergency_credit_remaining = True, 1_000_000
    again: list[tuple[int, datetime]] = []
    charge(state, 200_000, T0, again)  # the meter balance crosses 500p, combined credit (1,400p) does not
    assert [code for code, _ in again].count(ALERT_LOW_CREDIT) == 0

"""A cold snap on a simulated prepayment premises (ESME + GSME): compared with the same premises without it,
consumption doubles inside the window and only there, the registers still equal the sum of the profile,
maximum demand rises and prepayment credit runs down faster — SIMULATION."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from gbdcc.adapters.wan.devices.esme import MD_IMPORT, Esme
from gbdcc.adapters.wan.devices.factory import simulate_premises
from gbdcc.adapters.wan.devices.gas_model import GasModel
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scenario.demand import ColdSnapGas, DemandWindow, apply_cold_snap, with_gas_window
from gbdcc.adapters.wan.scenario.model import DemandFuel
from gbdcc.domain.inventory import DeviceType

if TYPE_CHECKING:
    from conftest import Keys

pytestmark = pytest.mark.oracle  # the RTDS organisation keys are the meters' trust anchors
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SEED = b"scenario-demand-tests-0123456789"
HOURS_6 = timedelta(hours=6)


def premises_hub(keys: Keys) -> CommunicationsHub:
    premises = next(p for p in generate_estate(200, seed=1)
                    if p.device(DeviceType.GSME) and p.device(DeviceType.ESME) and p.prepayment)
    return simulate_premises(premises, derived_keys(SEED), keys.anchors, T0)


def meters(hub: CommunicationsHub) -> tuple[Esme, Gsme]:
    esme = next(d for d in hub.devices.values() if isinstance(d, Esme))
    gsme = next(d for d in hub.devices.values() if isinstance(d, Gsme))
    return esme, gsme


def test_a_cold_snap_doubles_demand_inside_its_window_only(keys: Keys) -> None:
    cold, base = premises_hub(keys), premises_hub(keys)
    window = DemandWindow(T0, 2.0)
    assert apply_cold_snap(cold, window, DemandFuel.BOTH, T0) == 2
    (e_cold, g_cold), (e_base, g_base) = meters(cold), meters(base)
    end = T0 + HOURS_6
    gas_at_t0 = g_cold.register_m3, g_base.register_m3
    assert gas_at_t0[0] == gas_at_t0[1]
    for device in (e_cold, g_cold, e_base, g_base):
        device.advance(end)
    assert e_cold.import_wh - e_cold.import_register(T0) == 2 * (e_base.import_wh - e_base.import_register(T0))
    assert g_cold.register_m3 - gas_at_t0[0] == pytest.approx(2 * (g_base.register_m3 - gas_at_t0[1]), rel=1e-6)
    assert e_cold.md[MD_IMPORT][0] > e_base.md[MD_IMPORT][0]  # maximum demand moves with the demand
    assert e_cold.balance < e_base.balance and g_cold.state.prepay.meter_balance < g_base.state.prepay.meter_balance
    profile = [wh for t, wh in e_cold.half_hours if T0 < t <= end]
    assert sum(profile) == e_cold.import_wh - e_cold.import_register(T0)  # registers = Σ profile, still
    window.end = end  # the cold snap is over: the same rate as without it
    later = end + HOURS_6
    e_cold.advance(later)
    e_base.advance(later)
    assert e_cold.import_register(later) - e_cold.import_register(end) == (
        e_base.import_register(later) - e_base.import_register(end))


def test_a_cold_snap_on_one_fuel_leaves_the_other_meter_alone(keys: Keys) -> None:
    hub = premises_hub(keys)
    esme, gsme = meters(hub)
    model = gsme.model
    assert apply_cold_snap(hub, DemandWindow(T0, 1.5), DemandFuel.ELECTRICITY, T0) == 1
    assert gsme.model is model and esme.model.windows[0].multiplier == 1.5  # type: ignore[attr-defined]


def test_windows_stack_and_gas_half_hours_scale() -> None:
    model = GasModel(seed=42)
    first, second = DemandWindow(T0, 2.0, T0 + HOURS_6), DemandWindow(T0 + timedelta(hours=3), 1.5)
    snapped = with_gas_window(with_gas_window(model, first), second)
    assert isinstance(snapped, ColdSnapGas) and snapped.windows == (first, second)
    slot = T0 + timedelta(hours=4)
    assert snapped.half_hour_kwh(slot) == pytest.approx(3.0 * model.half_hour_kwh(slot))
    assert snapped.half_hour_kwh(T0 - timedelta(hours=1)) == model.half_hour_kwh(T0 - timedelta(hours=1))
    assert snapped.seed == model.seed and snapped.customer == model.customer

"""A cold snap on the simulated meters: their demand multiplied over a period — SIMULATION.

The meters' consumption models stay pure functions of time (``devices/consumption.py``,
``devices/gas_model.py``): a :class:`DemandWindow` multiplies what the model draws from its start to its
end (open while the cold snap lasts), so every reading derived from the model moves with it — the
ESME's registers, half-hour profile and daily logs, its maximum demand (the half hour's power), the
charges taken from prepayment credit (and the credit alerts they lead to); the GSME's volume, its logs
and its credit. The registers still equal the sum of the profile.

The windows are attached when the cold snap begins, to meters whose state has not moved past that
instant, so nothing already recorded changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime

from gbdcc.adapters.wan.devices.consumption import ConsumptionModel
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.devices.gas_model import GasModel
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.scenario.model import DemandFuel


@dataclass
class DemandWindow:
    """Demand × ``multiplier`` from ``start`` to ``end`` (None: until the cold snap ends)."""

    start: datetime
    multiplier: float
    end: datetime | None = None

    def covers(self, t: datetime) -> bool:
        return self.start <= t and (self.end is None or t < self.end)


class ColdSnapElectricity(ConsumptionModel):
    """An ESME's consumption model with demand windows: the base model's import plus, for each window,
    (multiplier − 1) × what the base draws inside it. Export (solar) is unchanged."""

    def __init__(self, base: ConsumptionModel, windows: list[DemandWindow]) -> None:
        super().__init__(base.seed, base.origin, customer=base.customer, annual_import_kwh=base.annual_import_kwh,
                         solar_kwp=base.solar_kwp, reactive_ratio=base.reactive_ratio)
        self.base = base
        self.windows = windows

    def import_wh(self, t: datetime) -> int:
        extra = 0.0
        for w in self.windows:
            if t <= w.start:
                continue
            end = t if w.end is None or t < w.end else w.end
            extra += (w.multiplier - 1.0) * (self.base.import_wh(end) - self.base.import_wh(w.start))
        return self.base.import_wh(t) + math.floor(extra)

    def export_wh(self, t: datetime) -> int:
        return self.base.export_wh(t)


@dataclass(frozen=True, slots=True)
class ColdSnapGas(GasModel):
    """A GSME's gas model with demand windows: a half hour starting in a window draws × its multiplier."""

    windows: tuple[DemandWindow, ...] = ()

    def half_hour_kwh(self, start: datetime) -> float:
        kwh = GasModel.half_hour_kwh(self, start)
        for w in self.windows:
            if w.covers(start):
                kwh *= w.multiplier
        return kwh


def with_electricity_window(model: ConsumptionModel, window: DemandWindow) -> ColdSnapElectricity:
    if isinstance(model, ColdSnapElectricity):
        model.windows.append(window)
        return model
    return ColdSnapElectricity(model, [window])


def with_gas_window(model: GasModel, window: DemandWindow) -> ColdSnapGas:
    windows = (*model.windows, window) if isinstance(model, ColdSnapGas) else (window,)
    return ColdSnapGas(**{f.name: getattr(model, f.name) for f in fields(GasModel)}, windows=windows)


def apply_cold_snap(hub: CommunicationsHub, window: DemandWindow, fuel: DemandFuel, at: datetime) -> int:
    """Attach ``window`` to the meters of ``hub`` burning ``fuel``, brought to ``at`` first (so nothing
    recorded changes); returns the number of meters it applies to."""
    meters = 0
    for device in hub.devices.values():
        if isinstance(device, Esme) and fuel is not DemandFuel.GAS:
            device.advance(at)
            device.model = with_electricity_window(device.model, window)
            if device.model2 is not None:
                device.model2 = with_electricity_window(device.model2, window)
            device.advance(at)  # plans its next credit wake-up with the new demand
            meters += 1
        elif isinstance(device, Gsme) and fuel is not DemandFuel.ELECTRICITY:
            device.advance(at)
            device.model = with_gas_window(device.model, window)
            meters += 1
    return meters

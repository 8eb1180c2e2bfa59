"""Deterministic half-hourly gas consumption of a simulated premises — SIMULATION.

The volume drawn in a half hour is a **pure function of the half hour** (and of the premises' seed
and customer class): a lazily created GSME computes the same history as one that ran since
installation, and two runs with the same seed agree. The shape is illustrative (not a settlement
profile): a seasonal factor peaking in mid-January, morning and evening heating peaks, a little
overnight use, and a per-half-hour noise factor drawn from a keyed hash of the slot.

A prepayment consumer tops up (a UTRN entered at the meter) the morning after credit falls below
the low credit threshold, and opens an armed valve at the next half hour; both habits can be
switched off (``top_up_pennies=0``, ``opens_armed_valve=False``).

Annual consumption per customer class follows the Ofgem typical domestic consumption values
(low 7,500 / medium 11,500 / high 17,000 kWh a year); volumes are converted with the calorific value
and volume correction the meter is configured with (GCS23), by default 39.5 MJ/m³ and 1.02264.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

HALF_HOUR = timedelta(minutes=30)
HALF_HOURS_PER_YEAR = 17520
DEFAULT_CALORIFIC_VALUE = 39.5  # MJ/m³
DEFAULT_VOLUME_CORRECTION = 1.02264
MJ_PER_KWH = 3.6


class CustomerClass(Enum):
    """Typical domestic consumption value (kWh / year)."""

    LOW = 7500
    MEDIUM = 11500
    HIGH = 17000


def kwh_per_m3(calorific_value: float = DEFAULT_CALORIFIC_VALUE,
               volume_correction: float = DEFAULT_VOLUME_CORRECTION) -> float:
    """Energy of one m³ of gas: volume × correction × CV / 3.6 (the GB gas billing formula)."""
    return volume_correction * calorific_value / MJ_PER_KWH


def _daily_shape(hour: float) -> float:
    morning = math.exp(-((hour - 7.0) ** 2) / 1.5)
    evening = math.exp(-((hour - 18.5) ** 2) / 4.0)
    return 0.15 + 1.6 * morning + 1.9 * evening


_SHAPE_MEAN = sum(_daily_shape(h / 2 + 0.25) for h in range(48)) / 48


@dataclass(frozen=True, slots=True)
class GasModel:
    """Half-hour gas volumes of one premises."""

    seed: int
    customer: CustomerClass = CustomerClass.MEDIUM
    top_up_pennies: int = 2000  # a prepayment consumer's top-up when credit runs low (0: never tops up)
    opens_armed_valve: bool = True  # the consumer re-enables an armed valve (GSME button)

    @classmethod
    def draw(cls, rng: random.Random) -> GasModel:
        """A model with a seed, a customer class and a top-up habit drawn from an injected, seeded
        generator."""
        customer = rng.choices(list(CustomerClass), weights=(30, 50, 20))[0]
        return cls(rng.getrandbits(63), customer, rng.choice((1000, 2000, 3000, 5000)))

    def _noise(self, slot: int) -> float:
        digest = hashlib.blake2b(slot.to_bytes(8, "big", signed=True), digest_size=8,
                                 key=self.seed.to_bytes(8, "big")).digest()
        u = int.from_bytes(digest, "big") / 2**64
        return 0.0 if u < 0.08 else 0.5 + u  # some half hours without use, else 0.5-1.5

    def half_hour_kwh(self, start: datetime) -> float:
        """Energy drawn in the half hour starting at ``start`` (aligned to :00 / :30 UTC)."""
        day_of_year = start.timetuple().tm_yday
        season = 1.0 + 0.65 * math.cos(2 * math.pi * (day_of_year - 15) / 365.25)
        hour = start.hour + start.minute / 60 + 0.25
        mean_slot = self.customer.value / HALF_HOURS_PER_YEAR
        slot = int(start.timestamp() // 1800)
        return mean_slot * season * _daily_shape(hour) / _SHAPE_MEAN * self._noise(slot)

    def half_hour_m3(self, start: datetime, m3_energy: float | None = None) -> float:
        """Volume in the half hour, converted with ``m3_energy`` kWh per m³ (default CV / correction)."""
        return self.half_hour_kwh(start) / (m3_energy or kwh_per_m3())

"""Deterministic half-hourly consumption of a simulated premises — SIMULATION.

:class:`ConsumptionModel` is a pure function of time: ``import_wh(t)`` is the active import energy
(Wh, an integer) from the model's origin (the meter's installation) to ``t``, for any ``t``, computed
without replaying half hours: each UTC day has a total (annual consumption × season × day-of-week ×
a per-day factor hashed from the seed) spread over the 48 half hours by a normalised shape of the
customer class, and the cumulative value at ``t`` is the sum of whole days (cached prefix sums) plus
``floor(day total × cumulative shape)`` within the day. Every quantity is therefore additive: the
energy of any interval is ``import_wh(b) - import_wh(a)``, the half-hour profile sums to the register
exactly, and a meter created lazily at time T (the runtime creates simulated devices on first
contact) reads the same registers as one that has run since installation.

Customer classes (illustrative shapes, not Elexon profile classes): ``domestic`` (morning and
evening peaks), ``economy7`` (night storage heating / EV charging 00:30–07:30 UTC), ``small-business``
(working hours, quiet weekends). Premises with solar panels also export: a bell-shaped daylight
profile whose width and height follow the season. Reactive energy is a fixed fraction of the active
energy (power factor ~0.95). Times are UTC (GBCS devices keep UTC; local-time tariffs are the
calendar's business).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

HALF_HOURS = 48
SECONDS_PER_HALF_HOUR = 1800
_ONE_DAY = timedelta(days=1)


class CustomerClass(StrEnum):
    DOMESTIC = "domestic"
    ECONOMY7 = "economy7"
    SMALL_BUSINESS = "small-business"


def hash_unit(*parts: object) -> float:
    """A deterministic uniform number in [0, 1) from the parts (stable across processes)."""
    digest = hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _bump(h: float, centre: float, width: float) -> float:
    d = min(abs(h - centre), 24 - abs(h - centre))
    return math.exp(-(d * d) / (2 * width * width))


@lru_cache(maxsize=64)
def _shape(customer: CustomerClass, weekend: bool, winter: bool) -> tuple[float, ...]:
    """Cumulative normalised half-hour shape (49 values from 0 to 1) of a class and day type."""
    weights = []
    for i in range(HALF_HOURS):
        h = (i + 0.5) / 2
        if customer == CustomerClass.ECONOMY7:
            night = 1.8 if 0.5 <= h < 7.5 else 0.0
            w = 0.25 + night + 0.5 * _bump(h, 8, 1.2) + 0.8 * _bump(h, 18.5, 2)
        elif customer == CustomerClass.SMALL_BUSINESS:
            work = 0.0 if weekend else (1.6 if 8 <= h < 18 else 0.0)
            w = 0.35 + work + 0.3 * _bump(h, 12.5, 1.5)
        else:
            w = 0.3 + 0.55 * _bump(h, 7.5 if not weekend else 9.5, 1.2) + 1.0 * _bump(h, 18.5, 2.0)
            if winter:
                w += 0.25 * _bump(h, 17, 3)
        weights.append(w)
    return cumulative(weights)


def cumulative(weights: list[float]) -> tuple[float, ...]:
    """The cumulative share of a day's weights at each half-hour boundary: 0.0 … exactly 1.0."""
    total = sum(weights) or 1.0
    out, acc = [0.0], 0.0
    for w in weights:
        acc += w / total
        out.append(acc)
    out[-1] = 1.0
    return tuple(out)


@lru_cache(maxsize=16)
def _solar_shape(width: float) -> tuple[float, ...]:
    weights = [_bump((i + 0.5) / 2, 12.5, width / 2.5) if abs((i + 0.5) / 2 - 12.5) < width else 0.0
               for i in range(HALF_HOURS)]
    return cumulative(weights)


class ConsumptionModel:
    """Import / export / reactive energy of one premises as pure functions of time (see module doc)."""

    def __init__(self, seed: int | str, origin: datetime, *, customer: CustomerClass = CustomerClass.DOMESTIC,
                 annual_import_kwh: float = 3100.0, solar_kwp: float = 0.0, reactive_ratio: float = 0.33) -> None:
        self.seed = str(seed)
        self.origin = origin.astimezone(UTC)
        self.customer = customer
        self.annual_import_kwh = annual_import_kwh
        self.solar_kwp = solar_kwp
        self.reactive_ratio = reactive_ratio
        self._day0 = self.origin.date()
        self._prefix: dict[str, list[int]] = {"import": [0], "export": [0]}
        self._origin_offset: dict[str, int] = {}
        self._shapes: dict[tuple[str, date], tuple[float, ...]] = {}
        self._totals: dict[tuple[str, date], int] = {}

    @classmethod
    def for_premises(cls, key: str, origin: datetime, *, prepayment: bool = False) -> ConsumptionModel:
        """A model drawn deterministically from ``key`` (e.g. the ESME's EUI or the premises UPRN):
        customer class, annual consumption and solar capacity."""
        u = hash_unit(key, "class")
        customer = (CustomerClass.SMALL_BUSINESS if u < 0.08 else CustomerClass.ECONOMY7 if u < 0.23
                    else CustomerClass.DOMESTIC)
        base = {CustomerClass.DOMESTIC: 2700.0, CustomerClass.ECONOMY7: 4200.0,
                CustomerClass.SMALL_BUSINESS: 9000.0}[customer]
        annual = base * (0.6 + 0.8 * hash_unit(key, "annual")) * (0.85 if prepayment else 1.0)
        solar = round(2.0 + 3.0 * hash_unit(key, "kwp"), 1) if hash_unit(key, "solar") < 0.12 else 0.0
        return cls(key, origin, customer=customer, annual_import_kwh=round(annual), solar_kwp=solar)

    # --- day totals
    def _season(self, day: date) -> float:
        doy = day.timetuple().tm_yday
        return 1.0 + 0.28 * math.cos(2 * math.pi * (doy - 15) / 365.25)

    def day_total(self, kind: str, day: date) -> int:
        """Wh of ``kind`` (``import`` / ``export``) on a UTC day (deterministic)."""
        got = self._totals.get((kind, day))
        if got is None:
            if len(self._totals) > 4096:
                self._totals.clear()
            got = self._totals[(kind, day)] = self._day_total(kind, day)
        return got

    def _day_total(self, kind: str, day: date) -> int:
        doy = day.timetuple().tm_yday
        if kind == "import":
            weekend = day.weekday() >= 5
            if self.customer == CustomerClass.SMALL_BUSINESS:
                dow = 0.45 if weekend else 1.22
            else:
                dow = 1.08 if weekend else 0.97
            noise = 0.75 + 0.5 * hash_unit(self.seed, day.toordinal(), "import")
            return int(self.annual_import_kwh * 1000 / 365.25 * self._season(day) * dow * noise)
        if self.solar_kwp <= 0:
            return 0
        sun = 2.6 - 1.9 * math.cos(2 * math.pi * (doy - 172) / 365.25 - math.pi)  # kWh / kWp / day, ~0.7–4.5
        weather = 0.25 + 0.9 * hash_unit(self.seed, day.toordinal(), "weather")
        return int(self.solar_kwp * sun * weather * 1000 * 0.55)  # ~55 % of generation exported

    def _cumulative_shape(self, kind: str, day: date) -> tuple[float, ...]:
        """The day's cumulative half-hour shape: the class shape with a hashed ±30 % wobble per half hour."""
        got = self._shapes.get((kind, day))
        if got is not None:
            return got
        if kind == "export":
            doy = day.timetuple().tm_yday
            base = _solar_shape(round(5.0 + 3.0 * math.cos(2 * math.pi * (doy - 172) / 365.25), 1))
        else:
            base = _shape(self.customer, day.weekday() >= 5, day.month in (11, 12, 1, 2))
        weights = [(base[i + 1] - base[i]) * (0.7 + 0.6 * hash_unit(self.seed, day.toordinal(), kind, i))
                   for i in range(HALF_HOURS)]
        if len(self._shapes) > 256:
            self._shapes.clear()
        got = self._shapes[(kind, day)] = cumulative(weights)
        return got

    def _within(self, kind: str, day: date, t: datetime) -> int:
        """Wh of ``kind`` on ``day`` from its midnight to ``t`` (``t`` on that day)."""
        seconds = (t - datetime(day.year, day.month, day.day, tzinfo=UTC)).total_seconds()
        i = min(HALF_HOURS - 1, int(seconds // SECONDS_PER_HALF_HOUR))
        cum = self._cumulative_shape(kind, day)
        frac = cum[i] + (cum[i + 1] - cum[i]) * (seconds - i * SECONDS_PER_HALF_HOUR) / SECONDS_PER_HALF_HOUR
        return math.floor(self.day_total(kind, day) * min(1.0, frac) + 1e-9)

    def _days_before(self, kind: str, day: date) -> int:
        """Σ day totals from the origin day to the day before ``day``."""
        n = (day - self._day0).days
        if n <= 0:
            return 0
        prefix = self._prefix[kind]
        while len(prefix) <= n:
            d = self._day0 + timedelta(days=len(prefix) - 1)
            prefix.append(prefix[-1] + self.day_total(kind, d))
        return prefix[n]

    def _cumulative(self, kind: str, t: datetime) -> int:
        t = t.astimezone(UTC)
        if t <= self.origin:
            return 0
        day = t.date()
        if kind not in self._origin_offset:
            self._origin_offset[kind] = self._within(kind, self._day0, self.origin)
        return self._days_before(kind, day) + self._within(kind, day, t) - self._origin_offset[kind]

    # --- public
    def import_wh(self, t: datetime) -> int:
        """Active import (Wh) from the origin to ``t``."""
        return self._cumulative("import", t)

    def export_wh(self, t: datetime) -> int:
        """Active export (Wh) from the origin to ``t``."""
        return self._cumulative("export", t)

    def reactive_import_varh(self, t: datetime) -> int:
        return math.floor(self.import_wh(t) * self.reactive_ratio)

    def power_w(self, t: datetime) -> int:
        """Average active import power (W) of the half hour containing ``t``."""
        start = half_hour_start(t)
        return 2 * (self.import_wh(start + timedelta(minutes=30)) - self.import_wh(start))


class ProfileConsumption(ConsumptionModel):
    """A model from an instantaneous kW profile (``Callable[[datetime], float]``), integrated per
    minute; kept for callers that give the ESME an explicit profile."""

    def __init__(self, profile: Callable[[datetime], float], origin: datetime) -> None:
        self.profile = profile
        self._cache: dict[date, tuple[int, tuple[float, ...]]] = {}
        super().__init__("profile", origin)

    def _day(self, day: date) -> tuple[int, tuple[float, ...]]:
        got = self._cache.get(day)
        if got is None:
            midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
            hh = [sum(self.profile(midnight + timedelta(minutes=30 * i + m + 0.5)) for m in range(30)) / 60 * 1000
                  for i in range(HALF_HOURS)]
            total = sum(hh)
            cum, acc = [0.0], 0.0
            for w in hh:
                acc += w / total if total else 1 / HALF_HOURS
                cum.append(acc)
            cum[-1] = 1.0
            got = (int(total), tuple(cum))
            self._cache[day] = got
        return got

    def _day_total(self, kind: str, day: date) -> int:
        return self._day(day)[0] if kind == "import" else 0

    def _cumulative_shape(self, kind: str, day: date) -> tuple[float, ...]:
        return self._day(day)[1] if kind == "import" else _solar_shape(5.0)


def half_hour_start(t: datetime) -> datetime:
    return datetime.fromtimestamp(t.timestamp() // SECONDS_PER_HALF_HOUR * SECONDS_PER_HALF_HOUR, tz=UTC)


def next_half_hour(t: datetime) -> datetime:
    return half_hour_start(t) + timedelta(minutes=30)

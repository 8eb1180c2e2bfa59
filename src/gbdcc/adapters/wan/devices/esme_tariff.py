"""Tariff, prices and activity calendars of the simulated ESME — SIMULATION.

What the tariff use cases ECS01a-d (ECS01a / ECS01c tariffs, ECS01b / ECS01d prices) leave in the
object model, applied to energy: the activity calendar (special days first, then season → week → day
profile) gives the TOU rate, block rate or secondary element rate in force at the meter's time; the block
thresholds and counters give the block; the price lists of the charges (class 113) give the price, the
standing charge and the time-based debt recovery rates are flat amounts per period. ECS05 resets the block
counter matrix (tariff script 99); :attr:`EsmeTariff.tariff_tables` is what ECS01a-d set.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.base import NULL, OBJECT_UNAVAILABLE, SUCCESS, DlmsOutcome
from gbdcc.adapters.wan.devices.esme_metrology import EsmeMetrology
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.devices.esme_state import (
    BLOCK_REGISTERS,
    BLOCKS,
    DEBTS,
    PRICES,
    PRIMARY_CALENDAR,
    RESET_BLOCK_COUNTERS,
    SECONDARY_CALENDAR,
    SECONDARY_PRICES,
    SECONDARY_TOU,
    STANDING_CHARGE,
    TOU_REGISTERS,
    _Command,
    _obis_text,
)


class EsmeTariff(EsmeMetrology):
    """Rates, prices and charges of an interval; the tariff block counter reset (ECS05)."""

    def _selector(self, t: datetime, calendar: str, special: str, default: int) -> int:
        """The script selector (TOU rate n, block rate 100 + n, secondary 200 + n) the activity calendar
        gives at the meter's time ``t`` (special days first, then season → week → day profile)."""
        local = self.time(t)
        key = (calendar, self._settings_version, local.date())
        actions = self._calendar_cache.get(key)
        if actions is None:
            try:
                cal = (self.settings[k(20, calendar, 3)], self.settings[k(20, calendar, 4)],
                       self.settings[k(20, calendar, 5)], self.settings.get(k(11, special, 2)))
            except KeyError:
                return default
            actions = _day_actions(cal, local.date(), default)
            if len(self._calendar_cache) > 512:
                self._calendar_cache.clear()
            self._calendar_cache[key] = actions
        minute = local.hour * 60 + local.minute
        chosen = actions[-1][1] if actions else default
        for start, selector in actions:
            if start <= minute:
                chosen = selector
        return chosen

    def _price(self, charge: str, price_id: bytes) -> float:
        """Money per Wh of a price list entry of a charge (class 113) — 1/100 000 £ per Wh."""
        key = (charge, self._settings_version)
        prices = self._price_cache.get(key)
        if prices is None:
            prices = {}
            value = self.settings.get(k(113, charge, 5))
            try:
                (commodity_scale, price_scale), table = value.value[0].value, value.value[2].value  # type: ignore[union-attr]
                factor = 10.0 ** (price_scale.value - commodity_scale.value + 5)
                prices = {e.value[0].value: float(e.value[1].value) * factor for e in table}
            except (AttributeError, IndexError, TypeError, ValueError):
                pass
            if len(self._price_cache) > 32:
                self._price_cache.clear()
            self._price_cache[key] = prices
        return prices.get(price_id, 0.0)

    def _flat(self, charge: str) -> float:
        """The first amount of a flat charge (standing charge, debt recovery rate) in 1/100 000 £."""
        value = self.settings.get(k(113, charge, 5))
        try:
            scale = value.value[0].value[1].value  # type: ignore[union-attr]
            amount = value.value[2].value[0].value[1].value  # type: ignore[union-attr]
            return float(amount) * 10.0 ** (int(scale) + 5)
        except (AttributeError, IndexError, TypeError):
            return 0.0

    def _rate_of(self, t: datetime) -> tuple[int, bytes]:
        """(selector, price id) of the primary element at ``t``: TOU rate n → ``0n``, block rate n →
        block id of the block the rate's counter is in."""
        sel = self._selector(t, PRIMARY_CALENDAR, "0-0:11.0.0.255", 1)
        if 101 <= sel <= 108:
            rate = sel - 100
            block = self._block_of(rate)
            return sel, eo.block_price_id(rate, block)
        sel = sel if 1 <= sel <= TOU_REGISTERS else 1
        return sel, eo.tou_price_id(sel)

    def _block_of(self, rate: int) -> int:
        thresholds = self.settings.get(k(21, f"0-0:16.0.{10 + rate}.255", 2))
        used = sum(self.block_counters[rate - 1])
        limits = [v.value for v in thresholds.value] if thresholds is not None else []
        return min(BLOCKS - 1, sum(1 for limit in limits if limit != 0xFFFFFFFF and used >= limit))

    def _charges(self, a: datetime, b: datetime) -> tuple[int, int, float, float, dict[int, float]]:
        """Energy (import, secondary), cost, standing charge and debt recovery of [a, b)."""
        e = self.import_register(b) - self.import_register(a)
        e2 = self.secondary_register(b) - self.secondary_register(a) if self.model2 is not None else 0
        _, price_id = self._rate_of(a)
        cost = e * self._price(PRICES, price_id)
        if e2:
            sel2 = self._selector(a, SECONDARY_CALENDAR, "0-0:11.0.1.255", 201)
            cost += e2 * self._price(SECONDARY_PRICES, eo.tou_price_id(max(1, min(SECONDARY_TOU, sel2 - 200))))
        seconds = (b - a).total_seconds()
        standing = self._flat(STANDING_CHARGE) * seconds / 86_400
        recovery = {}
        for n in (1, 2):
            if self.debts[n] > 0:
                period = self.settings[k(113, DEBTS[n], 8)].value or 86_400
                recovery[n] = self._flat(DEBTS[n]) * seconds / period
        return e, e2, cost, standing, recovery

    def _take(self, name: str, amount: float) -> int:
        """Integer money of a running float charge (the remainder carries over)."""
        total = self._residual.get(name, 0.0) + amount
        whole = math.floor(total)
        self._residual[name] = total - whole
        return whole


    def _tariff_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS05 (script 99): reset the tariff block counter matrix."""
        if value.value != RESET_BLOCK_COUNTERS:
            return OBJECT_UNAVAILABLE, NULL
        self.block_counters = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
        return SUCCESS, NULL


    @property
    def tariff_tables(self) -> dict[tuple[int, str, int], dd.DlmsValue]:
        """What ECS01a-d set: (class id, OBIS ``a-b:c.d.e.f``, attribute) → value."""
        return {(c, _obis_text(o), m): v for (c, o, m), v in self.settings.items() if (c, o, m) in self._tariff_keys}


def _date_matches(raw: bytes, t: datetime) -> bool:
    """A DLMS date (yy yy mm dd dow, 0xFF / 0xFFFF = any) against a date."""
    if len(raw) != 5:
        return False
    year = int.from_bytes(raw[:2], "big")
    month, day, dow = raw[2], raw[3], raw[4]
    return ((year == 0xFFFF or year == t.year) and (month == 0xFF or month == t.month)
            and (day == 0xFF or day == t.day) and (dow == 0xFF or dow == t.isoweekday()))


def _day_actions(cal: tuple[DlmsValue, DlmsValue, DlmsValue, DlmsValue | None], day: object,
                 default: int) -> list[tuple[int, int]]:
    """(start minute, script selector) of the day profile the calendar gives for ``day``."""
    from datetime import date as date_type

    assert isinstance(day, date_type)
    seasons, weeks, days, special = cal
    t = datetime(day.year, day.month, day.day, tzinfo=UTC)
    day_id: int | None = None
    if special is not None:
        for entry in special.value:
            if _date_matches(entry.value[1].value, t):
                day_id = entry.value[2].value
    if day_id is None:
        week_name = _season_week(seasons, day)
        for week in weeks.value:
            if week_name is None or week.value[0].value == week_name:
                day_id = week.value[1 + day.weekday()].value
                break
    if day_id is None:
        return [(0, default)]
    for profile in days.value:
        if profile.value[0].value == day_id:
            out = []
            for action in profile.value[1].value:
                start = action.value[0].value
                minute = (start[0] % 24) * 60 + (start[1] % 60) if len(start) >= 2 and start[0] != 0xFF else 0
                out.append((minute, action.value[2].value))
            return sorted(out) or [(0, default)]
    return [(0, default)]


def _season_week(seasons: DlmsValue, day: object) -> bytes | None:
    """The week profile name of the season in force on ``day``: the latest season start (month, day)
    on or before it (a season whose start year is later has not begun); else the year's last season."""
    from datetime import date as date_type

    assert isinstance(day, date_type)
    started, latest = None, None
    for season in seasons.value:
        raw = season.value[1].value
        if len(raw) != 12:
            continue
        year = int.from_bytes(raw[:2], "big")
        if year != 0xFFFF and year > day.year:
            continue
        when = (raw[2] if raw[2] != 0xFF else 1, raw[3] if raw[3] != 0xFF else 1)
        name = season.value[2].value
        if latest is None or when >= latest[0]:
            latest = (when, name)
        if when <= (day.month, day.day) and (started is None or when >= started[0]):
            started = (when, name)
    chosen = started or latest
    return chosen[1] if chosen else None

"""The deterministic consumption model and the ESME registers built on it (SIMULATION): a pure function of
time, additive, seasonal, the same for a meter created lazily; registers equal the sum of the profile."""

from __future__ import annotations

import itertools
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from esme_support import NOW, Rtds, new_esme

from gbdcc.adapters.wan.devices.consumption import ConsumptionModel, CustomerClass, half_hour_start
from gbdcc.adapters.wan.devices.esme import SupplyState

INSTALLED = datetime(2023, 7, 14, 9, 17, tzinfo=UTC)


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


def test_the_model_is_a_pure_additive_function_of_time() -> None:
    a = ConsumptionModel.for_premises("premises-1", INSTALLED)
    b = ConsumptionModel.for_premises("premises-1", INSTALLED)
    t = datetime(2025, 2, 3, 17, 41, 5, tzinfo=UTC)
    assert a.import_wh(INSTALLED) == 0 and a.import_wh(t) == b.import_wh(t) > 1_000_000
    points = [INSTALLED + timedelta(hours=7 * i + 0.3) for i in range(200)]
    steps = sum(a.import_wh(y) - a.import_wh(x) for x, y in itertools.pairwise(points))
    assert steps == a.import_wh(points[-1]) - a.import_wh(points[0])
    assert ConsumptionModel.for_premises("premises-2", INSTALLED).import_wh(t) != a.import_wh(t)


def test_seasons_classes_and_solar() -> None:
    m = ConsumptionModel("seed", INSTALLED, customer=CustomerClass.DOMESTIC, annual_import_kwh=3000)
    year = m.import_wh(INSTALLED + timedelta(days=365)) / 1000
    assert 2700 < year < 3300

    def month(start: datetime) -> int:
        return m.import_wh(start + timedelta(days=30)) - m.import_wh(start)

    assert month(datetime(2024, 1, 1, tzinfo=UTC)) > 1.3 * month(datetime(2024, 7, 1, tzinfo=UTC))
    e7 = ConsumptionModel("seed", INSTALLED, customer=CustomerClass.ECONOMY7, annual_import_kwh=4000)
    day = datetime(2024, 3, 5, tzinfo=UTC)
    night = e7.import_wh(day + timedelta(hours=7)) - e7.import_wh(day + timedelta(hours=1))
    assert night > 0.4 * (e7.import_wh(day + timedelta(days=1)) - e7.import_wh(day))
    solar = ConsumptionModel("seed", INSTALLED, solar_kwp=4.0)
    assert solar.export_wh(day + timedelta(hours=5)) == solar.export_wh(day)  # no export at night
    june = datetime(2024, 6, 20, tzinfo=UTC)
    assert solar.export_wh(june + timedelta(hours=16)) - solar.export_wh(june + timedelta(hours=9)) > 1000


def test_registers_equal_the_sum_of_the_profile_over_30_days(rtds: Rtds) -> None:
    """The 30-day check: the import register's growth equals the sum of the 1440 half-hour profile
    entries, and so do the TOU registers (single rate); the daily reads are the register at midnight."""
    esme = new_esme(rtds, started=NOW)
    start = esme.import_register(NOW)
    esme.advance(NOW + timedelta(days=30))
    profile = [(t, wh) for t, wh in esme.half_hours if t > NOW]
    assert len(profile) == 30 * 48
    assert esme.import_wh - start == sum(wh for _, wh in profile) > 0
    assert sum(esme.tou) == esme.import_wh  # every Wh went to a TOU register
    daily = dict(esme.daily_reads)
    for midnight in (datetime(2025, 3, d, tzinfo=UTC) for d in range(2, 31)):
        assert daily[midnight] == esme.import_register(midnight)
    assert esme.md["1-0:1.6.0.255"][0] == 2 * max(wh for _, wh in profile)


def test_a_meter_created_lazily_reads_the_same_as_one_that_ran_since_installation(rtds: Rtds) -> None:
    installed = NOW - timedelta(days=200)
    early = new_esme(rtds, installed=installed, started=installed)
    early.advance(NOW + timedelta(days=1))
    lazy = new_esme(rtds, installed=installed, started=NOW)  # created on first contact at NOW
    lazy.advance(NOW + timedelta(days=1))
    assert lazy.import_wh == early.import_wh > 0
    assert lazy.half_hours[-96:] == early.half_hours[-96:]
    assert lazy.daily_reads == early.daily_reads and len(lazy.daily_reads) == 201


def test_no_energy_while_the_supply_is_off(rtds: Rtds) -> None:
    esme = new_esme(rtds, started=NOW)
    esme.advance(NOW + timedelta(hours=1))
    esme.supply = SupplyState.DISABLED
    esme._set_flow(NOW + timedelta(hours=1))
    esme.advance(NOW + timedelta(hours=5))
    esme.supply = SupplyState.ENABLED
    esme._set_flow(NOW + timedelta(hours=5))
    esme.advance(NOW + timedelta(hours=8))
    profile = dict(esme.half_hours)
    off = [profile[NOW + timedelta(minutes=30 * i)] for i in range(3, 11)]
    assert off == [0] * 8 and profile[NOW + timedelta(hours=6)] > 0
    assert esme.import_wh - esme.import_register(NOW) == sum(wh for t, wh in esme.half_hours if t > NOW)
    assert half_hour_start(NOW + timedelta(minutes=45)) == NOW + timedelta(minutes=30)

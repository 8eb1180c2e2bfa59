"""Selecting an event's premises from SMI records (no simulated device built): area filters match the
postcode the SM WAN attaches hubs by, draws are reproducible from the seed, explicit devices stand for their
hub, and what cannot be selected is refused naming the event. The SQL directory answers as the in-memory
one on the same estate."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.tables import metadata
from gbdcc.adapters.wan.coverage import CspRegion, postcode_prefixes, region_for_postcode
from gbdcc.adapters.wan.estate import generate_estate, run_estate_generation
from gbdcc.adapters.wan.scenario.errors import ScenarioInvalid
from gbdcc.adapters.wan.scenario.model import HubFailure, Selection, Tamper, TamperKind
from gbdcc.adapters.wan.scenario.sites import IN_SERVICE, NoSites, Sites, SqlSites, StaticSites, select_targets
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

PREMISES = list(generate_estate(120, 1))
DEVICES = [d for p in PREMISES for d in p.devices]
CHF = DeviceType.CHF


def event(**select: object) -> HubFailure:
    return HubFailure(index=3, select=Selection(**select))  # type: ignore[arg-type]


def hubs(sites: Sites, seed: int | str = 1, **select: object) -> list[Eui64]:
    return [t.device_id for t in select_targets(event(**select), CHF, sites, seed)]


@pytest.fixture(scope="module")
def sql(tmp_path_factory: pytest.TempPathFactory) -> SqlSites:
    engine = create_engine_for(data_dir=Path(tmp_path_factory.mktemp("sites")))
    metadata.create_all(engine)
    run_estate_generation(None, len(PREMISES), 1, bulk_engine=engine)
    return SqlSites(engine)


@pytest.fixture(params=["static", "sql"])
def sites(request: pytest.FixtureRequest, sql: SqlSites) -> Sites:
    return StaticSites(DEVICES) if request.param == "static" else sql


def test_a_region_selects_its_in_service_premises(sites: Sites) -> None:
    expected = sorted((p.devices[0].device_id for p in PREMISES
                       if p.status in IN_SERVICE and region_for_postcode(p.postcode) is CspRegion.SOUTH),
                      key=lambda e: e.value)
    assert expected and hubs(sites, region=CspRegion.SOUTH) == expected


def test_a_postcode_prefix_selects_by_area_district_or_sector(sites: Sites) -> None:
    postcode = PREMISES[0].postcode
    for prefix in postcode_prefixes(postcode):
        found = set(hubs(sites, postcode=prefix))
        assert PREMISES[0].devices[0].device_id in found
        assert all(prefix in postcode_prefixes(p.postcode) for p in PREMISES if p.devices[0].device_id in found)


def test_draws_are_reproducible_from_the_seed(sites: Sites) -> None:
    every = hubs(sites)
    drawn = hubs(sites, count=10)
    assert len(drawn) == 10 and set(drawn) <= set(every) and drawn == sorted(drawn, key=lambda e: e.value)
    assert hubs(sites, count=10) == drawn and hubs(sites, seed=2, count=10) != drawn
    assert len(hubs(sites, fraction=0.25)) == int(0.25 * len(every) + 0.5)
    assert len(hubs(sites, count=10_000)) == len(every)  # no more than there are


def test_explicit_meters_stand_for_their_hub(sites: Sites) -> None:
    p = next(p for p in PREMISES if p.device(DeviceType.ESME) and p.device(DeviceType.GSME))
    esme, gsme = p.device(DeviceType.ESME), p.device(DeviceType.GSME)
    assert esme is not None and gsme is not None
    assert hubs(sites, devices=(esme.device_id, gsme.device_id)) == [p.devices[0].device_id]
    tamper = Tamper(index=1, select=Selection(devices=(esme.device_id,)), kind=TamperKind.MAGNETIC)
    assert [t.device_id for t in select_targets(tamper, DeviceType.ESME, sites, 1)] == [esme.device_id]
    wrong = Tamper(index=4, select=Selection(devices=(gsme.device_id,)), kind=TamperKind.MAGNETIC)
    with pytest.raises(ScenarioInvalid, match=rf"event 4 \(tamper\): {gsme.device_id} is a GSME, not an ESME"):
        select_targets(wrong, DeviceType.ESME, sites, 1)


def test_devices_not_in_the_smi_are_refused(sites: Sites) -> None:
    unknown = [Eui64(i) for i in range(1, 8)]
    with pytest.raises(ScenarioInvalid, match=r"event 3 \(hub_failure\): not in the SMI: 00-00-00-00-00-00-00-01, "
                                              r".* and 2 more"):
        hubs(sites, devices=tuple(unknown))


def test_an_in_memory_smi_refuses_every_selection() -> None:
    with pytest.raises(ScenarioInvalid, match="keeps its SMI in memory"):
        hubs(NoSites())

"""Scenarios played on a small estate in virtual time, through the real pipeline (SQLite, real crypto, the
SIMULATED SM WAN and devices): the alerts each event makes the devices raise reach the Users entitled to
them — and only for the premises it touched — and requests meanwhile get E20."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from lxml import etree

from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.estate import Premises
from gbdcc.adapters.wan.scenario.parser import parse_scenario
from gbdcc.adapters.wan.scenario.player import Play, ScenarioPlayer
from gbdcc.adapters.wan.scenario.sites import IN_SERVICE, SqlSites
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

from .conftest import DNO_URL, NS, SUPPLIER_URL, Dcc, code

READ = "<sr:ReadInstantaneousImportRegisters/>"
SUPPLY = {"8F57", "8F35", "8F36"}


def play(dcc: Dcc, toml: str) -> tuple[ScenarioPlayer, Play]:
    player = ScenarioPlayer(dcc.instance.pipeline.wan, SqlSites(dcc.instance.engine))  # type: ignore[arg-type]
    return player, player.play(parse_scenario(toml))


def advance(dcc: Dcc, **span: float) -> None:
    VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_for(timedelta(**span))


def device_alerts(dcc: Dcc, url: str, codes: set[str] | None = None) -> Counter[tuple[str, str]]:
    """(device ID, alert code) of the DeviceAlertMessages the User at ``url`` received."""
    out: Counter[tuple[str, str]] = Counter()
    for root in dcc.received(url):
        if root.find(".//sr:DeviceAlertMessage", NS) is None:
            continue
        alert = root.findtext(".//sr:AlertCode", namespaces=NS) or ""
        if codes is None or alert in codes:
            out[(root.findtext("sr:Header/sr:ResponseID", namespaces=NS).split(":")[0], alert)] += 1
    return out


def dcc_alerts(dcc: Dcc, url: str, alert_code: str) -> list[etree._Element]:
    return [r for r in dcc.received(url) if r.findtext(".//sr:DCCAlertCode", namespaces=NS) == alert_code]


def esmes(premises: list[Premises]) -> set[str]:
    return {str(p.device(DeviceType.ESME).device_id) for p in premises  # type: ignore[union-attr]
            if p.device(DeviceType.ESME) is not None and p.status in IN_SERVICE}


def busiest_region(dcc: Dcc) -> str:
    return Counter(p.csp_region.value for p in dcc.premises if p.status in IN_SERVICE).most_common(1)[0][0]


def read(dcc: Dcc, esme: Eui64, **span: float) -> str | None:
    signed = dcc.request(dcc.supplier, esme, "4.1.1", READ)
    dcc.submit(signed)
    advance(dcc, **(span or {"minutes": 2}))
    [response] = dcc.responses_for(signed)
    return code(response)


def test_an_hour_long_outage_of_a_region_alerts_each_affected_meter_to_its_supplier_and_dno(dcc: Dcc) -> None:
    region = busiest_region(dcc)
    affected = esmes([p for p in dcc.premises if p.csp_region.value == region])
    others = esmes(dcc.premises) - affected
    assert affected and others
    player, played = play(dcc, f'[[event]]\ntype = "power_outage"\nregion = "{region}"\noffset = "1m"\n'
                               'duration = "1h"\n')
    advance(dcc, hours=1, minutes=5)
    expected = Counter({(esme, alert): 1 for esme in affected for alert in ("8F57", "8F36")})  # outage ≥ 3 min
    assert device_alerts(dcc, SUPPLIER_URL, SUPPLY) == expected
    assert device_alerts(dcc, DNO_URL, SUPPLY) == expected  # supply events go to the network operator too
    outages = dcc_alerts(dcc, DNO_URL, "AD1")  # and the DCC's own power outage alert
    assert len(outages) == len(affected) and not dcc_alerts(dcc, SUPPLIER_URL, "AD1")
    progress = player.progress(played.id)
    assert progress["state"] == "done" and progress["events_done"] == 1
    assert progress["meters"] == len(affected) and progress["alerts_raised"] == 2 * len(affected)
    assert progress["alerts_unsent"] == 0
    # only the premises the outage touched have a simulated hub (the rest were never built)
    region_hubs = {p.devices[0].device_id for p in dcc.premises if p.csp_region.value == region}
    assert set(dcc.instance.pipeline.wan.hubs) <= region_hubs


def test_a_request_to_a_hub_in_a_csp_outage_gets_e20_and_is_answered_once_it_ends(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    region = next(p.csp_region.value for p in dcc.premises if p.devices[0].device_id == esme.chf_id)
    other = next(d for p in dcc.premises if p.csp_region.value != region and p.status in IN_SERVICE
                 and (d := p.device(DeviceType.ESME)) is not None)
    player, played = play(dcc, f'[[event]]\ntype = "csp_outage"\nregion = "{region}"\nduration = "2h"\n')
    advance(dcc, seconds=1)
    assert read(dcc, esme.device_id) == "E20"
    assert read(dcc, other.device_id) == "I0"  # another region's CSP is up
    advance(dcc, hours=2)
    assert player.progress(played.id)["state"] == "done"
    assert read(dcc, esme.device_id) == "I0"


def test_a_powered_down_premises_gets_e20_and_with_the_wan_down_its_last_gasp_is_lost(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    player, played = play(dcc, f'[[event]]\ntype = "power_outage"\ndevices = ["{esme.device_id}"]\n'
                               'duration = "2m"\nwan_down = true\n')
    advance(dcc, seconds=1)
    assert read(dcc, esme.device_id, seconds=30) == "E20"
    advance(dcc, minutes=5)
    # the supply interruption never left the premises; the restoration did (outage < 3 minutes: 0x8F35)
    assert device_alerts(dcc, SUPPLIER_URL, SUPPLY) == Counter({(str(esme.device_id), "8F35"): 1})
    progress = player.progress(played.id)
    assert (progress["alerts_raised"], progress["alerts_unsent"]) == (2, 1)
    assert read(dcc, esme.device_id) == "I0"


def test_tamper_on_n_meters_raises_the_gbcs_alerts_and_their_end_to_the_supplier_only(dcc: Dcc) -> None:
    player, played = play(dcc, '[[event]]\ntype = "tamper"\nkind = "terminal_cover"\ncount = 3\nduration = "10m"\n'
                               '[[event]]\ntype = "tamper"\nkind = "battery_cover"\nmeter = "GSME"\ncount = 2\n'
                               'offset = "1m"\n')
    advance(dcc, minutes=15)
    elec = device_alerts(dcc, SUPPLIER_URL, {"8F76", "81C1"})
    tampered = {device for device, _ in elec}
    assert len(tampered) == 3 and elec == Counter({(d, a): 1 for d in tampered for a in ("8F76", "81C1")})
    assert tampered <= esmes(dcc.premises)
    gas = device_alerts(dcc, SUPPLIER_URL, {"8F73"})
    assert len(gas) == 2 and set(gas.values()) == {1}
    assert not device_alerts(dcc, DNO_URL, {"8F76", "81C1", "8F73"})  # not a supply event
    hub = dcc.instance.pipeline.wan.hubs
    meters = [d for h in hub.values() for d in h.hub.devices.values() if str(d.eui) in tampered]
    assert all([e.alert_code for e in m.security.log][-2:] == [0x8F76, 0x81C1] for m in meters)
    assert [e["alerts_raised"] for e in player.progress(played.id)["events"]] == [6, 2]  # type: ignore[index]


def test_a_failed_hub_is_not_connected_until_the_scenario_is_stopped(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    player, played = play(dcc, f'[[event]]\ntype = "hub_failure"\ndevices = ["{esme.chf_id}"]\n')
    advance(dcc, seconds=1)
    assert read(dcc, esme.device_id) == "E20"
    assert player.progress(played.id)["state"] == "playing"  # no duration: failed until restored
    stopped = player.stop(played.id)
    assert stopped["state"] == "stopped" and stopped["events_done"] == 1
    assert read(dcc, esme.device_id) == "I0"


def test_a_cold_snap_moves_the_meters_of_the_premises_it_selects(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    player, played = play(dcc, f'[[event]]\ntype = "cold_snap"\nmultiplier = 2\ndevices = ["{esme.device_id}"]\n'
                               'duration = "6h"\nfuel = "electricity"\n')
    start = dcc.clock.now()
    advance(dcc, hours=7)
    meter = dcc.instance.pipeline.wan.hubs[esme.chf_id].hub.devices[esme.device_id]  # type: ignore[index]
    assert isinstance(meter, Esme)
    base = meter.model.base  # type: ignore[attr-defined]
    end = start + timedelta(hours=6)
    doubled = 2 * (base.import_wh(end) - base.import_wh(start))
    assert meter.import_register(end) - meter.import_register(start) == doubled
    after = end + timedelta(hours=1)
    assert meter.import_register(after) - meter.import_register(end) == base.import_wh(after) - base.import_wh(end)
    assert player.progress(played.id)["meters"] == 1

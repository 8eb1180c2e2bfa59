"""Incidents raised by the DCC itself from a scenario's CSP region outages, through the real pipeline in virtual
time (SQLite, the SIMULATED SM WAN): one incident per outage with its category (by size) and target time; resolving
them changes the "incidents" report's within-target figure (R-INC-1) and the H13 performance report's."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from gbdcc import bootstrap
from gbdcc.adapters.http.admin_scenario import outage_incidents
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.wan.scenario.parser import parse_scenario
from gbdcc.adapters.wan.scenario.player import ScenarioPlayer
from gbdcc.adapters.wan.scenario.sites import IN_SERVICE, SqlSites
from gbdcc.domain.incidents.model import Category, IncidentPolicy
from gbdcc.domain.inventory import DeviceType
from gbdcc.service.incidents import manage

from .conftest import Dcc


def test_r_inc_1_region_outages_raise_incidents_and_resolving_them_updates_the_incidents_report(dcc: Dcc) -> None:
    regions = [r for r, _ in Counter(p.csp_region.value for p in dcc.premises
                                     if p.status in IN_SERVICE).most_common(2)]
    assert len(regions) == 2
    player = ScenarioPlayer(dcc.instance.pipeline.wan, SqlSites(dcc.instance.engine),  # type: ignore[arg-type]
                            outage_incidents(dcc.instance))
    events = "".join(f'[[event]]\ntype = "csp_outage"\nregion = "{r}"\noffset = "{n}m"\nduration = "1h"\n'
                     for n, r in enumerate(regions, start=1))
    played = player.play(parse_scenario(events))
    start = dcc.clock.now()
    VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_for(timedelta(minutes=5))

    with dcc.instance.uow_factory(read_only=True) as uow:
        raised = list(manage.list_incidents(uow, source="dcc:csp-outage"))
    hubs = {r: sum(1 for p in dcc.premises if p.csp_region.value == r and p.device(DeviceType.CHF) is not None)
            for r in regions}
    premises = [e["premises"] for e in player.progress(played.id)["events"]]  # type: ignore[attr-defined]
    assert len(raised) == 2 and premises == [hubs[r] for r in regions]
    policy = IncidentPolicy()
    for incident, region, n in zip(raised, regions, premises, strict=True):
        assert region in incident.title and f"{n} premises" in incident.title
        assert incident.category is policy.outage_category(n) and incident.category is Category.C4  # a small estate
        assert incident.raised_at > start and incident.error_code == "GBDCC-802"
        assert incident.due_at(policy) == incident.raised_at + timedelta(days=3)

    reports = bootstrap.build_reports(dcc.instance.settings, dcc.instance.uow_factory, dcc.clock)
    report = reports.build("incidents", dcc.clock.now())
    cat4 = next(r for r in report.records() if r["category"] == 4)
    assert (cat4["raised"], cat4["resolved"], cat4["within_share"]) == (2, 0, None)

    first, second = raised
    manage.resolve_incident(dcc.instance.uow_factory, first.incident_id or 0, "CSP restored",
                            first.raised_at + timedelta(hours=1))
    manage.resolve_incident(dcc.instance.uow_factory, second.incident_id or 0, "CSP restored late",
                            second.raised_at + timedelta(days=4))
    after = reports.build("incidents", second.raised_at + timedelta(days=5))
    cat4 = next(r for r in after.records() if r["category"] == 4)
    assert (cat4["raised"], cat4["resolved"], cat4["within_target"], cat4["within_share"]) == (2, 2, 1, 0.5)
    assert after.summary["within_share"] == 0.5
    # the H13 performance report of the month reads the same incidents: 2 resolved, 1 within target
    performance = reports.build("performance", second.raised_at + timedelta(days=5))
    measure = next(r for r in performance.records() if r["measure"] == "incidents.resolution")
    assert {k: measure[k] for k in ("count", "finished", "within_target", "share")} == {
        "count": 2, "finished": 2, "within_target": 1, "share": 0.5}

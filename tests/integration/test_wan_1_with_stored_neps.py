"""R-WAN-1 with R-WAN-2 wired end to end: the coverage-incident report an instance offers (``gbdcc report
coverage-incidents``) excludes the premises of the Network Enhancement Plans stored on it (SQLite) exactly as
the hand-checked fixture's plan does (``tests/unit/service/incidents``: sector SO3 1 under NEP-S1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.unit.domain.test_incidents import AS_OF, coverage_year
from tests.unit.service.incidents.test_incidents_service import FakeNep

from gbdcc import bootstrap
from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION
from gbdcc.config import Settings
from gbdcc.service.coverage.nep import add_plan
from gbdcc.service.incidents.reports import CoverageIncidentsReport


def test_r_wan_1_report_excludes_premises_of_the_stored_plans(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    instance = bootstrap.open_instance(settings)
    add_plan(instance.uow_factory, "NEP-S1", "South", postcodes=["SO3 1AA"], created_on=date(2024, 12, 1),
             estimated_completion=date(2027, 6, 30), regions=POSTCODE_AREA_REGION)
    with instance.uow_factory() as uow:
        for incident in coverage_year():
            uow.incidents.add(incident)
        uow.commit()
    report = bootstrap.build_reports(settings, instance.uow_factory).build("coverage-incidents", AS_OF)
    with instance.uow_factory(read_only=True) as uow:
        reference = CoverageIncidentsReport(FakeNep())(uow, AS_OF)
    assert report.rule == "R-WAN-1" and report.records() == reference.records()
    with_nep, without = report.records()
    assert with_nep["excluded_nep"] > 0 and with_nep["met"] is True and without["met"] is False
    assert not any("no NEP data" in note for note in report.notes)

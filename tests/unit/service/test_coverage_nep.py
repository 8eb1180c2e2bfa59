"""Network Enhancement Plans through the handlers (R-WAN-2): plans recorded and refused, the 12.1 answer for
premises under a plan, the ``plan_for`` exclusion Incident Management uses, completion, the quarterly report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

import pytest

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION, CoverageMap, CoverageStatus
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.coverage import ConnectivityLikelihood, WanCoverage
from gbdcc.domain.errors import NepCompletionRefused, NepExists, NepRegionRefused, NepUnknown
from gbdcc.domain.ids import RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.service.coverage.nep import StoredNepLookup, add_plan, complete_plan, list_plans
from gbdcc.service.coverage.ports import NepLookup
from gbdcc.service.coverage.report import NepQuarterlyReport
from gbdcc.service.coverage.view import check_coverage
from gbdcc.service.handlers import RequestContext
from gbdcc.service.messages import InboundRequest
from gbdcc.service.non_device import non_device_handlers

RID = RequestId.parse("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1")
CREATED, EXPECTED = date(2017, 3, 1), date(2017, 9, 30)


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, tzinfo=UTC)


def add(factory: InMemoryUnitOfWorkFactory, plan_id: str = "NEP-S-1", region: str = "South", *,
        districts: tuple[str, ...] = ("SO14",), postcodes: tuple[str, ...] = (),
        cohort: tuple[str, ...] = ("SO14 0AA",), created_on: date = CREATED, expected: date = EXPECTED) -> None:
    add_plan(factory, plan_id, region, districts=districts, postcodes=postcodes, cohort=cohort,
             created_on=created_on, estimated_completion=expected, regions=POSTCODE_AREA_REGION)


def wan_matrix(factory: InMemoryUnitOfWorkFactory, coverage: CoverageMap, postcode: str, on: date) -> WanCoverage:
    """The 12.1 handler's answer for a postcode on a date."""
    handler = non_device_handlers(SimulatedCoverageDatabase(coverage))["12.1"]
    body: Mapping[str, object] = {"PartialAddress": {"PostCode": postcode, "AddressIdentifier": "1"}}
    request = InboundRequest(b"", RID, 8, "12.1", "12.1", "RequestWANMatrix", body,  # type: ignore[arg-type]
                             "CN=X", 1)
    with factory(read_only=True) as uow:
        result = handler(uow, RequestContext(request, lookup("12.1"), UserRole.IMPORT_SUPPLIER, at(on), False))
    assert result.payload is not None
    (answer,) = result.payload.regions  # type: ignore[union-attr]
    return answer


def plan_for(factory: InMemoryUnitOfWorkFactory, postcode: str, on: date, lookup_: NepLookup | None = None
             ) -> str | None:
    with factory(read_only=True) as uow:
        return (lookup_ or StoredNepLookup()).plan_for(uow, postcode, on)


def test_r_wan_2_north_plan_refused_and_nothing_stored() -> None:
    factory = InMemoryUnitOfWorkFactory()
    with pytest.raises(NepRegionRefused) as err:
        add(factory, "NEP-N-1", "North", districts=("EH1",), cohort=("EH1 1YZ",))
    assert (err.value.code, err.value.rule) == ("GBDCC-521", "R-WAN-2")
    assert list_plans(factory) == []


def test_r_wan_2_premises_under_a_plan_reported_with_it_and_excluded_by_plan_for() -> None:
    factory = InMemoryUnitOfWorkFactory()
    coverage = CoverageMap()
    coverage.set("SO14", CoverageStatus.NOT_COVERED)  # the CSP's map: no SM WAN in SO14 yet
    add(factory, cohort=("SO14 0AA", "SO14 0AB"))
    under = wan_matrix(factory, coverage, "so14 0aa", date(2017, 4, 1))
    assert (under.csp_region, under.available, under.likelihood) == ("South", False, ConnectivityLikelihood.MEDIUM)
    assert under.anticipated_date == EXPECTED  # DUIS AnticipatedCoverageDate
    assert under.additional_information is not None and "NEP-S-1" in under.additional_information
    assert plan_for(factory, "SO14 0AA", date(2017, 4, 1)) == "NEP-S-1"
    assert plan_for(factory, "so140ab", CREATED) == "NEP-S-1"  # from its creation date, any spelling
    # not under the plan: before its creation, another postcode of the district, a malformed postcode
    assert plan_for(factory, "SO14 0AA", date(2017, 2, 28)) is None
    assert plan_for(factory, "SO14 9ZZ", date(2017, 4, 1)) is None
    assert plan_for(factory, "SO14", date(2017, 4, 1)) is None
    outside = wan_matrix(factory, coverage, "SO14 9ZZ", date(2017, 4, 1))
    assert (outside.available, outside.likelihood, outside.anticipated_date) == (
        False, ConnectivityLikelihood.LOW, None)  # the CSP's answer, unchanged
    before = wan_matrix(factory, coverage, "SO14 0AA", date(2017, 2, 28))
    assert before.anticipated_date is None


def test_r_wan_2_plan_on_a_postcode_the_csp_map_calls_covered_still_reports_the_plan() -> None:
    """The plan is the DCC's best information: it overrides the CSP map for its cohort while active."""
    factory = InMemoryUnitOfWorkFactory()
    add(factory, "NEP-C-1", "Central", districts=(), postcodes=("CV1 1AA",), cohort=())
    with factory(read_only=True) as uow:
        found = check_coverage(uow, SimulatedCoverageDatabase(CoverageMap()), "CV1 1AA", at(date(2017, 5, 1)))
    assert found.plan is not None and found.plan.plan_id == "NEP-C-1"
    assert (found.coverage.csp_region, found.coverage.available) == ("Central", False)


def test_r_wan_2_completion_flips_coverage_and_ends_the_exclusion() -> None:
    factory = InMemoryUnitOfWorkFactory()
    coverage = CoverageMap()
    coverage.set("SO14", CoverageStatus.NOT_COVERED)
    add(factory)
    done = complete_plan(factory, "NEP-S-1", date(2017, 8, 1))
    assert done.completed_on == date(2017, 8, 1)
    after = wan_matrix(factory, coverage, "SO14 0AA", date(2017, 8, 1))
    assert (after.available, after.likelihood, after.anticipated_date) == (True, ConnectivityLikelihood.HIGH, None)
    assert after.additional_information is not None and "Covered since 2017-08-01" in after.additional_information
    assert plan_for(factory, "SO14 0AA", date(2017, 8, 1)) is None
    assert plan_for(factory, "SO14 0AA", date(2017, 7, 31)) == "NEP-S-1"  # an incident raised earlier stays out
    assert not wan_matrix(factory, coverage, "SO14 0AA", date(2017, 7, 31)).available
    with pytest.raises(NepCompletionRefused):
        complete_plan(factory, "NEP-S-1", date(2017, 9, 1))
    with pytest.raises(NepUnknown):
        complete_plan(factory, "NEP-S-9", date(2017, 9, 1))


def test_r_wan_2_one_plan_per_premises_at_a_time_and_unique_ids() -> None:
    factory = InMemoryUnitOfWorkFactory()
    add(factory)
    with pytest.raises(NepExists, match="already recorded"):
        add(factory, cohort=("SO14 0AB",))
    with pytest.raises(NepExists, match="already under plan NEP-S-1"):
        add(factory, "NEP-S-2", cohort=("SO14 0AA", "SO14 0AC"), created_on=date(2017, 5, 1))
    complete_plan(factory, "NEP-S-1", date(2017, 6, 1))
    add(factory, "NEP-S-2", cohort=("SO14 0AA",), created_on=date(2017, 6, 1))  # after the first completed
    assert [p.plan_id for p in list_plans(factory)] == ["NEP-S-1", "NEP-S-2"]
    assert plan_for(factory, "SO14 0AA", date(2017, 5, 31)) == "NEP-S-1"
    assert plan_for(factory, "SO14 0AA", date(2017, 6, 1)) == "NEP-S-2"


def _quarter_fixture() -> InMemoryUnitOfWorkFactory:
    """Six plans around 2017-Q3 (2017-07-01..2017-09-30); the report as of 2017-08-15 is hand-computed below."""
    f = InMemoryUnitOfWorkFactory()
    add(f, "NEP-S-A", districts=("SO14",), cohort=("SO14 0AA", "SO14 0AB"), created_on=date(2017, 1, 10),
        expected=date(2017, 6, 30))
    complete_plan(f, "NEP-S-A", date(2017, 6, 20))  # completed before the quarter: not listed
    add(f, "NEP-S-B", districts=("SO15",), postcodes=("SO16 3AB",), cohort=("SO15 1AA", "SO16 3AB"),
        created_on=date(2017, 2, 1), expected=date(2017, 7, 31))  # active, overdue
    add(f, "NEP-C-C", "Central", districts=("CV1",), cohort=("CV1 1AA", "CV1 1AB", "CV1 1AC"),
        created_on=date(2017, 5, 1), expected=date(2017, 12, 31))
    complete_plan(f, "NEP-C-C", date(2017, 8, 1))  # completed in the quarter
    add(f, "NEP-C-D", "Central", districts=("NR1",), cohort=("NR1 1AA",), created_on=date(2017, 8, 10),
        expected=date(2018, 3, 31))
    add(f, "NEP-S-E", districts=("BN1",), cohort=("BN1 1AA",), created_on=date(2017, 8, 20),
        expected=date(2017, 12, 1))  # created after the report instant: not listed
    add(f, "NEP-S-F", districts=("GU1",), cohort=("GU1 1AA",), created_on=date(2017, 3, 1),
        expected=date(2017, 9, 30))
    complete_plan(f, "NEP-S-F", date(2017, 9, 5))  # completed after the report instant: still active then
    return f


def test_r_wan_2_quarterly_report_matches_a_hand_computed_fixture() -> None:
    factory = _quarter_fixture()
    with factory(read_only=True) as uow:
        report = NepQuarterlyReport()(uow, at(date(2017, 8, 15)))
    assert (report.name, report.rule) == ("nep-quarterly", "R-WAN-2")
    assert report.rows == (
        ("NEP-S-B", "South", "SO15; SO16 3AB", 2, date(2017, 2, 1), date(2017, 7, 31), None, "active", True),
        ("NEP-S-F", "South", "GU1", 1, date(2017, 3, 1), date(2017, 9, 30), None, "active", False),
        ("NEP-C-C", "Central", "CV1", 3, date(2017, 5, 1), date(2017, 12, 31), date(2017, 8, 1), "completed", False),
        ("NEP-C-D", "Central", "NR1", 1, date(2017, 8, 10), date(2018, 3, 31), None, "active", False),
    )
    assert dict(report.summary) == {
        "quarter": "2017-Q3", "quarter_start": date(2017, 7, 1), "quarter_end": date(2017, 9, 30), "plans": 4,
        "active": 3, "completed": 1, "overdue": 1, "south": 2, "central": 2, "cohort_postcodes_under_plans": 4,
        "report_required": True}
    assert report.to_csv().splitlines()[1] == "NEP-S-B,South,SO15; SO16 3AB,2,2017-02-01,2017-07-31,,active,True"


def test_r_wan_2_quarterly_reporting_ends_with_2020() -> None:
    factory = InMemoryUnitOfWorkFactory()
    with factory(read_only=True) as uow:
        last = NepQuarterlyReport()(uow, at(date(2020, 12, 31)))
        after = NepQuarterlyReport()(uow, at(date(2021, 1, 1)))
        later = NepQuarterlyReport(reports_until=date(2022, 1, 1))(uow, at(date(2021, 1, 1)))
    assert (last.summary["report_required"], after.summary["report_required"]) == (True, False)
    assert later.summary["report_required"] is True and last.rows == ()


def test_r_wan_2_the_portal_answers_as_12_1_under_a_plan() -> None:
    """The Self-Service Interface's coverage page and 12.1 give one answer (both reflect the stored plans)."""
    from gbdcc.adapters.clock import FixedClock
    from gbdcc.service.portal.views import PortalViews

    factory = InMemoryUnitOfWorkFactory()
    coverage = CoverageMap()
    coverage.set("SO14", CoverageStatus.NOT_COVERED)
    add(factory)
    on = date(2017, 4, 1)
    views = PortalViews(factory, FixedClock(at(on)), SimulatedCoverageDatabase(coverage), lambda ids: len(ids))
    assert views.coverage(" so14 0aa ") == wan_matrix(factory, coverage, "SO14 0AA", on)
    assert views.coverage("SO14 0AA").additional_information is not None

"""Network Enhancement Plans (R-WAN-2, ``domain.nep``): South and Central only, a defined area holding the
cohort, cover from creation until completion, completion rules, quarters of the F7.21 report."""

from __future__ import annotations

from datetime import date

import pytest

from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION
from gbdcc.domain.errors import NepAreaInvalid, NepCompletionRefused, NepRefused, NepRegionRefused
from gbdcc.domain.nep import NepArea, NepStatus, Quarter, new_plan, overlapping, reported_in

CREATED, EXPECTED = date(2017, 3, 1), date(2017, 9, 30)


def plan(plan_id: str = "NEP-S-1", region: str = "South", districts: tuple[str, ...] = ("SO14",),
         postcodes: tuple[str, ...] = ("SO15 2AA",), cohort: tuple[str, ...] = ("so140aa", "SO14 0AB"),
         created_on: date = CREATED, expected: date = EXPECTED):  # type: ignore[no-untyped-def]
    return new_plan(plan_id, region, NepArea.of(districts, postcodes), cohort, created_on=created_on,
                    estimated_completion=expected, regions=POSTCODE_AREA_REGION)


def test_r_wan_2_north_plan_refused_naming_the_rule() -> None:
    with pytest.raises(NepRegionRefused) as err:
        plan(region="North", districts=("EH1",), postcodes=(), cohort=("EH1 1YZ",))
    assert (err.value.code, err.value.rule) == ("GBDCC-521", "R-WAN-2")
    assert "South and Central regions only" in err.value.reason
    with pytest.raises(NepRegionRefused):
        plan(region="Wales")


def test_r_wan_2_area_must_lie_in_the_plans_region() -> None:
    with pytest.raises(NepRegionRefused, match="EH lies in North"):
        plan(districts=("SO14", "EH1"))
    with pytest.raises(NepRegionRefused, match="CV lies in Central"):
        plan(region="South", districts=("CV1",), postcodes=(), cohort=("CV1 1AA",))
    central = plan("NEP-C-1", "Central", ("CV1",), (), ("CV1 1AA",))
    assert central.region == "Central"


def test_r_wan_2_cohort_lies_in_the_area_and_defaults_to_the_area_postcodes() -> None:
    p = plan()
    assert p.cohort == ("SO14 0AA", "SO14 0AB")  # normalised, sorted
    assert p.area.describe() == "SO14; SO15 2AA"
    assert plan(cohort=()).cohort == ("SO15 2AA",)
    with pytest.raises(NepAreaInvalid, match="outside the plan's area"):
        plan(cohort=("SO16 1AA",))
    with pytest.raises(NepAreaInvalid, match="needs a cohort"):
        plan(postcodes=(), cohort=())
    with pytest.raises(NepAreaInvalid, match="defined area"):
        NepArea.of((), ())
    with pytest.raises(NepAreaInvalid):
        NepArea.of(("SO14 0AA",))  # a postcode is not a district
    with pytest.raises(NepAreaInvalid, match="before the plan's creation"):
        plan(expected=date(2017, 2, 1))
    with pytest.raises(NepRefused):
        plan(plan_id="bad id with spaces")


def test_r_wan_2_plan_covers_its_cohort_from_creation_until_completion() -> None:
    p = plan()
    assert not p.covers("SO14 0AA", date(2017, 2, 28))  # before creation
    assert p.covers("SO14 0AA", CREATED) and p.covers("SO14 0AA", date(2018, 1, 1))  # active, even overdue
    assert not p.covers("SO14 9ZZ", CREATED)  # in the area's district, not in the cohort
    done = p.complete(date(2017, 8, 1))
    assert done.status is NepStatus.COMPLETED and p.status is NepStatus.ACTIVE
    assert done.covers("SO14 0AA", date(2017, 7, 31)) and not done.covers("SO14 0AA", date(2017, 8, 1))
    assert [done.status_on(d) for d in (date(2017, 1, 1), CREATED, date(2017, 8, 1))] == [
        NepStatus.PLANNED, NepStatus.ACTIVE, NepStatus.COMPLETED]
    assert p.overdue_on(date(2017, 10, 1)) and not p.overdue_on(EXPECTED)
    with pytest.raises(NepCompletionRefused, match="already completed"):
        done.complete(date(2017, 9, 1))
    with pytest.raises(NepCompletionRefused, match="before its creation"):
        p.complete(date(2017, 1, 1))


def test_r_wan_2_overlapping_cohorts_only_while_both_plans_run() -> None:
    first = plan()
    second = plan("NEP-S-2", cohort=("SO14 0AB", "SO14 0AC"), created_on=date(2017, 6, 1))
    assert overlapping(second, first) == ("SO14 0AB",)
    assert overlapping(second, first.complete(date(2017, 6, 1))) == ()  # the first ended the day it began


def test_r_wan_2_quarters_and_which_plans_a_quarter_reports() -> None:
    q = Quarter.of(date(2017, 11, 15))
    assert (q.start, q.end, q.label) == (date(2017, 10, 1), date(2017, 12, 31), "2017-Q4")
    assert Quarter.of(date(2017, 2, 28)).end == date(2017, 3, 31)
    p = plan()
    assert not reported_in(p, Quarter.of(date(2017, 1, 5)), date(2017, 1, 5))  # not created yet
    assert reported_in(p, Quarter.of(date(2017, 3, 1)), date(2017, 3, 1))
    done = p.complete(date(2017, 8, 1))
    assert reported_in(done, Quarter.of(date(2017, 9, 30)), date(2017, 9, 30))  # completed in the quarter
    assert not reported_in(done, Quarter.of(date(2017, 10, 1)), date(2017, 10, 1))  # completed before it

"""The NepRepository contract on every backend (memory, SQLite, PostgreSQL): a plan round-trips with its area
and cohort; lists by creation date then id (not the database collation); a postcode finds the plans whose
cohort holds it; completion is recorded; duplicates and unknown plans are refused (R-WAN-2)."""

from __future__ import annotations

from datetime import date

import pytest

from gbdcc.adapters.db.errors import NotStored
from gbdcc.domain.errors import NepExists
from gbdcc.domain.nep import NepArea, NetworkEnhancementPlan
from gbdcc.service.ports import UnitOfWorkFactory


def plan(plan_id: str, created_on: date, cohort: tuple[str, ...], **kw: object) -> NetworkEnhancementPlan:
    values: dict[str, object] = {
        "plan_id": plan_id, "region": "South", "area": NepArea(("SO1", "SO14"), ("SO1 9ZZ", "SO10 0AA")),
        "cohort": cohort, "created_on": created_on, "estimated_completion": date(2017, 9, 30)}
    values.update(kw)
    return NetworkEnhancementPlan(**values)  # type: ignore[arg-type]


A = plan("NEP-S-10", date(2017, 3, 1), ("SO1 9ZZ", "SO10 0AA", "SO14 0AA"))
B = plan("NEP-S-2", date(2017, 3, 1), ("SO14 0AB",), region="Central", area=NepArea(("CV1",), ()))
C = plan("NEP-S-1", date(2017, 4, 1), ("SO14 0AA",), completed_on=date(2017, 8, 1))


def test_plans_round_trip_with_area_and_cohort_in_domain_order(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for p in (C, B, A):
            uow.neps.add(p)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.neps.get("NEP-S-10") == A
        assert uow.neps.get("NEP-S-1") == C
        assert uow.neps.get("NEP-S-3") is None
        assert uow.neps.plans() == [A, B, C]  # created_on, then plan id as a string: "NEP-S-10" < "NEP-S-2"
        assert uow.neps.for_postcode("SO14 0AA") == [A, C]
        assert uow.neps.for_postcode("SO14 0AB") == [B]
        assert uow.neps.for_postcode("SO14 0AC") == []


def test_completion_recorded_and_unknown_or_duplicate_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.neps.add(A)
        uow.commit()
    with uow_factory() as uow:
        uow.neps.record_completion("NEP-S-10", date(2017, 7, 1))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        stored = uow.neps.get("NEP-S-10")
        assert stored is not None and stored.completed_on == date(2017, 7, 1) and stored.cohort == A.cohort
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.neps.record_completion("NEP-S-404", date(2017, 7, 1))
    with uow_factory() as uow, pytest.raises(NepExists):
        uow.neps.add(A)


def test_an_uncommitted_plan_is_not_stored(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.neps.add(A)
    with uow_factory(read_only=True) as uow:
        assert uow.neps.plans() == []

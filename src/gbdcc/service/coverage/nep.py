"""Network Enhancement Plan use cases over the ``uow.neps`` repository (SEC F7.20-F7.21, R-WAN-2).

``add_plan`` checks a new plan (South / Central only, area and cohort, one plan per premises at a time) and
stores it; ``complete_plan`` records its actual completion (its cohort is covered from that date);
:class:`StoredNepLookup` answers Incident Management's question: is the premises at this postcode under a plan
on that date (then its incident is excluded from the R-WAN-1 90-day / 99 % figure)?
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from gbdcc.domain.errors import NepAreaInvalid, NepExists, NepUnknown
from gbdcc.domain.nep import NepArea, NetworkEnhancementPlan, new_plan, overlapping, postcode_of
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


def plan_covering(uow: UnitOfWork, postcode: str, on: date) -> NetworkEnhancementPlan | None:
    """The plan whose cohort holds ``postcode`` on ``on`` (at most one: ``add_plan`` refuses overlaps)."""
    try:
        normalised = postcode_of(postcode)
    except NepAreaInvalid:
        return None  # not a full postcode: no cohort holds it
    for plan in uow.neps.for_postcode(normalised):
        if plan.covers(normalised, on):
            return plan
    return None


class StoredNepLookup:
    """:class:`gbdcc.service.coverage.ports.NepLookup` over the stored plans (R-WAN-2)."""

    def plan_for(self, uow: UnitOfWork, postcode: str, at: date) -> str | None:
        plan = plan_covering(uow, postcode, at)
        return None if plan is None else plan.plan_id


def add_plan(uow_factory: UnitOfWorkFactory, plan_id: str, region: str, *, districts: Iterable[str] = (),
             postcodes: Iterable[str] = (), cohort: Iterable[str] = (), created_on: date,
             estimated_completion: date, regions: Mapping[str, str]) -> NetworkEnhancementPlan:
    """Store a new plan; ``regions`` maps postcode areas to CSP regions (the SM WAN's). Refusals name R-WAN-2."""
    plan = new_plan(plan_id, region, NepArea.of(districts, postcodes), cohort, created_on=created_on,
                    estimated_completion=estimated_completion, regions=regions)
    with uow_factory() as uow:
        if uow.neps.get(plan.plan_id) is not None:
            raise NepExists(f"a Network Enhancement Plan {plan.plan_id} is already recorded")
        for postcode in plan.cohort:
            for other in uow.neps.for_postcode(postcode):
                if clash := overlapping(plan, other):
                    raise NepExists(f"premises at {', '.join(clash)} are already under plan {other.plan_id} "
                                    f"from {other.created_on}: one plan per premises at a time")
        uow.neps.add(plan)
        uow.commit()
    return plan


def complete_plan(uow_factory: UnitOfWorkFactory, plan_id: str, on: date) -> NetworkEnhancementPlan:
    """Record that ``plan_id`` completed on ``on``: its cohort is covered from then (R-WAN-2)."""
    with uow_factory() as uow:
        plan = uow.neps.get(plan_id)
        if plan is None:
            raise NepUnknown(f"no Network Enhancement Plan {plan_id!r}")
        done = plan.complete(on)
        uow.neps.record_completion(plan_id, on)
        uow.commit()
    return done


def list_plans(uow_factory: UnitOfWorkFactory) -> Sequence[NetworkEnhancementPlan]:
    """Every plan, by creation date then id."""
    with uow_factory(read_only=True) as uow:
        return uow.neps.plans()

"""In-memory Network Enhancement Plans (R-WAN-2; ``service.coverage.ports.NepRepository``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.errors import NepExists
from gbdcc.domain.nep import NetworkEnhancementPlan


def plan_order(plan: NetworkEnhancementPlan) -> tuple[date, str]:
    """The listing order: creation date, then plan id (shared with the SQL repository)."""
    return plan.created_on, plan.plan_id


class InMemoryNepRepository(Repository):
    def add(self, plan: NetworkEnhancementPlan) -> None:
        plans = self._s().neps
        if plan.plan_id in plans:
            raise NepExists(f"a Network Enhancement Plan {plan.plan_id} is already recorded")
        plans[plan.plan_id] = plan

    def record_completion(self, plan_id: str, completed_on: date) -> None:
        plans = self._s().neps
        if plan_id not in plans:
            raise NotStored(f"no Network Enhancement Plan {plan_id!r} to complete")
        plans[plan_id] = replace(plans[plan_id], completed_on=completed_on)

    def get(self, plan_id: str) -> NetworkEnhancementPlan | None:
        return self._s().neps.get(plan_id)

    def plans(self) -> Sequence[NetworkEnhancementPlan]:
        return sorted(self._s().neps.values(), key=plan_order)

    def for_postcode(self, postcode: str) -> Sequence[NetworkEnhancementPlan]:
        return [p for p in self.plans() if postcode in p.cohort]

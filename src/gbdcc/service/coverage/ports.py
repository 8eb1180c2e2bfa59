"""Ports of the SM WAN coverage slice (R-WAN-2): plan storage and the plan lookup Incident Management uses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from gbdcc.domain.nep import NetworkEnhancementPlan

if TYPE_CHECKING:
    from gbdcc.service.ports import UnitOfWork


class NepRepository(Protocol):
    """Network Enhancement Plans with their area and cohort. Lists come by creation date, then plan id."""

    def add(self, plan: NetworkEnhancementPlan) -> None:
        """Store a new plan with its area and cohort (its id must not be stored yet)."""
        ...

    def record_completion(self, plan_id: str, completed_on: date) -> None:
        """Record the stored plan's actual completion date (``NotStored`` if there is no such plan)."""
        ...

    def get(self, plan_id: str) -> NetworkEnhancementPlan | None: ...
    def plans(self) -> Sequence[NetworkEnhancementPlan]: ...

    def for_postcode(self, postcode: str) -> Sequence[NetworkEnhancementPlan]:
        """Every plan whose cohort holds ``postcode`` (normalised, e.g. ``SO14 0AA``), whatever its status."""
        ...


class NepLookup(Protocol):
    def plan_for(self, uow: UnitOfWork, postcode: str, at: date) -> str | None:
        """The id of the Network Enhancement Plan whose cohort holds premises at ``postcode`` on ``at`` (a plan
        covers its cohort from its creation until its completion), else None (R-WAN-2)."""
        ...

"""The SM WAN Coverage Database as the DCC reports it: the CSP's coverage map with the Network Enhancement
Plans on record applied (SEC F7.18-F7.22; R-WAN-2 "always reflects the DCC's best coverage information,
including premises under a plan").

Precedence for premises in a plan's cohort, on the date asked about:

* under an active plan → not available, ``Medium`` likelihood, ``AnticipatedCoverageDate`` = the plan's
  estimated completion date and ``AdditionalInformation`` naming the plan (DUIS 12.1 ``DSPWANMatrixResponse``
  carries both, so Users see the plan in the 12.1 response, not only in the admin view);
* its plan completed → available, ``High`` likelihood, the plan named as the source;
* otherwise (no plan, or a plan created later) → the CSP's answer unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from gbdcc.domain.coverage import ConnectivityLikelihood, WanCoverage
from gbdcc.domain.errors import NepAreaInvalid
from gbdcc.domain.nep import NepStatus, NetworkEnhancementPlan, postcode_of
from gbdcc.service.ports import CoverageDatabase, UnitOfWork


@dataclass(frozen=True, slots=True)
class CoverageCheck:
    """One premises postcode's coverage as reported, and the plan that decided it (None: the CSP's map)."""

    postcode: str
    coverage: WanCoverage
    plan: NetworkEnhancementPlan | None


def reflect_plans(uow: UnitOfWork, answer: WanCoverage, postcode: str, at: datetime) -> CoverageCheck:
    """``answer`` (the CSP's coverage at ``postcode``) with the plans on record applied as of ``at``."""
    try:
        normalised = postcode_of(postcode)
    except NepAreaInvalid:
        return CoverageCheck(postcode, answer, None)  # a partial postcode: no cohort holds it
    on = at.date()
    plans = uow.neps.for_postcode(normalised)
    for plan in plans:
        if plan.covers(normalised, on):
            info = (f"Under Network Enhancement Plan {plan.plan_id} ({plan.region}); coverage expected by "
                    f"{plan.estimated_completion} (R-WAN-2)")
            return CoverageCheck(normalised, replace(
                answer, available=False, likelihood=ConnectivityLikelihood.MEDIUM,
                anticipated_date=plan.estimated_completion, additional_information=info), plan)
    done = [p for p in plans if p.status_on(on) is NepStatus.COMPLETED]
    if done:
        plan = max(done, key=lambda p: (p.completed_on, p.plan_id))
        info = f"Covered since {plan.completed_on} by Network Enhancement Plan {plan.plan_id} (R-WAN-2)"
        return CoverageCheck(normalised, replace(
            answer, available=True, likelihood=ConnectivityLikelihood.HIGH, anticipated_date=None,
            additional_information=info), plan)
    return CoverageCheck(normalised, answer, None)


def check_coverage(uow: UnitOfWork, coverage: CoverageDatabase, postcode: str, at: datetime) -> CoverageCheck:
    """The Coverage Database's answer for ``postcode`` at ``at`` (``InvalidIdentifier`` outside GB's regions)."""
    return reflect_plans(uow, coverage.lookup(postcode, at), postcode, at)

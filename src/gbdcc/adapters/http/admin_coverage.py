"""Admin endpoints of the SM WAN Coverage Database and its Network Enhancement Plans (R-WAN-2;
``gbdcc coverage``).

``GET /admin/v1/coverage/check/{postcode}`` — the coverage the DCC reports for a premises postcode now (the
12.1 answer: the simulated CSP map with the plans on record applied) and the plan that decided it;
``GET /admin/v1/coverage/neps`` — every plan; ``POST /admin/v1/coverage/neps``
``{"plan_id", "region", "districts", "postcodes", "cohort", "estimated_completion"[, "created_on"]}`` records a
plan (created today by default); ``POST /admin/v1/coverage/neps/{plan_id}/complete`` ``{"completed_on"}``
(default today) records its completion. Refusals: 4xx ``{"detail": {"code", "rule", "reason"}}``. Auth as every
admin endpoint (``admin_scenario.check_caller``, ``GBDCC_ADMIN_TOKEN``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.errors import InvalidIdentifier, NepRefused, NepUnknown
from gbdcc.domain.nep import NetworkEnhancementPlan
from gbdcc.service.coverage.nep import add_plan, complete_plan, list_plans
from gbdcc.service.coverage.view import check_coverage
from gbdcc.service.ports import Clock, CoverageDatabase, UnitOfWorkFactory

PREFIX = "/admin/v1/coverage"


def plan_json(plan: NetworkEnhancementPlan) -> dict[str, Any]:
    """A plan as JSON (dates ISO 8601; ``status`` as recorded)."""
    return {"plan_id": plan.plan_id, "region": plan.region, "districts": list(plan.area.districts),
            "postcodes": list(plan.area.postcodes), "cohort": list(plan.cohort),
            "created_on": plan.created_on.isoformat(), "estimated_completion": plan.estimated_completion.isoformat(),
            "completed_on": None if plan.completed_on is None else plan.completed_on.isoformat(),
            "status": plan.status.value}


def coverage_json(c: WanCoverage) -> dict[str, Any]:
    return {"csp_region": c.csp_region, "available": c.available, "technology": c.technology,
            "likelihood": c.likelihood.value,
            "anticipated_date": None if c.anticipated_date is None else c.anticipated_date.isoformat(),
            "additional_information": c.additional_information}


class PlanIn(BaseModel):
    plan_id: str
    region: str
    districts: list[str] = []
    postcodes: list[str] = []
    cohort: list[str] = []
    estimated_completion: date
    created_on: date | None = None


class CompletionIn(BaseModel):
    completed_on: date | None = None


def router(uow_factory: UnitOfWorkFactory, clock: Clock, coverage: CoverageDatabase, regions: Mapping[str, str],
           *, token: str | None) -> APIRouter:
    """``regions`` maps postcode areas to CSP regions (the SM WAN's), to check a plan's area (R-WAN-2)."""
    api = APIRouter(prefix=PREFIX, tags=["coverage"])

    @api.get("/check/{postcode}")
    def check(request: Request, postcode: str) -> dict[str, Any]:
        check_caller(request, token)
        try:
            with uow_factory(read_only=True) as uow:
                found = check_coverage(uow, coverage, postcode, clock.now())
        except InvalidIdentifier as err:
            raise refusal(422, err) from None
        return {"postcode": found.postcode, "coverage": coverage_json(found.coverage),
                "plan": None if found.plan is None else plan_json(found.plan)}

    @api.get("/neps")
    def neps(request: Request) -> dict[str, Any]:
        check_caller(request, token)
        return {"plans": [plan_json(p) for p in list_plans(uow_factory)]}

    @api.post("/neps", status_code=201)
    def add(request: Request, body: PlanIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            plan = add_plan(uow_factory, body.plan_id, body.region, districts=body.districts,
                            postcodes=body.postcodes, cohort=body.cohort,
                            created_on=body.created_on or clock.now().date(),
                            estimated_completion=body.estimated_completion, regions=regions)
        except NepRefused as err:
            raise refusal(409, err) from None
        return plan_json(plan)

    @api.post("/neps/{plan_id}/complete")
    def complete(request: Request, plan_id: str, body: CompletionIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            plan = complete_plan(uow_factory, plan_id, body.completed_on or clock.now().date())
        except NepRefused as err:
            raise refusal(404 if isinstance(err, NepUnknown) else 409, err) from None
        return plan_json(plan)

    return api

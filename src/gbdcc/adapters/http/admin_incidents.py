"""Incident Management, Additional Support and the Error Handling Strategy pages over HTTP (R-INC-1,
R-SUPPORT-1; ``gbdcc incidents`` / ``gbdcc support``).

Admin (auth as every admin endpoint: ``admin_scenario.check_caller``, ``GBDCC_ADMIN_TOKEN``):

* ``GET /admin/v1/incidents[?state=&source=&user=]`` lists incidents, each with its category, target
  resolution instant (``due_at``), ``within_target`` and the self-help link of its error code;
  ``GET /admin/v1/incidents/{id}``; ``POST /admin/v1/incidents`` ``{"category", "title", "description"?,
  "user"?, "requests"?, "devices"?, "postcode"?, "uprn"?, "shown_covered"?, "error_code"?}`` raises one (a
  User's with ``user``, else the DCC's ``dcc:operator``); ``POST /admin/v1/incidents/{id}/assign``
  ``{"owner"}``, ``/resolve`` ``{"resolution"}``, ``/close``, ``/reopen``.
* ``GET /admin/v1/support[?participant=]``; ``POST /admin/v1/support`` ``{"participant", "topic",
  "summary"}``; ``POST /admin/v1/support/{id}/resolve`` ``{"resolution", "effort_minutes"}`` (charged).

Public: ``GET /help/errors/{code}`` — the self-help page of a GBDCC error code, HTML unless the caller asks
for ``application/json`` (``Accept``) or ``?format=json``.

Refusals: 4xx ``{"detail": {"code", "rule", "reason"}}``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from gbdcc.adapters.http.admin_common import RowId, refusal, to_json
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import ErrorCodeUnknown, GbdccError, IncidentRefused, IncidentUnknown, SupportRequestUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.help import ErrorHelp, help_path, page
from gbdcc.domain.incidents.model import Category, CoverageFacts, Incident, IncidentPolicy, IncidentState, Premises
from gbdcc.service.incidents import manage, support
from gbdcc.service.incidents.support import SupportTerms
from gbdcc.service.ports import Clock, UnitOfWorkFactory

PREFIX = "/admin/v1"




def incident_json(incident: Incident, policy: IncidentPolicy) -> dict[str, Any]:
    """An incident as the API (and the portal) show it: its fields, target instant and help link."""
    out: dict[str, Any] = to_json(incident)
    out["category"] = int(incident.category)
    out["target_hours"] = policy.target(incident.category).total_seconds() / 3600
    out["due_at"] = incident.due_at(policy).isoformat()
    out["within_target"] = incident.within_target(policy)
    out["help"] = None if incident.error_code is None else help_path(incident.error_code)
    return out


def _refusal(err: IncidentRefused) -> HTTPException:
    status = 404 if isinstance(err, IncidentUnknown | SupportRequestUnknown | ErrorCodeUnknown) else 409
    return refusal(status, err)


class IncidentIn(BaseModel):
    category: int
    title: str
    description: str = ""
    user: str | None = None
    requests: list[str] = []
    devices: list[str] = []
    postcode: str | None = None
    uprn: str | None = None
    shown_covered: bool | None = None
    error_code: str | None = None


class OwnerIn(BaseModel):
    owner: str


class ResolutionIn(BaseModel):
    resolution: str = ""


class SupportIn(BaseModel):
    participant: str
    topic: str
    summary: str


class SupportResolutionIn(BaseModel):
    resolution: str
    effort_minutes: int


def new_incident(body: IncidentIn, at: datetime) -> Incident:
    premises = None if body.postcode is None else Premises(body.postcode, body.uprn)
    coverage = None if body.shown_covered is None else CoverageFacts(body.shown_covered)
    links: dict[str, Any] = {"description": body.description, "requests": tuple(body.requests),
                             "devices": tuple(Eui64.parse(d) for d in body.devices), "premises": premises,
                             "coverage": coverage, "error_code": body.error_code}
    category = Category.of(body.category)
    if body.user is not None:
        return Incident.by_user(Eui64.parse(body.user), category, body.title, at, **links)
    return Incident.by_dcc("operator", category, body.title, at, **links)


def help_html(h: ErrorHelp) -> str:
    e = html.escape
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in
                   (("Code", h.code), ("Refusal", h.name or "—"), ("DUIS response code", h.response_code or "—"),
                    ("Rule", h.rule or "—")))
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(h.code)}</title></head>"
            f"<body><h1>{e(h.code)} {e(h.name)}</h1><p>{e(h.summary)}</p>"
            + (f"<p>{e(h.detail)}</p>" if h.detail else "")
            + f"<table>{rows}</table><h2>What to do</h2><p>{e(h.self_help)}</p>"
            "<p>Error Handling Strategy, kept as self-help material (R-INC-1).</p></body></html>")


def router(uow_factory: UnitOfWorkFactory, clock: Clock, policy: IncidentPolicy, terms: SupportTerms, *,
           token: str | None) -> APIRouter:
    api = APIRouter(tags=["incidents"])

    def guarded(request: Request, fn: Callable[[], Any]) -> Any:
        check_caller(request, token)
        try:
            return fn()
        except IncidentRefused as err:
            raise _refusal(err) from None
        except GbdccError as err:  # a malformed User ID / device in the query or body
            raise refusal(400, err) from None

    @api.get(PREFIX + "/incidents")
    def listing(request: Request, state: IncidentState | None = None, source: str | None = None,
                user: str | None = None) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            with uow_factory(read_only=True) as uow:
                found = manage.list_incidents(uow, state=state,
                                              source=source, raised_by=None if user is None else Eui64.parse(user))
            return {"incidents": [incident_json(i, policy) for i in found]}
        return dict(guarded(request, run))

    @api.get(PREFIX + "/incidents/{incident_id}")
    def show(request: Request, incident_id: RowId) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            with uow_factory(read_only=True) as uow:
                return incident_json(manage.get_incident(uow, incident_id), policy)
        return dict(guarded(request, run))

    @api.post(PREFIX + "/incidents")
    def raise_(request: Request, body: IncidentIn) -> dict[str, Any]:
        return dict(guarded(request, lambda: incident_json(
            manage.raise_incident(uow_factory, new_incident(body, clock.now())), policy)))

    @api.post(PREFIX + "/incidents/{incident_id}/assign")
    def assign(request: Request, incident_id: RowId, body: OwnerIn) -> dict[str, Any]:
        return dict(guarded(request, lambda: incident_json(
            manage.assign_incident(uow_factory, incident_id, body.owner, clock.now()), policy)))

    @api.post(PREFIX + "/incidents/{incident_id}/resolve")
    def resolve(request: Request, incident_id: RowId, body: ResolutionIn) -> dict[str, Any]:
        return dict(guarded(request, lambda: incident_json(
            manage.resolve_incident(uow_factory, incident_id, body.resolution, clock.now()), policy)))

    @api.post(PREFIX + "/incidents/{incident_id}/close")
    def close(request: Request, incident_id: RowId) -> dict[str, Any]:
        return dict(guarded(request, lambda: incident_json(
            manage.close_incident(uow_factory, incident_id, clock.now()), policy)))

    @api.post(PREFIX + "/incidents/{incident_id}/reopen")
    def reopen(request: Request, incident_id: RowId) -> dict[str, Any]:
        return dict(guarded(request, lambda: incident_json(
            manage.reopen_incident(uow_factory, incident_id, clock.now()), policy)))

    @api.get(PREFIX + "/support")
    def support_list(request: Request, participant: str | None = None) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            with uow_factory(read_only=True) as uow:
                return {"support": to_json(list(support.list_support(uow, participant)))}
        return dict(guarded(request, run))

    @api.post(PREFIX + "/support")
    def support_request(request: Request, body: SupportIn) -> dict[str, Any]:
        return dict(guarded(request, lambda: to_json(support.request_support(
            uow_factory, terms, body.participant, body.topic, body.summary, clock.now()))))

    @api.post(PREFIX + "/support/{support_id}/resolve")
    def support_resolve(request: Request, support_id: RowId, body: SupportResolutionIn) -> dict[str, Any]:
        return dict(guarded(request, lambda: to_json(support.resolve_support(
            uow_factory, terms, support_id, body.resolution, body.effort_minutes, clock.now()))))

    @api.get("/help/errors/{code}", response_model=None)
    def error_help(request: Request, code: str, format: str | None = None) -> Response:
        try:
            h = page(code)
        except ErrorCodeUnknown as err:
            raise _refusal(err) from None
        if format == "json" or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({**to_json(h), "path": h.path})
        return HTMLResponse(help_html(h))

    return api

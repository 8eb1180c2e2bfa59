"""The Self-Service Interface's incident page (R-INC-1): the incidents a User raised and the DCC's own that
concern it (``service.incidents.manage.list_incidents_for_user``: its requests linked, or DCC-wide ones such as a
CSP region outage), each with its category, target resolution time and state; the Error Handling Strategy
self-help page of its error code is linked (``/help/errors/{code}``). Added to the portal by ``bootstrap``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import Request
from fastapi.responses import Response

from gbdcc.adapters.portal.site import PortalSite, csv_response
from gbdcc.domain.incidents.model import Incident, IncidentPolicy
from gbdcc.domain.portal import PortalSession
from gbdcc.service.incidents.manage import list_incidents_for_user
from gbdcc.service.ports import UnitOfWorkFactory

COLUMNS = ["incident_id", "category", "title", "source", "state", "raised_at", "target_hours", "due_at",
           "resolved_at", "within_target", "owner", "error_code"]


@dataclass(frozen=True, slots=True)
class IncidentRow:
    incident: Incident
    target_hours: float
    due_at: datetime
    within_target: bool | None


def add_incident_pages(site: PortalSite, uow_factory: UnitOfWorkFactory, policy: IncidentPolicy) -> None:
    """Register ``/portal/incidents`` (in the nav) on ``site``."""

    @site.get("/incidents", nav="Incidents")
    async def incidents(request: Request, session: PortalSession) -> Response:
        with uow_factory(read_only=True) as uow:
            found = list_incidents_for_user(uow, session.user_id)
        rows = [IncidentRow(i, policy.target(i.category).total_seconds() / 3600, i.due_at(policy),
                            i.within_target(policy)) for i in reversed(found)]
        if request.query_params.get("format") == "csv":
            return csv_response("incidents.csv", COLUMNS, [
                [r.incident.incident_id, int(r.incident.category), r.incident.title, r.incident.source,
                 r.incident.state.value, r.incident.raised_at.isoformat(), r.target_hours, r.due_at.isoformat(),
                 r.incident.resolved_at.isoformat() if r.incident.resolved_at else "",
                 "" if r.within_target is None else r.within_target, r.incident.owner or "",
                 r.incident.error_code or ""] for r in rows])
        return site.render(request, "incidents.html", session, rows=rows)

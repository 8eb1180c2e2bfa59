"""Use cases of Incident Management (R-INC-1): raise, assign, resolve, close, reopen, list.

Each ``*_incident`` use case opens one unit of work and commits it. :func:`record_incident` instead joins the
caller's unit of work: the DCC's own hooks (``service.incidents.automatic``) raise their incident in the same
transaction as what caused it. Instants come from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from gbdcc.domain.errors import IncidentUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Category, Incident, IncidentPolicy, IncidentState
from gbdcc.service.operations.ports import IncidentResolution
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


def record_incident(uow: UnitOfWork, incident: Incident) -> Incident:
    """Store a new incident in the caller's unit of work (not committed here)."""
    return uow.incidents.add(incident)


def raise_incident(uow_factory: UnitOfWorkFactory, incident: Incident) -> Incident:
    """Raise an incident (a User's from the portal / admin API, or the DCC's own)."""
    with uow_factory() as uow:
        stored = record_incident(uow, incident)
        uow.commit()
    return stored


def get_incident(uow: UnitOfWork, incident_id: int) -> Incident:
    found = uow.incidents.get(incident_id)
    if found is None:
        raise IncidentUnknown(f"no incident {incident_id}")
    return found


def _step(uow_factory: UnitOfWorkFactory, incident_id: int, change: Callable[[Incident], Incident]) -> Incident:
    with uow_factory() as uow:
        changed = change(get_incident(uow, incident_id))
        uow.incidents.put(changed)
        uow.commit()
    return changed


def assign_incident(uow_factory: UnitOfWorkFactory, incident_id: int, owner: str, at: datetime) -> Incident:
    return _step(uow_factory, incident_id, lambda i: i.assigned(owner, at))


def resolve_incident(uow_factory: UnitOfWorkFactory, incident_id: int, resolution: str, at: datetime) -> Incident:
    return _step(uow_factory, incident_id, lambda i: i.resolved(resolution, at))


def close_incident(uow_factory: UnitOfWorkFactory, incident_id: int, at: datetime) -> Incident:
    return _step(uow_factory, incident_id, lambda i: i.closed(at))


def reopen_incident(uow_factory: UnitOfWorkFactory, incident_id: int, at: datetime) -> Incident:
    return _step(uow_factory, incident_id, lambda i: i.reopened_at(at))


def recategorise_incident(uow_factory: UnitOfWorkFactory, incident_id: int, category: int) -> Incident:
    return _step(uow_factory, incident_id, lambda i: i.recategorised(Category.of(category)))


def list_incidents(uow: UnitOfWork, *, state: IncidentState | None = None, source: str | None = None,
                   raised_by: Eui64 | None = None) -> Sequence[Incident]:
    return uow.incidents.list(raised_by=raised_by, state=state, source=source)


def list_incidents_for_user(uow: UnitOfWork, user_id: Eui64) -> Sequence[Incident]:
    """The incidents a User sees in the portal: those it raised, and the DCC's own incidents (outages,
    registration data files …) that link one of its requests. DCC-wide incidents with no link (a CSP region
    outage) are shown to every User."""
    mine = list(uow.incidents.list(raised_by=user_id))
    prefix = f"{user_id}:"
    seen = {i.incident_id for i in mine}
    for incident in uow.incidents.list(source="dcc:"):
        if incident.incident_id in seen:
            continue
        linked = any(r.upper().startswith(prefix.upper()) for r in incident.requests)
        if linked or not (incident.requests or incident.devices or incident.premises):
            mine.append(incident)
    return sorted(mine, key=lambda i: i.incident_id or 0)


class StoredIncidentResolutions:
    """The H13 performance report's incident measure (``service.operations.ports.IncidentResolutions``) over the
    stored incidents: each incident resolved in ``[start, end)``, with its category and whether it was resolved
    within its category's target (R-INC-1)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, policy: IncidentPolicy) -> None:
        self._uow_factory = uow_factory
        self._policy = policy

    def resolutions(self, start: datetime, end: datetime) -> Sequence[IncidentResolution]:
        with self._uow_factory(read_only=True) as uow:
            resolved = uow.incidents.list(resolved_between=(start, end))
        return [IncidentResolution(int(i.category), bool(i.within_target(self._policy))) for i in resolved]

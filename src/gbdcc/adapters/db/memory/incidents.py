"""In-memory incidents and Additional Support requests (R-INC-1, R-SUPPORT-1; ``domain.incidents``).

One map of the unit's state holds every record under a ``(kind, id)`` tuple (values immutable, so the unit's
shallow copy isolates it). The ``stored_*`` helpers (instants to UTC, naive ones refused) are shared with the
SQL repositories, so both store and refuse alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from gbdcc.adapters.db.errors import NotStored, utc, utc_or_none
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Incident, IncidentState
from gbdcc.domain.incidents.support import SupportRequest


def stored_incident(i: Incident) -> Incident:
    return replace(i, raised_at=utc(i.raised_at, "raised_at"),
                   assigned_at=utc_or_none(i.assigned_at, "assigned_at"),
                   resolved_at=utc_or_none(i.resolved_at, "resolved_at"),
                   closed_at=utc_or_none(i.closed_at, "closed_at"))


def stored_support(r: SupportRequest) -> SupportRequest:
    return replace(r, raised_at=utc(r.raised_at, "raised_at"), resolved_at=utc_or_none(r.resolved_at, "resolved_at"))


def matches(i: Incident, raised_by: Eui64 | None, state: IncidentState | None, source: str | None,
            resolved_between: tuple[datetime, datetime] | None = None) -> bool:
    resolved = resolved_between is None or (
        i.resolved_at is not None and resolved_between[0] <= i.resolved_at < resolved_between[1])
    return ((raised_by is None or i.raised_by == raised_by) and (state is None or i.state is state)
            and (source is None or i.source.startswith(source)) and resolved)


class _Records(Repository):
    kind = ""

    def _map(self) -> dict[tuple[str, Any], Any]:
        return self._s().incidents

    def _next(self) -> int:
        m = self._map()
        n: int = m.get(("seq", self.kind), 0) + 1
        m[("seq", self.kind)] = n
        return n

    def _all(self) -> list[Any]:
        return [v for (k, n), v in sorted(((k, v) for k, v in self._map().items() if k[0] == self.kind),
                                          key=lambda kv: kv[0][1])]


class InMemoryIncidentRepository(_Records):
    kind = "incident"

    def add(self, incident: Incident) -> Incident:
        stored = replace(stored_incident(incident), incident_id=self._next())
        self._map()[(self.kind, stored.incident_id)] = stored
        return stored

    def put(self, incident: Incident) -> None:
        if incident.incident_id is None or (self.kind, incident.incident_id) not in self._map():
            raise NotStored(f"incident {incident.incident_id} is not stored")
        self._map()[(self.kind, incident.incident_id)] = stored_incident(incident)

    def get(self, incident_id: int) -> Incident | None:
        found: Incident | None = self._map().get((self.kind, incident_id))
        return found

    def list(self, *, raised_by: Eui64 | None = None, state: IncidentState | None = None,
             source: str | None = None, resolved_between: tuple[datetime, datetime] | None = None
             ) -> Sequence[Incident]:
        if resolved_between is not None:
            start, end = resolved_between
            resolved_between = (utc(start, "resolved_between"), utc(end, "resolved_between"))
        return [i for i in self._all() if matches(i, raised_by, state, source, resolved_between)]


class InMemorySupportRepository(_Records):
    kind = "support"

    def add(self, request: SupportRequest) -> SupportRequest:
        stored = replace(stored_support(request), support_id=self._next())
        self._map()[(self.kind, stored.support_id)] = stored
        return stored

    def put(self, request: SupportRequest) -> None:
        if request.support_id is None or (self.kind, request.support_id) not in self._map():
            raise NotStored(f"support request {request.support_id} is not stored")
        self._map()[(self.kind, request.support_id)] = stored_support(request)

    def get(self, support_id: int) -> SupportRequest | None:
        found: SupportRequest | None = self._map().get((self.kind, support_id))
        return found

    def list(self, *, participant: str | None = None) -> Sequence[SupportRequest]:
        return [r for r in self._all() if participant is None or r.participant == participant]

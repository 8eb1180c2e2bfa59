"""The ports of Incident Management and Additional Support (R-INC-1, R-WAN-1, R-SUPPORT-1)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Incident, IncidentState
from gbdcc.domain.incidents.support import SupportRequest

if TYPE_CHECKING:
    from gbdcc.service.ports import UnitOfWork


class IncidentRepository(Protocol):
    """Incidents, listed by id (raise order)."""

    def add(self, incident: Incident) -> Incident:
        """Store a new incident; returns it with its new ``incident_id``."""
        ...

    def put(self, incident: Incident) -> None:
        """Replace the stored incident with that ``incident_id`` (``NotStored`` if it is not stored)."""
        ...

    def get(self, incident_id: int) -> Incident | None: ...

    def list(self, *, raised_by: Eui64 | None = None, state: IncidentState | None = None,
             source: str | None = None, resolved_between: tuple[datetime, datetime] | None = None
             ) -> Sequence[Incident]:
        """Incidents, filtered: raised by that User, in that state, whose source starts with ``source``,
        resolved in ``[start, end)`` — each filter applied by the store, in incident id order."""
        ...


class SupportRepository(Protocol):
    """Additional Support requests, listed by id."""

    def add(self, request: SupportRequest) -> SupportRequest: ...

    def put(self, request: SupportRequest) -> None:
        """Replace the stored request with that ``support_id`` (``NotStored`` if it is not stored)."""
        ...

    def get(self, support_id: int) -> SupportRequest | None: ...
    def list(self, *, participant: str | None = None) -> Sequence[SupportRequest]: ...


class NepMembership(Protocol):
    """Which Network Enhancement Plan, if any, covers a postcode on a day (R-WAN-2). Structurally identical to
    ``service.coverage.ports.NepLookup`` (the coverage feature), which bootstrap wires here once both exist."""

    def plan_for(self, uow: UnitOfWork, postcode: str, at: date) -> str | None: ...


class NoNepData:
    """The default: no NEP data, so no premises is excluded (the report says so in its notes)."""

    known = False

    def plan_for(self, uow: UnitOfWork, postcode: str, at: date) -> str | None:
        return None

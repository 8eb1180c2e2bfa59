"""SQL incidents and Additional Support requests (R-INC-1, R-SUPPORT-1; ``domain.incidents``): ``incidents``
(linked RequestIDs and device EUI-64s space-separated) and ``support_requests``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import NotStored, utc
from gbdcc.adapters.db.memory.incidents import stored_incident, stored_support
from gbdcc.adapters.db.tables import incidents as it
from gbdcc.adapters.db.tables import support_requests as sr
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Category, CoverageFacts, Incident, IncidentState, Premises
from gbdcc.domain.incidents.support import SupportRequest, SupportTopic

_LIFECYCLE = ("owner", "assigned_at", "resolved_at", "resolution", "closed_at", "reopened")
_SUPPORT = ("participant", "summary", "raised_at", "resolved_at", "resolution", "effort_minutes", "charge_pence")


def _incident_values(i: Incident) -> dict[str, Any]:
    return {"category": int(i.category), "title": i.title, "description": i.description, "source": i.source,
            "raised_at": i.raised_at, "raised_by": i.raised_by, "request_ids": " ".join(i.requests),
            "device_ids": " ".join(d.hex for d in i.devices),
            "premises_postcode": None if i.premises is None else i.premises.postcode,
            "premises_uprn": None if i.premises is None else i.premises.uprn,
            "shown_covered": None if i.coverage is None else i.coverage.shown_covered,
            "error_code": i.error_code, "state": i.state.value, **{f: getattr(i, f) for f in _LIFECYCLE}}


def _incident(row: Any) -> Incident:
    premises = None if row.premises_postcode is None else Premises(row.premises_postcode, row.premises_uprn)
    return Incident(Category(row.category), row.title, row.source, row.raised_at, row.description, row.raised_by,
                    tuple(row.request_ids.split()), tuple(Eui64(int(x, 16)) for x in row.device_ids.split()),
                    premises, None if row.shown_covered is None else CoverageFacts(bool(row.shown_covered)),
                    row.error_code, row.incident_id, IncidentState(row.state),
                    **{f: getattr(row, f) for f in _LIFECYCLE})


def _support_values(r: SupportRequest) -> dict[str, Any]:
    return {"topic": r.topic.value, **{f: getattr(r, f) for f in _SUPPORT}}


def _support(row: Any) -> SupportRequest:
    return SupportRequest(row.participant, SupportTopic(row.topic), row.summary, row.raised_at, row.support_id,
                          row.resolved_at, row.resolution, row.effort_minutes, row.charge_pence)


_GET = select(it).where(it.c.incident_id == bindparam("k"))
_GET_SUPPORT = select(sr).where(sr.c.support_id == bindparam("k"))


class SqlIncidentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, incident: Incident) -> Incident:
        values = _incident_values(stored_incident(incident))
        new_id = self._conn.execute(insert(it).returning(it.c.incident_id), values).scalar_one()
        found = self.get(int(new_id))
        assert found is not None
        return found

    def put(self, incident: Incident) -> None:
        i = stored_incident(incident)
        res = self._conn.execute(update(it).where(it.c.incident_id == i.incident_id), _incident_values(i))
        if i.incident_id is None or res.rowcount != 1:
            raise NotStored(f"incident {i.incident_id} is not stored")

    def get(self, incident_id: int) -> Incident | None:
        row = self._conn.execute(_GET, {"k": incident_id}).first()
        return None if row is None else _incident(row)

    def list(self, *, raised_by: Eui64 | None = None, state: IncidentState | None = None,
             source: str | None = None, resolved_between: tuple[datetime, datetime] | None = None
             ) -> Sequence[Incident]:
        stmt = select(it).order_by(it.c.incident_id)
        if raised_by is not None:
            stmt = stmt.where(it.c.raised_by == raised_by)
        if state is not None:
            stmt = stmt.where(it.c.state == state.value)
        if source is not None:
            stmt = stmt.where(it.c.source.startswith(source, autoescape=True))
        if resolved_between is not None:
            start, end = (utc(t, "resolved_between") for t in resolved_between)
            stmt = stmt.where(it.c.resolved_at >= start, it.c.resolved_at < end)
        return [_incident(r) for r in self._conn.execute(stmt)]


class SqlSupportRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, request: SupportRequest) -> SupportRequest:
        values = _support_values(stored_support(request))
        new_id = self._conn.execute(insert(sr).returning(sr.c.support_id), values).scalar_one()
        found = self.get(int(new_id))
        assert found is not None
        return found

    def put(self, request: SupportRequest) -> None:
        r = stored_support(request)
        res = self._conn.execute(update(sr).where(sr.c.support_id == r.support_id), _support_values(r))
        if r.support_id is None or res.rowcount != 1:
            raise NotStored(f"support request {r.support_id} is not stored")

    def get(self, support_id: int) -> SupportRequest | None:
        row = self._conn.execute(_GET_SUPPORT, {"k": support_id}).first()
        return None if row is None else _support(row)

    def list(self, *, participant: str | None = None) -> Sequence[SupportRequest]:
        stmt = select(sr).order_by(sr.c.support_id)
        if participant is not None:
            stmt = stmt.where(sr.c.participant == participant)
        return [_support(r) for r in self._conn.execute(stmt)]

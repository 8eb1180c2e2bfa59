"""SQL DCC operations records (R-DR-1, R-OPS-1): ``release_notices`` (recipients space-separated),
``gateway_connections``, ``dr_drills`` / ``dr_relief``; and the H13 timings read from ``service_requests``
and ``outbound_messages`` (a month's range scan on ``received_at`` / ``created_at``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.operations import stored_drill, stored_notice
from gbdcc.adapters.db.tables import dr_drills as dd
from gbdcc.adapters.db.tables import dr_relief as dr
from gbdcc.adapters.db.tables import gateway_connections as gc
from gbdcc.adapters.db.tables import outbound_messages as om
from gbdcc.adapters.db.tables import release_notices as rn
from gbdcc.adapters.db.tables import service_requests as sr
from gbdcc.domain.delivery import ALERT_KINDS
from gbdcc.domain.ids import Eui64
from gbdcc.domain.operations.dr import DrillResult, ReliefAssessment, ReliefVerdict
from gbdcc.domain.operations.performance import AlertTiming, ResponseTiming
from gbdcc.domain.operations.releases import ReleaseNotice
from gbdcc.domain.requests import FINAL_STATES

_FINAL = frozenset(s.value for s in FINAL_STATES)


@per_dialect
def _upsert_connection(insert_: Any) -> Any:
    stmt = insert_(gc)
    return stmt.on_conflict_do_update(index_elements=[gc.c.user_id],
                                      set_={"backup": stmt.excluded.backup, "recorded_at": stmt.excluded.recorded_at})


def _notice(row: Any) -> ReleaseNotice:
    return ReleaseNotice(row.title, row.summary, row.issued_at, row.consultation_closes_on, row.testing_from,
                         row.testing_to, tuple(Eui64(int(x, 16)) for x in row.users.split()),
                         tuple(row.rdps.split()), int(row.notice_id))


def _drill(row: Any) -> DrillResult:
    return DrillResult(row.database, row.started_at, row.recovery_ms / 1000, row.sent, row.acknowledged, row.lost,
                       row.disaster, row.method, int(row.drill_id))


class SqlOperationsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_release_notice(self, notice: ReleaseNotice) -> ReleaseNotice:
        n = stored_notice(notice)
        values = {"title": n.title, "summary": n.summary, "issued_at": n.issued_at,
                  "consultation_closes_on": n.consultation_closes_on, "testing_from": n.testing_from,
                  "testing_to": n.testing_to, "users": " ".join(u.hex for u in n.users), "rdps": " ".join(n.rdps)}
        new_id = self._conn.execute(insert(rn).returning(rn.c.notice_id), values).scalar_one()
        row = self._conn.execute(select(rn).where(rn.c.notice_id == new_id)).one()
        return _notice(row)

    def release_notices(self) -> Sequence[ReleaseNotice]:
        return [_notice(r) for r in self._conn.execute(select(rn).order_by(rn.c.notice_id))]

    def set_gateway_connection(self, user_id: Eui64, has_backup: bool, recorded_at: datetime) -> None:
        self._conn.execute(_upsert_connection(self._conn), {"user_id": user_id, "backup": has_backup,
                                                            "recorded_at": utc(recorded_at, "recorded_at")})

    def gateway_connections(self) -> Mapping[Eui64, bool]:
        return {r.user_id: bool(r.backup) for r in self._conn.execute(select(gc).order_by(gc.c.user_id))}

    def add_drill(self, drill: DrillResult, relief: Sequence[ReliefAssessment]) -> DrillResult:
        d = stored_drill(drill)
        values = {"database": d.database, "started_at": d.started_at, "recovery_ms": round(d.recovery_s * 1000),
                  "sent": d.sent, "acknowledged": d.acknowledged, "lost": d.lost, "disaster": d.disaster,
                  "method": d.method}
        new_id = int(self._conn.execute(insert(dd).returning(dd.c.drill_id), values).scalar_one())
        if relief:
            self._conn.execute(insert(dr), [{"drill_id": new_id, "user_id": a.user_id, "has_backup": a.has_backup,
                                             "backup_would_recover": a.backup_would_recover,
                                             "verdict": a.verdict.value} for a in relief])
        return _drill(self._conn.execute(select(dd).where(dd.c.drill_id == new_id)).one())

    def drills(self) -> Sequence[DrillResult]:
        return [_drill(r) for r in self._conn.execute(select(dd).order_by(dd.c.drill_id))]

    def relief(self, drill_id: int) -> Sequence[ReliefAssessment]:
        rows = self._conn.execute(select(dr).where(dr.c.drill_id == drill_id).order_by(dr.c.user_id))
        return [ReliefAssessment(r.user_id, bool(r.has_backup), bool(r.backup_would_recover), ReliefVerdict(r.verdict))
                for r in rows]

    def response_timings(self, start: datetime, end: datetime) -> Sequence[ResponseTiming]:
        q = (select(sr.c.srv, sr.c.received_at, sr.c.execute_at, sr.c.updated_at, sr.c.state)
             .where(sr.c.received_at >= utc(start, "start"), sr.c.received_at < utc(end, "end")))
        return [ResponseTiming(r.srv, r.received_at, r.execute_at, r.updated_at if r.state in _FINAL else None)
                for r in self._conn.execute(q)]

    def alert_timings(self, start: datetime, end: datetime) -> Sequence[AlertTiming]:
        q = (select(om.c.kind, om.c.created_at, om.c.delivered_at)
             .where(om.c.kind.in_([k.value for k in ALERT_KINDS]), om.c.created_at >= utc(start, "start"),
                    om.c.created_at < utc(end, "end")))
        return [AlertTiming(r.kind, r.created_at, r.delivered_at) for r in self._conn.execute(q)]

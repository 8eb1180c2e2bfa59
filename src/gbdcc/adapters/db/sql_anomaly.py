"""SQL reads of anomaly detection (SEC G6, ``service.anomaly``) over ``service_requests``.

``count_sent`` is one ``COUNT`` whose ``srv IN (…)`` the planner serves from the ``(user_id, srv,
received_at)`` index (one range scan per SRV of the class); ``quarantined`` a range of the ``(state,
received_at)`` index.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, func, not_, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.sql_requests import _request
from gbdcc.adapters.db.tables import service_requests as sr
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import RequestState, ServiceRequest

_COUNT = select(func.count()).select_from(sr).where(
    sr.c.user_id == bindparam("user_id"), sr.c.srv.in_(bindparam("srvs", expanding=True)),
    sr.c.received_at >= bindparam("since", type_=sr.c.received_at.type))
_NOT_IT = not_(and_(sr.c.device_id == bindparam("x_device_id", type_=sr.c.device_id.type),
                    sr.c.counter == bindparam("x_counter", type_=sr.c.counter.type)))
_ORDER = (sr.c.received_at, sr.c.user_id, sr.c.device_id, sr.c.counter)


class SqlAnomalyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def count_sent(self, user_id: Eui64, srvs: Collection[str], since: datetime,
                   exclude: RequestId | None = None) -> int:
        if not srvs:
            return 0
        params: dict[str, object] = {"user_id": user_id, "srvs": sorted(srvs), "since": utc(since, "since")}
        stmt = _COUNT
        if exclude is not None and exclude.originator == user_id:
            stmt = _COUNT.where(_NOT_IT)
            params.update(x_device_id=exclude.target, x_counter=exclude.counter)
        return int(self._conn.execute(stmt, params).scalar_one())

    def quarantined(self, user_id: Eui64 | None, limit: int) -> Sequence[ServiceRequest]:
        if limit <= 0:
            return []
        stmt = select(sr).where(sr.c.state == RequestState.QUARANTINED.value).order_by(*_ORDER).limit(limit)
        if user_id is not None:
            stmt = stmt.where(sr.c.user_id == user_id)
        return [_request(row) for row in self._conn.execute(stmt)]

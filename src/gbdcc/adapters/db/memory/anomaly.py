"""In-memory reads of anomaly detection (SEC G6, ``service.anomaly``): the SQL repository's twin."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import RequestState, ServiceRequest


class InMemoryAnomalyRepository(Repository):
    def count_sent(self, user_id: Eui64, srvs: Collection[str], since: datetime,
                   exclude: RequestId | None = None) -> int:
        since = utc(since, "since")
        wanted = frozenset(srvs)
        return sum(1 for rid, r in self._s().requests.items()
                   if rid.originator == user_id and r.srv in wanted and r.received_at >= since and rid != exclude)

    def quarantined(self, user_id: Eui64 | None, limit: int) -> Sequence[ServiceRequest]:
        found = [r for r in self._s().requests.values() if r.state is RequestState.QUARANTINED
                 and (user_id is None or r.user_id == user_id)]
        found.sort(key=lambda r: (r.received_at, r.user_id.value, r.device_id.value, r.request_id.counter))
        return found[: max(limit, 0)]

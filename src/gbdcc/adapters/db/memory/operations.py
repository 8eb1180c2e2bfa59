"""In-memory DCC operations records (R-DR-1, R-OPS-1) and the H13 timings read from the unit's state.

One map of the state holds the records under ``(kind, key)`` tuples (values immutable, so the unit's shallow
copy isolates it). The ``stored_*`` helpers (instants to UTC, naive ones refused) are shared with the SQL
repository, so both store and refuse alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import KeyedRecords
from gbdcc.domain.delivery import ALERT_KINDS
from gbdcc.domain.ids import Eui64
from gbdcc.domain.operations.dr import DrillResult, ReliefAssessment
from gbdcc.domain.operations.performance import AlertTiming, ResponseTiming
from gbdcc.domain.operations.releases import ReleaseNotice
from gbdcc.domain.requests import FINAL_STATES


def stored_notice(n: ReleaseNotice) -> ReleaseNotice:
    return replace(n, issued_at=utc(n.issued_at, "issued_at"))


def stored_drill(d: DrillResult) -> DrillResult:
    return replace(d, started_at=utc(d.started_at, "started_at"), recovery_s=round(d.recovery_s, 3))


class InMemoryOperationsRepository(KeyedRecords):
    def _map(self) -> dict[tuple[str, Any], Any]:
        return self._s().operations

    def add_release_notice(self, notice: ReleaseNotice) -> ReleaseNotice:
        stored = replace(stored_notice(notice), notice_id=self._next("notice"))
        self._map()[("notice", stored.notice_id)] = stored
        return stored

    def release_notices(self) -> Sequence[ReleaseNotice]:
        return sorted(self._all("notice"), key=lambda n: n.notice_id)

    def set_gateway_connection(self, user_id: Eui64, has_backup: bool, recorded_at: datetime) -> None:
        utc(recorded_at, "recorded_at")
        self._map()[("connection", user_id)] = has_backup

    def gateway_connections(self) -> Mapping[Eui64, bool]:
        return dict(sorted((key, v) for (k, key), v in self._map().items() if k == "connection"))

    def add_drill(self, drill: DrillResult, relief: Sequence[ReliefAssessment]) -> DrillResult:
        stored = replace(stored_drill(drill), drill_id=self._next("drill"))
        self._map()[("drill", stored.drill_id)] = stored
        self._map()[("relief", stored.drill_id)] = tuple(sorted(relief, key=lambda r: r.user_id))
        return stored

    def drills(self) -> Sequence[DrillResult]:
        return sorted(self._all("drill"), key=lambda d: d.drill_id)

    def relief(self, drill_id: int) -> Sequence[ReliefAssessment]:
        found: tuple[ReliefAssessment, ...] = self._map().get(("relief", drill_id), ())
        return list(found)

    def response_timings(self, start: datetime, end: datetime) -> Sequence[ResponseTiming]:
        return [ResponseTiming(r.srv, r.received_at, r.execute_at, r.updated_at if r.state in FINAL_STATES else None)
                for r in self._s().requests.values() if start <= r.received_at < end]

    def alert_timings(self, start: datetime, end: datetime) -> Sequence[AlertTiming]:
        return [AlertTiming(m.kind.value, m.created_at, m.delivered_at) for m in self._s().messages.values()
                if m.kind in ALERT_KINDS and start <= m.created_at < end]

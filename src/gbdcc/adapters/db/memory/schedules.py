"""In-memory DCC schedules (5.1-5.3, ``domain.schedules``) and their runs.

:func:`stored_schedule` / :func:`stored_run` are what both adapters store for a value (instants in UTC, ids and
counters in range); the SQL repository uses them too, so the two refuse and normalise the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gbdcc.adapters.db.errors import NotStored, utc, utc_or_none
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.errors import DuplicateServiceRequest, InvalidIdentifier
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.schedules import MAX_SCHEDULE_ID, Schedule, ScheduleRun, ScheduleState


def stored_schedule(s: Schedule) -> Schedule:
    """``s`` with its instants in UTC; ``NaiveDatetime`` on a naive one."""
    return replace(s, created_at=utc(s.created_at, "created_at"), updated_at=utc(s.updated_at, "updated_at"),
                   next_run_at=utc_or_none(s.next_run_at, "next_run_at"))


def stored_run(r: ScheduleRun) -> ScheduleRun:
    check_counter(r.request_id.counter)
    return replace(r, run_at=utc(r.run_at, "run_at"))


def check_schedule_id(schedule_id: int) -> None:
    """``sr:scheduleID`` is 0 … 10^12: no more schedules can be made past it."""
    if not 0 < schedule_id <= MAX_SCHEDULE_ID:
        raise InvalidIdentifier(f"DSPScheduleID {schedule_id} is outside 1 … {MAX_SCHEDULE_ID}")


class InMemoryScheduleRepository(Repository):
    def add(self, schedule: Schedule) -> Schedule:
        state = self._s()
        check_schedule_id(state.next_schedule_id)
        stored = replace(stored_schedule(schedule), schedule_id=state.next_schedule_id)
        state.schedules[stored.schedule_id] = stored
        state.next_schedule_id += 1
        return stored

    def get(self, schedule_id: int) -> Schedule | None:
        return self._s().schedules.get(schedule_id)

    def update(self, schedule: Schedule) -> None:
        """As the SQL one: state, next run, run count and ``updated_at`` only; the rest is fixed at creation."""
        s = stored_schedule(schedule)
        schedules = self._s().schedules
        stored = schedules.get(s.schedule_id)
        if stored is None:
            raise NotStored(f"DCC schedule {s.schedule_id} is not stored")
        schedules[s.schedule_id] = replace(stored, state=s.state, next_run_at=s.next_run_at, runs=s.runs,
                                           updated_at=s.updated_at)

    def of_user(self, user_id: Eui64, device_id: Eui64 | None, limit: int) -> Sequence[Schedule]:
        found = [s for _, s in sorted(self._s().schedules.items())
                 if s.user_id == user_id and s.state is ScheduleState.ACTIVE
                 and (device_id is None or s.device_id == device_id)]
        return found[: max(limit, 0)]

    def add_run(self, run: ScheduleRun) -> None:
        r = stored_run(run)
        runs = self._s().schedule_runs
        if r.request_id in runs:
            raise DuplicateServiceRequest(f"a schedule run with RequestID {r.request_id} is already stored")
        runs[r.request_id] = r

    def run_of(self, request_id: RequestId) -> ScheduleRun | None:
        return self._s().schedule_runs.get(request_id)

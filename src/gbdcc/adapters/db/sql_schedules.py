"""SQL repository for DCC schedules (5.1-5.3, ``domain.schedules``) and the requests their runs made.

``schedule_id`` comes from the table's auto-increment (never reused on SQLite or PostgreSQL). A run is keyed
by the RequestID of its request, so the response stage finds its schedule with one primary-key read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.schedules import check_schedule_id, stored_run, stored_schedule
from gbdcc.adapters.db.tables import dsp_schedules as ds
from gbdcc.adapters.db.tables import schedule_runs as runs
from gbdcc.domain.errors import DuplicateServiceRequest
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.schedules import ReadPeriodOffset, Schedule, ScheduleFrequency, ScheduleRun, ScheduleState

_PLAIN = ("user_id", "device_id", "srv", "start_date", "end_date", "execution_time", "body", "ka_credential",
          "created_at", "updated_at", "next_run_at", "runs")
#: What a schedule's life changes; the rest is fixed when it is created.
_MUTABLE = ("state", "next_run_at", "runs", "updated_at")

_ADD = insert(ds).returning(ds.c.schedule_id)
_GET = select(ds).where(ds.c.schedule_id == bindparam("schedule_id"))
_UPDATE = update(ds).where(ds.c.schedule_id == bindparam("k_schedule_id"))
_OF_USER = {
    one_device: select(ds).where(ds.c.user_id == bindparam("user_id"), ds.c.state == ScheduleState.ACTIVE.value,
                                 *([ds.c.device_id == bindparam("device_id")] if one_device else []))
    .order_by(ds.c.schedule_id).limit(bindparam("limit"))
    for one_device in (False, True)
}
_RUN_OF = select(runs).where(runs.c.user_id == bindparam("user_id"), runs.c.device_id == bindparam("device_id"),
                             runs.c.counter == bindparam("counter"))


@per_dialect
def _add_run(insert: Any) -> Any:
    return insert(runs).on_conflict_do_nothing(
        index_elements=[runs.c.user_id, runs.c.device_id, runs.c.counter]).returning(runs.c.counter)


def _values(s: Schedule) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(s, name) for name in _PLAIN}
    o = s.offsets
    values |= {"role": s.role.value, "frequency": s.frequency.value, "state": s.state.value,
               "start_offset": None if o is None else o.start_offset, "start_time": None if o is None else o.start_time,
               "end_offset": None if o is None else o.end_offset, "end_time": None if o is None else o.end_time}
    return values


def _schedule(row: Any) -> Schedule:
    values = {name: getattr(row, name) for name in _PLAIN}
    offsets = (None if row.start_offset is None else
               ReadPeriodOffset(row.start_offset, row.start_time, row.end_offset, row.end_time))
    return Schedule(schedule_id=int(row.schedule_id), role=UserRole(row.role),
                    frequency=ScheduleFrequency(row.frequency), state=ScheduleState(row.state), offsets=offsets,
                    **values)


class SqlScheduleRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, schedule: Schedule) -> Schedule:
        """Insert (any ``schedule_id`` given is ignored); returns it with its new ``schedule_id``."""
        s = stored_schedule(schedule)
        schedule_id = int(self._conn.execute(_ADD, _values(s)).scalar_one())
        check_schedule_id(schedule_id)
        return replace(s, schedule_id=schedule_id)

    def get(self, schedule_id: int) -> Schedule | None:
        row = self._conn.execute(_GET, {"schedule_id": schedule_id}).first()
        return None if row is None else _schedule(row)

    def update(self, schedule: Schedule) -> None:
        """The schedule's state, next run, run count and ``updated_at``; ``NotStored`` if it is not stored."""
        s = stored_schedule(schedule)
        values = {name: v for name, v in _values(s).items() if name in _MUTABLE}
        if self._conn.execute(_UPDATE, values | {"k_schedule_id": s.schedule_id}).rowcount != 1:
            raise NotStored(f"DCC schedule {s.schedule_id} is not stored")

    def of_user(self, user_id: Eui64, device_id: Eui64 | None, limit: int) -> Sequence[Schedule]:
        if limit <= 0:
            return []
        params: dict[str, Any] = {"user_id": user_id, "limit": limit}
        if device_id is not None:
            params["device_id"] = device_id
        return [_schedule(r) for r in self._conn.execute(_OF_USER[device_id is not None], params)]

    def add_run(self, run: ScheduleRun) -> None:
        r = stored_run(run)
        rid = r.request_id
        values = {"user_id": rid.originator, "device_id": rid.target, "counter": rid.counter,
                  "schedule_id": r.schedule_id, "run_at": r.run_at}
        if self._conn.execute(_add_run(self._conn), values).first() is None:
            raise DuplicateServiceRequest(f"a schedule run with RequestID {rid} is already stored")

    def run_of(self, request_id: RequestId) -> ScheduleRun | None:
        row = self._conn.execute(_RUN_OF, {"user_id": request_id.originator, "device_id": request_id.target,
                                           "counter": request_id.counter}).first()
        if row is None:
            return None
        return ScheduleRun(int(row.schedule_id), RequestId(row.user_id, row.device_id, row.counter), row.run_at)

"""5.2 Read Schedule and 5.3 Delete Schedule (DUIS 3.8.5; XSD ``sr:ReadSchedule`` / ``sr:DeleteSchedule``:
one ``DSPScheduleID``, or a ``DeviceID`` for all of the User's schedules on that device).

Only the User that created a schedule may read or delete it (``ScheduleNotOwned``); a schedule deleted,
removed or ended is no longer found (``ScheduleUnknown``). 5.2 answers ``DSPSchedulesRead`` (at most 99);
5.3 stops every future run — a run already sent still gets its response — and answers I0.
"""

from __future__ import annotations

from collections.abc import Sequence

from gbdcc.domain.errors import ScheduleNotOwned, ScheduleUnknown
from gbdcc.domain.ids import Eui64, parse_integer
from gbdcc.domain.schedules import MAX_SCHEDULE_ID, MAX_SCHEDULES_READ, Schedule, ScheduleState
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import SchedulesReadPayload
from gbdcc.service.ports import UnitOfWork


def read_schedule(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    schedules, key = _chosen(uow, ctx, "5.2")
    ids = ", ".join(str(s.schedule_id) for s in schedules)
    return HandlerResult("DUIS-5.2", f"{len(schedules)} DCC schedule(s) for {key}: {ids}",
                         payload=SchedulesReadPayload(schedules))


def delete_schedule(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    schedules, key = _chosen(uow, ctx, "5.3")
    for schedule in schedules:
        uow.schedules.update(schedule.stopped(ScheduleState.DELETED, ctx.now))
    ids = ", ".join(str(s.schedule_id) for s in schedules)
    return HandlerResult("DUIS-5.3", f"DCC schedule(s) {ids} for {key} deleted: no further runs")


def _chosen(uow: UnitOfWork, ctx: RequestContext, srv: str) -> tuple[Sequence[Schedule], str]:
    """The schedule the request names (its owner only), or the User's active schedules on the device."""
    user = ctx.request.request_id.originator
    rule = f"DUIS-{srv}"
    if (text := ctx.request.text("DSPScheduleID")) is not None:
        schedule_id = parse_integer(text, what="DSPScheduleID", minimum=0, maximum=MAX_SCHEDULE_ID)
        schedule = uow.schedules.get(schedule_id)
        if schedule is None or not schedule.active:
            why = "does not exist" if schedule is None else f"is {schedule.state}"
            raise ScheduleUnknown(f"DCC schedule {schedule_id} {why}", rule=rule)
        if schedule.user_id != user:
            raise ScheduleNotOwned(f"DCC schedule {schedule_id} was created by another User: only its owner may "
                                   f"{'read' if srv == '5.2' else 'delete'} it", rule=rule)
        return [schedule], f"DSPScheduleID {schedule_id}"
    device_text = ctx.request.text("DeviceID")
    if device_text is None:
        raise ScheduleUnknown(f"{ctx.request.body_name} names neither a DSPScheduleID nor a DeviceID", rule=rule)
    device_id = Eui64.parse(device_text)
    schedules = uow.schedules.of_user(user, device_id, MAX_SCHEDULES_READ)
    if not schedules:
        raise ScheduleUnknown(f"{user} has no active DCC schedule for device {device_id}", rule=rule)
    return schedules, f"device {device_id}"

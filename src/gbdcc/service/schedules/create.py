"""5.1 Create Schedule (DUIS 3.8.5; XSD ``sr:DSPSchedule``): the DCC will send a DCC-schedulable read to a
device on a calendar and deliver each response to the User (``run.py``).

Checks, in order: the body (frequency, dates, times, the ``DSP…`` choice and its SRV — ``ScheduleRefused``
when they do not fit together); the SRV is DCC-schedulable in the catalogue; access control for the
scheduled SRV on the device, as the device request itself would be decided (E2, E4, E5, E11, E19, R-SMI-3:
``planning``); a GBCS use case exists for the device; a run falls before the end date. Then the schedule is
stored with its first run due — the first run instant at or after now — and the synchronous I0 carries its
``DSPScheduleID``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import ScheduleRefused
from gbdcc.domain.events import ScheduleRunDue
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.schedules import (
    DSP_BODIES,
    ReadPeriodOffset,
    Schedule,
    ScheduleFrequency,
    parse_xs_date,
    parse_xs_time,
)
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import InboundRequest, ScheduleIdPayload
from gbdcc.service.ports import UnitOfWork
from gbdcc.service.schedules.planning import RunPlanner


class CreateSchedule:
    """The 5.1 handler."""

    def __init__(self, planner: RunPlanner) -> None:
        self._planner = planner

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        schedule = read_schedule(ctx.request, ctx.role, ctx.now)
        srv = lookup(schedule.srv)
        if not srv.dcc_schedulable:
            raise ScheduleRefused(f"SRV {srv.srv} ({srv.name}) is not DCC-schedulable")
        first = schedule.started(ctx.now)
        assert first.next_run_at is not None
        occurrence = first.first_from(first.next_run_at)
        assert occurrence is not None
        access = self._planner.access(uow, first, occurrence.day, ctx.now)
        access.decision.raise_if_refused()
        role, device = access.decision.role, access.device
        assert role is not None and device is not None
        use_case = self._planner.plan(first, occurrence.day, device, role)
        stored = uow.schedules.add(replace(first, role=role))
        note = (f"DCC schedule {stored.schedule_id}: {srv.srv} ({use_case}) to {device.device_type} {device.device_id} "
                f"{stored.frequency} from {stored.start_date}"
                + (f" to {stored.end_date}" if stored.end_date else "")
                + f"; first run {occurrence.at.isoformat()}, as {role}")
        return HandlerResult("DUIS-5.1", note, payload=ScheduleIdPayload(stored.schedule_id),
                             events=((ScheduleRunDue(stored.schedule_id, occurrence.at.isoformat()), occurrence.at),))


def read_schedule(request: InboundRequest, role: UserRole, now: datetime) -> Schedule:
    """The ``CreateSchedule`` body as a schedule, not yet started (``role``: the one the User sent 5.1 in;
    the handler replaces it with the role access control gives the scheduled SRV)."""
    text = request.text
    choice = [name for name in DSP_BODIES if request.has(name)]
    if len(choice) != 1:
        raise ScheduleRefused(f"CreateSchedule carries {len(choice)} of the DSP… request bodies, not one")
    element = choice[0]
    body = DSP_BODIES[element]
    srv = _required(text("DSPScheduledServiceReferenceVariant"), "DSPScheduledServiceReferenceVariant")
    reference = _required(text("DSPScheduledServiceReference"), "DSPScheduledServiceReference")
    if lookup(srv).service_reference != reference:
        raise ScheduleRefused(f"DSPScheduledServiceReference {reference} does not match "
                              f"DSPScheduledServiceReferenceVariant {srv}")
    if body.srv != srv:
        raise ScheduleRefused(f"{element} schedules SRV {body.srv}, not {srv}")
    try:
        frequency = ScheduleFrequency(_required(text("ScheduleFrequency"), "ScheduleFrequency"))
    except ValueError:
        raise ScheduleRefused(f"ScheduleFrequency {text('ScheduleFrequency')!r} is not a DUIS frequency") from None
    offsets = None
    if body.period:
        try:
            offsets = ReadPeriodOffset(
                int(_required(text(element, "StartDateOffset"), "StartDateOffset")),
                parse_xs_time(_required(text(element, "StartTime"), "StartTime")),
                int(_required(text(element, "EndDateOffset"), "EndDateOffset")),
                parse_xs_time(_required(text(element, "EndTime"), "EndTime")))
        except ValueError:
            raise ScheduleRefused(f"{element}: the date offsets are not integers") from None
    end = text("ScheduleEndDate")
    start_time = text("ScheduleExecutionStartTime")
    device_id = Eui64.parse(_required(text("DeviceID"), "DeviceID"))
    return Schedule(
        schedule_id=0, user_id=request.request_id.originator, role=role, device_id=device_id, srv=srv,
        frequency=frequency, start_date=parse_xs_date(_required(text("ScheduleStartDate"), "ScheduleStartDate")),
        body=element, created_at=now, updated_at=now, end_date=None if end is None else parse_xs_date(end),
        execution_time=None if start_time is None else parse_xs_time(start_time), offsets=offsets,
        ka_credential=text("KAPublicSecurityCredential"))


def _required(value: str | None, name: str) -> str:
    if value is None or not value.strip():
        raise ScheduleRefused(f"CreateSchedule has no {name}")
    return value.strip()


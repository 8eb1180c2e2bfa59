"""RUN: each due run of a DCC schedule becomes a Service Request the DCC makes on the User's behalf (DUIS 3.8.5).

A ``ScheduleRunDue`` event sits in the outbox until the run's instant; its handler (one transaction):

1. ignores the event unless the schedule is active and still due then (deleted, removed or already run:
   nothing happens — the stage is idempotent);
2. takes the latest run instant not after now — a run missed while gbdcc was down is made **once** on
   restart, for the latest missed instant, not once per missed instant;
3. decides access for the User on the device as its own request would be decided (``planning``): when the
   User is no longer registered for the device (E4 against the time-sliced Registration Data) the schedule
   is removed and the User gets a DCC alert ``DSPScheduleRemoval`` (code N999, unverified: DUIS's alert
   table is not in our sources);
4. otherwise writes the run's request, RequestID ``<User>:<device>:<counter>`` with the counter
   :func:`~gbdcc.domain.schedules.run_counter` gives — the run instant in milliseconds, raised above the
   User's last counter for the device, and recorded as spent for the pair so the User's own requests and
   the device's replay check (GBCS 4.3.1) stay strictly increasing. It is stored and committed with the
   run, so a restart re-handles nothing twice and the RequestID (and the ResponseID
   ``<device>:<User>:<counter>`` of its response) never changes. The request is admitted into the device
   pipeline (transform → dispatch → respond → deliver); its response reaches the User as a
   ``DSPScheduledMessage``, an E20 / E21 as a ``CommandFailure`` DCC alert (``device/outbound.py``). A run
   access control refuses for another reason (E5, E19 …) is stored rejected and reported the same way;
   the schedule carries on;
5. queues the next run's event at its instant (none after the end date: the schedule has ended).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import GbdccError, InternalError, NotAuthorisedForDevice
from gbdcc.domain.events import RequestAdmitted, ScheduleRunDue
from gbdcc.domain.requests import AuditRecord, Decision, RequestState, ServiceRequest
from gbdcc.domain.schedules import Occurrence, Schedule, ScheduleRun, ScheduleState, run_counter
from gbdcc.service.device.alerts import GBDCC_DCC_ALERT
from gbdcc.service.device.facts import hub_id_of
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWork, UnitOfWorkFactory
from gbdcc.service.schedules.planning import RunAccess, RunPlanner

#: Attempts to take a counter above the User's last one (a concurrent request of the User may win a race).
COUNTER_ATTEMPTS = 3


class ScheduleRunStage:
    def __init__(self, uow_factory: UnitOfWorkFactory, planner: RunPlanner, outbound: Outbound,
                 clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._planner = planner
        self._outbound = outbound
        self._clock = clock

    def __call__(self, entry: OutboxEntry, event: ScheduleRunDue) -> None:
        due = datetime.fromisoformat(event.run_at)
        now = self._clock.now()
        with self._uow_factory() as uow:
            schedule = uow.schedules.get(event.schedule_id)
            if schedule is not None and schedule.active and schedule.next_run_at == due:
                self._run(uow, schedule, max(now, due))
            uow.outbox.done(entry.seq)
            uow.commit()

    def _run(self, uow: UnitOfWork, schedule: Schedule, now: datetime) -> None:
        occurrence = schedule.latest_by(now)
        assert occurrence is not None, "a due schedule has a run at or before now"
        access = self._planner.access(uow, schedule, occurrence.day, now)
        error = access.decision.error
        if isinstance(error, NotAuthorisedForDevice):
            self._remove(uow, schedule, error, now)
            return
        self._request(uow, schedule, occurrence, access, now)
        following = schedule.first_from(now, after=True)
        uow.schedules.update(schedule.ran(now, following))
        if following is not None:
            uow.outbox.add(ScheduleRunDue(schedule.schedule_id, following.at.isoformat()), following.at)

    def _request(self, uow: UnitOfWork, schedule: Schedule, occurrence: Occurrence, access: RunAccess,
                 now: datetime) -> None:
        """Write, store and admit (or reject) the run's request."""
        counter = self._counter(uow, schedule, occurrence)
        request = self._planner.request(schedule, occurrence.day, counter)
        srv = lookup(schedule.srv)
        error = access.decision.error
        device = access.device
        state = RequestState.ADMITTED if error is None else RequestState.REJECTED
        decision = (Decision("I99", access.decision.decision.rule, f"run {schedule.runs + 1} of DCC schedule "
                             f"{schedule.schedule_id} ({schedule.frequency}, due {occurrence.at.isoformat()}), "
                             "made by the DCC on the User's behalf") if error is None
                    else Decision(error.response_code, error.rule, f"run of DCC schedule {schedule.schedule_id} "
                                  f"refused: {error.reason}"))
        stored = ServiceRequest(
            request_id=request.request_id, srv=srv.srv, command_variant=request.command_variant,
            role=access.decision.role or schedule.role, state=state, received_at=now, updated_at=now,
            raw=request.raw, device_type=None if device is None else device.device_type.value,
            hub_id=None if device is None else hub_id_of(device), rule=decision.rule,
            response_code=None if error is None else error.response_code,
            reason=None if error is None else error.reason)
        uow.requests.add(stored)
        uow.schedules.add_run(ScheduleRun(schedule.schedule_id, request.request_id, occurrence.at))
        uow.audit.append(AuditRecord(
            direction="in", received_at=now, request_id=str(request.request_id), user_id=str(schedule.user_id),
            srv=srv.srv, command_variant=request.command_variant, state=state, decision=decision, body=request.raw))
        if error is None:
            uow.outbox.add(RequestAdmitted(str(request.request_id), stored.hub_key), now)
        else:
            self._outbound.error_response(uow, stored, decision, now)

    @staticmethod
    def _counter(uow: UnitOfWork, schedule: Schedule, occurrence: Occurrence) -> int:
        user, device = schedule.user_id, schedule.device_id
        for _ in range(COUNTER_ATTEMPTS):
            counter = run_counter(occurrence.at, uow.counters.last(user, device))
            if uow.counters.advance(user, device, counter):
                return counter
        raise InternalError(f"no RequestID counter could be taken for a run of DCC schedule {schedule.schedule_id}")

    def _remove(self, uow: UnitOfWork, schedule: Schedule, error: GbdccError, now: datetime) -> None:
        """E4 at a run: the User stopped being entitled to the device, so the schedule goes (with its alert)."""
        uow.schedules.update(schedule.stopped(ScheduleState.REMOVED, now))
        self._outbound.dcc_alert(
            uow, schedule.user_id, GBDCC_DCC_ALERT, "DSPScheduleRemoval",
            {"DeviceID": str(schedule.device_id), "DSPScheduleID": str(schedule.schedule_id)}, now, error.rule,
            f"DCC schedule {schedule.schedule_id} removed: {error.reason}")

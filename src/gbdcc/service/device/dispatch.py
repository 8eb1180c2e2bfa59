"""DISPATCH: a transformed command goes over the SM WAN to the device's Communications Hub (DESIGN.md
step 6), and the deadlines that follow (E21, Pre-Command expiry).

The request is recorded as ``sent`` (with its response deadline and the ``ResponseDeadlinePassed`` event)
*before* the command is handed to the CSP, so no transaction is held open while the WAN is busy, and a
crash between the two costs an E21 at the deadline rather than an unrecorded command on the device. The
CSP refusing the hub (no coverage, outage, hub not connected) fails the request at once with E20.
"""

from __future__ import annotations

import logging

from gbdcc.domain.errors import DeviceNoResponse, DeviceUnreachable, FutureDatedTimeout, GbdccError
from gbdcc.domain.events import CommandTransformed, PreCommandExpired, ResponseDeadlinePassed
from gbdcc.domain.ids import RequestId
from gbdcc.domain.requests import Decision, RequestState, ServiceRequest
from gbdcc.service.device.outbound import Outbound, audit_step
from gbdcc.service.device.ports import Wan
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("gbdcc.dispatch")


class DispatchStage:
    def __init__(self, uow_factory: UnitOfWorkFactory, wan: Wan, outbound: Outbound, clock: Clock,
                 settings: PipelineSettings, *, done_after_handoff: bool = False) -> None:
        """``done_after_handoff`` (scaled mode, where several processes dispatch): the outbox entry is
        removed only once the command is with the CSP, so the next command for the same hub — held back
        by the outbox until then — cannot overtake it on the way to the CSP."""
        self._uow_factory = uow_factory
        self._wan = wan
        self._outbound = outbound
        self._clock = clock
        self._settings = settings
        self._done_after_handoff = done_after_handoff

    def __call__(self, entry: OutboxEntry, event: CommandTransformed) -> None:
        now = self._clock.now()
        sent: ServiceRequest | None = None
        with self._uow_factory() as uow:
            request = uow.requests.get(RequestId.parse(event.request_id))
            if request is not None and request.state is RequestState.TRANSFORMED:
                if request.hub_id is None or request.command is None:
                    self._fail(uow, request, RequestState.TRANSFORMED, DeviceUnreachable(
                        f"{request.device_id} is not associated with a Communications Hub in the SMI"))
                else:
                    deadline = now + self._settings.response_timeout
                    sent = request.transition(RequestState.SENT, now, deadline=deadline)
                    if uow.requests.update(sent, RequestState.TRANSFORMED):
                        uow.outbox.add(ResponseDeadlinePassed(event.request_id), deadline)
                        audit_step(uow, sent, "wan", Decision("I99", "SM-WAN", f"sent to Communications Hub "
                                   f"{request.hub_id}; response due by {deadline.isoformat()}"), now)
                    else:
                        sent = None
            later = sent is not None and self._done_after_handoff
            if not later:
                uow.outbox.done(entry.seq)
            uow.commit()
        if sent is None:
            return
        assert sent.hub_id is not None and sent.command is not None
        try:
            self._wan.send(sent.hub_id, sent.command, sent.request_id)
        except DeviceUnreachable as err:
            self.refused(sent.request_id, err)
        except Exception:  # a WAN bug must not lose the request: it answers E21 at its deadline
            log.exception("SM WAN send failed for %s", sent.request_id)
        if later:  # a crash before this re-delivers the entry: the request is SENT by then, nothing is sent twice
            with self._uow_factory() as uow:
                uow.outbox.done(entry.seq)
                uow.commit()

    def refused(self, request_id: RequestId, err: DeviceUnreachable) -> None:
        """E20: the CSP refused the command it was handed (no coverage, outage, hub not connected)."""
        with self._uow_factory() as uow:
            current = uow.requests.get(request_id)
            if current is not None and current.state is RequestState.SENT:
                self._fail(uow, current, RequestState.SENT, err)
            uow.commit()

    def response_deadline(self, entry: OutboxEntry, event: ResponseDeadlinePassed) -> None:
        """E21: nothing came back from the device in time — E30 for a request the DCC held until its
        ExecutionDateTime (DSP pattern): the future-dated request was not actioned."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            request = uow.requests.get(RequestId.parse(event.request_id))
            if (request is not None and request.state is RequestState.SENT
                    and (request.deadline is None or request.deadline <= now)):
                timeout = self._settings.response_timeout.total_seconds()
                why = f"no response from {request.device_id} within {timeout:g} s"
                if request.execute_at is not None:
                    self._fail(uow, request, RequestState.SENT, FutureDatedTimeout(
                        f"the request held until {request.execute_at.isoformat()} was sent then, but {why}"),
                        final=RequestState.EXPIRED)
                else:
                    self._fail(uow, request, RequestState.SENT, DeviceNoResponse(why))
            uow.outbox.done(entry.seq)
            uow.commit()

    def precommand_expired(self, entry: OutboxEntry, event: PreCommandExpired) -> None:
        """A Pre-Command nobody signed in time can no longer be (the User had its I0 with it)."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            request = uow.requests.get(RequestId.parse(event.request_id))
            if (request is not None and request.state is RequestState.AWAITING_SIGNED_PRECOMMAND
                    and request.deadline is not None and request.deadline <= now):
                expired = request.transition(RequestState.EXPIRED, now, rule="DUIS-CORRELATE",
                                             reason="Pre-Command not signed and returned in time")
                if uow.requests.update(expired, RequestState.AWAITING_SIGNED_PRECOMMAND):
                    audit_step(uow, expired, "transition", Decision(
                        "E1", "DUIS-CORRELATE", "Pre-Command expired unsigned; a CV5 for it is now refused"), now)
            uow.outbox.done(entry.seq)
            uow.commit()

    def _fail(self, uow: UnitOfWork, request: ServiceRequest, expected: RequestState, err: GbdccError,
              final: RequestState = RequestState.FAILED) -> None:
        now = self._clock.now()
        failed = request.transition(final, now, response_code=err.response_code, rule=err.rule, reason=err.reason)
        if uow.requests.update(failed, expected):
            decision = Decision(err.response_code, err.rule, err.reason)
            audit_step(uow, failed, "transition", decision, now)
            self._outbound.error_response(uow, failed, decision, now)

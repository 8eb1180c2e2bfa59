"""TRANSFORM: an admitted request becomes the GBCS command to send (DESIGN.md step 5, DUIS 3.5).

A CV1 request is re-read from the stored DUIS request and transformed (non-critical → the command MAC'd
by the ACB; DCC-originated use cases with the DCC's own originator counter). A correlated CV5 carries the
User's signed Pre-Command, which is MAC'd by the ACB as it is. A request that cannot be transformed fails
with its error code, which the User receives as the asynchronous response. A request the DCC held (DSP
future-dated pattern) is authorised again and transformed at its ExecutionDateTime (a supplier no longer
registered then gets E4) — or, when that passed more than ``held_release_window`` ago (gbdcc was not
running), expires with E30 unsent.
"""

from __future__ import annotations

import base64
from datetime import datetime

from gbdcc.domain.access import authorise
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import FutureDatedTimeout, GbdccError, SignedPreCommandInvalid
from gbdcc.domain.events import CommandTransformed, RequestAdmitted
from gbdcc.domain.ids import RequestId
from gbdcc.domain.requests import Decision, RequestState, ServiceRequest
from gbdcc.service.device.facts import gather_facts, model_facts
from gbdcc.service.device.outbound import Outbound, audit_step
from gbdcc.service.device.ports import CommandTransformer, TransformTarget
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import Clock, DuisCodec, OutboxEntry, UnitOfWork, UnitOfWorkFactory


class TransformStage:
    def __init__(self, uow_factory: UnitOfWorkFactory, codec: DuisCodec, transformer: CommandTransformer,
                 outbound: Outbound, clock: Clock, settings: PipelineSettings | None = None) -> None:
        self._settings = settings or PipelineSettings()
        self._uow_factory = uow_factory
        self._codec = codec
        self._transformer = transformer
        self._outbound = outbound
        self._clock = clock

    def __call__(self, entry: OutboxEntry, event: RequestAdmitted) -> None:
        with self._uow_factory() as uow:
            request = uow.requests.get(RequestId.parse(event.request_id))
            if request is not None and request.state is RequestState.HELD and self._too_late(request):
                self._expire(uow, request)
            elif request is not None and request.state in (RequestState.ADMITTED, RequestState.HELD):
                self._transform(uow, request)  # else: seen before
            uow.outbox.done(entry.seq)
            uow.commit()

    @staticmethod
    def _reauthorise(uow: UnitOfWork, request: ServiceRequest, parsed: InboundRequest, now: datetime) -> None:
        """A request the DCC held is authorised again when it is executed: the registration (E4) and the
        device (E5, E19…) as they are then (R-SR-1; a supplier that lost the meter meanwhile is refused)."""
        user = request.user_id
        access = authorise(uow.users.get(user), user, lookup(request.srv), now, gather_facts(uow, parsed, now))
        access.raise_if_refused()

    def _too_late(self, request: ServiceRequest) -> bool:
        assert request.execute_at is not None
        return self._clock.now() > request.execute_at + self._settings.held_release_window

    def _expire(self, uow: UnitOfWork, request: ServiceRequest) -> None:
        now = self._clock.now()
        assert request.execute_at is not None
        err = FutureDatedTimeout(f"held until {request.execute_at.isoformat()} but not released by "
                                 f"{(request.execute_at + self._settings.held_release_window).isoformat()} "
                                 "(the DCC was not running): not sent")
        expired = request.transition(RequestState.EXPIRED, now, response_code=err.response_code, rule=err.rule,
                                     reason=err.reason)
        if uow.requests.update(expired, RequestState.HELD):
            decision = Decision(err.response_code, err.rule, err.reason)
            audit_step(uow, expired, "transition", decision, now)
            self._outbound.error_response(uow, expired, decision, now)

    def _transform(self, uow: UnitOfWork, request: ServiceRequest) -> None:
        now = self._clock.now()
        try:
            if request.command_variant == 5:
                command = self._transformer.protect_signed_precommand(self._signed(request), request.device_id)
                originator, counter, use_case = request.gbcs_originator, request.gbcs_counter, "signed Pre-Command"
            else:
                parsed = self._codec.parse(request.raw)
                if request.state is RequestState.HELD:
                    self._reauthorise(uow, request, parsed, now)
                device = uow.inventory.get(request.device_id)
                device_type = device.device_type.value if device is not None else (request.device_type or "")
                built = self._transformer.transform(
                    parsed,
                    TransformTarget(request.device_id, device_type, request.role, model_facts(device)),
                    uow.dcc_counters.next)
                command, originator, counter, use_case = built.gbcs, built.originator, built.counter, built.use_case
        except GbdccError as err:
            failed = request.transition(RequestState.FAILED, now, response_code=err.response_code, rule=err.rule,
                                        reason=err.reason)
            what = "refused at its ExecutionDateTime" if request.state is RequestState.HELD else "transform failed"
            decision = Decision(err.response_code, err.rule, f"{what}: {err.reason}")
            if uow.requests.update(failed, request.state):
                audit_step(uow, failed, "transition", decision, now)
                self._outbound.error_response(uow, failed, decision, now)
            return
        done = request.transition(RequestState.TRANSFORMED, now, command=command, gbcs_originator=originator,
                                  gbcs_counter=counter)
        if uow.requests.update(done, request.state):
            audit_step(uow, done, "gbcs", Decision("I99", "DUIS-3.5", f"{use_case} built for {request.device_id}"),
                       now, body=command)
            uow.outbox.add(CommandTransformed(str(request.request_id), done.hub_key), now)

    def _signed(self, request: ServiceRequest) -> bytes:
        parsed = self._codec.parse(request.raw)
        text = parsed.text("GBCSPayload")
        if not text:
            raise SignedPreCommandInvalid("stored CV5 carries no GBCSPayload")
        return base64.b64decode("".join(text.split()))

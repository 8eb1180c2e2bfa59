"""RESPOND: signed DUIS messages for Users, stored and queued for delivery (DESIGN.md step 7).

* a device's GBCS response → ``ResponseMessage`` with ``GBCSPayload``, ResponseCode I0, the RequestID,
  and ResponseID ``<device>:<User>:<counter>`` (as DCC Boxed sends it);
* a request the DCC could not complete → ``ResponseMessage`` with its E-code (E20, E21, …) and no payload;
* the response to a DCC-scheduled run (5.1, ``service/schedules``) → ``ResponseMessage`` with
  ``DSPScheduledMessage`` (GBCS payload and DSPScheduleID), the run's RequestID and ResponseID as above; a
  run the DCC could not complete → ``DCCAlertMessage`` ``CommandFailure`` (CommandRequestID, DSPScheduleID,
  DeviceID) with the E-code as its ResponseCode — a ``ResponseMessage`` could not carry the DSPScheduleID;
* a device alert → ``DeviceAlertMessage`` (alert code, GBCS payload), ResponseID ``<device>:<User>:<alert
  counter>``;
* a DCC alert → ``DCCAlertMessage`` (DCC alert code and typed payload), ResponseID ``<ACB>:<User>:<n>``.

Each message is signed once, stored as an :class:`~gbdcc.domain.delivery.OutboundMessage` and announced
by a ``MessageQueued`` event in the same transaction; the audit trail records it with the request.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.catalogue import lookup
from gbdcc.domain.delivery import MessageKind, OutboundMessage
from gbdcc.domain.events import MessageQueued
from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import AuditRecord, Decision, RequestState, ServiceRequest
from gbdcc.service.messages import (
    Body,
    DccAlertPayload,
    DeviceAlertPayload,
    GbcsPayload,
    OutboundResponse,
    ResponsePayload,
    ScheduledMessagePayload,
)
from gbdcc.service.ports import DuisCodec, UnitOfWork

#: The ACB's EUI-64: originator of the DCC's own alerts' ResponseIDs (DOMAIN.md §1).
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
#: DCC alert code of a failed scheduled run's CommandFailure: N999, (code unverified) as gbdcc's other own
#: DCC alerts (``alerts.GBDCC_DCC_ALERT``); the payload element names the event.
SCHEDULED_RUN_FAILED_ALERT = "N999"


class Outbound:
    """Builds, signs, stores and queues the messages the DCC sends Users."""

    def __init__(self, codec: DuisCodec, acb: Eui64 = ACB) -> None:
        self._codec = codec
        self._acb = acb

    def device_response(self, uow: UnitOfWork, request: ServiceRequest, gbcs: bytes, at: datetime,
                        note: str = "device response") -> OutboundMessage:
        response_id = f"{request.device_id}:{request.user_id}:{request.request_id.counter}"
        srv = lookup(request.srv)
        run = uow.schedules.run_of(request.request_id)
        payload: ResponsePayload = GbcsPayload(gbcs) if run is None else ScheduledMessagePayload(gbcs, run.schedule_id)
        body = self._codec.encode_response(OutboundResponse(
            response_code="I0", at=at, request_id=str(request.request_id), response_id=response_id,
            service_reference=srv.service_reference, srv=srv.srv, payload=payload))
        return self._queue(uow, OutboundMessage(
            user_id=request.user_id, kind=MessageKind.RESPONSE, response_id=response_id, body=body,
            created_at=at, request_id=str(request.request_id), response_code="I0"),
            request.srv, request.state, Decision("I0", "DUIS-RESPONSE", note))

    def error_response(self, uow: UnitOfWork, request: ServiceRequest, decision: Decision,
                       at: datetime) -> OutboundMessage:
        run = uow.schedules.run_of(request.request_id)
        if run is not None:
            rid = str(request.request_id)
            return self.dcc_alert(uow, request.user_id, SCHEDULED_RUN_FAILED_ALERT, "CommandFailure",
                                  {"CommandRequestID": rid, "DSPScheduleID": str(run.schedule_id),
                                   "DeviceID": str(request.device_id)}, at, decision.rule,
                                  f"run of DCC schedule {run.schedule_id} failed: {decision.reason}", request_id=rid,
                                  response_code=decision.response_code)
        srv = lookup(request.srv)
        body = self._codec.encode_response(OutboundResponse(
            response_code=decision.response_code, at=at, request_id=str(request.request_id),
            service_reference=srv.service_reference, srv=srv.srv))
        return self._queue(uow, OutboundMessage(
            user_id=request.user_id, kind=MessageKind.RESPONSE, response_id="", body=body, created_at=at,
            request_id=str(request.request_id), response_code=decision.response_code),
            request.srv, request.state, decision)

    def device_alert(self, uow: UnitOfWork, user_id: Eui64, device_id: Eui64, alert_code: int, counter: int,
                     gbcs: bytes, at: datetime, note: str) -> OutboundMessage:
        response_id = f"{device_id}:{user_id}:{counter}"
        body = self._codec.encode_response(OutboundResponse(
            response_code="I0", at=at, response_id=response_id, payload=DeviceAlertPayload(alert_code, gbcs)))
        return self._queue(uow, OutboundMessage(
            user_id=user_id, kind=MessageKind.DEVICE_ALERT, response_id=response_id, body=body, created_at=at,
            response_code="I0"), None, RequestState.COMPLETED,
            Decision("I0", "DUIS-DEVICE-ALERT", f"alert 0x{alert_code:04X} from {device_id}: {note}"))

    def dcc_alert(self, uow: UnitOfWork, user_id: Eui64, code: str, alert: str, fields: Body, at: datetime,
                  rule: str, note: str, request_id: str | None = None, response_code: str = "I0") -> OutboundMessage:
        counter = uow.dcc_counters.next(self._acb, user_id, 1)
        response_id = f"{self._acb}:{user_id}:{counter}"
        body = self._codec.encode_response(OutboundResponse(
            response_code=response_code, at=at, request_id=request_id, response_id=response_id,
            payload=DccAlertPayload(code, alert, fields)))
        return self._queue(uow, OutboundMessage(
            user_id=user_id, kind=MessageKind.DCC_ALERT, response_id=response_id, body=body, created_at=at,
            request_id=request_id, response_code=response_code), None, RequestState.COMPLETED,
            Decision(response_code, rule, f"DCC alert {code} {alert}: {note}"))

    def _queue(self, uow: UnitOfWork, message: OutboundMessage, srv: str | None, state: RequestState,
               decision: Decision) -> OutboundMessage:
        message_id = uow.messages.add(message)
        uow.outbox.add(MessageQueued(message_id), message.created_at)
        uow.audit.append(AuditRecord(
            direction="out", received_at=message.created_at, request_id=message.request_id,
            user_id=str(message.user_id), srv=srv, command_variant=None, state=state, decision=decision,
            body=message.body, kind="response" if message.kind is MessageKind.RESPONSE else "alert"))
        return message


def audit_step(uow: UnitOfWork, request: ServiceRequest, kind: str, decision: Decision, at: datetime,
               body: bytes = b"", direction: str = "out") -> None:
    """One step of a request's story in the audit trail (a transition, a GBCS command, a WAN event)."""
    uow.audit.append(AuditRecord(
        direction=direction, received_at=at, request_id=str(request.request_id), user_id=str(request.user_id),
        srv=request.srv, command_variant=request.command_variant, state=request.state, decision=decision,
        body=body, kind=kind))

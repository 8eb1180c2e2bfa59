"""8.13 Return Local Command Response (DUIS 3.8.13; XSD ``sr:ReturnLocalCommandResponse``).

A command returned for local delivery (CV2, or CV6 for a signed Pre-Command) is carried to the device by the
User (an installer's hand-held terminal); the device's response comes back by 8.13 and the DCC processes it
as if it had come over the SM WAN: matched to the request (by ``OriginalRequestID``, or by the response's
device, originator and counter), its meaning for the Smart Metering Inventory applied (e.g. 8.1.1: a
locally commissioned meter becomes Commissioned — ``device/inventory_rules``), the request ``responded``
and the device's response delivered to the User as the Service Response of the original RequestID (a
``ResponseMessage`` with ``GBCSPayload``). The 8.13 itself is answered I0.

Refused, each with its GBDCC code (response code unverified, E1): no such request of this User returned for
local delivery (483), a response from another device or to another command (484), a signature or MAC that
does not verify where the DCC can check it (485: device-signed responses to critical commands, responses to
the ACB — a non-critical command's response is MAC'd for the User and cannot be checked, as over the WAN),
and a response already returned (486).
"""

from __future__ import annotations

import base64
import binascii
from typing import Protocol

from gbdcc.domain.errors import (
    GbdccError,
    HeaderInvalid,
    LocalResponseAlreadyReturned,
    LocalResponseNotAuthentic,
    LocalResponseUnmatched,
    LocalResponseWrongDevice,
)
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import Decision, RequestState, ServiceRequest
from gbdcc.service.device.inventory_rules import InventoryRules
from gbdcc.service.device.outbound import Outbound, audit_step
from gbdcc.service.device.ports import CommandTransformer, UplinkHeader, UplinkKind
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork

_LOCAL_CVS = frozenset({2, 6})


class ResponseAuthenticator(Protocol):
    """The checks the DCC can make on a device response it did not receive itself (``adapters/gbcs``)."""

    def authentic(self, raw: bytes, device_id: Eui64) -> bool | None:
        """True / False when the signature or MAC can be checked by the DCC, None when it cannot."""
        ...


class ReturnLocalCommandResponse:
    """The 8.13 handler."""

    def __init__(self, transformer: CommandTransformer, authenticator: ResponseAuthenticator, rules: InventoryRules,
                 outbound: Outbound) -> None:
        self._transformer = transformer
        self._authenticator = authenticator
        self._rules = rules
        self._outbound = outbound

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        raw = _response_bytes(ctx)
        try:
            header = self._transformer.inspect_uplink(raw)
        except GbdccError as err:
            raise LocalResponseUnmatched(f"DeviceGBCSResponse is not a GBCS message: {err.reason}") from None
        if header.kind is not UplinkKind.RESPONSE:
            raise LocalResponseUnmatched(f"DeviceGBCSResponse is a GBCS {header.kind}, not a response")
        request = self._original(uow, ctx, header)
        authentic = self._authenticator.authentic(raw, request.device_id)
        if authentic is False:
            raise LocalResponseNotAuthentic(f"the response's signature / MAC does not verify for device "
                                            f"{request.device_id}: not processed")
        responded = request.transition(RequestState.RESPONDED, ctx.now, response_code="I0", rule="DUIS-8.13",
                                       reason=f"device response 0x{header.message_code:04X} returned locally")
        if not uow.requests.update(responded, RequestState.RETURNED_FOR_LOCAL_DELIVERY):
            raise LocalResponseAlreadyReturned(f"the response of {request.request_id} was returned concurrently")
        smi = self._rules.after_response(uow, responded, header.success, ctx.now)
        checked = {True: "signature / MAC verified", None: "MAC for the User (not checkable by the DCC)"}[authentic]
        note = f"response of {request.request_id} returned locally ({checked})" + (f"; SMI: {smi}" if smi else "")
        audit_step(uow, responded, "transition", Decision("I0", "DUIS-8.13", note), ctx.now, raw, "in")
        self._outbound.device_response(uow, responded, raw, ctx.now, note="device response returned locally (8.13)")
        return HandlerResult("DUIS-8.13", note)

    @staticmethod
    def _original(uow: UnitOfWork, ctx: RequestContext, header: UplinkHeader) -> ServiceRequest:
        """The request the response answers: named by OriginalRequestID, else found by its command."""
        user = ctx.request.request_id.originator
        named = ctx.request.text("OriginalRequestID")
        if named is not None:
            request = uow.requests.get(RequestId.parse(named))
            key = f"OriginalRequestID {named}"
        else:
            request = uow.requests.by_command(header.originator, header.recipient, header.counter)
            key = f"the command (device {header.originator}, originator {header.recipient}, counter {header.counter})"
        if request is None or request.user_id != user:
            raise LocalResponseUnmatched(f"no request of {user} matches {key}")
        if request.command_variant not in _LOCAL_CVS:
            raise LocalResponseUnmatched(f"{request.request_id} (CV{request.command_variant}) was not returned "
                                         "for local delivery")
        if request.state is RequestState.RESPONDED:
            raise LocalResponseAlreadyReturned(f"the response of {request.request_id} was already returned")
        if request.state is not RequestState.RETURNED_FOR_LOCAL_DELIVERY:
            raise LocalResponseUnmatched(f"{request.request_id} is {request.state}, not returned for local delivery")
        if header.originator != request.device_id:
            raise LocalResponseWrongDevice(f"the response comes from {header.originator}; {request.request_id} was "
                                           f"for {request.device_id}")
        if (header.recipient, header.counter) != (request.gbcs_originator, request.gbcs_counter):
            raise LocalResponseWrongDevice(f"the response answers the command of {header.recipient} counter "
                                           f"{header.counter}, not the one returned for {request.request_id}")
        return request


def _response_bytes(ctx: RequestContext) -> bytes:
    text = ctx.request.text("DeviceGBCSResponse")
    if not text:
        raise HeaderInvalid("ReturnLocalCommandResponse carries no DeviceGBCSResponse", rule="DUIS-8.13")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HeaderInvalid(f"DeviceGBCSResponse is not base64: {exc}", rule="DUIS-8.13") from None

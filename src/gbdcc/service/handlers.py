"""What every Service Request handler receives and returns, and the SRV → handler registry.

The gateway authenticates and authorises a request, then calls the handler registered for its SRV with
one open unit of work and a :class:`RequestContext`. A Non-Device handler (``service/non_device``) answers
the request itself (I0 and a payload, DUIS 3.8); the device handler (``service/device/admit.py``) admits
it into the pipeline (I99, or I0 with the Pre-Command for CV4 / the command for local delivery). The
registry is built in ``bootstrap`` with each handler's dependencies injected (cosmicpython's
``bootstrap.py``), so handlers stay plain functions of (unit of work, context).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.domain.catalogue import ServiceReferenceVariant, WebService
from gbdcc.domain.errors import HeaderInvalid, NotImplementedService
from gbdcc.domain.events import Event
from gbdcc.domain.inventory import Device
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.service.messages import InboundRequest, ResponsePayload
from gbdcc.service.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class RequestContext:
    """An authenticated, authorised request: the SRV entry, the role the User acts in, the instant it
    is processed, the web service it came to, and whether test identifiers are accepted leniently."""

    request: InboundRequest
    srv: ServiceReferenceVariant
    role: UserRole
    now: datetime
    lenient_ids: bool
    web_service: WebService = WebService.NON_DEVICE
    rule: str = "R-SR-1"  # the access-control rule that let it through (R-SR-2 for the H3.6 exception)
    device: Device | None = None  # the target, for Device requests (as access control saw it)


@dataclass(frozen=True, slots=True)
class HandlerResult:
    """The synchronous outcome: response code, payload, the rule / note for the audit trail, the state
    the request is left in and the events to commit with it (the outbox)."""

    rule: str
    note: str
    payload: ResponsePayload | None = None
    response_code: str = "I0"
    state: RequestState = RequestState.COMPLETED
    events: tuple[tuple[Event, datetime], ...] = field(default_factory=tuple)


Handler = Callable[[UnitOfWork, RequestContext], HandlerResult]


class HandlerRegistry:
    """SRV → handler, and the body element DUIS defines for each Non-Device SRV (checked before the
    handler runs; device request bodies are checked by the GBCS use-case table at admission)."""

    def __init__(self, handlers: Mapping[str, Handler], body_elements: Mapping[str, str]) -> None:
        self._handlers = dict(handlers)
        self._bodies = dict(body_elements)

    def __contains__(self, srv: str) -> bool:
        return srv in self._handlers

    def handler_for(self, ctx: RequestContext) -> Handler:
        """The handler of the request's SRV. Unknown → GBDCC-500; wrong body element → GBDCC-204."""
        srv = ctx.srv
        handler = self._handlers.get(srv.srv)
        if handler is None:
            raise NotImplementedService(f"SRV {srv.srv} ({srv.name}) is recognised but not yet implemented by gbdcc")
        expected = self._bodies.get(srv.srv)
        if expected is not None and ctx.request.body_name != expected:
            raise HeaderInvalid(
                f"SRV {srv.srv} carries a {expected} body, not {ctx.request.body_name}", rule="DUIS-XSD-BODY"
            )
        return handler

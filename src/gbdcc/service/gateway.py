"""The DUIS gateway use case: one inbound Service Request → one synchronous, signed reply.

Steps (DESIGN.md "Flow of one Service Request"): parse safely → header against the catalogue and the web
service (E12/E13) → User known (E1) → counter strictly increasing per (User, Business Target) — a replay
is refused here, *before* the signature is canonicalised — → signing certificate and XML signature →
access control (``domain.access.authorise``: E3, E2, E19, E4, E5, E11, R-SMI-3, the R-SR-2 exception) →
the SRV's handler (a Non-Device answer, or admission into the device pipeline) → request, reply and the
outbox events stored in one transaction → reply. Nothing is acknowledged before it is durable. One unit of
work carries a request from the User lookup to the commit (issue 11, part 2): the replay check and the
counter's advance are in the same transaction.

Every refusal is stored with its rule id and reason; nothing is stored as accepted unless it was. A
refused request whose signature verified still consumes its counter (it was the User's). A CV5 / CV6
carrying the RequestID of an outstanding CV4 (as DCC Boxed clients send it) is not a replay: the counter
was spent by the CV4, and the Pre-Command is spent when the CV5 is admitted — a CV5 refused before that
(wrong signature, another Pre-Command) leaves it outstanding, so the User can still send the right one.

Anything unexpected after the parse is refused with E1 and audited (the last-resort handler), never
left to the transport as a 5xx.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.domain.catalogue import ServiceReferenceVariant, WebService, lookup
from gbdcc.domain.errors import GbdccError, InternalError, NoOutstandingPreCommand, ReplayedCounter, UnknownUser
from gbdcc.domain.parties import User
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.domain.smki import check_xml_signing_certificate
from gbdcc.service.compliance.consent import authorise_request
from gbdcc.service.handlers import HandlerRegistry, RequestContext
from gbdcc.service.log_context import request_context
from gbdcc.service.messages import InboundRequest, OutboundResponse
from gbdcc.service.ports import Clock, DuisCodec, UnitOfWork, UnitOfWorkFactory

#: How much of a refused, unparseable body the audit trail keeps (the rest is counted, not stored).
AUDIT_REFUSED_BODY_LIMIT = 64 * 1024
#: Command Variants that carry a signed Pre-Command (DUIS 3.4): they reuse the CV4's RequestID.
SIGNED_PRECOMMAND_CVS = frozenset({5, 6})

log = logging.getLogger("gbdcc.gateway")


@dataclass(frozen=True, slots=True)
class GatewayReply:
    """What the HTTP adapter sends back. ``duis`` is True when ``body`` is a signed DUIS Response (sent
    with HTTP 200 whatever its code, as DCC Boxed does); otherwise ``body`` is a plain-text explanation
    and ``error`` tells the adapter which status fits (no DUIS Response could be addressed)."""

    body: bytes
    content_type: str
    decision: Decision
    duis: bool
    error: GbdccError | None = None
    headers: dict[str, str] = field(default_factory=dict)
    request_id: str | None = None
    srv: str | None = None  # the catalogue SRV of the request (None: unparsed or not in the catalogue)

    @property
    def error_code(self) -> str | None:
        return None if self.error is None else self.error.code


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    test_pki: bool = False  # accept expired DCC test certificates and lenient MPxN (GBDCC_TEST_PKI=1)


class DuisGateway:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        codec: DuisCodec,
        clock: Clock,
        settings: GatewaySettings,
        handlers: HandlerRegistry,
        notify: Callable[[], None] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._codec = codec
        self._clock = clock
        self._settings = settings
        self._handlers = handlers
        self._notify = notify  # wakes the pipeline after a commit (embedded mode)

    def submit(self, raw: bytes, web_service: WebService) -> GatewayReply:
        now = self._clock.now()
        try:
            request = self._codec.parse(raw)
        except GbdccError as err:
            return self._refuse_unparsed(raw, web_service, now, err)
        except Exception as exc:  # last resort: the codec promises GbdccError only
            log.exception("unexpected failure parsing a request")
            return self._refuse_unparsed(raw, web_service, now, InternalError(
                f"request could not be read ({type(exc).__name__})", rule="GBDCC-INTERNAL"))
        with request_context(str(request.request_id)):  # every log line of its handling names it
            reply = self._submit_parsed(request, web_service, now)
            log.debug("answered %s %s: %s [%s]", request.srv, web_service.value, reply.decision.response_code,
                      reply.decision.rule)
            return reply

    def _submit_parsed(self, request: InboundRequest, web_service: WebService, now: datetime) -> GatewayReply:
        authenticated = False
        try:
            srv = lookup(request.srv, request.service_reference)
            srv.check_command_variant(request.command_variant, web_service)
            with self._uow_factory() as uow:  # one unit of work: authenticate, then act (issue 11, part 2)
                user = self._authenticate(uow, request, now)
                authenticated = True
                reply = self._execute(uow, request, srv, user, web_service, now)
        except GbdccError as err:
            return self._refuse_parsed(request, web_service, now, err, consume_counter=authenticated)
        except Exception as exc:
            log.exception("unexpected failure handling %s", request.request_id)
            internal = InternalError(f"the DCC could not process the request ({type(exc).__name__}); it was not "
                                     "acted on", rule="GBDCC-INTERNAL")
            return self._refuse_parsed(request, web_service, now, internal, consume_counter=authenticated)
        if self._notify is not None:
            self._notify()
        return reply

    def refuse_unread(self, web_service: WebService, err: GbdccError) -> GatewayReply:
        """Refuse a request the transport could not read whole (e.g. over the size limit), auditing it."""
        return self._refuse_unparsed(b"", web_service, self._clock.now(), err)

    # -- steps -------------------------------------------------------------------------------------

    def _authenticate(self, uow: UnitOfWork, request: InboundRequest, now: datetime) -> User:
        """E1 for an unknown User, the replay check (before any canonicalisation), then the signing
        certificate and the XML signature (DUIS 3.2.2, 3.2.3)."""
        rid = request.request_id
        user = uow.users.get(rid.originator)
        if user is None:
            raise UnknownUser(f"{rid.originator} is not a registered DCC User", rule="R-USER-1")
        if request.command_variant in SIGNED_PRECOMMAND_CVS:
            stored = uow.requests.get(rid)
            if stored is not None and stored.state is not RequestState.AWAITING_SIGNED_PRECOMMAND:
                raise NoOutstandingPreCommand(f"the Pre-Command of {rid} is {stored.state}: it was spent (or "
                                              "expired) and cannot be signed again")
        if not self._resumes_precommand(uow, request):
            last = uow.counters.last(rid.originator, rid.target)
            if last is not None and rid.counter <= last:
                raise ReplayedCounter(
                    f"RequestID counter {rid.counter} is not greater than the last accepted counter {last} of "
                    f"{rid.originator} for {rid.target}")
        record = uow.certificates.by_issuer_serial(request.signer_issuer, request.signer_serial)
        record = check_xml_signing_certificate(record, rid.originator, now, test_pki=self._settings.test_pki)
        # In test-PKI mode an expired DCC test certificate was let through above: verify the signature
        # with the certificate as it was when valid.
        at = now if record.valid_at(now) else record.not_before
        self._codec.verify_signature(request, record.der, at)
        return user

    @staticmethod
    def _resumes_precommand(uow: UnitOfWork, request: InboundRequest) -> bool:
        """A CV5 / CV6 with the RequestID of an outstanding CV4 reuses its counter."""
        if request.command_variant not in SIGNED_PRECOMMAND_CVS:
            return False
        stored = uow.requests.get(request.request_id)
        return stored is not None and stored.state is RequestState.AWAITING_SIGNED_PRECOMMAND

    def _execute(self, uow: UnitOfWork, request: InboundRequest, srv: ServiceReferenceVariant, user: User,
                 web_service: WebService, now: datetime) -> GatewayReply:
        """Counter, access control, the handler, the signed reply, audit and events — committed together in
        the unit of work that authenticated the request (the counter checked and advanced in one transaction)."""
        rid = request.request_id
        if not self._resumes_precommand(uow, request) and not uow.counters.advance(
                rid.originator, rid.target, rid.counter):
            last = uow.counters.last(rid.originator, rid.target)
            raise ReplayedCounter(
                f"RequestID counter {rid.counter} is not greater than the last accepted counter {last} of "
                f"{rid.originator} for {rid.target}")
        access, facts = authorise_request(uow, user, request, srv, now)  # access control, then R-CONSENT-1..3
        assert access.role is not None
        ctx = RequestContext(request, srv, access.role, now, self._settings.test_pki, web_service,
                             access.decision.rule, None if facts is None else facts.device)
        result = self._handlers.handler_for(ctx)(uow, ctx)
        body = self._codec.encode_response(OutboundResponse(
            response_code=result.response_code, at=now, request_id=str(rid),
            service_reference=srv.service_reference, srv=srv.srv, payload=result.payload))
        decision = Decision(result.response_code, result.rule, result.note)
        self._audit(uow, request, web_service, now, result.state, decision, body)
        for event, available_at in result.events:
            uow.outbox.add(event, available_at)
        uow.commit()
        return GatewayReply(body, "application/xml", decision, duis=True, request_id=str(rid),
                            headers=_decision_headers(decision, None), srv=srv.srv)

    # -- refusals ----------------------------------------------------------------------------------

    def _refuse_parsed(
        self,
        request: InboundRequest,
        web_service: WebService,
        now: datetime,
        err: GbdccError,
        *,
        consume_counter: bool,
    ) -> GatewayReply:
        decision = Decision(err.response_code, err.rule, err.reason)
        srv: ServiceReferenceVariant | None
        try:
            srv = lookup(request.srv)
        except GbdccError:
            srv = None
        body = self._codec.encode_response(OutboundResponse(
            response_code=err.response_code,
            at=now,
            request_id=str(request.request_id),
            service_reference=srv.service_reference if srv else _safe_reference(request.service_reference),
            srv=srv.srv if srv else _safe_reference(request.srv),
        ))
        rid = request.request_id
        with self._uow_factory() as uow:
            if consume_counter and not isinstance(err, ReplayedCounter) and not self._resumes_precommand(uow, request):
                uow.counters.advance(rid.originator, rid.target, rid.counter)
            self._audit(uow, request, web_service, now, RequestState.REJECTED, decision, body)
            uow.commit()
        return GatewayReply(body, "application/xml", decision, duis=True, error=err, request_id=str(rid),
                            headers=_decision_headers(decision, err), srv=srv.srv if srv else None)

    def _refuse_unparsed(
        self, raw: bytes, web_service: WebService, now: datetime, err: GbdccError
    ) -> GatewayReply:
        """No RequestID could be read: there is no DUIS Response to address, so the reply is a plain
        text explanation (the HTTP adapter picks 400 or 413) and the refusal is audited."""
        decision = Decision(err.response_code, err.rule, err.reason)
        kept = raw[:AUDIT_REFUSED_BODY_LIMIT]
        with self._uow_factory() as uow:
            uow.audit.append(
                AuditRecord(
                    direction="in",
                    received_at=now,
                    request_id=None,
                    user_id=None,
                    srv=None,
                    command_variant=None,
                    state=RequestState.REJECTED,
                    decision=decision,
                    body=kept,
                    web_service=web_service.value,
                )
            )
            uow.commit()
        text = f"{err.code} [{err.rule}] {err.reason}\n".encode()
        return GatewayReply(text, "text/plain; charset=utf-8", decision, duis=False, error=err,
                            headers=_decision_headers(decision, err))

    @staticmethod
    def _audit(
        uow: UnitOfWork,
        request: InboundRequest,
        web_service: WebService,
        now: datetime,
        state: RequestState,
        decision: Decision,
        response_body: bytes,
    ) -> None:
        for direction, body in (("in", request.raw), ("out", response_body)):
            uow.audit.append(AuditRecord(
                direction=direction, received_at=now, request_id=str(request.request_id),
                user_id=str(request.request_id.originator), srv=request.srv,
                command_variant=request.command_variant, state=state, decision=decision, body=body,
                web_service=web_service.value))


def _safe_reference(text: str) -> str:
    """A ServiceReference(Variant) fit to echo in a response (the XSD pattern), else ``0.0``."""
    parts = text.split(".")
    ok = 2 <= len(parts) <= 3 and all(p.isascii() and p.isdigit() and 1 <= len(p) <= 2 for p in parts)
    return text if ok else "0.0"


def _decision_headers(decision: Decision, err: GbdccError | None) -> dict[str, str]:
    headers = {"X-GBDCC-Response-Code": decision.response_code, "X-GBDCC-Rule": _header_safe(decision.rule)}
    if err is not None:
        headers["X-GBDCC-Error-Code"] = err.code
        headers["X-GBDCC-Reason"] = _header_safe(err.reason)
    return headers


def _header_safe(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")[:500]

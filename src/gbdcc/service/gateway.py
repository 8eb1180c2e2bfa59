"""The DUIS gateway use case: one inbound Service Request → one synchronous, signed reply.

Steps (DESIGN.md "Flow of one Service Request"): parse safely → header against the catalogue and the web
service (E12/E13) → authenticate (User known E1, signing certificate, XML signature, counter strictly
increasing: replays refused) → User active (E3) and role eligible (E2) → execute → store request and response
(audit trail) → reply. Every refusal is stored with its rule id and reason; nothing is stored as accepted
unless it was. A refused request whose signature verified still consumes its counter (it was the User's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.domain.access import eligible_role
from gbdcc.domain.catalogue import ServiceReferenceVariant, WebService, lookup
from gbdcc.domain.errors import (
    GbdccError,
    ReplayedCounter,
    UnknownUser,
)
from gbdcc.domain.parties import User
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.domain.smki import check_xml_signing_certificate
from gbdcc.service.messages import InboundRequest, OutboundResponse
from gbdcc.service.non_device import HandlerResult, RequestContext, handler_for, non_device_handlers
from gbdcc.service.ports import Clock, CoverageDatabase, DuisCodec, UnitOfWork, UnitOfWorkFactory

#: How much of a refused, unparseable body the audit trail keeps (the rest is counted, not stored).
AUDIT_REFUSED_BODY_LIMIT = 64 * 1024


@dataclass(frozen=True, slots=True)
class GatewayReply:
    """What the HTTP adapter sends back: status, body and the decision behind it."""

    http_status: int
    body: bytes
    content_type: str
    decision: Decision
    error_code: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    request_id: str | None = None


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
        coverage: CoverageDatabase,
    ) -> None:
        self._handlers = non_device_handlers(coverage)
        self._uow_factory = uow_factory
        self._codec = codec
        self._clock = clock
        self._settings = settings

    def submit(self, raw: bytes, web_service: WebService) -> GatewayReply:
        now = self._clock.now()
        try:
            request = self._codec.parse(raw)
        except GbdccError as err:
            return self._refuse_unparsed(raw, web_service, now, err)
        authenticated = False
        try:
            srv = lookup(request.srv, request.service_reference)
            srv.check_command_variant(request.command_variant, web_service)
            # Authentication only reads: it runs outside the write transaction, so signature checks of
            # concurrent requests overlap instead of queueing behind one writer.
            with self._uow_factory(read_only=True) as reader:
                user = self._authenticate(reader, request, now)
            authenticated = True
            with self._uow_factory() as uow:
                if not uow.counters.advance(request.request_id.originator, request.request_id.counter):
                    last = uow.counters.last(request.request_id.originator)
                    raise ReplayedCounter(
                        f"RequestID counter {request.request_id.counter} is not greater than the last "
                        f"accepted counter {last} of {request.request_id.originator}"
                    )
                role = eligible_role(user, request.request_id.originator, srv, now.date())
                result = self._execute(uow, RequestContext(request, srv, role, now, self._settings.test_pki))
                decision = Decision("I0", result.rule, result.note)
                response = OutboundResponse(
                    response_code="I0",
                    at=now,
                    request_id=str(request.request_id),
                    service_reference=srv.service_reference,
                    srv=srv.srv,
                    inventory=result.inventory,
                    wan_matrix_request=result.wan_matrix_request,
                    wan_matrix=result.wan_matrix,
                )
                body = self._codec.encode_response(response)
                self._audit(uow, request, web_service, now, RequestState.COMPLETED, decision, body)
                uow.commit()
            return GatewayReply(200, body, "application/xml", decision, request_id=str(request.request_id))
        except GbdccError as err:
            return self._refuse_parsed(request, web_service, now, err, consume_counter=authenticated)

    def refuse_unread(self, web_service: WebService, err: GbdccError) -> GatewayReply:
        """Refuse a request the transport could not read whole (e.g. over the size limit), auditing it."""
        return self._refuse_unparsed(b"", web_service, self._clock.now(), err)

    # -- steps -------------------------------------------------------------------------------------

    def _authenticate(self, uow: UnitOfWork, request: InboundRequest, now: datetime) -> User:
        """E1 for an unknown User, then the signing certificate and the XML signature (DUIS 3.2.2)."""
        originator = request.request_id.originator
        user = uow.users.get(originator)
        if user is None:
            raise UnknownUser(f"{originator} is not a registered DCC User", rule="R-USER-1")
        record = uow.certificates.by_issuer_serial(request.signer_issuer, request.signer_serial)
        record = check_xml_signing_certificate(record, originator, now, test_pki=self._settings.test_pki)
        # In test-PKI mode an expired DCC test certificate was let through above: verify the signature
        # with the certificate as it was when valid.
        at = now if record.valid_at(now) else record.not_before
        self._codec.verify_signature(request, record.der, at)
        return user

    def _execute(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        return handler_for(ctx, self._handlers)(uow, ctx)

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
        response = OutboundResponse(
            response_code=err.response_code,
            at=now,
            request_id=str(request.request_id),
            service_reference=srv.service_reference if srv else request.service_reference,
            srv=srv.srv if srv else request.srv,
        )
        body = self._codec.encode_response(response)
        with self._uow_factory() as uow:
            if consume_counter and not isinstance(err, ReplayedCounter):
                uow.counters.advance(request.request_id.originator, request.request_id.counter)
            self._audit(uow, request, web_service, now, RequestState.REJECTED, decision, body)
            uow.commit()
        return _error_reply(err, decision, body, "application/xml", str(request.request_id))

    def _refuse_unparsed(
        self, raw: bytes, web_service: WebService, now: datetime, err: GbdccError
    ) -> GatewayReply:
        """No RequestID could be read: there is no DUIS Response to address, so the reply is a plain
        text explanation with the HTTP status of the error (400, 413) and the refusal is audited."""
        decision = Decision(err.response_code, err.rule, err.reason)
        kept = b"" if err.http_status == 413 else raw[:AUDIT_REFUSED_BODY_LIMIT]
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
        return _error_reply(err, decision, text, "text/plain; charset=utf-8")

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
        common = {
            "received_at": now,
            "request_id": str(request.request_id),
            "user_id": str(request.request_id.originator),
            "srv": request.srv,
            "command_variant": request.command_variant,
            "decision": decision,
            "web_service": web_service.value,
        }
        uow.audit.append(AuditRecord(direction="in", state=state, body=request.raw, **common))  # type: ignore[arg-type]
        uow.audit.append(AuditRecord(direction="out", state=state, body=response_body, **common))  # type: ignore[arg-type]


def _error_reply(
    err: GbdccError, decision: Decision, body: bytes, content_type: str, request_id: str | None = None
) -> GatewayReply:
    return GatewayReply(
        http_status=err.http_status,
        body=body,
        content_type=content_type,
        decision=decision,
        error_code=err.code,
        headers={"X-GBDCC-Error-Code": err.code, "X-GBDCC-Rule": err.rule, "X-GBDCC-Reason": _header_safe(err.reason)},
        request_id=request_id,
    )


def _header_safe(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")[:500]

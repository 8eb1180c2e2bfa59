"""ADMIT: a device request that passed access control enters the pipeline (DESIGN.md step 4, DUIS 3.5).

By Command Variant (DUIS 3.4):

* CV1 — non-critical, over the SM WAN: stored as ``admitted`` with its ``RequestAdmitted`` event; I99.
  A request of a DSP-pattern SRV with a future ``ExecutionDateTime`` is ``held`` instead, its event due
  at that time (``domain.future_dated``): the DCC sends it then.
* CV4 — critical, Transform: the Pre-Command is built now and returned in the synchronous I0 (as DCC
  Boxed does); the request waits for its signed Pre-Command until ``precommand_validity`` runs out.
* CV5 — the signed Pre-Command, with the CV4's RequestID: verified with the User's SMKI digital-signing
  certificate and correlated byte for byte with the Pre-Command issued (``PreCommandMismatch``
  otherwise, and nothing is sent); then ``admitted``; I99.
* CV2 / CV6 — local delivery: the (protected) command is the synchronous I0 payload (``LocalCommand``).
* CV3 / CV7 (both WAN and local) are refused with E12, as DCC Boxed does.

The request record, the reply and the event are committed together by the gateway.
"""

from __future__ import annotations

import base64
import binascii

from gbdcc.domain.errors import (
    HeaderInvalid,
    InvalidCommandVariant,
    NoOutstandingPreCommand,
    SignedPreCommandInvalid,
)
from gbdcc.domain.events import PreCommandExpired, RequestAdmitted
from gbdcc.domain.future_dated import held_until
from gbdcc.domain.inventory import Device
from gbdcc.domain.requests import RequestState, ServiceRequest
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole, check_not_revoked
from gbdcc.service.device.facts import hub_id_of, model_facts
from gbdcc.service.device.ports import CommandTransformer, TransformTarget
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import LocalCommandPayload, PreCommandPayload
from gbdcc.service.ports import UnitOfWork

#: Organisation certificate roles whose digital-signing key may sign a Pre-Command (GBCS 4.3.2).
SIGNING_ROLES = frozenset({RemotePartyRole.SUPPLIER, RemotePartyRole.NETWORK_OPERATOR, RemotePartyRole.OTHER,
                           RemotePartyRole.LOAD_CONTROLLER})


class DeviceAdmission:
    """The handler the registry gives every Device SRV."""

    def __init__(self, transformer: CommandTransformer, settings: PipelineSettings) -> None:
        self._transformer = transformer
        self._settings = settings

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        cv = ctx.request.command_variant
        if cv == 1:
            return self._admit(uow, ctx)
        if cv == 4:
            return self._transform_critical(uow, ctx)
        if cv in (5, 6):
            return self._signed_precommand(uow, ctx, local=cv == 6)
        if cv == 2:
            return self._local(uow, ctx)
        raise InvalidCommandVariant(f"Command Variant {cv} (WAN and local delivery at once) is not offered, as in "
                                    "DCC Boxed: send CV1 / CV5 and CV2 / CV6 separately", rule="DUIS-3.4")

    # -- the variants ------------------------------------------------------------------------------

    def _admit(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        device = self._device(ctx)
        use_case = self._transformer.plan(ctx.request, self._target(ctx, device))
        at = held_until(ctx.srv, ctx.request.text("ExecutionDateTime"), ctx.now)
        if at is not None:
            request = self._new(ctx, device, RequestState.HELD, execute_at=at)
            uow.requests.add(request)
            return HandlerResult("DUIS-3.2.5", f"held by the DCC until its ExecutionDateTime {at.isoformat()} "
                                               f"({use_case}, DSP pattern); the Service Response follows then",
                                 response_code="I99", state=RequestState.HELD,
                                 events=((RequestAdmitted(str(request.request_id), request.hub_key), at),))
        request = self._new(ctx, device, RequestState.ADMITTED)
        uow.requests.add(request)
        return HandlerResult(ctx.rule, f"admitted ({use_case}); the Service Response follows asynchronously",
                             response_code="I99", state=RequestState.ADMITTED,
                             events=((RequestAdmitted(str(request.request_id), request.hub_key), ctx.now),))

    def _transform_critical(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        device = self._device(ctx)
        command = self._transformer.transform(ctx.request, self._target(ctx, device), uow.dcc_counters.next)
        if not command.precommand:
            raise InvalidCommandVariant(f"{ctx.srv.srv} ({command.use_case}) is signed by the DCC, not by the User: "
                                        "send it with Command Variant 1", rule="DUIS-3.4")
        expires = ctx.now + self._settings.precommand_validity
        request = self._new(ctx, device, RequestState.AWAITING_SIGNED_PRECOMMAND, precommand=command.gbcs,
                            gbcs_originator=command.originator, gbcs_counter=command.counter, deadline=expires)
        uow.requests.add(request)
        return HandlerResult(ctx.rule, f"Pre-Command {command.use_case} issued; sign it and send it back as CV5 "
                                       f"with this RequestID before {expires.isoformat()}",
                             payload=PreCommandPayload(command.gbcs), state=RequestState.AWAITING_SIGNED_PRECOMMAND,
                             events=((PreCommandExpired(str(request.request_id)), expires),))

    def _signed_precommand(self, uow: UnitOfWork, ctx: RequestContext, *, local: bool) -> HandlerResult:
        rid = ctx.request.request_id
        stored = uow.requests.get(rid)
        if stored is None or stored.state is not RequestState.AWAITING_SIGNED_PRECOMMAND:
            why = ("no CV4 was admitted with it" if stored is None
                   else f"its Pre-Command is {stored.state}, not awaiting a signature")
            raise NoOutstandingPreCommand(f"no Pre-Command outstanding for RequestID {rid}: {why} (a CV5 carries "
                                          "the RequestID of its CV4)")
        if stored.srv != ctx.srv.srv:
            raise HeaderInvalid(f"the signed Pre-Command is sent as SRV {ctx.srv.srv}, its CV4 was {stored.srv}",
                                rule="DUIS-CORRELATE")
        if stored.deadline is not None and ctx.now >= stored.deadline:
            raise NoOutstandingPreCommand(f"the Pre-Command of {rid} expired at {stored.deadline.isoformat()}")
        signed = self._signed_bytes(ctx)
        assert stored.precommand is not None
        certificates = self._signing_certificates(uow, ctx)
        try:
            self._transformer.check_signed_precommand(signed, stored.precommand, certificates)
        except SignedPreCommandInvalid:
            self._refuse_if_signed_by_revoked(uow, ctx, signed, stored.precommand)
            raise
        if local:
            command = self._transformer.protect_signed_precommand(signed, stored.device_id)
            updated = stored.transition(RequestState.RETURNED_FOR_LOCAL_DELIVERY, ctx.now, raw=ctx.request.raw,
                                        command_variant=6, command=command, response_code="I0")
            self._store(uow, updated, stored)
            return HandlerResult(ctx.rule, "signed Pre-Command correlated; command returned for local delivery",
                                 payload=LocalCommandPayload(command), state=updated.state)
        updated = stored.transition(RequestState.ADMITTED, ctx.now, raw=ctx.request.raw, command_variant=5,
                                    deadline=None)
        self._store(uow, updated, stored)
        return HandlerResult(ctx.rule, "signed Pre-Command verified and correlated; admitted, the Service "
                                       "Response follows asynchronously", response_code="I99",
                             state=RequestState.ADMITTED,
                             events=((RequestAdmitted(str(rid), updated.hub_key), ctx.now),))

    def _local(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        device = self._device(ctx)
        command = self._transformer.transform(ctx.request, self._target(ctx, device), uow.dcc_counters.next)
        request = self._new(ctx, device, RequestState.RETURNED_FOR_LOCAL_DELIVERY, command=command.gbcs,
                            gbcs_originator=command.originator, gbcs_counter=command.counter, response_code="I0")
        uow.requests.add(request)
        return HandlerResult(ctx.rule, f"{command.use_case} returned for local delivery",
                             payload=LocalCommandPayload(command.gbcs), state=request.state)

    # -- helpers -----------------------------------------------------------------------------------

    @staticmethod
    def _device(ctx: RequestContext) -> Device:
        assert ctx.device is not None, "access control admits device requests only for known devices"
        return ctx.device

    @staticmethod
    def _target(ctx: RequestContext, device: Device) -> TransformTarget:
        return TransformTarget(device.device_id, device.device_type.value, ctx.role, model_facts(device))

    @staticmethod
    def _new(ctx: RequestContext, device: Device, state: RequestState, **fields: object) -> ServiceRequest:
        req = ctx.request
        return ServiceRequest(
            request_id=req.request_id, srv=ctx.srv.srv, command_variant=req.command_variant, role=ctx.role,
            state=state, received_at=ctx.now, updated_at=ctx.now, raw=req.raw,
            device_type=device.device_type.value, hub_id=hub_id_of(device), rule=ctx.rule,
            **fields,  # type: ignore[arg-type]
        )

    @staticmethod
    def _store(uow: UnitOfWork, updated: ServiceRequest, stored: ServiceRequest) -> None:
        if not uow.requests.update(updated, stored.state):
            raise NoOutstandingPreCommand(f"the Pre-Command of {stored.request_id} was spent by a concurrent CV5")

    @staticmethod
    def _signed_bytes(ctx: RequestContext) -> bytes:
        text = ctx.request.text("GBCSPayload")
        if not text:
            raise SignedPreCommandInvalid("SignedPreCommand carries no GBCSPayload")
        try:
            return base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise SignedPreCommandInvalid(f"SignedPreCommand GBCSPayload is not base64: {exc}") from None

    def _refuse_if_signed_by_revoked(self, uow: UnitOfWork, ctx: RequestContext, signed: bytes,
                                     precommand: bytes) -> None:
        """A signature that verifies only with a revoked certificate of the User is refused as revoked
        (R-PKI-1), not as a bad signature."""
        revoked = [r for r in uow.certificates.by_eui_usage(ctx.request.request_id.originator,
                                                             KeyUsage.DIGITAL_SIGNATURE)
                   if r.kind is CertificateKind.ORGANISATION and r.role in SIGNING_ROLES and r.revoked]
        for record in revoked:
            try:
                self._transformer.check_signed_precommand(signed, precommand, [record.der])
            except SignedPreCommandInvalid:
                continue
            check_not_revoked(record)

    def _signing_certificates(self, uow: UnitOfWork, ctx: RequestContext) -> list[bytes]:
        """The User's usable SMKI Organisation Certificates for digital signing (not its XML-signing one).
        A User may hold several (a replacement issued before the old one expires, as the DCC Boxed
        keystore's supplier does): the DCC cannot know which one the device holds, so any of them will do
        (GBCS 4.3.2)."""
        user = ctx.request.request_id.originator
        now = ctx.now
        held = [r for r in uow.certificates.by_eui_usage(user, KeyUsage.DIGITAL_SIGNATURE)
                if r.kind is CertificateKind.ORGANISATION and r.role in SIGNING_ROLES]
        candidates = [r for r in held if not r.revoked]  # revoked: never usable, not even in test-PKI mode
        if held and not candidates:
            check_not_revoked(held[0])  # R-PKI-1: every one of them is revoked
        usable = [r for r in candidates if r.valid_at(now)] or (candidates if self._settings.test_pki else [])
        if not usable:
            raise SignedPreCommandInvalid(
                f"{user} has no {'usable ' if candidates else ''}SMKI Organisation Certificate for digital signing: "
                "the DCC cannot verify its signed Pre-Command", rule="DUIS-CORRELATE")
        return [r.der for r in usable]

"""The gateway's consent check (R-CONSENT-1..3): after ``domain.access.authorise`` let a device request
through, look up what ``domain.compliance.consent`` decides it on and refuse — naming the rule — or let it
on with the consent rule in its decision (so the audit trail and the stored request name it).

Reads happen only for the requests consent gates (``consent_gate``): the SMI record of the body's
``OtherDeviceID`` for a join / unjoin, then the User's consent records at the premises' metering points and,
for an unjoin by a supplier, its compromise declarations about the device.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from gbdcc.domain.access import AccessDecision, DeviceFacts, authorise
from gbdcc.domain.catalogue import ServiceReferenceVariant
from gbdcc.domain.compliance.consent import (
    JOIN_SRVS,
    UNJOIN_SRVS,
    CompromiseDeclaration,
    consent_gate,
    decide_consent,
    premises_mpxns,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User
from gbdcc.domain.requests import Decision
from gbdcc.service.device.facts import gather_facts
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import UnitOfWork

#: The body element naming the device a join / unjoin pairs with the target (DUIS 5.4 ``JoinService…``).
OTHER_DEVICE = "OtherDeviceID"


def authorise_request(uow: UnitOfWork, user: User | None, request: InboundRequest, srv: ServiceReferenceVariant,
                      at: datetime) -> tuple[AccessDecision, DeviceFacts | None]:
    """Access control as things stand at ``at`` — the User's roles, the SMI facts, the Registration Data
    (``domain.access.authorise``) — then the consent gate (R-CONSENT-1..3); raises the refusal. The gateway
    and the release of a quarantined request both admit through here."""
    facts = None if srv.non_device else gather_facts(uow, request, at)
    access = authorise(user, request.request_id.originator, srv, at, facts)
    access.raise_if_refused()
    return enforce_consent(uow, request, srv, access, facts, at), facts


def enforce_consent(uow: UnitOfWork, request: InboundRequest, srv: ServiceReferenceVariant, access: AccessDecision,
                    facts: DeviceFacts | None, at: datetime) -> AccessDecision:
    """``access`` unchanged when consent does not gate the request; with the consent rule and note when it
    lets it through; raises ``ConsentRequired`` / ``ThirdPartyNoticeMissing`` otherwise."""
    if facts is None or facts.device is None or access.role is None:
        return access
    other_id = None
    if srv.srv in JOIN_SRVS | UNJOIN_SRVS:
        text = request.text(OTHER_DEVICE)
        other_id = Eui64.parse(text.strip()) if text else None
    other = uow.inventory.get(other_id) if other_id is not None else None
    gate = consent_gate(access.role, srv.srv, facts.device, other_id, other)
    if gate is None:
        return access
    user_id = request.request_id.originator
    premises = premises_mpxns(facts.device, facts.hub_devices, facts.body_mpxn)
    consents = uow.consents.for_premises(user_id, premises)
    compromises: tuple[CompromiseDeclaration, ...] = ()
    if gate.unjoin and gate.han_device is not None:
        compromises = tuple(uow.consents.declarations_for(user_id, gate.han_device))
    decision = decide_consent(gate, user_id, access.role, at, premises, consents, compromises)
    if decision.error is not None:
        raise decision.error
    return replace(access, decision=Decision(access.decision.response_code, decision.rule, decision.note))

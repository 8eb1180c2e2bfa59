"""The Service Request lifecycle — everything that affects it lives in this file — and the audit records.

One transition table (:data:`TRANSITIONS`, like ``ALLOWED_TRANSITIONS`` of the SMI) decides which step may
follow which (DESIGN.md "Flow of one Service Request", DUIS 3.5 / 3.6)::

    received ─┬─▶ rejected                         refused (E-code), synchronously
              ├─▶ completed                        Non-Device request answered (I0)
              ├─▶ returned_for_local_delivery ─▶ responded   CV2 / CV6: the GBCS command is the
              │        ▲                                      synchronous reply; 8.13 returns the
              │        │ CV6                                  device's response obtained locally
              ├─▶ awaiting_signed_precommand ─┬─▶ admitted          CV4 → Pre-Command; CV5 correlated
              │                               └─▶ expired           never signed in time
              ├─▶ quarantined ─▶ admitted | held   over an anomaly-detection threshold: stored, not
              │                                    sent, until its User releases it (SEC G6)
              ├─▶ held ─┬─────────────┐                    DSP future-dated: the DCC holds it until its
              │         └─▶ expired   │                    ExecutionDateTime (E30 if not released in time)
              └─▶ admitted ─▶ transformed ─▶ sent ─┬─▶ responded    the device answered
                     │             │               ├─▶ failed       E21 (no response)
                     └─────────────┴─▶ failed      └─▶ expired      E30 (a held request not answered)
                                     (transform error, E20)

Anomaly detection decides after admission, in the same transaction (``service.anomaly``): an admitted or
held request over its User's threshold goes on to ``quarantined`` before anything sees it; releasing it
puts it back where admission had left it (``held`` while its ExecutionDateTime is ahead, else ``admitted``).

Every transition is persisted with the request and recorded in the audit trail, so ``gbdcc audit show``
tells a request's whole story. Every accept/reject decision carries the rule id that made it
(SEC-RULES.md preamble).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from gbdcc.domain.errors import InvalidRequestTransition
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole


class RequestState(StrEnum):
    RECEIVED = "received"
    REJECTED = "rejected"
    COMPLETED = "completed"  # Non-Device: answered synchronously with I0
    RETURNED_FOR_LOCAL_DELIVERY = "returned_for_local_delivery"  # CV2 / CV6, until 8.13 returns the response
    AWAITING_SIGNED_PRECOMMAND = "awaiting_signed_precommand"  # CV4 answered with the Pre-Command
    ADMITTED = "admitted"  # I99: accepted, durable, awaiting transform
    HELD = "held"  # I99: accepted, held by the DCC until its ExecutionDateTime (DSP future-dated pattern)
    TRANSFORMED = "transformed"  # GBCS command built and protected, awaiting dispatch
    SENT = "sent"  # handed to the CSP for the Communications Hub
    RESPONDED = "responded"  # the device's response came back (over the WAN, or by 8.13) and is queued
    FAILED = "failed"  # E20 / E21 / transform failure: a DUIS error response is queued
    EXPIRED = "expired"  # Pre-Command never signed in time, or a future-dated command timed out (E30)
    QUARANTINED = "quarantined"  # over the User's anomaly-detection threshold: not sent until released (SEC G6)


R = RequestState
#: Which state may follow which. States without successors are final.
TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    R.RECEIVED: frozenset({R.REJECTED, R.COMPLETED, R.RETURNED_FOR_LOCAL_DELIVERY,
                           R.AWAITING_SIGNED_PRECOMMAND, R.ADMITTED, R.HELD, R.QUARANTINED}),
    R.HELD: frozenset({R.TRANSFORMED, R.FAILED, R.EXPIRED, R.QUARANTINED}),
    R.AWAITING_SIGNED_PRECOMMAND: frozenset({R.ADMITTED, R.RETURNED_FOR_LOCAL_DELIVERY, R.EXPIRED}),
    R.ADMITTED: frozenset({R.TRANSFORMED, R.FAILED, R.QUARANTINED}),
    R.TRANSFORMED: frozenset({R.SENT, R.FAILED}),
    R.SENT: frozenset({R.RESPONDED, R.FAILED, R.EXPIRED}),
    R.RETURNED_FOR_LOCAL_DELIVERY: frozenset({R.RESPONDED}),  # 8.13 Return Local Command Response
    R.REJECTED: frozenset(),
    R.COMPLETED: frozenset(),
    R.RESPONDED: frozenset(),
    R.FAILED: frozenset(),
    R.EXPIRED: frozenset(),
    R.QUARANTINED: frozenset({R.ADMITTED, R.HELD}),  # released by its User (SEC G6)
}
FINAL_STATES = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
#: States in which the pipeline still owes the User an answer (resumed after a restart).
IN_FLIGHT_STATES = frozenset({R.ADMITTED, R.HELD, R.TRANSFORMED, R.SENT})


@dataclass(frozen=True, slots=True)
class Decision:
    """An accept/reject decision: the DUIS response code, the rule that decided it and why."""

    response_code: str
    rule: str
    reason: str

    @property
    def accepted(self) -> bool:
        return self.response_code in ("I0", "I99")


@dataclass(frozen=True, slots=True)
class ServiceRequest:
    """A Device Service Request the DCC accepted, through its lifecycle. Immutable: every step returns a
    new value via :meth:`transition`.

    ``raw`` is the DUIS request of the leg being processed (the CV1 request, or the CV5 signed
    Pre-Command), kept so a stage can resume it after a restart; ``precommand`` the Pre-Command issued
    for a CV4; ``command`` the GBCS command as sent. ``gbcs_originator`` / ``gbcs_counter`` identify the
    command on the device (originator system title and counter of its grouping header: the User's, or
    the ACB's for DCC-originated commands), which is how the device's response is matched to it.
    ``execute_at``: the ExecutionDateTime of a request the DCC held (DSP pattern, ``domain.future_dated``).
    """

    request_id: RequestId
    srv: str
    command_variant: int
    role: UserRole
    state: RequestState
    received_at: datetime
    updated_at: datetime
    raw: bytes
    device_type: str | None = None
    hub_id: Eui64 | None = None
    precommand: bytes | None = None
    command: bytes | None = None
    gbcs_originator: Eui64 | None = None
    gbcs_counter: int | None = None
    deadline: datetime | None = None
    execute_at: datetime | None = None
    response_code: str | None = None
    rule: str | None = None
    reason: str | None = None

    @property
    def user_id(self) -> Eui64:
        return self.request_id.originator

    @property
    def device_id(self) -> Eui64:
        return self.request_id.target

    @property
    def hub_key(self) -> str:
        """What orders this request's pipeline events (``domain.events.RequestAdmitted.hub_key``): its
        Communications Hub, or the device itself when the SMI names no hub."""
        return str(self.hub_id if self.hub_id is not None else self.device_id)

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def transition(self, new: RequestState, at: datetime, **changes: Any) -> ServiceRequest:
        """The request in state ``new`` (with ``changes``), if :data:`TRANSITIONS` allows the step."""
        if new not in TRANSITIONS[self.state]:
            raise InvalidRequestTransition(
                f"Service Request {self.request_id} ({self.srv}) cannot go from {self.state} to {new}")
        return replace(self, state=new, updated_at=at, **changes)


def check_transition(old: RequestState, new: RequestState) -> None:
    """Raise :class:`InvalidRequestTransition` unless ``old → new`` is in the table."""
    if new not in TRANSITIONS[old]:
        raise InvalidRequestTransition(f"no Service Request transition from {old} to {new}")


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the audit trail: a message in or out, or a step of a request's story.

    ``kind`` says which: ``message`` (a DUIS request as received, ``direction="in"``, or the synchronous
    reply, ``out``), ``transition`` (a lifecycle step, ``state`` the new state), ``gbcs`` (a GBCS
    command or Pre-Command the DCC built), ``wan`` (sent over / failed on the SM WAN, or the device's
    response), ``response`` / ``alert`` (a signed DUIS message queued for the User), ``delivery`` (one
    attempt to POST it). ``request_id`` is the DUIS RequestID text when one could be read (``None`` for
    unparseable input and for unsolicited alerts). Stored before the synchronous reply is sent.
    """

    direction: str
    received_at: datetime
    request_id: str | None
    user_id: str | None
    srv: str | None
    command_variant: int | None
    state: RequestState
    decision: Decision | None
    body: bytes
    web_service: str | None = None
    kind: str = "message"

"""A User sees and releases its quarantined requests (SEC G6): ``gbdcc quarantine``, ``/admin/v1/quarantine``.

Releasing authorises the request again as things are now (R-SR-1: a supplier that lost the meter while
its request sat in quarantine is refused, and the request stays there), then puts it back where admission
had left it — ``held`` when it carries an ExecutionDateTime (DSP future-dated pattern: the transform stage
sends it then, or expires it), ``admitted`` otherwise — with its pipeline event, so it is transformed, sent,
and its response delivered like any other; the audit trail records who released it. A request is released
once (compare-and-set on its state): of two releases one wins, the other is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import QuarantinedRequestNotOwned, QuarantinedRequestUnknown
from gbdcc.domain.events import RequestAdmitted
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import Decision, RequestState, ServiceRequest
from gbdcc.service.compliance.consent import authorise_request
from gbdcc.service.device.outbound import audit_step
from gbdcc.service.ports import Clock, DuisCodec, UnitOfWorkFactory

RELEASE_RULE = "SEC-G6"


class QuarantineDesk:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, codec: DuisCodec,
                 notify: Callable[[], None] | None = None) -> None:
        self._uow_factory = uow_factory
        self._codec = codec
        self._clock = clock
        self._notify = notify  # wakes the pipeline after a release (embedded mode)

    def list(self, user: Eui64 | None, limit: int = 100) -> Sequence[ServiceRequest]:
        """The requests in quarantine — the User's, or everyone's for the operator — oldest first."""
        with self._uow_factory(read_only=True) as uow:
            return uow.anomaly.quarantined(user, limit)

    def release(self, user: Eui64, request_id: RequestId) -> ServiceRequest:
        """Admit the User's quarantined request into the pipeline; ``QuarantinedRequestUnknown`` /
        ``QuarantinedRequestNotOwned`` otherwise."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            stored = uow.requests.get(request_id)
            if stored is None or stored.state is not RequestState.QUARANTINED:
                why = "no such request" if stored is None else f"it is {stored.state}"
                raise QuarantinedRequestUnknown(f"{request_id} is not in quarantine ({why})")
            if stored.user_id != user:
                raise QuarantinedRequestNotOwned(f"{request_id} is {stored.user_id}'s quarantined request, not "
                                                 f"{user}'s: a User releases only its own")
            # authorised again as things are now, consent included (R-CONSENT-1..3: it may have been withdrawn)
            authorise_request(uow, uow.users.get(user), self._codec.parse(stored.raw), lookup(stored.srv), now)
            held = stored.execute_at is not None
            note = f"released from quarantine by {user}"
            released = stored.transition(RequestState.HELD if held else RequestState.ADMITTED, now,
                                         response_code="I99", rule=RELEASE_RULE, reason=note)
            if not uow.requests.update(released, RequestState.QUARANTINED):
                raise QuarantinedRequestUnknown(f"{request_id} was released concurrently")
            due = max(stored.execute_at, now) if stored.execute_at is not None else now
            uow.outbox.add(RequestAdmitted(str(request_id), released.hub_key), due)
            audit_step(uow, released, "transition", Decision("I99", RELEASE_RULE, note), now)
            uow.commit()
        if self._notify is not None:
            self._notify()
        return released

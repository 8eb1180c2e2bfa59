"""DELIVER: POST each signed message to its User's receive-response address (DESIGN.md step 8, DUIS).

At-least-once with stable ResponseIDs: an attempt is recorded only after the POST, so a crash between
the two repeats it. Retries back off inside the 300-second window of :class:`DeliveryPolicy`, then the
message waits in the failed-delivery queue — re-deliverable on demand — for 2 days. Messages of one
RequestID go out in order: a message waits while an earlier one of its RequestID is still pending, and
each completed delivery (delivered or failed) releases the next.

No transaction is held open during the POST: the message is read, posted, and the outcome written in a
second unit of work.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from gbdcc.domain.delivery import DeliveryPolicy, DeliveryState, OutboundMessage
from gbdcc.domain.events import MessageQueued
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.service.device.ports import DeliveryOutcome, ResponseDelivery
from gbdcc.service.incidents.automatic import record_discarded_deliveries
from gbdcc.service.log_context import request_context
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("gbdcc.delivery")


class DeliveryStage:
    def __init__(self, uow_factory: UnitOfWorkFactory, delivery: ResponseDelivery, clock: Clock,
                 policy: DeliveryPolicy) -> None:
        self._uow_factory = uow_factory
        self._delivery = delivery
        self._clock = clock
        self._policy = policy

    def __call__(self, entry: OutboxEntry, event: MessageQueued) -> None:
        with self._uow_factory(read_only=True) as reader:
            message = reader.messages.get(event.message_id)
            waiting = None if message is None else reader.messages.earlier_undelivered(message)
            user = None if message is None else reader.users.get(message.user_id)
        with request_context(message.request_id if message is not None else None):  # log lines name it
            self._deliver(entry, message, waiting, user)

    def _deliver(self, entry: OutboxEntry, message: OutboundMessage | None, waiting: OutboundMessage | None,
                 user: User | None) -> None:
        now = self._clock.now()
        if message is None or message.state is not DeliveryState.PENDING or waiting is not None:
            self._finish(entry)  # delivered already, redelivered elsewhere, or released by an earlier one
            return
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            with self._uow_factory() as uow:
                uow.outbox.retry(entry.seq, message.next_attempt_at, "not yet due")
                uow.commit()
            return
        url = user.response_url if user is not None else None
        if url:
            outcome = self._delivery.post(url, message.body, self._policy.attempt_timeout.total_seconds())
        else:
            outcome = DeliveryOutcome(False, None, f"User {message.user_id} has no receive-response address")
        log.debug("message %s to %s: %s", message.message_id, url, "delivered" if outcome.ok else outcome.error)
        self._record(entry, message, outcome, url)

    def _record(self, entry: OutboxEntry, sent: OutboundMessage, outcome: DeliveryOutcome, url: str | None) -> None:
        now = self._clock.now()
        with self._uow_factory() as uow:
            current = uow.messages.get(sent.message_id or 0)
            if current is not None and current.state is DeliveryState.PENDING:
                error = None if outcome.ok else (outcome.error or f"HTTP {outcome.status}")
                updated = current.attempted(now, outcome.ok, error, self._policy)
                uow.messages.update(updated)
                _audit_attempt(uow, updated, outcome, url, now)
                if updated.state is DeliveryState.PENDING:
                    assert updated.next_attempt_at is not None
                    uow.outbox.add(MessageQueued(updated.message_id or 0), updated.next_attempt_at)
                else:
                    _release_next(uow, updated, now)
            uow.outbox.done(entry.seq)
            uow.commit()

    def _finish(self, entry: OutboxEntry) -> None:
        with self._uow_factory() as uow:
            uow.outbox.done(entry.seq)
            uow.commit()

    # -- the failed-delivery queue -----------------------------------------------------------------

    def redeliver(self, message_ids: list[int] | None = None, user_id: Eui64 | None = None) -> int:
        """Put failed messages (these, or all of a User's, or all) back for delivery now."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            if message_ids is None:
                chosen = list(uow.messages.by_state(DeliveryState.FAILED, user_id, 10_000))
            else:
                chosen = [m for i in message_ids if (m := uow.messages.get(i)) is not None
                          and m.state is DeliveryState.FAILED]
            for message in chosen:
                uow.messages.update(message.redelivery(now))
                uow.outbox.add(MessageQueued(message.message_id or 0), now)
            uow.commit()
        return len(chosen)

    def discard_expired(self) -> int:
        """Failed messages kept past their retention leave the queue (a Service Management Event)."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            expired = [m for m in uow.messages.by_state(DeliveryState.FAILED, None, 10_000)
                       if m.expired(now, self._policy)]
            for message in expired:
                uow.messages.update(replace(message, state=DeliveryState.DISCARDED))
                _audit_attempt(uow, replace(message, state=DeliveryState.DISCARDED),
                               DeliveryOutcome(False, None, "kept 2 days in the failed-delivery queue: discarded "
                                                            "(Service Management Event)"), None, now)
            record_discarded_deliveries(uow, expired, now)  # R-INC-1: one incident per User
            uow.commit()
        return len(expired)


def _release_next(uow: UnitOfWork, done: OutboundMessage, now: datetime) -> None:
    """The next pending message of the same RequestID may go now."""
    if done.request_id is None:
        return
    for message in uow.messages.for_request(done.request_id):
        if (message.message_id or 0) > (done.message_id or 0) and message.state is DeliveryState.PENDING:
            uow.outbox.add(MessageQueued(message.message_id or 0), now)
            return


def _audit_attempt(uow: UnitOfWork, message: OutboundMessage, outcome: DeliveryOutcome, url: str | None,
                   at: datetime) -> None:
    if outcome.ok:
        decision = Decision("I0", "DUIS-DELIVERY", f"delivered to {url} (HTTP {outcome.status}, attempt "
                                                   f"{message.attempts})")
    else:
        where = f" to {url}" if url else ""
        state = {DeliveryState.FAILED: "; retries exhausted: in the failed-delivery queue",
                 DeliveryState.PENDING: f"; next attempt {message.next_attempt_at.isoformat()}"
                 if message.next_attempt_at else ""}.get(message.state, "")
        decision = Decision("E1", "DUIS-DELIVERY", f"delivery{where} failed (attempt {message.attempts}): "
                                                   f"{outcome.error}{state}")
    uow.audit.append(AuditRecord(
        direction="out", received_at=at, request_id=message.request_id, user_id=str(message.user_id), srv=None,
        command_variant=None, state=RequestState.COMPLETED if outcome.ok else RequestState.FAILED,
        decision=decision, body=message.response_id.encode(), kind="delivery"))

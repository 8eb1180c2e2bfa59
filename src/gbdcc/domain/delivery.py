"""Delivering Service Responses and Alerts to Users: the outbound message and its retry policy.

DUIS (DOMAIN.md §2): the DCC POSTs each signed Service Response and Alert to the User's receive-response
address, which answers 2xx. When delivery fails it retries for 300 seconds, then keeps the message in a
failed-delivery queue for 2 days (a Service Management Event after that), from which it can be sent
again on demand. Delivery is at-least-once: a receiver may see the same ResponseID twice, as with the
real DCC; ResponseIDs are stable across retries. Messages of one RequestID are delivered in order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from gbdcc.domain.ids import Eui64


class MessageKind(StrEnum):
    RESPONSE = "response"  # sr:ResponseMessage (device response, or an E-code)
    DEVICE_ALERT = "device-alert"  # sr:DeviceAlertMessage
    DCC_ALERT = "dcc-alert"  # sr:DCCAlertMessage


#: The alert kinds (everything a User receives that is not the response to one of its requests).
ALERT_KINDS = (MessageKind.DEVICE_ALERT, MessageKind.DCC_ALERT)


class DeliveryState(StrEnum):
    PENDING = "pending"  # to be (re)tried at ``next_attempt_at``
    DELIVERED = "delivered"
    FAILED = "failed"  # in the failed-delivery queue: retries exhausted, kept for re-delivery
    DISCARDED = "discarded"  # left the failed queue after its retention (a Service Management Event)


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    """Retry with exponential back-off inside ``retry_window``; then the failed queue for ``retention``."""

    retry_window: timedelta = timedelta(seconds=300)
    first_backoff: timedelta = timedelta(seconds=2)
    max_backoff: timedelta = timedelta(seconds=60)
    retention: timedelta = timedelta(days=2)
    attempt_timeout: timedelta = timedelta(seconds=10)

    def backoff(self, attempts: int) -> timedelta:
        """Wait before the attempt after ``attempts`` failed ones (2 s, 4 s, 8 s … capped)."""
        backoff: timedelta = self.first_backoff * (2 ** max(attempts - 1, 0))
        return min(backoff, self.max_backoff)


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """A signed DUIS message for a User. ``message_id`` is assigned when stored; ``sequence`` orders the
    messages of one RequestID (delivery keeps that order)."""

    user_id: Eui64
    kind: MessageKind
    response_id: str
    body: bytes
    created_at: datetime
    request_id: str | None = None
    response_code: str | None = None
    message_id: int | None = None
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    first_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None

    def attempted(self, at: datetime, ok: bool, error: str | None, policy: DeliveryPolicy) -> OutboundMessage:
        """The message after one delivery attempt at ``at``: delivered; or pending with the next attempt
        inside the retry window; or, once the window is used up, in the failed-delivery queue."""
        first = self.first_attempt_at or at
        attempts = self.attempts + 1
        if ok:
            return replace(self, state=DeliveryState.DELIVERED, attempts=attempts, first_attempt_at=first,
                           delivered_at=at, next_attempt_at=None, last_error=None)
        nxt = at + policy.backoff(attempts)
        if nxt > first + policy.retry_window:
            return replace(self, state=DeliveryState.FAILED, attempts=attempts, first_attempt_at=first,
                           failed_at=at, next_attempt_at=None, last_error=error)
        return replace(self, state=DeliveryState.PENDING, attempts=attempts, first_attempt_at=first,
                       next_attempt_at=nxt, last_error=error)

    def redelivery(self, at: datetime) -> OutboundMessage:
        """Back from the failed-delivery queue on demand: a fresh retry window from ``at``."""
        return replace(self, state=DeliveryState.PENDING, first_attempt_at=None, failed_at=None,
                       next_attempt_at=at)

    def expired(self, at: datetime, policy: DeliveryPolicy) -> bool:
        """True once a failed message has been kept for the retention period."""
        return (self.state is DeliveryState.FAILED and self.failed_at is not None
                and at >= self.failed_at + policy.retention)

"""In-memory signed DUIS messages to Users and their delivery state (``domain.delivery``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.adapters.db.values import stored_message
from gbdcc.domain.delivery import DeliveryState, OutboundMessage
from gbdcc.domain.ids import Eui64


class InMemoryOutboundMessageRepository(Repository):
    def add(self, message: OutboundMessage) -> int:
        state = self._s()
        message_id = state.next_message_id
        state.messages[message_id] = replace(stored_message(message), message_id=message_id)
        state.next_message_id = message_id + 1
        return message_id

    def get(self, message_id: int) -> OutboundMessage | None:
        return self._s().messages.get(message_id)

    def update(self, message: OutboundMessage) -> None:
        """Delivery fields only, as in SQL: the stored body, ids and kind stay."""
        m = stored_message(message)
        messages = self._s().messages
        stored = None if m.message_id is None else messages.get(m.message_id)
        if stored is None or m.message_id is None:
            raise NotStored(f"outbound message {m.message_id} is not stored")
        messages[m.message_id] = replace(
            stored, state=m.state, attempts=m.attempts, next_attempt_at=m.next_attempt_at,
            first_attempt_at=m.first_attempt_at, delivered_at=m.delivered_at, failed_at=m.failed_at,
            last_error=m.last_error)

    def for_request(self, request_id: str) -> Sequence[OutboundMessage]:
        return [m for _, m in sorted(self._s().messages.items()) if m.request_id == request_id]

    def earlier_undelivered(self, message: OutboundMessage) -> OutboundMessage | None:
        if message.request_id is None:
            return None
        before = message.message_id
        for m in self.for_request(message.request_id):
            if before is not None and m.message_id is not None and m.message_id >= before:
                return None
            if m.state is DeliveryState.PENDING:
                return m
        return None

    def by_state(self, state: DeliveryState, user_id: Eui64 | None, limit: int) -> Sequence[OutboundMessage]:
        found = [m for _, m in sorted(self._s().messages.items())
                 if m.state is state and (user_id is None or m.user_id == user_id)]
        return found[: max(limit, 0)]

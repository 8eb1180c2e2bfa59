"""SQL repository for signed DUIS messages to Users and their delivery state (``domain.delivery``; DUIS:
retries for 300 s, then the failed-delivery queue; messages of one RequestID are delivered in order).
The body is written once; ``update`` changes the delivery fields only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.tables import outbound_messages as om
from gbdcc.adapters.db.values import stored_message
from gbdcc.domain.delivery import DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.ids import Eui64

_FIELDS = tuple(f.name for f in fields(OutboundMessage) if f.name != "message_id")
#: What delivery may change; the rest (body, ids, kind, creation) is immutable once stored.
_DELIVERY_FIELDS = ("state", "attempts", "next_attempt_at", "first_attempt_at", "delivered_at", "failed_at",
                    "last_error")

_ADD = insert(om).returning(om.c.message_id)
_GET = select(om).where(om.c.message_id == bindparam("message_id"))
_UPDATE = update(om).where(om.c.message_id == bindparam("k_message_id"))
_FOR_REQUEST = select(om).where(om.c.request_id == bindparam("request_id")).order_by(om.c.message_id)
_EARLIER_PENDING = (select(om).where(om.c.request_id == bindparam("request_id"),
                                     om.c.message_id < bindparam("before"),
                                     om.c.state == DeliveryState.PENDING.value)
                    .order_by(om.c.message_id).limit(1))
_ANY_PENDING = (select(om).where(om.c.request_id == bindparam("request_id"),
                                 om.c.state == DeliveryState.PENDING.value)
                .order_by(om.c.message_id).limit(1))


def _by_state(one_user: bool) -> Any:
    stmt = select(om).where(om.c.state == bindparam("state"))
    if one_user:
        stmt = stmt.where(om.c.user_id == bindparam("user_id"))
    return stmt.order_by(om.c.message_id).limit(bindparam("limit"))


_BY_STATE = {u: _by_state(u) for u in (False, True)}


def _message(row: Any) -> OutboundMessage:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["kind"] = MessageKind(row.kind)
    values["state"] = DeliveryState(row.state)
    values["body"] = bytes(row.body)
    return OutboundMessage(message_id=int(row.message_id), **values)


class SqlOutboundMessageRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, message: OutboundMessage) -> int:
        """Insert (any ``message_id`` given is ignored); returns the new, increasing ``message_id``."""
        m = stored_message(message)
        values = {name: getattr(m, name) for name in _FIELDS}
        values["kind"] = m.kind.value
        values["state"] = m.state.value
        return int(self._conn.execute(_ADD, values).scalar_one())

    def get(self, message_id: int) -> OutboundMessage | None:
        row = self._conn.execute(_GET, {"message_id": message_id}).first()
        return None if row is None else _message(row)

    def update(self, message: OutboundMessage) -> None:
        """Store the delivery fields; :class:`NotStored` if the message is not stored."""
        m = stored_message(message)
        if m.message_id is None:
            raise NotStored("an outbound message without message_id was never stored")
        values: dict[str, Any] = {name: getattr(m, name) for name in _DELIVERY_FIELDS}
        values["state"] = m.state.value
        if self._conn.execute(_UPDATE, values | {"k_message_id": m.message_id}).rowcount != 1:
            raise NotStored(f"outbound message {m.message_id} is not stored")

    def for_request(self, request_id: str) -> Sequence[OutboundMessage]:
        return [_message(r) for r in self._conn.execute(_FOR_REQUEST, {"request_id": request_id})]

    def earlier_undelivered(self, message: OutboundMessage) -> OutboundMessage | None:
        """The first PENDING message of the same RequestID before ``message`` (for one not stored yet:
        the first PENDING one of its RequestID). None without a RequestID (alerts)."""
        if message.request_id is None:
            return None
        if message.message_id is None:
            row = self._conn.execute(_ANY_PENDING, {"request_id": message.request_id}).first()
        else:
            row = self._conn.execute(_EARLIER_PENDING, {"request_id": message.request_id,
                                                        "before": message.message_id}).first()
        return None if row is None else _message(row)

    def by_state(self, state: DeliveryState, user_id: Eui64 | None, limit: int) -> Sequence[OutboundMessage]:
        """Messages in ``state`` (of one User if given), oldest (smallest ``message_id``) first."""
        if limit <= 0:
            return []
        params: dict[str, Any] = {"state": state.value, "limit": limit}
        if user_id is not None:
            params["user_id"] = user_id
        return [_message(r) for r in self._conn.execute(_BY_STATE[user_id is not None], params)]

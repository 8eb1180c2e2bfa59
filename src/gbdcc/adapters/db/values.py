"""What the SQL and in-memory adapters store for a domain value (no SQLAlchemy here): instants checked
and converted to UTC, counters checked, outbox payloads as canonical JSON. Both adapters call these, so
they refuse and normalise exactly the same inputs."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.keys import check_counter
from gbdcc.domain.delivery import OutboundMessage
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import ServiceRequest


def stored_request(r: ServiceRequest) -> ServiceRequest:
    """``r`` with its instants in UTC; :class:`NaiveDatetime` / ``InvalidIdentifier`` on bad values."""
    if r.gbcs_counter is not None:
        check_counter(r.gbcs_counter)
    return replace(r, received_at=utc(r.received_at, "received_at"), updated_at=utc(r.updated_at, "updated_at"),
                   deadline=utc_or_none(r.deadline, "deadline"), execute_at=utc_or_none(r.execute_at, "execute_at"))


def stored_message(m: OutboundMessage) -> OutboundMessage:
    return replace(
        m,
        created_at=utc(m.created_at, "created_at"),
        next_attempt_at=utc_or_none(m.next_attempt_at, "next_attempt_at"),
        first_attempt_at=utc_or_none(m.first_attempt_at, "first_attempt_at"),
        delivered_at=utc_or_none(m.delivered_at, "delivered_at"),
        failed_at=utc_or_none(m.failed_at, "failed_at"),
    )


def stored_period(p: RegistrationPeriod) -> RegistrationPeriod:
    return replace(p, effective_from=utc(p.effective_from, "effective_from"),
                   effective_to=utc_or_none(p.effective_to, "effective_to"))


def encode_payload(payload: dict[str, Any]) -> str:
    """Canonical JSON text of an event payload (``domain.events.to_payload``)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def decode_payload(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(f"outbox payload is not a JSON object: {text[:80]!r}")
    return value

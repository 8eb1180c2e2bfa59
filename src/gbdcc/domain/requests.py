"""The Service Request lifecycle and the audit records kept for every request and response.

Every accept/reject decision carries the rule id that made it (SEC-RULES.md preamble), so an analyst
can read from the audit trail why gbdcc did what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class RequestState(StrEnum):
    """Where a Service Request is. Non-Device requests go RECEIVED → COMPLETED or REJECTED."""

    RECEIVED = "received"
    REJECTED = "rejected"
    ACKNOWLEDGED = "acknowledged"  # I99: accepted, response follows asynchronously
    AWAITING_SIGNED_PRECOMMAND = "awaiting_signed_precommand"
    SENT = "sent"
    COMPLETED = "completed"
    FAILED = "failed"


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
class AuditRecord:
    """One stored message: an inbound request (raw, as received) or an outbound response.

    ``request_id`` is the DUIS RequestID text when one could be read (``None`` for unparseable input).
    ``direction`` is ``in`` or ``out``. Stored before the synchronous reply is sent.
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

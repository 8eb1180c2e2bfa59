"""SQL repository for the audit trail: every Service Request as received and every response as sent,
with the decision (DUIS response code, SEC rule id, reason) that was taken (DESIGN.md step 4).

At national scale (~10^9 rows a month, DOMAIN.md §10) PostgreSQL would range-partition this table by
``received_at``; the queries here already filter by indexed columns only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.tables import audit_records as audit
from gbdcc.domain.requests import AuditRecord, Decision, RequestState


def _record(row: Any) -> AuditRecord:
    decision = None
    if row.response_code is not None:
        decision = Decision(row.response_code, row.rule or "", row.reason or "")
    return AuditRecord(
        direction=row.direction,
        received_at=row.received_at,
        request_id=row.request_id,
        user_id=row.user_id,
        srv=row.srv,
        command_variant=row.command_variant,
        state=RequestState(row.state),
        decision=decision,
        body=bytes(row.body),
        web_service=row.web_service,
        kind=row.kind,
    )


#: Built once (issue 11): building ``insert().values(...)`` per call was most of an append's cost.
_APPEND = insert(audit).returning(audit.c.seq)


class SqlAuditRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, record: AuditRecord) -> int:
        """Store the record; returns its sequence number (unique, increasing in insertion order)."""
        d = record.decision
        seq = self._conn.execute(_APPEND, {
            "direction": record.direction,
            "received_at": utc(record.received_at, "received_at"),
            "request_id": record.request_id,
            "user_id": record.user_id,
            "srv": record.srv,
            "command_variant": record.command_variant,
            "state": record.state.value,
            "response_code": None if d is None else d.response_code,
            "rule": None if d is None else d.rule,
            "reason": None if d is None else d.reason,
            "web_service": record.web_service,
            "body": record.body,
            "kind": record.kind,
        }).scalar_one()
        return int(seq)

    def for_request(self, request_id: str) -> Sequence[AuditRecord]:
        """Every record with that RequestID, oldest first."""
        rows = self._conn.execute(select(audit).where(audit.c.request_id == request_id).order_by(audit.c.seq))
        return [_record(r) for r in rows]

    def recent(self, limit: int) -> Sequence[AuditRecord]:
        """The ``limit`` most recent records, newest first."""
        rows = self._conn.execute(select(audit).order_by(audit.c.seq.desc()).limit(max(limit, 0)))
        return [_record(r) for r in rows]

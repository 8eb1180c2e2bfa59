"""SQL Self-Service Interface storage (R-OPS-2; ``service.portal.ports``): ``portal_accounts``,
``portal_sessions`` (keyed by the SHA-256 of the cookie token), ``portal_delegations`` (scopes space-separated),
and the per-User reads of ``audit_records`` (index user_id, received_at) and ``outbound_messages``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.portal import stored_account, stored_delegation, stored_session
from gbdcc.adapters.db.sql_audit import _record
from gbdcc.adapters.db.sql_messages import _message
from gbdcc.adapters.db.tables import audit_records as ar
from gbdcc.adapters.db.tables import outbound_messages as om
from gbdcc.adapters.db.tables import portal_accounts as pa
from gbdcc.adapters.db.tables import portal_delegations as pd
from gbdcc.adapters.db.tables import portal_sessions as ps
from gbdcc.domain.delivery import ALERT_KINDS, OutboundMessage
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import Delegation, PortalAccount, PortalSession, Scope
from gbdcc.domain.requests import AuditRecord


def _account(row: Any) -> PortalAccount:
    return PortalAccount(row.user_id, row.password_hash, row.created_at, row.failed_attempts, row.locked_until)


def _session(row: Any) -> PortalSession:
    return PortalSession(row.token_hash, row.user_id, row.csrf_token, row.created_at, row.expires_at)


def _delegation(row: Any) -> Delegation:
    return Delegation(row.grantor, row.grantee, frozenset(Scope(s) for s in row.scopes.split()), row.granted_at,
                      row.revoked_at, row.delegation_id)


class SqlPortalRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get_account(self, user_id: Eui64) -> PortalAccount | None:
        row = self._conn.execute(select(pa).where(pa.c.user_id == user_id)).first()
        return None if row is None else _account(row)

    def put_account(self, account: PortalAccount) -> None:
        a = stored_account(account)
        values = {"password_hash": a.password_hash, "created_at": a.created_at,
                  "failed_attempts": a.failed_attempts, "locked_until": a.locked_until}
        if self._conn.execute(update(pa).where(pa.c.user_id == a.user_id).values(**values)).rowcount == 0:
            self._conn.execute(insert(pa).values(user_id=a.user_id, **values))

    def accounts(self) -> Sequence[PortalAccount]:
        return [_account(r) for r in self._conn.execute(select(pa).order_by(pa.c.user_id))]

    def add_session(self, session: PortalSession) -> None:
        s = stored_session(session)
        self._conn.execute(insert(ps).values(token_hash=s.token_hash, user_id=s.user_id, csrf_token=s.csrf_token,
                                             created_at=s.created_at, expires_at=s.expires_at))

    def get_session(self, token_hash: str) -> PortalSession | None:
        row = self._conn.execute(select(ps).where(ps.c.token_hash == token_hash)).first()
        return None if row is None else _session(row)

    def delete_session(self, token_hash: str) -> None:
        self._conn.execute(delete(ps).where(ps.c.token_hash == token_hash))

    def delete_sessions(self, user_id: Eui64, *, expired_before: datetime | None = None) -> int:
        stmt = delete(ps).where(ps.c.user_id == user_id)
        if expired_before is not None:
            stmt = stmt.where(ps.c.expires_at < utc(expired_before, "expired_before"))
        return int(self._conn.execute(stmt).rowcount)

    def add_delegation(self, delegation: Delegation) -> int:
        d = stored_delegation(delegation)
        res = self._conn.execute(insert(pd).values(
            grantor=d.grantor, grantee=d.grantee, scopes=" ".join(sorted(s.value for s in d.scopes)),
            granted_at=d.granted_at, revoked_at=d.revoked_at).returning(pd.c.delegation_id))
        return int(res.scalar_one())

    def get_delegation(self, delegation_id: int) -> Delegation | None:
        row = self._conn.execute(select(pd).where(pd.c.delegation_id == delegation_id)).first()
        return None if row is None else _delegation(row)

    def revoke_delegation(self, delegation_id: int, at: datetime) -> bool:
        res = self._conn.execute(update(pd).where(pd.c.delegation_id == delegation_id, pd.c.revoked_at.is_(None))
                                 .values(revoked_at=utc(at, "revoked_at")))
        return bool(res.rowcount == 1)

    def delegations(self, user_id: Eui64) -> Sequence[Delegation]:
        rows = self._conn.execute(select(pd).where((pd.c.grantor == user_id) | (pd.c.grantee == user_id))
                                  .order_by(pd.c.delegation_id))
        return [_delegation(r) for r in rows]

    def requests_of(self, user_id: Eui64, limit: int) -> Sequence[AuditRecord]:
        if limit <= 0:
            return []
        rows = self._conn.execute(select(ar).where(ar.c.user_id == str(user_id), ar.c.kind == "message",
                                                   ar.c.direction == "in")
                                  .order_by(ar.c.received_at.desc(), ar.c.seq.desc()).limit(limit))
        return [_record(r) for r in rows]

    def alerts_of(self, user_id: Eui64, limit: int) -> Sequence[OutboundMessage]:
        if limit <= 0:
            return []
        rows = self._conn.execute(select(om).where(om.c.user_id == user_id,
                                                   om.c.kind.in_([k.value for k in ALERT_KINDS]))
                                  .order_by(om.c.message_id.desc()).limit(limit))
        return [_message(r) for r in rows]

"""In-memory Self-Service Interface storage (R-OPS-2; ``service.portal.ports``).

One map of the unit's state holds accounts, sessions and delegations under ``(kind, key)`` tuples (immutable
values, so the unit's shallow copy isolates it); the per-User reads scan the unit's audit trail and messages.
The ``stored_*`` helpers (instants to UTC, naive ones refused) are shared with the SQL repository.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.delivery import ALERT_KINDS, OutboundMessage
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import Delegation, PortalAccount, PortalSession
from gbdcc.domain.requests import AuditRecord


def stored_account(a: PortalAccount) -> PortalAccount:
    return replace(a, created_at=utc(a.created_at, "created_at"), locked_until=utc_or_none(a.locked_until,
                                                                                            "locked_until"))


def stored_session(s: PortalSession) -> PortalSession:
    return replace(s, created_at=utc(s.created_at, "created_at"), expires_at=utc(s.expires_at, "expires_at"))


def stored_delegation(d: Delegation) -> Delegation:
    return replace(d, granted_at=utc(d.granted_at, "granted_at"), revoked_at=utc_or_none(d.revoked_at,
                                                                                          "revoked_at"))


class InMemoryPortalRepository(Repository):
    def _map(self) -> dict[tuple[str, Any], Any]:
        return self._s().portal

    def _all(self, kind: str) -> list[Any]:
        return [v for (k, _), v in self._map().items() if k == kind]

    def get_account(self, user_id: Eui64) -> PortalAccount | None:
        found: PortalAccount | None = self._map().get(("account", user_id))
        return found

    def put_account(self, account: PortalAccount) -> None:
        self._map()[("account", account.user_id)] = stored_account(account)

    def accounts(self) -> Sequence[PortalAccount]:
        return sorted(self._all("account"), key=lambda a: a.user_id)

    def add_session(self, session: PortalSession) -> None:
        self._map()[("session", session.token_hash)] = stored_session(session)

    def get_session(self, token_hash: str) -> PortalSession | None:
        found: PortalSession | None = self._map().get(("session", token_hash))
        return found

    def delete_session(self, token_hash: str) -> None:
        self._map().pop(("session", token_hash), None)

    def delete_sessions(self, user_id: Eui64, *, expired_before: datetime | None = None) -> int:
        gone = [s for s in self._all("session") if s.user_id == user_id
                and (expired_before is None or s.expires_at < expired_before)]
        for s in gone:
            del self._map()[("session", s.token_hash)]
        return len(gone)

    def add_delegation(self, delegation: Delegation) -> int:
        m = self._map()
        n: int = m.get(("seq", "delegation"), 0) + 1
        m[("seq", "delegation")] = n
        m[("delegation", n)] = replace(stored_delegation(delegation), delegation_id=n)
        return n

    def get_delegation(self, delegation_id: int) -> Delegation | None:
        found: Delegation | None = self._map().get(("delegation", delegation_id))
        return found

    def revoke_delegation(self, delegation_id: int, at: datetime) -> bool:
        d = self.get_delegation(delegation_id)
        if d is None or d.revoked_at is not None:
            return False
        self._map()[("delegation", delegation_id)] = d.revoked(utc(at, "revoked_at"))
        return True

    def delegations(self, user_id: Eui64) -> Sequence[Delegation]:
        return sorted((d for d in self._all("delegation") if user_id in (d.grantor, d.grantee)),
                      key=lambda d: d.delegation_id or 0)

    def requests_of(self, user_id: Eui64, limit: int) -> Sequence[AuditRecord]:
        uid = str(user_id)
        found = [r for _, r in sorted(self._s().audit.items(), reverse=True)
                 if r.user_id == uid and r.kind == "message" and r.direction == "in"]
        return sorted(found, key=lambda r: r.received_at, reverse=True)[:max(limit, 0)]

    def alerts_of(self, user_id: Eui64, limit: int) -> Sequence[OutboundMessage]:
        return [m for _, m in sorted(self._s().messages.items(), reverse=True)
                if m.user_id == user_id and m.kind in ALERT_KINDS][:max(limit, 0)]

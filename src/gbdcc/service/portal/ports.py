"""Storage of the Self-Service Interface: accounts, sessions, delegations, and the per-User reads of the audit
trail and alerts the pages need (R-OPS-2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.delivery import OutboundMessage
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import Delegation, PortalAccount, PortalSession
from gbdcc.domain.requests import AuditRecord


class PortalRepository(Protocol):
    def get_account(self, user_id: Eui64) -> PortalAccount | None: ...
    def put_account(self, account: PortalAccount) -> None:
        """Insert the account or replace the stored one (password, failed attempts, lockout)."""
        ...
    def accounts(self) -> Sequence[PortalAccount]:
        """Every account, by User ID."""
        ...
    def add_session(self, session: PortalSession) -> None: ...
    def get_session(self, token_hash: str) -> PortalSession | None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def delete_sessions(self, user_id: Eui64, *, expired_before: datetime | None = None) -> int:
        """Remove the User's sessions (all, or those expired before the time); returns how many."""
        ...
    def add_delegation(self, delegation: Delegation) -> int:
        """Insert; returns its new ``delegation_id`` (increasing)."""
        ...
    def get_delegation(self, delegation_id: int) -> Delegation | None: ...
    def revoke_delegation(self, delegation_id: int, at: datetime) -> bool:
        """Set ``revoked_at`` if not revoked yet; False (nothing changed) if unknown or already revoked."""
        ...
    def delegations(self, user_id: Eui64) -> Sequence[Delegation]:
        """Every delegation the User granted or received (revoked ones too), by ``delegation_id``."""
        ...
    def requests_of(self, user_id: Eui64, limit: int) -> Sequence[AuditRecord]:
        """The User's requests as received (audit ``message`` records, direction ``in``), newest first."""
        ...
    def alerts_of(self, user_id: Eui64, limit: int) -> Sequence[OutboundMessage]:
        """Device and DCC alerts addressed to the User, newest first."""
        ...

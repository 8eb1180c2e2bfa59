"""The Self-Service Interface's accounts, sessions and delegations (SEC H8.15(c), H8.16; R-OPS-2).

Pure values: no clock, no randomness (the service layer passes ``now`` and the random tokens in). A User
sees its own information; another User's only as far as that User has delegated it, and only while the
delegation is active (:func:`may_see`, checked on every request so a revocation takes effect at once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from gbdcc.domain.ids import Eui64


class Scope(StrEnum):
    """What a delegation lets the grantee see of the grantor's information."""

    REQUESTS = "requests"  # the audit trail of the grantor's Service Requests and each one's story
    ALERTS = "alerts"  # alerts sent to the grantor
    DELIVERIES = "deliveries"  # the grantor's failed-delivery queue (viewing; re-delivery stays the grantor's)


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """After ``max_failures`` failed sign-ins in a row the account is locked for ``lockout``."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class PortalAccount:
    """A User's sign-in: its User ID, an argon2id password hash, and the failed-attempt state."""

    user_id: Eui64
    password_hash: str
    created_at: datetime
    failed_attempts: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def failed(self, now: datetime, policy: LockoutPolicy) -> PortalAccount:
        """One more failed sign-in; the one that reaches the limit locks the account."""
        n = self.failed_attempts + 1
        if n >= policy.max_failures:
            return replace(self, failed_attempts=0, locked_until=now + policy.lockout)
        return replace(self, failed_attempts=n)

    def signed_in(self) -> PortalAccount:
        return replace(self, failed_attempts=0, locked_until=None)

    def unlocked(self) -> PortalAccount:
        return replace(self, failed_attempts=0, locked_until=None)


@dataclass(frozen=True, slots=True)
class PortalSession:
    """A server-side session. ``token_hash`` is the SHA-256 of the cookie's random token (the token itself is
    never stored); ``csrf_token`` goes in every form of the session and must come back with each POST."""

    token_hash: str
    user_id: Eui64
    csrf_token: str
    created_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass(frozen=True, slots=True)
class Delegation:
    """``grantor`` lets ``grantee`` see its information in ``scopes`` from ``granted_at`` until revoked."""

    grantor: Eui64
    grantee: Eui64
    scopes: frozenset[Scope]
    granted_at: datetime
    revoked_at: datetime | None = None
    delegation_id: int | None = None

    def active(self, at: datetime) -> bool:
        return self.granted_at <= at and (self.revoked_at is None or at < self.revoked_at)

    def revoked(self, at: datetime) -> Delegation:
        return self if self.revoked_at is not None else replace(self, revoked_at=at)


def may_see(viewer: Eui64, owner: Eui64, scope: Scope, delegations: Iterable[Delegation], at: datetime) -> bool:
    """R-OPS-2: ``viewer`` may see ``owner``'s information in ``scope`` — its own always, another User's only
    through an active delegation from that User covering ``scope``."""
    if viewer == owner:
        return True
    return any(d.grantor == owner and d.grantee == viewer and scope in d.scopes and d.active(at)
               for d in delegations)


def visible_owners(viewer: Eui64, scope: Scope, delegations: Iterable[Delegation], at: datetime) -> list[Eui64]:
    """The Users whose ``scope`` information ``viewer`` may see: itself first, then its active grantors."""
    out = [viewer]
    for d in delegations:
        if d.grantee == viewer and scope in d.scopes and d.active(at) and d.grantor not in out:
            out.append(d.grantor)
    return out

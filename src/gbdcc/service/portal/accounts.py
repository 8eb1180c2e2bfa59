"""Portal accounts and sessions: create / reset / unlock an account (CLI, admin API), sign in with lockout after
repeated failures, a server-side session with its CSRF token, sign out.

The password hash (argon2id in ``adapters/portal/passwords.py``) and the random tokens are injected ports;
only the SHA-256 of a session token is stored, so a copy of the database holds no usable cookie.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Protocol

from gbdcc.domain.errors import AccountLocked, CsrfRefused, PortalAccountInvalid, SessionInvalid, SignInRefused
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import LockoutPolicy, PortalAccount, PortalSession
from gbdcc.service.ports import Clock, UnitOfWorkFactory

#: The shortest password an account takes (NCSC guidance: length over composition rules).
MIN_PASSWORD = 12


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; never raises for a mismatch."""
        ...


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    lifetime: timedelta = timedelta(hours=8)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What a successful sign-in hands the web adapter: the cookie's token (shown once) and the session."""

    token: str
    session: PortalSession


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PortalAccounts:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, hasher: PasswordHasher,
                 tokens: Callable[[], str], policy: SessionPolicy | None = None) -> None:
        self._uow_factory, self._clock, self._hasher, self._tokens = uow_factory, clock, hasher, tokens
        self._policy = policy or SessionPolicy()
        self._dummy_hash: str | None = None

    def _dummy(self) -> str:
        """A hash to check when the User ID has no account, so that answer takes as long as a wrong password."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(self._tokens())
        return self._dummy_hash

    # -- administration (CLI `gbdcc portal account`, POST /admin/v1/portal/accounts) -------------------
    def add(self, user_id: Eui64, password: str) -> PortalAccount:
        """An account for a registered User (accounts are made by the DCC, never by self sign-up)."""
        _check_password(password)
        with self._uow_factory() as uow:
            if uow.users.get(user_id) is None:
                raise PortalAccountInvalid(f"{user_id} is not a registered User (`gbdcc users add` first)")
            if uow.portal.get_account(user_id) is not None:
                raise PortalAccountInvalid(f"{user_id} already has a portal account (`gbdcc portal account reset`)")
            account = PortalAccount(user_id, self._hasher.hash(password), self._clock.now())
            uow.portal.put_account(account)
            uow.commit()
        return account

    def reset(self, user_id: Eui64, password: str) -> None:
        """A new password; the account is unlocked and every session of the User ends."""
        _check_password(password)
        with self._uow_factory() as uow:
            account = _account(uow.portal.get_account(user_id), user_id)
            uow.portal.put_account(replace(account.unlocked(), password_hash=self._hasher.hash(password)))
            uow.portal.delete_sessions(user_id)
            uow.commit()

    def unlock(self, user_id: Eui64) -> None:
        with self._uow_factory() as uow:
            uow.portal.put_account(_account(uow.portal.get_account(user_id), user_id).unlocked())
            uow.commit()

    # -- sign-in and sessions --------------------------------------------------------------------------
    def sign_in(self, user_id_text: str, password: str) -> SignedIn:
        """A new session, or ``SignInRefused`` (same message whether the User ID or the password was wrong)
        / ``AccountLocked``. A failure is counted (and may lock the account) in its own transaction."""
        now = self._clock.now()
        try:
            user_id = Eui64.parse(user_id_text.strip())
        except ValueError:
            raise SignInRefused("User ID or password not recognised") from None
        with self._uow_factory() as uow:
            account = uow.portal.get_account(user_id)
            if account is None:
                self._hasher.verify(self._dummy(), password)  # about the same time as a real check
                raise SignInRefused("User ID or password not recognised")
            if account.locked(now):
                raise _locked(account)
            if not self._hasher.verify(account.password_hash, password):
                failed = account.failed(now, self._policy.lockout)
                uow.portal.put_account(failed)
                uow.commit()
                if failed.locked(now):
                    raise _locked(failed)
                raise SignInRefused("User ID or password not recognised")
            token = self._tokens()
            session = PortalSession(token_hash(token), user_id, self._tokens(), now, now + self._policy.lifetime)
            uow.portal.put_account(account.signed_in())
            uow.portal.delete_sessions(user_id, expired_before=now)
            uow.portal.add_session(session)
            uow.commit()
        return SignedIn(token, session)

    def session(self, token: str | None) -> PortalSession:
        """The live session of a cookie's token, else ``SessionInvalid``."""
        if not token:
            raise SessionInvalid("not signed in")
        with self._uow_factory(read_only=True) as uow:
            session = uow.portal.get_session(token_hash(token))
        if session is None or session.expired(self._clock.now()):
            raise SessionInvalid("session expired or unknown: sign in again")
        return session

    def sign_out(self, token: str) -> None:
        with self._uow_factory() as uow:
            uow.portal.delete_session(token_hash(token))
            uow.commit()


def check_csrf(session: PortalSession, sent: str | None) -> None:
    """Every state-changing form carries the session's CSRF token (compared in constant time)."""
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise CsrfRefused("form refused: the CSRF token is missing or not this session's")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PortalAccountInvalid(f"a portal password needs at least {MIN_PASSWORD} characters")


def _account(account: PortalAccount | None, user_id: Eui64) -> PortalAccount:
    if account is None:
        raise PortalAccountInvalid(f"{user_id} has no portal account")
    return account



def _locked(account: PortalAccount) -> AccountLocked:
    until = f"{account.locked_until:%Y-%m-%d %H:%M} UTC" if account.locked_until else "unlocked"
    return AccountLocked(f"too many failed sign-ins: locked until {until} (or until the DCC unlocks it)")

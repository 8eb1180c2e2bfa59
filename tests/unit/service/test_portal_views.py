"""The portal's handlers over the in-memory unit of work: accounts, sign-in with lockout, sessions and CSRF, and
R-OPS-2 access control checked on every read (revocation at once), tested directly, not through HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.portal.passwords import Argon2idHasher
from gbdcc.domain.delivery import DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.errors import (
    AccountLocked,
    CsrfRefused,
    DelegationInvalid,
    NotDelegated,
    PortalAccountInvalid,
    SessionInvalid,
    SignInRefused,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User
from gbdcc.domain.portal import LockoutPolicy, Scope
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.service.portal.accounts import PortalAccounts, SessionPolicy, check_csrf
from gbdcc.service.portal.views import PortalViews

A, B = Eui64(0x90B3D51F30010000), Eui64(0x90B3D51F30020000)
ACB = "90-B3-D5-1F-30-00-00-02"
T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at


class NoCoverage:
    def lookup(self, postcode: str, at: datetime):  # type: ignore[no-untyped-def]
        raise AssertionError("not used here")


@pytest.fixture
def world() -> tuple[InMemoryUnitOfWorkFactory, Clock, PortalAccounts, PortalViews, list[list[int]]]:
    clock = Clock()
    uows = InMemoryUnitOfWorkFactory(clock=clock)
    n = count(1)
    with uows() as uow:
        for eui in (A, B):
            uow.users.put(User(eui, f"User {eui}"))
            rid = f"{eui}:{ACB}:1"
            for direction in ("in", "out"):
                uow.audit.append(AuditRecord(direction, T0, rid, str(eui), "8.2", 8, RequestState.COMPLETED,
                                             Decision("I0", "DUIS-8.2", "ok"), b"<x/>"))
            uow.messages.add(OutboundMessage(eui, MessageKind.DCC_ALERT, f"{ACB}:{eui}:1", b"<a/>", T0,
                                             state=DeliveryState.FAILED, failed_at=T0))
        uow.commit()
    redelivered: list[list[int]] = []
    accounts = PortalAccounts(uows, clock, Argon2idHasher(), lambda: f"token-{next(n)}",
                              SessionPolicy(timedelta(hours=1), LockoutPolicy(3, timedelta(minutes=10))))
    views = PortalViews(uows, clock, NoCoverage(), lambda ids: redelivered.append(ids) or len(ids))  # type: ignore[func-returns-value]
    return uows, clock, accounts, views, redelivered


def test_accounts_only_for_registered_users_once_with_a_long_password(world) -> None:  # type: ignore[no-untyped-def]
    _, _, accounts, _, _ = world
    with pytest.raises(PortalAccountInvalid):
        accounts.add(Eui64(0x90B3D51F30990000), "long enough passphrase")
    with pytest.raises(PortalAccountInvalid):
        accounts.add(A, "short")
    accounts.add(A, "long enough passphrase")
    with pytest.raises(PortalAccountInvalid):
        accounts.add(A, "long enough passphrase")


def test_sign_in_session_expiry_and_lockout(world) -> None:  # type: ignore[no-untyped-def]
    uows, clock, accounts, _, _ = world
    accounts.add(A, "long enough passphrase")
    signed = accounts.sign_in(str(A), "long enough passphrase")
    with uows(read_only=True) as uow:  # only the token's hash is stored
        assert uow.portal.get_session(signed.token) is None
    assert accounts.session(signed.token).user_id == A
    with pytest.raises(SignInRefused):
        accounts.sign_in("not an eui", "x")
    for _ in range(2):
        with pytest.raises(SignInRefused):
            accounts.sign_in(str(A), "wrong password!!")
    with pytest.raises(AccountLocked):
        accounts.sign_in(str(A), "wrong password!!")
    with pytest.raises(AccountLocked):
        accounts.sign_in(str(A), "long enough passphrase")  # locked: even the right password
    accounts.unlock(A)
    accounts.sign_in(str(A), "long enough passphrase")
    clock.at = T0 + timedelta(hours=1)
    with pytest.raises(SessionInvalid):
        accounts.session(signed.token)
    accounts.reset(A, "another long passphrase")
    with pytest.raises(SignInRefused):
        accounts.sign_in(str(A), "long enough passphrase")


def test_csrf_token_of_the_session_is_required(world) -> None:  # type: ignore[no-untyped-def]
    _, _, accounts, _, _ = world
    accounts.add(A, "long enough passphrase")
    session = accounts.sign_in(str(A), "long enough passphrase").session
    check_csrf(session, session.csrf_token)
    for sent in (None, "", "another"):
        with pytest.raises(CsrfRefused):
            check_csrf(session, sent)


def test_r_ops_2_handlers_refuse_another_users_information_until_delegated(world) -> None:  # type: ignore[no-untyped-def]
    _, _, _, views, _ = world
    assert [r.request_id for r in views.requests(A, A)] == [f"{A}:{ACB}:1"]  # its own, the "in" record only
    for read in (lambda: views.requests(B, A), lambda: views.alerts(B, A), lambda: views.failed(B, A),
                 lambda: views.story(B, f"{A}:{ACB}:1")):
        with pytest.raises(NotDelegated):
            read()
    assert len(views.story(A, f"{A}:{ACB}:1").steps) == 2


def test_r_ops_2_delegation_grants_its_scopes_and_revocation_works_at_once(world) -> None:  # type: ignore[no-untyped-def]
    _, clock, _, views, _ = world
    d = views.grant(A, str(B), frozenset({Scope.REQUESTS, Scope.ALERTS}))
    assert views.owners(B, Scope.REQUESTS) == [B, A]
    assert len(views.requests(B, A)) == 1 and len(views.alerts(B, A)) == 1
    assert len(views.story(B, f"{A}:{ACB}:1").steps) == 2
    with pytest.raises(NotDelegated):
        views.failed(B, A)  # not in the scope
    with pytest.raises(DelegationInvalid):
        views.revoke(B, d.delegation_id or 0)  # only the grantor revokes
    clock.at = T0 + timedelta(seconds=1)
    views.revoke(A, d.delegation_id or 0)
    with pytest.raises(NotDelegated):
        views.requests(B, A)
    with pytest.raises(DelegationInvalid):
        views.revoke(A, d.delegation_id or 0)


def test_r_ops_2_grant_refuses_self_unknown_and_empty_scope(world) -> None:  # type: ignore[no-untyped-def]
    _, _, _, views, _ = world
    for grantee, scopes in ((str(A), frozenset(Scope)), ("90-B3-D5-1F-30-99-00-00", frozenset(Scope)),
                            ("nonsense", frozenset(Scope)), (str(B), frozenset())):
        with pytest.raises(DelegationInvalid):
            views.grant(A, grantee, scopes)


def test_r_ops_2_redelivery_is_the_owners_even_with_a_delegation(world) -> None:  # type: ignore[no-untyped-def]
    _, _, _, views, redelivered = world
    views.grant(A, str(B), frozenset(Scope))
    mine, theirs = (views.failed(A, A)[0].message_id, views.failed(B, B)[0].message_id)
    assert views.redeliver(A, mine or 0) == 1
    with pytest.raises(NotDelegated):
        views.redeliver(B, mine or 0)
    assert redelivered == [[mine]] and theirs != mine

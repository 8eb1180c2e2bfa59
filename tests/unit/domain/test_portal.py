"""R-OPS-2 (SEC H8.15(c), H8.16): a User sees its own information, another User's only through an active
delegation from that User covering the scope; lockout after repeated failed sign-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import Delegation, LockoutPolicy, PortalAccount, Scope, may_see, visible_owners

A, B, C = Eui64(0x90B3D51F30010000), Eui64(0x90B3D51F30020000), Eui64(0x90B3D51F30030000)
T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_r_ops_2_a_user_always_sees_its_own_and_no_one_elses_without_delegation() -> None:
    assert may_see(A, A, Scope.REQUESTS, [], T0)
    assert not may_see(B, A, Scope.REQUESTS, [], T0)


def test_r_ops_2_delegation_covers_only_its_scopes_grantee_and_direction() -> None:
    d = [Delegation(A, B, frozenset({Scope.REQUESTS}), T0)]
    assert may_see(B, A, Scope.REQUESTS, d, T0)
    assert not may_see(B, A, Scope.ALERTS, d, T0)  # another scope
    assert not may_see(C, A, Scope.REQUESTS, d, T0)  # another grantee
    assert not may_see(A, B, Scope.REQUESTS, d, T0 + timedelta(1))  # not the other way round


def test_r_ops_2_revoked_delegation_stops_at_its_revocation_instant() -> None:
    d = Delegation(A, B, frozenset(Scope), T0).revoked(T0 + timedelta(minutes=5))
    assert may_see(B, A, Scope.ALERTS, [d], T0 + timedelta(minutes=4))
    assert not may_see(B, A, Scope.ALERTS, [d], T0 + timedelta(minutes=5))
    assert not may_see(B, A, Scope.ALERTS, [d], T0 - timedelta(seconds=1))  # nor before it was granted
    assert d.revoked(T0 + timedelta(hours=1)).revoked_at == T0 + timedelta(minutes=5)  # the first revocation stays


def test_r_ops_2_visible_owners_are_the_user_then_its_active_grantors() -> None:
    ds = [Delegation(A, C, frozenset({Scope.ALERTS}), T0), Delegation(B, C, frozenset({Scope.REQUESTS}), T0),
          Delegation(A, C, frozenset({Scope.REQUESTS}), T0, revoked_at=T0)]
    assert visible_owners(C, Scope.REQUESTS, ds, T0) == [C, B]
    assert visible_owners(C, Scope.ALERTS, ds, T0) == [C, A]


def test_lockout_after_the_policy_limit_and_unlock() -> None:
    policy = LockoutPolicy(max_failures=3, lockout=timedelta(minutes=15))
    account = PortalAccount(A, "hash", T0)
    for _ in range(2):
        account = account.failed(T0, policy)
    assert account.failed_attempts == 2 and not account.locked(T0)
    account = account.failed(T0, policy)
    assert account.locked(T0) and account.locked(T0 + timedelta(minutes=14))
    assert not account.locked(T0 + timedelta(minutes=15))
    assert not account.unlocked().locked(T0)

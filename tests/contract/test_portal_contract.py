"""The PortalRepository contract on every backend (memory, SQLite, PostgreSQL): accounts, sessions and delegations
round-trip every field; revocation is compare-and-set; the per-User reads of the audit trail and alerts return
that User's records only, newest first (R-OPS-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.delivery import MessageKind
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import Delegation, PortalAccount, PortalSession, Scope
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, SUPPLIER, T0, audit, message

B = BIG


def test_accounts_round_trip_and_replace(uow_factory: UnitOfWorkFactory) -> None:
    a = PortalAccount(SUPPLIER, "$argon2id$v=19$…", T0)
    locked = replace(a, failed_attempts=0, locked_until=T0 + timedelta(minutes=15))
    with uow_factory() as uow:
        uow.portal.put_account(a)
        uow.portal.put_account(PortalAccount(B, "h2", T0, 2))
        uow.commit()
    with uow_factory() as uow:
        assert uow.portal.get_account(SUPPLIER) == a
        uow.portal.put_account(locked)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.portal.get_account(SUPPLIER) == locked
        assert uow.portal.get_account(Eui64(1)) is None
        assert [x.user_id for x in uow.portal.accounts()] == sorted([SUPPLIER, B])


def test_sessions_round_trip_and_delete(uow_factory: UnitOfWorkFactory) -> None:
    s1 = PortalSession("a" * 64, SUPPLIER, "csrf-1", T0, T0 + timedelta(hours=8))
    old = PortalSession("b" * 64, SUPPLIER, "csrf-2", T0 - timedelta(days=1), T0 - timedelta(hours=1))
    other = PortalSession("c" * 64, B, "csrf-3", T0, T0 + timedelta(hours=8))
    with uow_factory() as uow:
        for s in (s1, old, other):
            uow.portal.add_session(s)
        uow.commit()
    with uow_factory() as uow:
        assert uow.portal.get_session("a" * 64) == s1
        assert uow.portal.delete_sessions(SUPPLIER, expired_before=T0) == 1
        uow.portal.delete_session("c" * 64)
        uow.commit()
    with uow_factory() as uow:
        assert uow.portal.get_session("b" * 64) is None and uow.portal.get_session("c" * 64) is None
        assert uow.portal.delete_sessions(SUPPLIER) == 1
        uow.commit()


def test_delegations_round_trip_ids_in_order_and_revoke_once(uow_factory: UnitOfWorkFactory) -> None:
    d = Delegation(SUPPLIER, B, frozenset({Scope.REQUESTS, Scope.ALERTS}), T0)
    with uow_factory() as uow:
        first = uow.portal.add_delegation(d)
        second = uow.portal.add_delegation(Delegation(B, SUPPLIER, frozenset({Scope.DELIVERIES}), T0))
        uow.commit()
    assert second > first
    with uow_factory() as uow:
        assert uow.portal.get_delegation(first) == replace(d, delegation_id=first)
        assert uow.portal.revoke_delegation(first, T0 + timedelta(minutes=1))
        assert not uow.portal.revoke_delegation(first, T0 + timedelta(minutes=2))
        assert not uow.portal.revoke_delegation(999_999, T0)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.portal.get_delegation(first).revoked_at == T0 + timedelta(minutes=1)  # type: ignore[union-attr]
        assert [x.delegation_id for x in uow.portal.delegations(SUPPLIER)] == [first, second]
        assert uow.portal.delegations(Eui64(1)) == []


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.portal.put_account(PortalAccount(SUPPLIER, "h", T0.replace(tzinfo=None)))


def test_r_ops_2_per_user_reads_return_only_that_users_records_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.audit.append(audit("r1"))
        uow.audit.append(audit("r1", direction="out"))
        uow.audit.append(audit("r2", received_at=T0 + timedelta(seconds=1)))
        uow.audit.append(audit("r1", kind="transition"))
        uow.audit.append(audit("rb", user_id=str(B)))
        uow.messages.add(message(1))  # a response, not an alert
        uow.messages.add(message(2, kind=MessageKind.DCC_ALERT))
        uow.messages.add(message(3, kind=MessageKind.DEVICE_ALERT))
        uow.messages.add(message(4, kind=MessageKind.DCC_ALERT, user_id=B))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [r.request_id for r in uow.portal.requests_of(SUPPLIER, 10)] == ["r2", "r1"]
        assert [r.request_id for r in uow.portal.requests_of(SUPPLIER, 1)] == ["r2"]
        assert [m.response_id[-1] for m in uow.portal.alerts_of(SUPPLIER, 10)] == ["3", "2"]
        assert [m.user_id for m in uow.portal.alerts_of(B, 10)] == [B]
        assert uow.portal.requests_of(SUPPLIER, 0) == []

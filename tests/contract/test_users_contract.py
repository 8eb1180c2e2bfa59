"""UserRepository contract (SEC H1 Users and roles; R-USER-1, R-USER-2)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.service.ports import UnitOfWorkFactory


def test_unknown_user_is_none(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.users.get(s.eui(42)) is None
        assert list(uow.users.list()) == []


def test_put_get_round_trips_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    u = User(
        s.BIG,
        "Électricité Ltd — ünïcode",
        (
            UserRoleEntry(UserRole.GAS_SUPPLIER, date(2021, 6, 1), date(2030, 1, 1)),
            UserRoleEntry(UserRole.IMPORT_SUPPLIER, date(2019, 1, 31)),
            UserRoleEntry(UserRole.EXPORT_SUPPLIER, date(2022, 2, 28)),
        ),
        "https://supplier.example/duis/receive",
    )
    with uow_factory() as uow:
        uow.users.put(u)
        uow.commit()
    with uow_factory() as uow:
        got = uow.users.get(s.BIG)
    assert got == u
    assert got is not None and got.roles == u.roles  # role order kept
    assert got.user_id.value >= 2**63


def test_user_without_roles_or_url(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    u = User(s.eui(0), "bare")
    with uow_factory() as uow:
        uow.users.put(u)
        assert uow.users.get(s.eui(0)) == u


def test_put_replaces_name_url_and_roles(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    first = s.user(1)
    with uow_factory() as uow:
        uow.users.put(first)
        uow.commit()
    second = User(first.user_id, "Renamed", (UserRoleEntry(UserRole.GAS_SUPPLIER, date(2024, 1, 1)),), None)
    with uow_factory() as uow:
        uow.users.put(second)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(first.user_id) == second
        assert list(uow.users.list()) == [second]


def test_list_returns_every_user_ordered_by_id(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    users = [s.user(n, user_id=Eui64(v)) for n, v in enumerate([2**64 - 1, 5, 2**63, 2**63 - 1, 0])]
    with uow_factory() as uow:
        for u in users:
            uow.users.put(u)
        uow.commit()
    with uow_factory() as uow:
        listed = list(uow.users.list())
    assert listed == sorted(users, key=lambda u: u.user_id.value)

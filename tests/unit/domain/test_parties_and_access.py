from __future__ import annotations

from datetime import date

import pytest

from gbdcc.domain.access import eligible_role
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import RoleNotEligible, UnknownUser, UserNotActive
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import RoleConflict, User, UserRole, UserRoleEntry

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NETWORK = Eui64.parse("90-B3-D5-1F-30-02-00-00")


def supplier(entry: date = date(2026, 1, 1)) -> User:
    return (User(SUPPLIER, "Supplier")
            .with_role(UserRoleEntry(UserRole.IMPORT_SUPPLIER, entry))
            .with_role(UserRoleEntry(UserRole.GAS_SUPPLIER, entry)))


def test_r_user_2_supplier_roles_may_share_a_user_id() -> None:
    user = supplier().with_role(UserRoleEntry(UserRole.EXPORT_SUPPLIER, date(2026, 1, 1)))
    assert user.roles_on(date(2026, 6, 1)) == {UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER,
                                               UserRole.EXPORT_SUPPLIER}


def test_r_user_2_network_operator_cannot_share_a_supplier_id() -> None:
    with pytest.raises(RoleConflict) as err:
        supplier().with_role(UserRoleEntry(UserRole.ELECTRICITY_DISTRIBUTOR, date(2026, 1, 1)))
    assert err.value.rule == "R-USER-2"


def test_r_user_1_not_a_user_before_entry_date() -> None:
    user = supplier(entry=date(2026, 12, 1))
    with pytest.raises(UserNotActive) as err:
        eligible_role(user, SUPPLIER, lookup("8.2"), date(2026, 11, 28))
    assert err.value.response_code == "E3"
    assert err.value.rule == "R-USER-1"
    assert eligible_role(user, SUPPLIER, lookup("8.2"), date(2026, 12, 1)) is UserRole.IMPORT_SUPPLIER


def test_unknown_user_is_e1() -> None:
    with pytest.raises(UnknownUser) as err:
        eligible_role(None, SUPPLIER, lookup("8.2"), date(2026, 11, 28))
    assert err.value.response_code == "E1"


def test_role_not_eligible_is_e2_naming_r_sr_1() -> None:
    network = User(NETWORK, "DNO").with_role(UserRoleEntry(UserRole.ELECTRICITY_DISTRIBUTOR, date(2026, 1, 1)))
    with pytest.raises(RoleNotEligible) as err:
        eligible_role(network, NETWORK, lookup("8.3"), date(2026, 11, 28))
    assert err.value.response_code == "E2"
    assert err.value.rule == "R-SR-1"
    assert "8.3" in err.value.reason
    assert eligible_role(network, NETWORK, lookup("8.2"), date(2026, 11, 28)) is UserRole.ELECTRICITY_DISTRIBUTOR


def test_role_exit_date_ends_the_role() -> None:
    user = User(SUPPLIER, "S").with_role(
        UserRoleEntry(UserRole.IMPORT_SUPPLIER, date(2026, 1, 1), exit_date=date(2026, 6, 1)))
    assert user.roles_on(date(2026, 5, 31)) == {UserRole.IMPORT_SUPPLIER}
    assert user.roles_on(date(2026, 6, 1)) == frozenset()

"""R-CHURN-1 flags (enrolled meters moved to suppliers that are not Users) and the status file's flags."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.support.rdp import mpan

from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import SmiStatus
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.rdp.churn import churn_flags, is_user_on, non_user_records, user_from
from gbdcc.domain.rdp.model import Fuel, RegRecord
from gbdcc.domain.rdp.status import MpxnStatus, mpxn_status, status_entries
from gbdcc.domain.registration import RegistrationPeriod

IS, GS = UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER
OLD, NEW, LATE = Eui64(0x90B3D51F30010000), Eui64(0x90B3D51F30030000), Eui64(0x90B3D51F30040000)
DNO, METER = Eui64(0x90B3D51F30020000), Eui64(0x00DB123456789A00)
AT = datetime(2026, 7, 1, tzinfo=UTC)
USERS = {OLD: User(OLD, "Old", (UserRoleEntry(IS, date(2020, 1, 1)),)),
         LATE: User(LATE, "Late", (UserRoleEntry(IS, date(2026, 9, 1)), UserRoleEntry(GS, date(2020, 1, 1))))}


def rec(mpxn: str, supplier: Eui64, domestic: bool, line: int = 2) -> RegRecord:
    return RegRecord(line, mpxn, Fuel.ELECTRICITY, supplier, DNO, AT, domestic)


def current(mpxn: str) -> dict[str, list[RegistrationPeriod]]:
    return {mpxn: [RegistrationPeriod(mpxn, IS, OLD, datetime(2025, 1, 1, tzinfo=UTC))]}


def test_r_churn_1_which_supplier_is_a_user_on_each_date() -> None:
    assert is_user_on(USERS[OLD], IS, date(2026, 7, 1))
    assert not is_user_on(USERS[LATE], IS, date(2026, 8, 31)) and is_user_on(USERS[LATE], IS, date(2026, 9, 1))
    assert is_user_on(USERS[LATE], GS, date(2026, 7, 1))  # a User in one role is not one in another
    assert not is_user_on(None, IS, date(2026, 7, 1))
    assert user_from(USERS[LATE], IS, date(2026, 7, 1)) == date(2026, 9, 1)
    assert user_from(USERS[OLD], IS, date(2026, 7, 1)) == date(2026, 7, 1)
    assert user_from(None, IS, date(2026, 7, 1)) is None


def test_r_churn_1_a_non_domestic_enrolled_meter_moved_to_a_non_user_is_flagged_exempt_and_told() -> None:
    records = [rec(mpan(1), NEW, False), rec(mpan(2), OLD, False, 3), rec(mpan(3), LATE, True, 4)]
    candidates = non_user_records(records, Fuel.ELECTRICITY, USERS)
    assert [r.line for r in candidates] == [2, 4]
    flags = churn_flags(candidates, Fuel.ELECTRICITY, {**current(mpan(1)), **current(mpan(3))},
                        {mpan(1): [METER], mpan(3): [METER]}, USERS)
    business, home = flags
    assert (business.mpxn, business.previous_supplier, business.new_supplier, business.devices) == (
        mpan(1), OLD, NEW, (METER,))
    assert business.half_hourly_exempt and business.customer_must_be_told and business.user_from is None
    assert not home.half_hourly_exempt and not home.customer_must_be_told and home.user_from == date(2026, 9, 1)


def test_r_churn_1_no_flag_without_an_enrolled_meter_or_without_a_change_of_supplier() -> None:
    candidates = [rec(mpan(1), NEW, False)]
    assert churn_flags(candidates, Fuel.ELECTRICITY, current(mpan(1)), {}, USERS) == ()
    already = {mpan(1): [RegistrationPeriod(mpan(1), IS, NEW, datetime(2025, 1, 1, tzinfo=UTC))]}
    assert churn_flags(candidates, Fuel.ELECTRICITY, already, {mpan(1): [METER]}, USERS) == ()


def test_status_flags_from_smi_statuses_the_most_enrolled_wins() -> None:
    assert mpxn_status([SmiStatus.COMMISSIONED]) is MpxnStatus.ENROLLED
    assert mpxn_status([SmiStatus.RECOVERY]) is MpxnStatus.SUSPENDED
    assert mpxn_status([SmiStatus.DECOMMISSIONED, SmiStatus.COMMISSIONED]) is MpxnStatus.ENROLLED
    assert mpxn_status([SmiStatus.WITHDRAWN, SmiStatus.SUSPENDED]) is MpxnStatus.SUSPENDED
    assert mpxn_status([SmiStatus.PENDING, SmiStatus.INSTALLED_NOT_COMMISSIONED]) is None
    assert MpxnStatus.SUSPENDED.enrolled and not MpxnStatus.WITHDRAWN.enrolled
    entries = status_entries([("2", SmiStatus.WITHDRAWN), ("1", SmiStatus.COMMISSIONED), ("3", SmiStatus.PENDING)])
    assert [(e.mpxn, e.status) for e in entries] == [("1", MpxnStatus.ENROLLED), ("2", MpxnStatus.WITHDRAWN)]

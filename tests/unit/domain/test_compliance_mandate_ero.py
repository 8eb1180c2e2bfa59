"""R-MANDATE-1 and R-ERO-1 in the domain: party types from size, due dates, statuses, the ERO target."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from gbdcc.domain.compliance.ero import EroStatus, EroTerms, assess_ero, ero_target
from gbdcc.domain.compliance.mandate import MandateDates, MandateStatus, assess, first_entries, status_of
from gbdcc.domain.compliance.parties import PartyType, decide_type, make_profile
from gbdcc.domain.errors import PartyProfileInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole, UserRoleEntry

IS, GS, ED = UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR


def test_r_mandate_1_type_decided_from_size_on_the_census_date() -> None:
    assert decide_type(250_000, electricity_licence=True, gas_licence=False,
                       domestic_supply_from=None) is PartyType.LARGE_SUPPLIER
    assert decide_type(249_999, electricity_licence=False, gas_licence=True,
                       domestic_supply_from=None) is PartyType.DOMESTIC_SUPPLIER
    assert decide_type(0, electricity_licence=True, gas_licence=False,
                       domestic_supply_from=date(2018, 1, 1)) is PartyType.DOMESTIC_SUPPLIER
    assert decide_type(0, electricity_licence=True, gas_licence=False, domestic_supply_from=None) is PartyType.OTHER
    assert decide_type(900_000, electricity_licence=False, gas_licence=False,
                       domestic_supply_from=None) is PartyType.OTHER
    assert make_profile("X", party_type=PartyType.DNO, domestic_premises=10**6).party_type is PartyType.DNO
    assert make_profile("Y", domestic_premises=10, electricity_licence=True, threshold=10).party_type \
        is PartyType.LARGE_SUPPLIER


def test_r_mandate_1_invalid_profiles_are_refused() -> None:
    with pytest.raises(PartyProfileInvalid, match="licence"):
        make_profile("S", party_type=PartyType.LARGE_SUPPLIER)
    with pytest.raises(PartyProfileInvalid):
        make_profile(" padded")
    with pytest.raises(PartyProfileInvalid, match="negative"):
        make_profile("N", domestic_premises=-1)
    with pytest.raises(PartyProfileInvalid, match="twice"):
        make_profile("D", members=[Eui64(1), Eui64(1)])


def test_r_mandate_1_due_dates_per_type_and_licence() -> None:
    dates = MandateDates()
    large = make_profile("L", domestic_premises=300_000, electricity_licence=True, gas_licence=True)
    gas_only = make_profile("G", domestic_premises=1_000, gas_licence=True)
    entrant = make_profile("N", electricity_licence=True, domestic_supply_from=date(2017, 8, 18))
    early = make_profile("E", electricity_licence=True, domestic_supply_from=date(2017, 8, 17))
    dno = make_profile("W", party_type=PartyType.DNO)
    day = date(2017, 1, 1)
    assert [(m.role, m.due_by) for m in assess(large, {}, day, dates)] == [(IS, date(2017, 2, 16)),
                                                                         (GS, date(2017, 2, 16))]
    assert [(m.role, m.due_by) for m in assess(gas_only, {}, day)] == [(GS, date(2017, 8, 17))]
    assert [(m.due_by, m.basis) for m in assess(entrant, {}, day)] == [
        (date(2017, 8, 17), "new entrant (supplies from 2017-08-18)")]  # the day before it supplies
    assert [m.basis for m in assess(early, {}, day)] == ["domestic supplier"]
    assert [(m.role, m.due_by) for m in assess(dno, {}, day)] == [(ED, date(2017, 4, 28))]
    assert assess(make_profile("O"), {}, day) == []
    moved = MandateDates(large_supplier_by=date(2018, 1, 1))
    assert {m.due_by for m in assess(large, {}, day, moved)} == {date(2018, 1, 1)}


def test_r_mandate_1_status_as_of_the_report_day() -> None:
    due = date(2017, 2, 16)
    assert status_of(due, date(2017, 2, 16), date(2017, 3, 1)) is MandateStatus.COMPLIED  # on the day
    assert status_of(due, date(2017, 2, 17), date(2017, 3, 1)) is MandateStatus.NOT_COMPLIED  # absolute
    assert status_of(due, None, date(2017, 2, 16)) is MandateStatus.NOT_YET_DUE
    assert status_of(due, None, date(2017, 2, 17)) is MandateStatus.NOT_COMPLIED
    assert status_of(due, date(2017, 1, 10), date(2017, 1, 9)) is MandateStatus.NOT_YET_DUE  # entry not yet
    assert status_of(due, date(2017, 1, 10), date(2017, 1, 10)) is MandateStatus.COMPLIED


def test_r_mandate_1_entered_on_is_the_earliest_entry_over_the_partys_user_ids() -> None:
    users = [User(Eui64(1), "P", (UserRoleEntry(IS, date(2017, 3, 1)), UserRoleEntry(GS, date(2017, 1, 2)))),
             User(Eui64(2), "P", (UserRoleEntry(IS, date(2016, 12, 1), exit_date=date(2016, 12, 31)),))]
    assert first_entries(users) == {IS: date(2016, 12, 1), GS: date(2017, 1, 2)}
    late = assess(make_profile("P", domestic_premises=300_000, electricity_licence=True),
                  {IS: date(2017, 2, 20)}, date(2017, 3, 1))
    assert [(m.status, m.days_late) for m in late] == [(MandateStatus.NOT_COMPLIED, 4)]


@pytest.mark.parametrize(("points", "target"), [
    (0, 0), (1, 1), (3_999, 1), (4_000, 1), (4_001, 2),  # ceiling: 4,001 x 0.025 % = 1.00025 -> 2
    (5_996_000, 1_499), (5_996_001, 1_500), (6_000_000, 1_500), (30_000_000, 1_500),
])
def test_r_ero_1_target_is_the_lower_of_1500_and_0_025_percent_rounded_up(points: int, target: int) -> None:
    assert ero_target(points) == target


def test_r_ero_1_target_arithmetic_is_exact_and_configurable() -> None:
    assert ero_target(3, EroTerms(percent=Decimal("0.1"))) == 1  # 0.003 -> 1, no float noise
    assert ero_target(1_000, EroTerms(percent=Decimal("0.3"))) == 3  # 0.3 % x 1000 = 3 exactly, not 4
    assert ero_target(10**9, EroTerms(cap=2)) == 2
    with pytest.raises(ValueError):
        ero_target(-1)


def test_r_ero_1_status_met_not_met_not_yet_due_and_not_a_user() -> None:
    before = datetime(2017, 2, 17, 23, 59, tzinfo=UTC)
    after = datetime(2017, 2, 18, tzinfo=UTC)
    day = date(2016, 6, 1)
    assert assess_ero("P", day, 4_000, 1, 1, 1, after).status is EroStatus.MET
    short = assess_ero("P", day, 8_000, 4_001, 1, 0, after)
    assert (short.meter_points, short.target, short.installed, short.status, short.shortfall) == (
        12_001, 4, 1, EroStatus.NOT_MET, 3)
    assert assess_ero("P", day, 8_000, 0, 0, 0, before).status is EroStatus.NOT_YET_DUE
    none = assess_ero("P", None, 0, 0, 0, 0, after)
    assert (none.status, none.target, none.shortfall) == (EroStatus.NOT_A_USER, None, None)

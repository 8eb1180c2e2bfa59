"""``add_rdp`` (R-USER-2), status files (R-REG-2), the churn report (R-CHURN-1) and ``registered_parties``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.support.rdp import SUPPLIER, SUPPLIER_2, file_text, mpan, reg

from gbdcc.adapters.rdp.files import CsvRegistrationFiles
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel, RdpConflict, UnknownRdp
from gbdcc.domain.rdp.status import MpxnStatus
from gbdcc.service.registration import (
    add_rdp,
    churn_report,
    due_status_files,
    is_registered,
    list_rdps,
    registered_parties,
    status_file,
)

from .conftest import NOW, Rdps

CADENCES = RdpCadences(Cadence(date(2026, 1, 1)), Cadence(daily_from=date(2026, 5, 1)))


def test_r_user_2_one_rdp_id_per_rdp(rdps: Rdps) -> None:
    same = add_rdp(rdps.factory, "ENWL", Fuel.ELECTRICITY, "RDP ENWL", CADENCES, added_on=date(2026, 2, 1))
    assert same.added_on == date(2026, 1, 1)  # registering it again is a no-op
    with pytest.raises(RdpConflict, match="already 'RDP ENWL'"):
        add_rdp(rdps.factory, "ENWL", Fuel.GAS, "RDP ENWL", CADENCES, added_on=date(2026, 2, 1))
    with pytest.raises(RdpConflict, match="already registered as RDP ENWL"):
        add_rdp(rdps.factory, "ENWL-2", Fuel.ELECTRICITY, "RDP ENWL", CADENCES, added_on=date(2026, 2, 1))
    for bad_id, name, first in (("EN WL", "x", 1), ("", "x", 1), ("OK", "", 1), ("OK", "x", 0)):
        with pytest.raises(GbdccError):
            add_rdp(rdps.factory, bad_id, Fuel.ELECTRICITY, name, CADENCES, added_on=date(2026, 2, 1),
                    first_sequence=first)
    assert [r.rdp_id for r in list_rdps(rdps.factory)] == ["ENWL"]


def test_an_rdp_may_start_at_any_sequence_number() -> None:
    r = Rdps()
    add_rdp(r.factory, "WPD", Fuel.ELECTRICITY, "WPD", CADENCES, added_on=date(2026, 1, 1), first_sequence=41)
    assert not r.load(file_text([reg(mpan(1))], rdp="WPD")).outcome.accepted
    assert r.load(file_text([reg(mpan(1))], rdp="WPD", sequence=41)).outcome.accepted


def _meter(n: int, mpxn: str, status: SmiStatus, kind: DeviceType = DeviceType.ESME) -> Device:
    return Device(Eui64(0x00DB123456780000 + n), kind, status, NOW, import_mpxn=mpxn,
                  history=(StatusChange(status, NOW, "test"),))


def test_the_status_file_flags_each_enrolled_suspended_or_withdrawn_mpxn(rdps: Rdps) -> None:
    rdps.load(file_text([reg(mpan(i)) for i in range(1, 6)]))
    with rdps.factory() as uow:
        for n, (i, status) in enumerate([(1, SmiStatus.COMMISSIONED), (2, SmiStatus.SUSPENDED),
                                          (3, SmiStatus.DECOMMISSIONED), (3, SmiStatus.COMMISSIONED),
                                          (4, SmiStatus.PENDING), (9, SmiStatus.COMMISSIONED)]):
            uow.inventory.add(_meter(n, mpan(i), status))
        uow.inventory.add(_meter(20, mpan(5), SmiStatus.COMMISSIONED, DeviceType.IHD))  # not a meter
        uow.commit()
    day = date(2026, 6, 1)
    assert due_status_files(rdps.factory, day) == ["ENWL"]
    made = status_file(rdps.factory, rdps.clock, CsvRegistrationFiles(), "ENWL", day)
    assert [(e.mpxn, e.status) for e in made.status.entries] == [
        (mpan(1), MpxnStatus.ENROLLED), (mpan(2), MpxnStatus.SUSPENDED), (mpan(3), MpxnStatus.ENROLLED)]
    lines = made.content.decode().splitlines()
    assert lines[0].startswith("HDR,ENWL,STATUS,2026-06-01,") and lines[1] == f"STS,{mpan(1)},Enrolled"
    assert lines[-1].startswith("TRL,3,")
    assert due_status_files(rdps.factory, day) == []  # sent for the day
    with pytest.raises(UnknownRdp):
        status_file(rdps.factory, rdps.clock, CsvRegistrationFiles(), "WPD", day)


def test_r_reg_2_status_files_are_due_on_their_own_cadence(rdps: Rdps) -> None:
    add_rdp(rdps.factory, "DAILY", Fuel.ELECTRICITY, "daily", CADENCES, added_on=date(2026, 1, 1))
    assert due_status_files(rdps.factory, date(2026, 6, 2)) == ["DAILY"]  # ENWL: monthly, on the 1st
    assert due_status_files(rdps.factory, date(2026, 6, 1)) == ["DAILY", "ENWL"]


def test_the_churn_report_lists_flags_and_the_customers_to_tell(rdps: Rdps) -> None:
    with rdps.factory() as uow:
        uow.inventory.add(_meter(1, mpan(1), SmiStatus.COMMISSIONED))
        uow.inventory.add(_meter(2, mpan(2), SmiStatus.COMMISSIONED))
        uow.commit()
    rdps.load(file_text([reg(mpan(1), SUPPLIER_2, domestic="N"), reg(mpan(2), SUPPLIER_2, "2026-03-01")]))
    report = churn_report(rdps.factory)
    assert [c.flag.mpxn for c in report.flags] == [mpan(1), mpan(2)]  # nobody is a User here
    assert [c.flag.mpxn for c in report.customers_to_tell] == [mpan(1)]
    assert [c.flag.mpxn for c in churn_report(rdps.factory, datetime(2026, 2, 1, tzinfo=UTC)).flags] == [mpan(2)]


def test_who_is_registered_for_an_mpxn_at_an_instant(rdps: Rdps) -> None:
    rdps.load(file_text([reg(mpan(1), SUPPLIER, "2026-01-01"), reg(mpan(1), SUPPLIER_2, "2026-07-01")]))
    with rdps.factory() as uow:
        june = registered_parties(uow, mpan(1), datetime(2026, 6, 30, tzinfo=UTC))
        assert is_registered(uow, mpan(1), UserRole.IMPORT_SUPPLIER, Eui64.parse(SUPPLIER_2),
                             datetime(2026, 7, 1, tzinfo=UTC))
        assert not is_registered(uow, mpan(1), UserRole.IMPORT_SUPPLIER, Eui64.parse(SUPPLIER),
                                 datetime(2026, 7, 1, tzinfo=UTC))
    assert june[UserRole.IMPORT_SUPPLIER] == {Eui64.parse(SUPPLIER)}
    assert UserRole.ELECTRICITY_DISTRIBUTOR in june

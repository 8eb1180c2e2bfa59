"""RegistrationRepository contract: time-sliced Registration Data (SEC H3, R-SR-1)."""

from __future__ import annotations

from datetime import timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import registered_at
from gbdcc.service.ports import UnitOfWorkFactory

R = UserRole
MPAN, MPAN2, MPRN = "1312345678111", "1312345678129", "4057232906"
DAY = timedelta(days=1)


def test_round_trip_of_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    t = s.T0.astimezone(timezone(timedelta(hours=1)))  # stored and returned in UTC
    open_ended = s.period(MPAN, R.IMPORT_SUPPLIER, party=s.BIG, effective_from=t)
    closed = s.period(MPRN, R.GAS_TRANSPORTER, party=Eui64(2**63), effective_from=s.T0 - DAY,
                      effective_to=s.T0 + timedelta(microseconds=1))
    with uow_factory() as uow:
        uow.registration.put(open_ended)
        uow.registration.put(closed)
        uow.commit()
    with uow_factory() as uow:
        got = list(uow.registration.for_mpxns([MPRN, MPAN]))
    assert got == [open_ended, closed]  # ordered by MPxN
    assert all(p.effective_from.utcoffset() == timedelta(0) for p in got)
    assert got[1].effective_to == s.T0 + timedelta(microseconds=1)


def test_put_replaces_the_period_with_the_same_key(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.registration.put(s.period(MPAN, party=s.eui(1)))
        uow.registration.put(s.period(MPAN, party=s.eui(2), effective_to=s.T0 + DAY))
        uow.registration.put(s.period(MPAN, party=s.eui(3), effective_from=s.T0 + DAY))
        uow.commit()
    with uow_factory() as uow:
        got = list(uow.registration.for_mpxns([MPAN]))
    assert [(p.party, p.effective_from, p.effective_to) for p in got] == [
        (s.eui(2), s.T0, s.T0 + DAY), (s.eui(3), s.T0 + DAY, None)]


def test_for_mpxns_orders_by_mpxn_role_and_start_and_ignores_others(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    periods = [
        s.period(MPAN2, R.IMPORT_SUPPLIER),
        s.period(MPAN, R.IMPORT_SUPPLIER, effective_from=s.T0 + DAY),
        s.period(MPAN, R.ELECTRICITY_DISTRIBUTOR),
        s.period(MPAN, R.IMPORT_SUPPLIER, effective_to=s.T0 + DAY),
        s.period(MPAN, R.EXPORT_SUPPLIER),
        s.period(MPRN, R.GAS_SUPPLIER),
    ]
    with uow_factory() as uow:
        for p in periods:
            uow.registration.put(p)
        got = list(uow.registration.for_mpxns([MPAN, MPAN2, MPAN, "0000000000000"]))
        assert list(uow.registration.for_mpxns([])) == []
        assert list(uow.registration.for_mpxns(iter([MPRN]))) == [periods[5]]
    assert got == [periods[2], periods[4], periods[3], periods[1], periods[0]]  # ED < ES < IS by code


def test_end_closes_the_period_effective_at_that_instant(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    """The supplier loses the customer at ``at``: E4 refuses it from then on (time-sliced access)."""
    at = s.T0 + 3 * DAY + timedelta(microseconds=5)
    with uow_factory() as uow:
        uow.registration.put(s.period(MPAN, R.IMPORT_SUPPLIER, party=s.eui(1), effective_to=s.T0 + DAY))
        uow.registration.put(s.period(MPAN, R.IMPORT_SUPPLIER, party=s.eui(2), effective_from=s.T0 + DAY))
        uow.registration.put(s.period(MPAN, R.ELECTRICITY_DISTRIBUTOR, party=s.eui(9)))
        uow.registration.put(s.period(MPAN2, R.IMPORT_SUPPLIER, party=s.eui(2)))
        assert uow.registration.end(MPAN, R.IMPORT_SUPPLIER, at) == 1
        uow.commit()
    with uow_factory() as uow:
        got = list(uow.registration.for_mpxns([MPAN, MPAN2]))
        assert uow.registration.end(MPAN, R.IMPORT_SUPPLIER, at) == 0  # nothing effective any more
        assert uow.registration.end(MPAN, R.IMPORT_SUPPLIER, s.T0 - DAY) == 0  # before any period
        assert uow.registration.end(MPAN, R.GAS_SUPPLIER, at) == 0
    ended = [p for p in got if p.mpxn == MPAN and p.role is R.IMPORT_SUPPLIER]
    assert [(p.party, p.effective_to) for p in ended] == [(s.eui(1), s.T0 + DAY), (s.eui(2), at)]
    assert registered_at(got, at - timedelta(microseconds=1))[R.IMPORT_SUPPLIER] == {s.eui(2)}
    assert R.IMPORT_SUPPLIER not in registered_at([p for p in got if p.mpxn == MPAN], at)
    assert [p.effective_to for p in got if p.role is R.ELECTRICITY_DISTRIBUTOR or p.mpxn == MPAN2] == [None, None]


def test_end_at_the_start_of_a_period_removes_it(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    """[at, at) would be empty (and not a valid period): ending there removes the period."""
    with uow_factory() as uow:
        uow.registration.put(s.period(MPAN, party=s.eui(1), effective_to=s.T0 + DAY))
        uow.registration.put(s.period(MPAN, party=s.eui(2), effective_from=s.T0 + DAY))
        assert uow.registration.end(MPAN, R.IMPORT_SUPPLIER, s.T0 + DAY) == 1
        assert [p.party for p in uow.registration.for_mpxns([MPAN])] == [s.eui(1)]


def test_end_without_commit_is_rolled_back(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.registration.put(s.period(MPAN))
        uow.commit()
    with uow_factory() as uow:
        assert uow.registration.end(MPAN, R.IMPORT_SUPPLIER, s.T0 + DAY) == 1
    with uow_factory() as uow:
        assert [p.effective_to for p in uow.registration.for_mpxns([MPAN])] == [None]


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.registration.put(s.period(MPAN, effective_from=s.T0.replace(tzinfo=None),
                                          effective_to=(s.T0 + DAY).replace(tzinfo=None)))
        with pytest.raises(NaiveDatetime):
            uow.registration.end(MPAN, R.IMPORT_SUPPLIER, s.T0.replace(tzinfo=None))
        assert list(uow.registration.for_mpxns([MPAN])) == []

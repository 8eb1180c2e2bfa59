"""RdpRepository and the Registration Data bulk path, one suite on memory, SQLite and PostgreSQL: RDPs
(R-USER-2), sequence numbers by compare-and-set, metering points (one RDP each), the file log (R-REG-1),
churn (R-CHURN-1), and ``registration.periods_of`` / ``apply`` in chunks and — on PostgreSQL — through COPY."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from tests.support.rdp import mpan

from gbdcc.adapters.db import sql_registration
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.churn import ChurnFlag, RecordedChurn
from gbdcc.domain.rdp.model import (
    ConcurrentChange,
    Energisation,
    FileKind,
    Fuel,
    MeteringPoint,
    MpxnHeldByOtherRdp,
    Rdp,
    RdpConflict,
)
from gbdcc.domain.rdp.outcome import RdpFileRecord
from gbdcc.domain.rdp.plan import key_of
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.service.ports import UnitOfWorkFactory

IS, ED, GS = UserRole.IMPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_SUPPLIER
CADENCES = RdpCadences(Cadence(date(2026, 1, 1), date(2026, 9, 1)), Cadence(date(2026, 1, 15)))


def rdp(rdp_id: str = "ENWL", **kw: Any) -> Rdp:
    return Rdp(rdp_id, kw.pop("name", f"RDP {rdp_id}"), kw.pop("fuel", Fuel.ELECTRICITY), CADENCES, **kw)


def record(n: int, t: datetime, **kw: Any) -> RdpFileRecord:
    values: dict[str, Any] = {"rdp_id": "ENWL", "sequence": n, "kind": FileKind.FULL, "received_at": t,
                              "accepted": True, "unsolicited": False, "records": 10 * n, "errors": 0,
                              "sha256": f"{n:064x}", "source": "cli", "name": f"f{n}.csv",
                              "response": b"RSP,ENWL\x00\xff"}
    values.update(kw)
    return RdpFileRecord(**values)


def test_rdps_round_trip_and_conflicts(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.rdps.add(rdp("WPD", next_sequence=7, added_on=date(2026, 1, 2), last_status_on=date(2026, 3, 4)))
        uow.rdps.add(rdp("ENWL", fuel=Fuel.GAS))
        uow.commit()
    with uow_factory() as uow:
        assert uow.rdps.get("WPD") == rdp("WPD", next_sequence=7, added_on=date(2026, 1, 2),
                                          last_status_on=date(2026, 3, 4))
        assert uow.rdps.by_name("RDP ENWL") == rdp("ENWL", fuel=Fuel.GAS)
        assert uow.rdps.get("wpd") is None and uow.rdps.by_name("nobody") is None
        assert [r.rdp_id for r in uow.rdps.list()] == ["ENWL", "WPD"]
        with pytest.raises(RdpConflict):
            uow.rdps.add(rdp("WPD", name="another"))
    with uow_factory() as uow, pytest.raises(RdpConflict):
        uow.rdps.add(rdp("OTHER", name="RDP WPD"))  # one RDP, one ID (R-USER-2)


def test_advance_sequence_is_a_compare_and_set(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        assert uow.rdps.advance_sequence("ENWL", 1)
        assert not uow.rdps.advance_sequence("ENWL", 1)
        assert not uow.rdps.advance_sequence("ENWL", 3)
        assert not uow.rdps.advance_sequence("NOBODY", 1)
        uow.rdps.status_sent("ENWL", date(2026, 6, 1))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.rdps.get("ENWL")
    assert stored is not None and stored.next_sequence == 2 and stored.last_status_on == date(2026, 6, 1)


def test_concurrent_loads_of_one_file_advance_the_sequence_once(
        uow_factory: UnitOfWorkFactory, run_in_threads: Any) -> None:
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        uow.commit()

    def advance(_: int) -> bool:
        with uow_factory() as uow:
            won = uow.rdps.advance_sequence("ENWL", 1)
            uow.commit()
            return won

    assert sorted(run_in_threads(4, advance)) == [False, False, False, True]


def test_metering_points_one_rdp_each(uow_factory: UnitOfWorkFactory) -> None:
    points = [MeteringPoint(mpan(i), "ENWL", i % 2 == 0, Energisation.ENERGISED if i % 3 else None) for i in range(5)]
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        uow.rdps.add(rdp("WPD"))
        uow.rdps.add_points(points)
        uow.rdps.add_points([MeteringPoint(mpan(9), "WPD", True)])
        uow.rdps.update_points([MeteringPoint(mpan(0), "ENWL", False, Energisation.DE_ENERGISED),
                                MeteringPoint(mpan(9), "ENWL", False)])  # not ENWL's: unchanged
        uow.rdps.delete_points("ENWL", [mpan(4), mpan(9)])
        uow.commit()
    with uow_factory() as uow:
        mine = uow.rdps.points("ENWL")
        assert sorted(mine) == [mpan(i) for i in range(4)]
        assert mine[mpan(0)] == MeteringPoint(mpan(0), "ENWL", False, Energisation.DE_ENERGISED)
        assert mine[mpan(1)] == points[1]
        assert uow.rdps.points("ENWL", [mpan(1), mpan(9), "x"]) == {mpan(1): points[1]}
        assert uow.rdps.holders([mpan(1), mpan(9), mpan(4)]) == {mpan(1): "ENWL", mpan(9): "WPD"}


def test_adding_a_point_another_rdp_holds_is_refused(uow_factory: UnitOfWorkFactory, small_chunks: str) -> None:
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        uow.rdps.add(rdp("WPD"))
        uow.rdps.add_points([MeteringPoint(mpan(1), "WPD", True)])
        uow.commit()
    with uow_factory() as uow, pytest.raises(MpxnHeldByOtherRdp):
        uow.rdps.add_points([MeteringPoint(mpan(2), "ENWL", True), MeteringPoint(mpan(1), "ENWL", True)])
    with uow_factory() as uow:
        assert uow.rdps.holders([mpan(1), mpan(2)]) == {mpan(1): "WPD"}


def test_meters_at_an_rdps_points(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        uow.rdps.add_points([MeteringPoint(mpan(1), "ENWL", True), MeteringPoint(mpan(2), "ENWL", True)])
        uow.inventory.add(s.device(1, import_mpxn=mpan(1), status=SmiStatus.COMMISSIONED))
        uow.inventory.add(s.device(2, import_mpxn=mpan(1), status=SmiStatus.DECOMMISSIONED))
        uow.inventory.add(s.device(3, import_mpxn=mpan(2), device_type=DeviceType.CHF))
        uow.inventory.add(s.device(4, import_mpxn=mpan(3)))
        assert sorted(uow.rdps.meters("ENWL")) == [(mpan(1), SmiStatus.COMMISSIONED),
                                                   (mpan(1), SmiStatus.DECOMMISSIONED)]


def test_the_file_log(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    t = s.T0
    with uow_factory() as uow:
        ids = [uow.rdps.add_file(record(1, t)),
               uow.rdps.add_file(record(2, t + timedelta(hours=1), kind=FileKind.UPDATE)),
               uow.rdps.add_file(record(3, t + timedelta(hours=2), accepted=False, errors=4)),
               uow.rdps.add_file(record(0, t, rdp_id=None, sequence=None, kind=None, name=None, accepted=False))]
        uow.commit()
    assert ids == sorted(ids) and len(set(ids)) == 4
    with uow_factory() as uow:
        assert uow.rdps.file(ids[0]) == record(1, t, file_id=ids[0])
        assert uow.rdps.file(ids[3]) == record(0, t, rdp_id=None, sequence=None, kind=None, name=None, accepted=False,
                                               file_id=ids[3])
        assert [f.file_id for f in uow.rdps.files("ENWL", 10)] == ids[2::-1]
        assert [f.file_id for f in uow.rdps.files(None, 2)] == ids[:1:-1]
        day = datetime.combine(t.date(), datetime.min.time(), UTC)
        assert uow.rdps.refreshes_accepted("ENWL", day, day + timedelta(days=1)) == 1  # not the update nor refused
        assert uow.rdps.refreshes_accepted("ENWL", t + timedelta(seconds=1), day + timedelta(days=1)) == 0


def test_churn_round_trip(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    flags = [ChurnFlag(mpan(1), 3, s.BIG, None, s.T0 + timedelta(days=2), False, (s.ESME, s.BIG), date(2026, 9, 1)),
             ChurnFlag(mpan(2), 4, s.SUPPLIER, s.BIG, s.T0, True, (s.ESME,))]
    with uow_factory() as uow:
        file_id = uow.rdps.add_file(record(1, s.T0))
        uow.rdps.add_churn([RecordedChurn("ENWL", file_id, f) for f in flags])
        uow.rdps.add_churn([])
        uow.commit()
    with uow_factory() as uow:
        assert [c.flag for c in uow.rdps.churn(None, 10)] == [flags[1], flags[0]]  # by effective date
        assert [c.flag for c in uow.rdps.churn(s.T0 + timedelta(days=1), 10)] == [flags[0]]
        assert all(c.file_id == file_id and c.rdp_id == "ENWL" for c in uow.rdps.churn(None, 10))


# -- the bulk path ----------------------------------------------------------------------------------

def periods(n: int, t: datetime, party: Eui64) -> list[RegistrationPeriod]:
    out = []
    for i in range(n):
        out.append(RegistrationPeriod(mpan(i), IS, party, t, t + timedelta(days=30) if i % 2 else None))
        out.append(RegistrationPeriod(mpan(i), ED, Eui64(party.value + 1), t))
    return out


@pytest.fixture(params=["executemany", "copy"])
def small_chunks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Chunks of 7 rows / values so a few dozen rows cross chunk boundaries; ``copy``: PostgreSQL stages
    every write and delete through COPY (elsewhere the two are the same)."""
    monkeypatch.setattr(sql_registration, "CHUNK", 7)
    monkeypatch.setattr(sql_registration, "COPY_FROM", 1 if request.param == "copy" else 10**9)
    return str(request.param)


def test_bulk_apply_and_read_agree_with_put_and_for_mpxns(
        uow_factory: UnitOfWorkFactory, s: SimpleNamespace, small_chunks: str) -> None:
    first = periods(40, s.T0, s.BIG)
    moved = [RegistrationPeriod(p.mpxn, p.role, s.SUPPLIER, p.effective_from, p.effective_to)
             for p in first[:20] if p.role is IS]
    later = [RegistrationPeriod(mpan(i), IS, s.SUPPLIER, s.T0 + timedelta(days=30)) for i in range(1, 40, 2)]
    reported: list[int] = []
    with uow_factory() as uow:
        uow.registration.put(RegistrationPeriod(mpan(100), IS, s.SUPPLIER, s.T0))  # untouched
        uow.registration.apply([], first, [], reported.append)
        uow.commit()
    assert reported and reported[-1] == len(first)
    with uow_factory() as uow:
        uow.registration.apply([key_of(p) for p in first[20:30]], later, moved)
        uow.commit()
    expected = {key_of(p): p for p in first}
    for p in first[20:30]:
        del expected[key_of(p)]
    expected.update({key_of(p): p for p in [*moved, *later]})
    wanted = [mpan(i) for i in range(40)]
    with uow_factory() as uow:
        got = uow.registration.periods_of(wanted, [IS, ED])
        stored = list(uow.registration.for_mpxns([*wanted, mpan(100)]))
        only_is = uow.registration.periods_of([*wanted, "nothing"], [IS])
    assert sorted(key_of(p) for p in stored if p.mpxn != mpan(100)) == sorted(expected)
    assert {key_of(p): p for p in stored if p.mpxn != mpan(100)} == expected
    assert sorted(got) == sorted({p.mpxn for p in expected.values()})
    for mpxn, ps in got.items():
        assert ps == sorted((p for p in expected.values() if p.mpxn == mpxn),
                            key=lambda p: (p.role.value, p.effective_from))
    assert all(p.role is IS for ps in only_is.values() for p in ps) and "nothing" not in only_is
    assert all(p.effective_from.tzinfo is UTC for ps in got.values() for p in ps)


def test_bulk_points_cross_chunks(uow_factory: UnitOfWorkFactory, small_chunks: str) -> None:
    points = [MeteringPoint(mpan(i), "ENWL", bool(i % 2), Energisation.ENERGISED) for i in range(30)]
    done: list[int] = []
    with uow_factory() as uow:
        uow.rdps.add(rdp())
        uow.rdps.add_points(points, done.append)
        uow.rdps.update_points([MeteringPoint(p.mpxn, "ENWL", True) for p in points[:15]])
        uow.rdps.delete_points("ENWL", [p.mpxn for p in points[25:]])
        uow.commit()
    with uow_factory() as uow:
        stored = uow.rdps.points("ENWL")
        assert len(uow.rdps.holders(p.mpxn for p in points)) == 25
    assert done[-1] == 30 and len(stored) == 25
    assert all(stored[p.mpxn].domestic and stored[p.mpxn].energisation is None for p in points[:15])
    assert stored[points[20].mpxn] == points[20]


def test_bulk_apply_rolls_back_with_the_unit(uow_factory: UnitOfWorkFactory, s: SimpleNamespace,
                                             small_chunks: str) -> None:
    with uow_factory() as uow:
        uow.registration.apply([], periods(20, s.T0, s.BIG), [])
    with uow_factory() as uow:
        assert uow.registration.periods_of([mpan(i) for i in range(20)], [IS, ED]) == {}


def test_inserting_a_stored_period_is_a_concurrent_change(uow_factory: UnitOfWorkFactory, s: SimpleNamespace,
                                                          small_chunks: str) -> None:
    """The plan inserts only keys it read as not stored; one stored meanwhile fails the whole unit."""
    stored = periods(10, s.T0, s.BIG)
    with uow_factory() as uow:
        uow.registration.apply([], stored[:3], [])
        uow.commit()
    with uow_factory() as uow, pytest.raises(ConcurrentChange):
        uow.registration.apply([], stored, [])
    with uow_factory() as uow:
        assert sum(len(ps) for ps in uow.registration.periods_of([mpan(i) for i in range(10)], [IS, ED]).values()) == 3


def test_meters_at_any_number_of_mpxns(uow_factory: UnitOfWorkFactory, s: SimpleNamespace, small_chunks: str) -> None:
    with uow_factory() as uow:
        for i in range(20):
            uow.inventory.add(s.device(i, import_mpxn=mpan(i % 10), status=SmiStatus.COMMISSIONED,
                                       device_type=DeviceType.GSME if i % 3 else DeviceType.ESME))
        uow.inventory.add(s.device(50, import_mpxn=mpan(1), device_type=DeviceType.PPMID))
        got = uow.rdps.meters_at([mpan(i) for i in range(0, 10, 2)] + ["nothing"])
    assert sorted(got) == sorted((mpan(i % 10), s.device(i).device_id, SmiStatus.COMMISSIONED)
                                 for i in range(20) if (i % 10) % 2 == 0)

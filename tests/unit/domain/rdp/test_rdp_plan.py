"""What a file does to Registration Data (``domain.rdp.plan``): refresh replaces from the first record on,
update paints its interval, FULL drops what it no longer lists, re-sending changes nothing — checked
against ``registered_at`` (what access control's E4 check reads, R-SR-1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.rdp import mpan

from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.model import FileHeader, FileKind, Fuel, MeteringPoint, RegistrationFile, RegRecord
from gbdcc.domain.rdp.plan import apply_plan, coalesce, cut_from, key_of, paint, plan_file
from gbdcc.domain.registration import RegistrationPeriod, registered_at

IS, ED = UserRole.IMPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR
M = mpan(1)
A, B, C, DNO = (Eui64(0x90B3D51F30010000 + i) for i in (1, 2, 3, 9))
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def period(party: Eui64, start: int, end: int | None = None, role: UserRole = IS, mpxn: str = M) -> RegistrationPeriod:
    return RegistrationPeriod(mpxn, role, party, day(start), None if end is None else day(end))


def record(party: Eui64, start: int, end: int | None = None, mpxn: str = M, line: int = 2) -> RegRecord:
    return RegRecord(line, mpxn, Fuel.ELECTRICITY, party, DNO, day(start), True, None if end is None else day(end))


def a_file(kind: FileKind, *records: RegRecord, created: int = 100) -> RegistrationFile:
    return RegistrationFile(FileHeader("ENWL", kind, 1, day(created)), records)


def after(kind: FileKind, current: list[RegistrationPeriod], *records: RegRecord,
          points: dict[str, MeteringPoint] | None = None) -> list[RegistrationPeriod]:
    stored = {key_of(p): p for p in current}
    by_mpxn: dict[str, list[RegistrationPeriod]] = {}
    for p in current:
        by_mpxn.setdefault(p.mpxn, []).append(p)
    plan = plan_file(a_file(kind, *records), Fuel.ELECTRICITY, by_mpxn, points or {})
    return sorted(apply_plan(stored, plan).values(), key=lambda p: (p.mpxn, p.role, p.effective_from))


def supplier_at(periods: list[RegistrationPeriod], n: float, mpxn: str = M) -> frozenset[Eui64]:
    return registered_at([p for p in periods if p.mpxn == mpxn], T0 + timedelta(days=n)).get(IS, frozenset())


def test_paint_cut_and_coalesce() -> None:
    current = [period(A, 0, 10), period(B, 10)]
    assert paint(current, period(C, 5, 12)) == [period(A, 0, 5), period(C, 5, 12), period(B, 12)]
    assert paint(current, period(C, 5)) == [period(A, 0, 5), period(C, 5)]
    assert paint([period(A, 0)], period(A, 5)) == [period(A, 0)]  # same party: merged, nothing new
    assert cut_from(current, day(10)) == [period(A, 0, 10)]
    assert cut_from(current, day(15)) == [period(A, 0, 10), period(B, 10, 15)]
    assert coalesce([period(A, 5, 9), period(A, 0, 5), period(B, 9)]) == [period(A, 0, 9), period(B, 9)]


def test_a_first_refresh_registers_supplier_and_network_operator() -> None:
    got = after(FileKind.FULL, [], record(A, 10))
    assert got == [period(DNO, 10, role=ED), period(A, 10)]


def test_a_refresh_replaces_from_its_first_record_and_keeps_earlier_history() -> None:
    current = [period(A, 0, 20), period(B, 20), period(DNO, 0, role=ED)]
    got = after(FileKind.PARTIAL, current, record(C, 15))
    assert supplier_at(got, 14) == {A} and supplier_at(got, 15) == {C} and supplier_at(got, 30) == {C}
    assert period(B, 20) not in got  # the future change the refresh no longer states is gone


def test_refresh_records_of_one_metering_point_follow_each_other() -> None:
    got = after(FileKind.FULL, [], record(A, 0, line=2), record(B, 30, line=3), record(C, 60, 70, line=4))
    assert [supplier_at(got, d) for d in (0, 29, 30, 60, 70)] == [{A}, {A}, {B}, {C}, set()]


def test_an_update_paints_its_interval_and_what_follows_resumes() -> None:
    current = [period(A, 0)]
    got = after(FileKind.UPDATE, current, record(B, 10, 20))
    assert [supplier_at(got, d) for d in (9, 10, 19, 20, 50)] == [{A}, {B}, {B}, {A}, {A}]


def test_a_full_refresh_ends_what_it_no_longer_lists_at_its_creation_and_drops_the_point() -> None:
    other = mpan(2)
    current = [period(A, 0), period(B, 0, mpxn=other), period(C, 150, mpxn=other)]
    points = {M: MeteringPoint(M, "ENWL", True), other: MeteringPoint(other, "ENWL", True)}
    by_mpxn = {M: [current[0]], other: current[1:]}
    plan = plan_file(a_file(FileKind.FULL, record(A, 0), created=100), Fuel.ELECTRICITY, by_mpxn, points)
    assert plan.delete_points == (other,) and plan.removed == 1
    got = apply_plan({key_of(p): p for p in current}, plan).values()
    assert sorted((p.party, p.effective_from, p.effective_to) for p in got if p.mpxn == other) == [
        (B, day(0), day(100))]
    partial = plan_file(a_file(FileKind.PARTIAL, record(A, 0)), Fuel.ELECTRICITY, by_mpxn, points)
    assert partial.delete_points == () and all(k[0] == M for k in partial.delete)


def test_re_sending_what_is_stored_plans_nothing() -> None:
    stored = [period(A, 0), period(DNO, 0, role=ED)]
    points = {M: MeteringPoint(M, "ENWL", True)}
    for kind in FileKind:
        plan = plan_file(a_file(kind, record(A, 0)), Fuel.ELECTRICITY, {M: stored}, points)
        assert (plan.delete, plan.insert, plan.replace, plan.add_points, plan.update_points, plan.changed) == (
            (), (), (), (), (), 0)


def test_metering_point_attributes_come_from_the_latest_record() -> None:
    late = RegRecord(3, M, Fuel.ELECTRICITY, B, DNO, day(30), False)
    plan = plan_file(a_file(FileKind.UPDATE, record(A, 0), late), Fuel.ELECTRICITY, {},
                     {M: MeteringPoint(M, "ENWL", True)})
    assert plan.update_points == (MeteringPoint(M, "ENWL", False),) and plan.added == 0
    gas = plan_file(a_file(FileKind.FULL, record(A, 0)), Fuel.ELECTRICITY, {}, {})
    assert gas.add_points == (MeteringPoint(M, "ENWL", True),)


# -- properties: the plan against registered_at -----------------------------------------------------

parties = st.sampled_from([A, B, C])


@st.composite
def histories(draw: st.DrawFn) -> list[RegistrationPeriod]:
    """Non-overlapping supplier periods of one metering point (as access control expects)."""
    starts = sorted(set(draw(st.lists(st.integers(0, 60), max_size=5))))
    out = []
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else draw(st.one_of(st.none(), st.integers(s + 1, 90)))
        out.append(period(draw(parties), s, end))
    return out


@settings(max_examples=300, deadline=None)
@given(histories(), parties, st.integers(0, 80), st.one_of(st.none(), st.integers(1, 30)))
def test_update_property_inside_the_interval_the_new_party_outside_unchanged(
        current: list[RegistrationPeriod], party: Eui64, start: int, length: int | None) -> None:
    end = None if length is None else start + length
    got = after(FileKind.UPDATE, current, record(party, start, end))
    for d in [x / 2 for x in range(0, 200)]:
        inside = start <= d and (end is None or d < end)
        assert supplier_at(got, d) == ({party} if inside else supplier_at(current, d)), d


@settings(max_examples=300, deadline=None)
@given(histories(), st.lists(st.tuples(parties, st.integers(0, 80)), min_size=1, max_size=4, unique_by=lambda t: t[1]))
def test_refresh_property_from_the_first_record_on_the_file_says_before_it_unchanged(
        current: list[RegistrationPeriod], stated: list[tuple[Eui64, int]]) -> None:
    stated.sort(key=lambda t: t[1])
    records = [record(p, s, line=i + 2) for i, (p, s) in enumerate(stated)]
    got = after(FileKind.PARTIAL, current, *records)
    for d in [x / 2 for x in range(0, 200)]:
        if d < stated[0][1]:
            assert supplier_at(got, d) == supplier_at(current, d)
        else:
            assert supplier_at(got, d) == {next(p for p, s in reversed(stated) if s <= d)}
    assert after(FileKind.PARTIAL, got, *records) == got  # idempotent

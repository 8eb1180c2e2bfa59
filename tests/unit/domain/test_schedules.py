"""DCC schedules (domain.schedules): the run calendar of each frequency, the first / latest run around an
instant, the request body a run makes, and what a schedule refuses — with Hypothesis over the calendar."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbdcc.domain.errors import ScheduleRefused
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.schedules import (
    DSP_BODIES,
    ReadPeriodOffset,
    Schedule,
    ScheduleFrequency,
    ScheduleState,
    add_months,
    format_xs_time,
    parse_xs_date,
    parse_xs_time,
    run_counter,
)

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
MIDNIGHTS = ReadPeriodOffset(-1, 0, 0, 0)
F = ScheduleFrequency


def schedule(frequency: F = F.DAILY, start: date = date(2026, 6, 2), **kw: object) -> Schedule:
    values: dict[str, object] = {"offsets": MIDNIGHTS, "srv": "4.6.1", "body": "DSPRetrieveImportDailyReadLog"}
    values.update(kw)
    return Schedule(schedule_id=1, user_id=Eui64(0x90B3D51F30010000), role=UserRole.IMPORT_SUPPLIER,
                    device_id=Eui64(0x00DB123456789000), frequency=frequency, start_date=start, created_at=T0,
                    updated_at=T0, **values)  # type: ignore[arg-type]


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
times = st.one_of(st.none(), st.integers(min_value=-14 * 3600, max_value=86_399 + 14 * 3600))
ends = st.one_of(st.none(), st.integers(min_value=0, max_value=3000))


@settings(max_examples=200, deadline=None)
@given(frequency=st.sampled_from(list(F)), start=starts, end_days=ends, execution=times)
def test_runs_strictly_increase_stay_within_start_and_end_and_follow_the_frequency(
        frequency: F, start: date, end_days: int | None, execution: int | None) -> None:
    end = None if end_days is None else start + timedelta(days=end_days)
    s = schedule(frequency, start, end_date=end, execution_time=execution)
    runs = []
    for k in range(40):
        occ = s.occurrence(k)
        if occ is None:
            break
        runs.append(occ)
    assert runs, "the start date itself is always a run"
    assert all(a.at < b.at for a, b in pairwise(runs))
    assert all(start <= r.day and (end is None or r.day <= end) for r in runs)
    assert all(r.at == datetime(r.day.year, r.day.month, r.day.day, tzinfo=UTC) + timedelta(seconds=execution or 0)
               for r in runs)
    if end is not None and len(runs) < 40:
        after = s.day(len(runs))
        assert after > end  # the first date left out is past the end date
    for r in runs:
        if frequency in (F.DAILY, F.WEEKLY):
            assert (r.day - start).days == r.index * (1 if frequency is F.DAILY else 7)
        else:
            step = {F.MONTHLY: 1, F.QUARTERLY: 3, F.HALF_YEARLY: 6, F.YEARLY: 12}[frequency]
            months = (r.day.year - start.year) * 12 + r.day.month - start.month
            assert months == r.index * step
            assert r.day.day == min(start.day, calendar.monthrange(r.day.year, r.day.month)[1])


@settings(max_examples=200, deadline=None)
@given(frequency=st.sampled_from(list(F)), start=starts, execution=times,
       offset=st.integers(min_value=-400 * 86_400, max_value=4000 * 86_400))
def test_first_and_latest_run_bracket_any_instant(frequency: F, start: date, execution: int | None,
                                                  offset: int) -> None:
    s = schedule(frequency, start, execution_time=execution)
    at = datetime(start.year, start.month, start.day, tzinfo=UTC) + timedelta(seconds=offset)
    first = s.first_from(at)
    after = s.first_from(at, after=True)
    latest = s.latest_by(at)
    assert first is not None and after is not None
    assert first.at >= at and after.at > at and after.index in (first.index, first.index + 1)
    if first.index > 0:
        previous = s.occurrence(first.index - 1)
        assert previous is not None and previous.at < at  # nothing is skipped
    if latest is None:
        assert first.index == 0 and s.occurrence(0).at > at  # type: ignore[union-attr]
    else:
        assert latest.at <= at and latest.index + 1 == after.index


def test_month_steps_keep_the_day_clamped_to_month_ends() -> None:
    s = schedule(F.MONTHLY, date(2027, 1, 31))
    assert [s.day(k) for k in range(4)] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    leap = schedule(F.YEARLY, date(2028, 2, 29))
    assert [leap.day(k) for k in range(5)] == [date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28),
                                               date(2031, 2, 28), date(2032, 2, 29)]
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert schedule(F.HALF_YEARLY, date(2026, 8, 31)).day(1) == date(2027, 2, 28)


def test_a_run_reads_the_period_its_offsets_give_around_the_run_date() -> None:
    s = schedule()
    assert s.request_body(date(2026, 6, 3)) == {
        "ReadLogPeriod": {"StartDateTime": "2026-06-02T00:00:00Z", "EndDateTime": "2026-06-03T00:00:00Z"}}
    week = schedule(offsets=ReadPeriodOffset(-7, parse_xs_time("23:30:00+01:00"), -1, parse_xs_time("12:00:00Z")),
                    ka_credential="MIIB")
    assert week.request_body(date(2026, 6, 10)) == {
        "ReadLogPeriod": {"StartDateTime": "2026-06-03T22:30:00Z", "EndDateTime": "2026-06-09T12:00:00Z"},
        "KAPublicSecurityCredentials": "MIIB"}
    flat = schedule(srv="4.12.1", body="DSPReadMaximumDemandImportRegisters", offsets=None)
    assert flat.request_body(date(2026, 6, 3)) == {}


def test_an_execution_time_with_a_zone_runs_at_its_utc_instant() -> None:
    s = schedule(execution_time=parse_xs_time("00:30:00+01:00"))
    assert s.occurrence(0).at == datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # type: ignore[union-attr]
    assert format_xs_time(s.execution_time or 0) == "00:30:00+01:00"


@given(st.integers(min_value=-14 * 3600, max_value=86_399 + 14 * 3600))
def test_xs_time_round_trips(seconds: int) -> None:
    assert parse_xs_time(format_xs_time(seconds)) == seconds


def test_xs_dates_and_times_refuse_what_is_not_one() -> None:
    assert parse_xs_date("2015-01-02Z") == date(2015, 1, 2)
    for bad in ("2015-13-02", "02/01/2015", ""):
        with pytest.raises(ScheduleRefused):
            parse_xs_date(bad)
    for bad in ("25:00:00", "12:60:00", "noon"):
        with pytest.raises(ScheduleRefused):
            parse_xs_time(bad)


@pytest.mark.parametrize(("changes", "why"), [
    ({"end_date": date(2026, 6, 1)}, "before ScheduleStartDate"),
    ({"srv": "4.8.1"}, "does not schedule SRV 4.8.1"),
    ({"offsets": None}, "needs read period offsets"),
    ({"offsets": ReadPeriodOffset(0, 0, -1, 0)}, "end before they start"),
    ({"srv": "4.12.1", "body": "DSPReadMaximumDemandImportRegisters"}, "takes no read period offsets"),
    ({"body": "DSPReadNothing"}, "does not schedule SRV 4.6.1"),
    ({"srv": "4.6.2", "body": "DSPRetrieveExportDailyReadLog", "ka_credential": "MIIB"},
     "takes no KAPublicSecurityCredentials"),
])
def test_a_schedule_that_does_not_fit_together_is_refused(changes: dict[str, object], why: str) -> None:
    with pytest.raises(ScheduleRefused, match=why) as err:
        schedule(**changes)
    assert err.value.code == "GBDCC-480"


def test_starting_takes_the_first_run_from_now_and_refuses_a_schedule_with_none_left() -> None:
    started = schedule(F.DAILY, date(2020, 1, 1)).started(T0)
    assert started.next_run_at == datetime(2026, 6, 2, tzinfo=UTC) and started.state is ScheduleState.ACTIVE
    with pytest.raises(ScheduleRefused, match="no run"):
        schedule(F.DAILY, date(2020, 1, 1), end_date=date(2026, 5, 31)).started(T0)


def test_a_run_moves_the_schedule_on_and_the_last_one_ends_it() -> None:
    s = schedule(end_date=date(2026, 6, 3)).started(T0)
    second = s.ran(T0, s.occurrence(1))
    assert (second.runs, second.next_run_at, second.state) == (1, datetime(2026, 6, 3, tzinfo=UTC),
                                                               ScheduleState.ACTIVE)
    last = second.ran(T0, None)
    assert (last.runs, last.next_run_at, last.state) == (2, None, ScheduleState.ENDED)
    assert s.stopped(ScheduleState.DELETED, T0).next_run_at is None


def test_a_run_counter_is_its_instant_in_milliseconds_above_the_users_last() -> None:
    at = datetime(2026, 6, 2, tzinfo=UTC)
    assert run_counter(at, None) == 1_780_358_400_000
    assert run_counter(at, 1001) == 1_780_358_400_000
    assert run_counter(at, 1_780_358_400_000) == 1_780_358_400_001


def test_every_dsp_body_schedules_a_device_request_body_of_its_srv() -> None:
    assert len(DSP_BODIES) == 14  # the XSD's sr:DSPSchedule choice
    assert {b.srv for b in DSP_BODIES.values()} == {"4.2", "4.6.1", "4.6.2", "4.8.1", "4.8.2", "4.8.3", "4.10",
                                                   "4.12.1", "4.12.2", "4.14", "4.15", "4.16", "4.17", "14.1"}

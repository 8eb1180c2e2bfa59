"""R-REG-2: monthly then daily files, RDP→DCC and DCC→RDP set independently; R-REG-1: unsolicited refreshes."""

from __future__ import annotations

from datetime import date, timedelta

from gbdcc.domain.rdp.cadence import Cadence, Frequency, default_cadences, is_unsolicited, status_due


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]


def test_r_reg_2_monthly_files_are_due_on_the_day_of_the_month_of_their_start() -> None:
    monthly = Cadence(monthly_from=date(2026, 1, 15))
    due = [d for d in days(date(2026, 1, 1), 120) if monthly.expected_on(d)]
    assert due == [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15), date(2026, 4, 15)]
    assert monthly.frequency_on(date(2026, 1, 14)) is None


def test_r_reg_2_a_monthly_day_past_a_short_month_end_falls_on_its_last_day() -> None:
    monthly = Cadence(monthly_from=date(2026, 1, 31))
    assert [d for d in days(date(2026, 2, 1), 60) if monthly.expected_on(d)] == [date(2026, 2, 28), date(2026, 3, 31)]


def test_r_reg_2_files_move_from_monthly_to_daily() -> None:
    cadence = Cadence(monthly_from=date(2026, 1, 1), daily_from=date(2026, 3, 10))
    assert cadence.frequency_on(date(2026, 3, 9)) is Frequency.MONTHLY
    assert cadence.frequency_on(date(2026, 3, 10)) is Frequency.DAILY
    assert [d for d in days(date(2026, 3, 1), 14) if cadence.expected_on(d)] == [
        date(2026, 3, 1), *days(date(2026, 3, 10), 5)]


def test_r_reg_2_files_and_status_files_switch_to_daily_independently() -> None:
    cadences = default_cadences(date(2026, 1, 1), daily_files_from=date(2026, 4, 1),
                                daily_status_from=date(2026, 6, 1))
    may = date(2026, 5, 12)
    assert cadences.files.expected_on(may) and not cadences.status.expected_on(may)
    assert cadences.status.expected_on(date(2026, 6, 2))


def test_r_reg_1_a_refresh_on_a_day_without_a_file_due_or_a_second_one_that_day_is_unsolicited() -> None:
    monthly = Cadence(monthly_from=date(2026, 1, 1))
    assert not is_unsolicited(True, monthly, date(2026, 2, 1), 0)
    assert is_unsolicited(True, monthly, date(2026, 2, 1), 1)
    assert is_unsolicited(True, monthly, date(2026, 2, 2), 0)
    assert not is_unsolicited(False, monthly, date(2026, 2, 2), 5)  # updates never are


def test_a_status_file_is_due_once_on_each_day_the_cadence_expects_one() -> None:
    daily = Cadence(daily_from=date(2026, 1, 1))
    assert status_due(daily, date(2026, 1, 2), None)
    assert status_due(daily, date(2026, 1, 2), date(2026, 1, 1))
    assert not status_due(daily, date(2026, 1, 2), date(2026, 1, 2))
    assert not status_due(Cadence(), date(2026, 1, 2), None)
    assert Cadence().describe() == "none" and "daily from 2026-01-01" in daily.describe()

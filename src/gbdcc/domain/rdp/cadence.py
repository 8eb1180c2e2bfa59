"""When Registration Data files are due (R-REG-2) and which refresh files are unsolicited (R-REG-1).

Registration Data moves from monthly files to daily ones, and the start of daily RDP→DCC files and of
daily DCC→RDP status files can be set independently (SEC X2.4(d), R-REG-2). A :class:`Cadence` is that
as data: monthly from one date (on that day of each month, the last day of shorter months), daily from
another. An RDP has two: its files to the DCC and the DCC's status files to it.

An RDP that finds an anomaly in a file it sent may correct it with an unsolicited refresh, without
raising an Incident (SEC H9.6(b), R-REG-1): the file is accepted like any other, and tracked. A refresh
is unsolicited when the RDP's file cadence does not expect a file that day, or when a refresh was
already accepted from it that day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    DAILY = "daily"


@dataclass(frozen=True, slots=True)
class Cadence:
    """Monthly from ``monthly_from`` (if set) until ``daily_from``, daily from ``daily_from`` (if set)."""

    monthly_from: date | None = None
    daily_from: date | None = None

    def frequency_on(self, day: date) -> Frequency | None:
        """Which cadence applies on ``day`` (None before either starts)."""
        if self.daily_from is not None and day >= self.daily_from:
            return Frequency.DAILY
        if self.monthly_from is not None and day >= self.monthly_from:
            return Frequency.MONTHLY
        return None

    def expected_on(self, day: date) -> bool:
        """Is a file due on ``day``? Daily: every day. Monthly: on ``monthly_from``'s day of the month (the
        month's last day when it is shorter)."""
        frequency = self.frequency_on(day)
        if frequency is Frequency.DAILY:
            return True
        if frequency is Frequency.MONTHLY:
            assert self.monthly_from is not None
            last = calendar.monthrange(day.year, day.month)[1]
            return day.day == min(self.monthly_from.day, last)
        return False

    def describe(self) -> str:
        parts = []
        if self.monthly_from is not None:
            parts.append(f"monthly from {self.monthly_from}")
        if self.daily_from is not None:
            parts.append(f"daily from {self.daily_from}")
        return ", ".join(parts) or "none"


@dataclass(frozen=True, slots=True)
class RdpCadences:
    """The two cadences of one RDP, set independently (R-REG-2)."""

    files: Cadence
    status: Cadence


def default_cadences(added_on: date, daily_files_from: date | None = None,
                     daily_status_from: date | None = None) -> RdpCadences:
    """Monthly from the day the RDP is added, daily from the configured switch-over dates (R-REG-2)."""
    return RdpCadences(Cadence(added_on, daily_files_from), Cadence(added_on, daily_status_from))


def is_unsolicited(refresh: bool, files: Cadence, day: date, refreshes_accepted_that_day: int) -> bool:
    """R-REG-1: a refresh on a day no file is due, or after one already accepted that day. Update files
    are changes as they happen and never unsolicited."""
    if not refresh:
        return False
    return not files.expected_on(day) or refreshes_accepted_that_day > 0


def status_due(status: Cadence, day: date, last_sent_on: date | None) -> bool:
    """Is a status file due to the RDP on ``day`` and not yet sent (R-REG-2)?"""
    return status.expected_on(day) and (last_sent_on is None or last_sent_on < day)

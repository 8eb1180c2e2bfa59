"""DCC schedules (DUIS 3.8.5, SRVs 5.1 Create / 5.2 Read / 5.3 Delete Schedule; XSD ``sr:DSPSchedule``).

A User asks the DCC to send a DCC-schedulable read (4.6.1, 4.8.x, 4.10, 4.12.x, 4.14-4.17, 14.1) to a device
on a calendar: ``ScheduleFrequency`` Daily, Weekly, Monthly, Quarterly, Half-Yearly or Yearly from
``ScheduleStartDate``, optionally up to ``ScheduleEndDate`` (inclusive) and at ``ScheduleExecutionStartTime``.
At each run the DCC makes the Service Request on the User's behalf (``service/schedules``); its body comes
from the schedule's ``DSP…`` body and the run date: a ``ReadLogPeriodOffset`` (start / end day offsets
≤ 0 and times) becomes the request's ``ReadLogPeriod`` around the run date (e.g.
``DSPRetrieveImportDailyReadLog`` -1 / 0 at 00:00 → ``RetrieveImportDailyReadLog`` from the previous
midnight to the run date's midnight).

The calendar (gbdcc's reading, DUIS does not spell it out): run *k* falls on the start date plus *k* days
(Daily), 7·*k* days (Weekly) or *k*·1 / 3 / 6 / 12 months (Monthly / Quarterly / Half-Yearly / Yearly) —
month steps keep the start date's day of month, clamped to the month's last day (31 Jan → 28/29 Feb →
31 Mar). A run's instant is its date at the execution start time, UTC (midnight when none is given: the
time is then the DCC's choice). Times with a zone offset are held as seconds from the date's UTC
midnight, so ``00:30:00+01:00`` runs at 23:30 UTC the day before.

Pure: no clock, no I/O — callers pass the instants.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from gbdcc.domain.errors import ScheduleRefused
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole

DAY_SECONDS = 86_400
#: ``sr:scheduleID`` upper bound (DUIS 5.4 XSD).
MAX_SCHEDULE_ID = 10**12
#: ``sr:DSPSchedulesRead`` lists at most 99 schedules (XSD ``maxOccurs``).
MAX_SCHEDULES_READ = 99


class ScheduleFrequency(StrEnum):
    """``sr:ScheduleFrequency`` (DUIS 5.4 XSD enumeration)."""

    DAILY = "Daily"
    WEEKLY = "Weekly"
    MONTHLY = "Monthly"
    QUARTERLY = "Quarterly"
    HALF_YEARLY = "Half-Yearly"
    YEARLY = "Yearly"


_STEP_DAYS = {ScheduleFrequency.DAILY: 1, ScheduleFrequency.WEEKLY: 7}
_STEP_MONTHS = {ScheduleFrequency.MONTHLY: 1, ScheduleFrequency.QUARTERLY: 3, ScheduleFrequency.HALF_YEARLY: 6,
                ScheduleFrequency.YEARLY: 12}


class ScheduleState(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"  # 5.3 Delete Schedule
    REMOVED = "removed"  # the User stopped being entitled (E4 at a run): removed with a DCC alert
    ENDED = "ended"  # no run left before its end date


@dataclass(frozen=True, slots=True)
class DspBody:
    """One ``DSP…`` choice of ``sr:DSPSchedule``: the SRV it schedules, the device request body it becomes,
    whether it carries a ``ReadLogPeriodOffset`` and whether that body takes KAPublicSecurityCredentials."""

    srv: str
    element: str
    period: bool
    urp: bool = False


#: ``sr:DSPSchedule``'s body choice → what the DCC sends (DUIS 5.4 XSD body types).
DSP_BODIES: dict[str, DspBody] = {
    "DSPRetrieveImportDailyReadLog": DspBody("4.6.1", "RetrieveImportDailyReadLog", True, True),
    "DSPRetrieveExportDailyReadLog": DspBody("4.6.2", "RetrieveExportDailyReadLog", True),
    "DSPReadActiveImportProfileData": DspBody("4.8.1", "ReadActiveImportProfileData", True, True),
    "DSPReadReactiveImportProfileData": DspBody("4.8.2", "ReadReactiveImportProfileData", True),
    "DSPReadExportProfileData": DspBody("4.8.3", "ReadExportProfileData", True),
    "DSPReadNetworkData": DspBody("4.10", "ReadNetworkData", True, True),
    "DSPReadMaximumDemandImportRegisters": DspBody("4.12.1", "ReadMaximumDemandImportRegisters", False),
    "DSPReadMaximumDemandExportRegisters": DspBody("4.12.2", "ReadMaximumDemandExportRegisters", False),
    "DSPReadPrepaymentDailyReadLog": DspBody("4.14", "ReadPrepaymentDailyReadLog", True, True),
    "DSPReadLoadLimitData": DspBody("4.15", "ReadLoadLimitData", False),
    "DSPReadActivePowerImport": DspBody("4.16", "ReadActivePowerImport", False),
    "DSPRetrieveDailyConsumptionLog": DspBody("4.17", "RetrieveDailyConsumptionLog", True, True),
    "DSPRecordNetworkDataGAS": DspBody("14.1", "RecordNetworkDataGAS", False),
    "DSPReadInstantaneousExportRegisters": DspBody("4.2", "ReadInstantaneousExportRegisters", False),
}

_XS_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?", re.ASCII)
_XS_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?", re.ASCII)


def parse_xs_time(text: str) -> int:
    """``xs:time`` → seconds from UTC midnight (fractions dropped; a zone offset shifts it, so the result
    may be negative or ≥ 86 400). ``ScheduleRefused`` when it is not one."""
    m = _XS_TIME.fullmatch(text.strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59 or int(m[3]) > 59:
        raise ScheduleRefused(f"{text[:40]!r} is not an xs:time", rule="DUIS-XSD")
    seconds = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
    zone = m[5] or "Z"
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds


def format_xs_time(seconds: int) -> str:
    """Seconds from UTC midnight as ``xs:time``: ``HH:MM:SSZ``, or with the whole-hour offset that keeps the
    local time within the day when ``seconds`` falls outside it (inverse of :func:`parse_xs_time`)."""
    hours = 0 if 0 <= seconds < DAY_SECONDS else (-(seconds // 3600) if seconds < 0 else
                                                  -((seconds - DAY_SECONDS) // 3600 + 1))
    local = seconds + hours * 3600
    zone = "Z" if hours == 0 else f"{'+' if hours > 0 else '-'}{abs(hours):02d}:00"
    return f"{local // 3600:02d}:{local // 60 % 60:02d}:{local % 60:02d}{zone}"


def parse_xs_date(text: str) -> date:
    """``xs:date`` → the calendar date as written (a zone suffix does not move it)."""
    m = _XS_DATE.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError(text)
        return date.fromisoformat(m[1])
    except ValueError:
        raise ScheduleRefused(f"{text[:40]!r} is not an xs:date", rule="DUIS-XSD") from None


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, the day clamped to the target month's last day."""
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True, slots=True)
class ReadPeriodOffset:
    """``sr:ReadLogPeriodOffset``: day offsets (-400 … 0) from the run date and times (seconds from UTC
    midnight, as :func:`parse_xs_time` gives them)."""

    start_offset: int
    start_time: int
    end_offset: int
    end_time: int

    def period(self, run_date: date) -> tuple[datetime, datetime]:
        """The ``ReadLogPeriod`` (StartDateTime, EndDateTime) of a run on ``run_date``."""
        return (_at(run_date + timedelta(days=self.start_offset), self.start_time),
                _at(run_date + timedelta(days=self.end_offset), self.end_time))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Run ``index`` of a schedule: its date and its instant (UTC)."""

    index: int
    day: date
    at: datetime


@dataclass(frozen=True, slots=True)
class Schedule:
    """A DCC schedule: who asked (``user_id`` acting as ``role``), what (``srv`` with the ``body`` choice of
    :data:`DSP_BODIES` and its ``offsets``), to which device, on which calendar. ``execution_time`` is
    seconds from UTC midnight or None (midnight); ``ka_credential`` the optional KAPublicSecurityCredential
    (base64) passed on to the request. ``next_run_at`` is the instant the next run is due (None when no
    run is left); ``runs`` counts the runs made. ``schedule_id`` is 0 until stored."""

    schedule_id: int
    user_id: Eui64
    role: UserRole
    device_id: Eui64
    srv: str
    frequency: ScheduleFrequency
    start_date: date
    body: str
    created_at: datetime
    updated_at: datetime
    end_date: date | None = None
    execution_time: int | None = None
    offsets: ReadPeriodOffset | None = None
    ka_credential: str | None = None
    state: ScheduleState = ScheduleState.ACTIVE
    next_run_at: datetime | None = None
    runs: int = 0

    def __post_init__(self) -> None:
        body = DSP_BODIES.get(self.body)
        if body is None or body.srv != self.srv:
            raise ScheduleRefused(f"a {self.body} body does not schedule SRV {self.srv}")
        if body.period != (self.offsets is not None):
            raise ScheduleRefused(f"{self.body} {'needs' if body.period else 'takes no'} read period offsets")
        if self.ka_credential is not None and not body.urp:
            raise ScheduleRefused(f"{body.element} ({self.srv}) takes no KAPublicSecurityCredentials")
        if self.end_date is not None and self.end_date < self.start_date:
            raise ScheduleRefused(f"ScheduleEndDate {self.end_date} is before ScheduleStartDate {self.start_date}")
        if self.offsets is not None and self.offsets.period(self.start_date)[1] < self.offsets.period(
                self.start_date)[0]:
            raise ScheduleRefused("the read period offsets end before they start")

    @property
    def active(self) -> bool:
        return self.state is ScheduleState.ACTIVE

    @property
    def dsp_body(self) -> DspBody:
        return DSP_BODIES[self.body]

    # -- the calendar ------------------------------------------------------------------------------

    def day(self, index: int) -> date:
        """The date of run ``index`` (0 = the start date)."""
        if index < 0:
            raise ValueError(f"run index {index} < 0")
        if self.frequency in _STEP_DAYS:
            return self.start_date + timedelta(days=_STEP_DAYS[self.frequency] * index)
        return add_months(self.start_date, _STEP_MONTHS[self.frequency] * index)

    def occurrence(self, index: int) -> Occurrence | None:
        """Run ``index``, or None when its date is after the end date."""
        try:
            day = self.day(index)
        except (OverflowError, ValueError):  # past year 9999
            return None
        if self.end_date is not None and day > self.end_date:
            return None
        return Occurrence(index, day, _at(day, self.execution_time or 0))

    def first_from(self, at: datetime, *, after: bool = False) -> Occurrence | None:
        """The first run at or after ``at`` (strictly after with ``after``); None when none is left."""
        index = self._estimate(at)
        while (occ := self.occurrence(index)) is not None:
            if occ.at > at or (occ.at == at and not after):
                return occ
            index += 1
        return None

    def latest_by(self, at: datetime) -> Occurrence | None:
        """The last run at or before ``at`` (None before the first)."""
        nxt = self.first_from(at, after=True)
        if nxt is not None:
            return self.occurrence(nxt.index - 1) if nxt.index > 0 else None
        index = self._estimate(at)
        while self.occurrence(index) is not None:
            index += 1
        return self.occurrence(index - 1) if index > 0 else None

    def _estimate(self, at: datetime) -> int:
        """A run index at or before the first run at ``at`` (a start for the searches above)."""
        first = _at(self.start_date, self.execution_time or 0)
        if at <= first:
            return 0
        if self.frequency in _STEP_DAYS:
            return max(0, (at - first).days // _STEP_DAYS[self.frequency] - 1)
        months = (at.year - self.start_date.year) * 12 + at.month - self.start_date.month
        return max(0, months // _STEP_MONTHS[self.frequency] - 1)

    # -- the request a run makes -------------------------------------------------------------------

    def request_body(self, run_day: date) -> dict[str, str | dict[str, str]]:
        """The device request body (children of :attr:`DspBody.element`, in XSD order) for a run on
        ``run_day``: the ReadLogPeriod from the offsets, and the KA credential when there is one."""
        body: dict[str, str | dict[str, str]] = {}
        if self.offsets is not None:
            start, end = self.offsets.period(run_day)
            body["ReadLogPeriod"] = {"StartDateTime": xs_datetime(start), "EndDateTime": xs_datetime(end)}
        if self.ka_credential is not None:
            body["KAPublicSecurityCredentials"] = self.ka_credential
        return body

    # -- lifecycle ---------------------------------------------------------------------------------

    def started(self, now: datetime) -> Schedule:
        """The new schedule with its first run due: the first instant at or after ``now`` (earlier ones
        are not made up). ``ScheduleRefused`` when no run falls between ``now`` and the end date."""
        first = self.first_from(now)
        if first is None:
            raise ScheduleRefused(f"no run of the {self.frequency} schedule from {self.start_date} falls between "
                                  f"now ({now.isoformat()}) and its ScheduleEndDate {self.end_date}")
        return replace(self, next_run_at=first.at, state=ScheduleState.ACTIVE)

    def ran(self, at: datetime, next_run: Occurrence | None) -> Schedule:
        """After a run at ``at``: one run more, the next one due (or none: ended)."""
        return replace(self, runs=self.runs + 1, updated_at=at, next_run_at=None if next_run is None else next_run.at,
                       state=ScheduleState.ACTIVE if next_run is not None else ScheduleState.ENDED)

    def stopped(self, state: ScheduleState, at: datetime) -> Schedule:
        """Deleted (5.3) or removed (the User lost the device): no run any more."""
        return replace(self, state=state, updated_at=at, next_run_at=None)


@dataclass(frozen=True, slots=True)
class ScheduleRun:
    """One run: the Service Request the DCC made for schedule ``schedule_id`` at its instant ``run_at``."""

    schedule_id: int
    request_id: RequestId
    run_at: datetime


def run_counter(run_at: datetime, last: int | None) -> int:
    """The RequestID (and GBCS originator) counter of a run: the run instant in milliseconds since the Unix
    epoch — what the DCC's own tools use for a User's counter — raised above ``last`` (the User's last
    counter for the device) so it stays strictly increasing per (User, device) (DUIS 3.2.3, GBCS 4.3.1)."""
    ms = (run_at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
    return max(ms, (last or 0) + 1)


def xs_datetime(at: datetime) -> str:
    """``xs:dateTime`` in UTC with a ``Z``, as DUIS writes it."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _at(day: date, seconds: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)


__all__ = ["DSP_BODIES", "MAX_SCHEDULES_READ", "MAX_SCHEDULE_ID", "DspBody", "Occurrence", "ReadPeriodOffset",
           "Schedule", "ScheduleFrequency", "ScheduleRun", "ScheduleState", "add_months", "format_xs_time",
           "parse_xs_date", "parse_xs_time", "run_counter", "xs_datetime"]

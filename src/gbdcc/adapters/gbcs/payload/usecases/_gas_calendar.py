"""ZCL Calendar cluster commands repeated per DUIS element (ZigBee SE 1.4 §D.9, GBCS 10.4): a
Publish Calendar, a Publish Day Profile per DUIS day profile, a Publish Week Profile per week
profile, one Publish Seasons and one Publish Special Days — for the gas tariff switching table of
GCS01a and the non-disablement (friendly credit) calendar of GCS05."""

from __future__ import annotations

from typing import Any

from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Each, Raw, Zcl

CALENDAR = 0x0707
IDS = "00000000804a371c804a371c"  # provider id (none), issuer event id, issuer calendar id (RTDS)
START = B("zb_exec_fe", "ExecutionDateTime")
TARIFF, FRIENDLY_CREDIT = 0x00, 0x03  # ZCL calendar types


def gas_date(prefix: str) -> B:
    """The ZCL date of DUIS gas wildcarded date parts under ``prefix``."""
    return B("zcl_date", *(f"{prefix}/Gas{part}WithWildcards/Specified{part}"
                           for part in ("Year", "Month", "DayOfMonth", "DayOfWeek")))


def calendar(
    calendar_type: int, days: str, day_name: str, day_entries: tuple[Any, Any], weeks: str, seasons: str,
    special_days: str,
) -> tuple[Zcl | Each, ...]:
    """The calendar's components; ``day_entries`` = (number of schedule entries, entry parts) of a day
    profile, relative to the DUIS day profile."""
    ctype = f"{calendar_type:02x}"
    count, entries = day_entries
    return (
        Zcl(0x00, CALENDAR, 0x09, 0x00, Raw(IDS, START, ctype, "0000", B("le1", f"#{seasons}"), B("le1", f"#{weeks}"),
                                           B("le1", f"#{days}"))),
        Each(days, Zcl(0x00, CALENDAR, 0x09, 0x01, Raw(IDS, B("le1", day_name), count, "0001", ctype, *entries))),
        Each(weeks, Zcl(0x00, CALENDAR, 0x09, 0x02, Raw(
            IDS, B("le1", "WeekName"), *(B("le1", f"ReferencedDayName[@index={d}]") for d in range(1, 8))))),
        Zcl(0x00, CALENDAR, 0x09, 0x03, Raw(IDS, "0001", Each(
            seasons, gas_date("SeasonStartDate"), B("le1", "ReferencedWeekName")))),
        Zcl(0x00, CALENDAR, 0x09, 0x04, Raw(IDS, START, ctype, B("le1", f"#{special_days}"), "0001", Each(
            special_days, gas_date("Date"), B("le1", "ReferencedDayName")))),
    )


def tariff_calendar(elements: str = "GasTariffElements") -> tuple[Zcl | Each, ...]:
    """GCS01a: one price tier per day (the day's TOU tariff action; 0 on a block tariff day)."""
    table = f"{elements}/SwitchingTable"
    return calendar(TARIFF, f"{table}/DayProfiles/DayProfile", "DayName",
                    ("01", ("0000", B("le1_opt", "TOUTariffAction"))), f"{table}/WeekProfiles/WeekProfile",
                    f"{table}/Seasons/Season", f"{elements}/SpecialDays/SpecialDay")


def non_disablement_calendar(root: str = "UpdatePrepayConfigGas/GasNonDisablementCalendar") -> tuple[Zcl | Each, ...]:
    """GCS05: the friendly-credit calendar, day profiles with their start / stop times."""
    entry = Each("TimeStartAction", B("zcl_minutes", "StartTime"), B("zcl_nondisablement", "NonDisablementAction"))
    return calendar(FRIENDLY_CREDIT, f"{root}/DayProfiles/GasNonDisablementDayProfile", "GasDayName",
                    (B("le1", "#TimeStartAction"), (entry,)), f"{root}/WeekProfiles/WeekProfile",
                    f"{root}/SeasonProfiles/Season", f"{root}/SpecialDays/SpecialDay")

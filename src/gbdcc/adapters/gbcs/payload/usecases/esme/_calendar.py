"""Tariff switching table and block thresholds of an ESME tariff (GBCS 13.3.1 ECS01a / ECS01c),
repeated per DUIS element: the activity calendar's passive season / week / day profiles (class 20,
0-0:13.0.0.255 attributes 7–9), the special days table (class 11) and the block thresholds of each
TOU register (class 21 register monitors 0-0:16.1.11…18.255). DUIS 5.4 ``ElecSwitchingTablePrimary``,
``SpecialDays``, ``ThresholdMatrix``."""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Each, Req, T
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S

CALENDAR = "0-0:13.0.0.255"
TARIFF_SCRIPTS = "00000a0064ff"  # the tariffication script table 0-0:10.0.100.255


def _date(prefix: str) -> tuple[str, str, str, str]:
    return (f"{prefix}/Year/SpecifiedYear", f"{prefix}/Month/SpecifiedMonth",
            f"{prefix}/DayOfMonth/SpecifiedDayOfMonth", f"{prefix}/DayOfWeek/SpecifiedDayOfWeek")


def switching_table(table: str, calendar: str = CALENDAR, selector: str = "script_selector") -> tuple[Req, ...]:
    """Season, week and day profiles from the DUIS switching table at ``table``; ``selector`` the
    converter of tariff actions to script selectors (``script_selector_secondary`` for the
    secondary element's calendar 0-0:13.0.1.255)."""
    seasons = A(Each(f"{table}/Seasons/Season", S(
        T("octet-string", B("ascii", "SeasonName")),
        T("octet-string", B("dlms_season_start", *_date("SeasonStartDate"))),
        T("octet-string", B("u8", "ReferencedWeekName")),
    )))
    weeks = A(Each(f"{table}/WeekProfiles/WeekProfile", S(
        T("octet-string", B("u8", "WeekName")),
        *(T("unsigned", B("int", f"ReferencedDayName[@index={d}]")) for d in range(1, 8)),
    )))
    days = A(Each(f"{table}/DayProfiles/DayProfile", S(
        T("unsigned", B("int", "DayName")),
        A(Each("ProfileSchedule", S(
            T("octet-string", B("dlms_time", "StartTime")),
            T("octet-string", TARIFF_SCRIPTS),
            T("long-unsigned", B(selector, "TOUTariffAction", "BlockTariffAction")),
        ))),
    )))
    return (Req("set", 20, calendar, 7, seasons), Req("set", 20, calendar, 8, weeks), Req("set", 20, calendar, 9, days))


def special_days(path: str, obis: str = "0-1:11.0.0.255") -> Req:
    """The special days table: index (1-based position), date, day profile."""
    return Req("set", 11, obis, 2, A(Each(f"{path}/SpecialDay", S(
        T("long-unsigned", B("int", "@number")),
        T("octet-string", B("dlms_date", *_date("Date"))),
        T("unsigned", B("int", "ReferencedDayName")),
    ))))


def block_thresholds(matrix: str, first_obis: int = 11, registers: int = 8) -> tuple[Req, ...]:
    """The block thresholds of TOU register n (DUIS ``Thresholds index=n``) in register monitor
    0-0:16.1.(10+n).255."""
    return tuple(
        Req("set", 21, f"0-0:16.1.{first_obis + n - 1}.255", 2,
            A(Each(f"{matrix}/Thresholds[@index={n}]/BlockThreshold", T("double-long-unsigned", B("int", ".")))))
        for n in range(1, registers + 1)
    )


def tariff_tables(elements: str = "ElecTariffElements") -> tuple[Req, ...]:
    """ECS01a's switching table, special days and block thresholds."""
    return (
        *switching_table(f"{elements}/SwitchingTable"),
        special_days(f"{elements}/SpecialDays"),
        *block_thresholds(f"{elements}/ThresholdMatrix"),
    )

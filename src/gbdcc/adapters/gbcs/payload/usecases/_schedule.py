"""DLMS schedules repeated per DUIS element (Blue Book class 10 ``schedule`` and class 11 ``special
days table``): the auxiliary controller scheduler of ECS46d (GBCS 13.3.6, DUIS 5.4
``AuxiliaryControllerSchedule``) — one schedule entry per DUIS schedule, one special day per
definition."""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import Bind as B
from gbdcc.adapters.gbcs.payload.template import Each, Req, T
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S

ALWAYS_VALID = 65535  # schedule validity window: unbounded


def date_parts(prefix: str) -> tuple[str, str, str, str]:
    """The DUIS wildcarded date parts under ``prefix`` (for the ``dlms_date`` converters)."""
    return (f"{prefix}/Year/SpecifiedYear", f"{prefix}/Month/SpecifiedMonth",
            f"{prefix}/DayOfMonth/SpecifiedDayOfMonth", f"{prefix}/DayOfWeek/SpecifiedDayOfWeek")


AUX_SPECIAL_DAYS = "AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition"


def auxiliary_controller_schedule(
    schedule: str = "0-1:12.0.2.255", special_days: str = "0-1:11.0.3.255", script: str = "00000a0067ff"
) -> tuple[Req, ...]:
    """ECS46d: the special days (index and day id = the DUIS identifier) and one schedule entry per
    ``AuxiliaryControllerSchedule`` (position, enabled, the auxiliary controller script with the
    action's selector, switch time, week days, special days, start and end dates)."""
    period = "AuxiliaryControllerSchedulePeriodAndTime"
    days = Req("set", 11, special_days, 2, A(Each(AUX_SPECIAL_DAYS, S(
        T("long-unsigned", B("int", "./@identifier")),
        T("octet-string", B("dlms_date", *date_parts("."))),
        T("unsigned", B("int", "./@identifier")),
    ))))
    entries = Req("set", 10, schedule, 2, A(Each("AuxiliaryControllerSchedule", S(
        T("long-unsigned", B("int", "@number")),
        T("boolean", True),
        T("octet-string", script),
        T("long-unsigned", B("aux_selector", "AuxiliaryControllerAction/@auxiliaryControllerN",
                             "AuxiliaryControllerAction/InputFromControlledLoad",
                             "AuxiliaryControllerAction/CommandedStateLevel")),
        T("octet-string", B("dlms_time", f"{period}/SwitchTime")),
        T("long-unsigned", ALWAYS_VALID),
        T("bit-string", B("dlms_weekdays", "*DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID")),
        T("bit-string", B("dlms_special_days", "*SpecialDaysApplicability/@identifier", f"#/{AUX_SPECIAL_DAYS}")),
        T("octet-string", B("dlms_date", *date_parts(f"{period}/StartDate"))),
        T("octet-string", B("dlms_date", *date_parts(f"{period}/EndDate"))),
    ))))
    return days, entries

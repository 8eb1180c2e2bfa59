"""DLMS schedules repeated per DUIS element (Blue Book class 10 ``schedule`` and class 11 ``special
days table``): the ALCS / HCALCS connection scheduler of ECS46c and the auxiliary controller
scheduler of ECS46d (GBCS 13.3.6; DUIS 5.4 ``ALCSHCALCSConnectionSchedule``,
``AuxiliaryControllerSchedule``) — one schedule entry per DUIS schedule, one special day per
definition."""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import Bind, Each, Req, T
from gbdcc.adapters.gbcs.payload.usecases._dsl import A, S

B = Bind
ALWAYS_VALID = 65535  # schedule validity window: unbounded
SPECIAL_DAYS = "0-1:11.0.3.255"
SCHEDULE = "0-1:12.0.2.255"
SWITCH_SCRIPTS = "00000a0067ff"  # the load-switching script table 0-0:10.0.103.255


def date_parts(prefix: str) -> tuple[str, str, str, str]:
    """The DUIS wildcarded date parts under ``prefix`` (for the ``dlms_date`` converters)."""
    return (f"{prefix}/Year/SpecifiedYear", f"{prefix}/Month/SpecifiedMonth",
            f"{prefix}/DayOfMonth/SpecifiedDayOfMonth", f"{prefix}/DayOfWeek/SpecifiedDayOfWeek")


def special_days_table(path: str, id_attribute: str, obis: str = SPECIAL_DAYS, date: str = ".") -> Req:
    """One special day per DUIS definition at ``path``: index and day id = its ``id_attribute``,
    the date's parts under ``date``."""
    return Req("set", 11, obis, 2, A(Each(path, S(
        T("long-unsigned", B("int", f"./@{id_attribute}")),
        T("octet-string", B("dlms_date", *date_parts(date))),
        T("unsigned", B("int", f"./@{id_attribute}")),
    ))))


def schedule_entries(path: str, selector: Bind, period: str, special_days: tuple[str, str],
                     obis: str = SCHEDULE, script: str = SWITCH_SCRIPTS, date: str = "wildcarded") -> Req:
    """One schedule entry per DUIS schedule at ``path``: position, enabled, ``script`` with the
    action's ``selector``, switch time, week days, special days (``special_days`` = the path of
    the applicable special-day ids and the path of the definitions, for the bit-string length),
    start and end dates under ``period`` (DUIS wildcarded dates, or ``date="xs"`` for xs:date)."""
    ids, definitions = special_days

    def day(name: str) -> Bind:
        if date == "xs":
            return B("dlms_xs_date", f"{period}/{name}")
        return B("dlms_date", *date_parts(f"{period}/{name}"))

    return Req("set", 10, obis, 2, A(Each(path, S(
        T("long-unsigned", B("int", "@number")),
        T("boolean", True),
        T("octet-string", script),
        T("long-unsigned", selector),
        T("octet-string", B("dlms_time", f"{period}/SwitchTime")),
        T("long-unsigned", ALWAYS_VALID),
        T("bit-string", B("dlms_weekdays", "*DaysOfWeekApplicability/DayOfWeekApplicability/DayOfWeekID")),
        T("bit-string", B("dlms_special_days", f"*{ids}", f"#/{definitions}")),
        T("octet-string", day("StartDate")),
        T("octet-string", day("EndDate")),
    ))))


AUX_SPECIAL_DAYS = "AuxiliaryControllerSpecialDayDefinitions/AuxiliaryControllerSpecialDayDefinition"


def auxiliary_controller_schedule() -> tuple[Req, ...]:
    """ECS46d: special-day definitions (``identifier``) and ``AuxiliaryControllerSchedule``s."""
    action = "AuxiliaryControllerAction"
    selector = B("aux_selector", f"{action}/@auxiliaryControllerN", f"{action}/InputFromControlledLoad",
                 f"{action}/CommandedStateLevel")
    return (
        special_days_table(AUX_SPECIAL_DAYS, "identifier"),
        schedule_entries("AuxiliaryControllerSchedule", selector, "AuxiliaryControllerSchedulePeriodAndTime",
                         ("SpecialDaysApplicability/@identifier", AUX_SPECIAL_DAYS)),
    )


ALCS_SPECIAL_DAYS = "ALCSHCALCSSpecialDays/ALCSHCALCSSpecialDay"


def alcs_schedule() -> tuple[Req, ...]:
    """ECS46c: special days (``index``) and ``ALCSHCALCSConnectionSchedule``s."""
    selector = B("alcs_selector", "ActivateDeactivateSwitch/@index", "ActivateDeactivateSwitch/ActivateSwitch")
    return (
        special_days_table(ALCS_SPECIAL_DAYS, "index"),
        schedule_entries("ALCSHCALCSConnectionSchedule", selector, "ALCSScheduleDatesAndTime",
                         ("SpecialDaysApplicability/@index", ALCS_SPECIAL_DAYS)),
    )


ND_CALENDAR = "UpdatePrepayConfigElectricity/ElectricityNonDisablementCalendar"
ND_SPECIAL_DAYS = f"{ND_CALENDAR}/ElectricitySpecialDays/SpecialDay"


def non_disablement_special_days() -> Req:
    """ECS08 / ECS08a: the non-disablement calendar's special days (``index``)."""
    return special_days_table(ND_SPECIAL_DAYS, "index", "0-1:11.0.2.255", "Date")


def non_disablement_schedule() -> Req:
    """ECS08 / ECS08a: one entry per ``ElectricityNonDisablementSchedule`` (start / stop script of
    the prepayment script table 0-0:10.0.106.255)."""
    return schedule_entries(
        f"{ND_CALENDAR}/ElectricityNonDisablementSchedule", B("nondisablement_script", "NonDisablementScript"),
        "ScheduleDatesAndTime", ("SpecialDaysApplicability/SpecialDayApplicability/SpecialDayID", ND_SPECIAL_DAYS),
        obis="0-1:12.0.1.255", script="00000a006aff", date="xs",
    )

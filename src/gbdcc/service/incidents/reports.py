"""The Incident Management reports (``gbdcc report NAME``, ``GET /admin/v1/reports/NAME``):

* ``incidents`` (R-INC-1): per category, its target resolution time, incidents raised, resolved, resolved
  within target and the share, and unresolved ones past their target — as of the instant.
* ``coverage-incidents`` (R-WAN-1, R-WAN-2): the 90-day / 99 % threshold over the coverage incidents raised in
  the 12 months to the instant, with the NEP exclusions and without them.
* ``support-charges`` (R-SUPPORT-1): per Testing Participant, the Additional Support requests resolved in the
  calendar month of the instant, their effort and charges (user pays).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.incidents.coverage import RESOLUTION_DAYS, THRESHOLD, ThresholdFigure, coverage_threshold
from gbdcc.domain.incidents.model import Incident, IncidentPolicy, figures
from gbdcc.domain.incidents.support import statement
from gbdcc.service.incidents.ports import NepMembership, NoNepData
from gbdcc.service.ports import UnitOfWork


def _hours(span: timedelta) -> float:
    return round(span.total_seconds() / 3600, 2)


def _share(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


class IncidentsReport:
    """``incidents``: figures by category and the share resolved within target (R-INC-1)."""

    def __init__(self, policy: IncidentPolicy) -> None:
        self._policy = policy

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        rows = figures(uow.incidents.list(), self._policy, as_of)
        resolved = sum(f.resolved for f in rows)
        within = sum(f.within_target for f in rows)
        return ComplianceReport(
            "incidents", "R-INC-1", "Incidents by category: resolved within target", as_of,
            ("category", "target_hours", "raised", "resolved", "within_target", "within_share", "open_overdue"),
            tuple((int(f.category), _hours(f.target), f.raised, f.resolved, f.within_target, _share(f.within_share),
                   f.open_overdue) for f in rows),
            {"raised": sum(f.raised for f in rows), "resolved": resolved, "within_target": within,
             "within_share": _share(None if resolved == 0 else within / resolved),
             "open_overdue": sum(f.open_overdue for f in rows)},
            ("within target: resolved no later than raised + the category's target time (configuration); a "
             "reopened incident counts from when it was first raised",
             "incidents raised by Users and by the DCC itself (CSP region outages, failed deliveries, refused "
             "Registration Data files, quarantines); outages are of the SIMULATED SM WAN"))


class CoverageIncidentsReport:
    """``coverage-incidents``: R-WAN-1's 90-day / 99 % threshold with and without the NEP exclusions."""

    def __init__(self, nep: NepMembership | None = None, *, days: int = RESOLUTION_DAYS,
                 threshold: Decimal = THRESHOLD, period: timedelta = timedelta(days=365)) -> None:
        self._nep: NepMembership = nep or NoNepData()
        self._days = days
        self._threshold = threshold
        self._period = period

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        start = as_of - self._period
        chosen = [i for i in uow.incidents.list() if start < i.raised_at <= as_of]

        def under_nep(i: Incident) -> bool:
            assert i.premises is not None
            return self._nep.plan_for(uow, i.premises.postcode, i.raised_at.date()) is not None

        result = coverage_threshold(chosen, as_of, under_nep, days=self._days, threshold=self._threshold)

        def row(label: str, f: ThresholdFigure) -> tuple[Cell, ...]:
            return (label, f.eligible, f.excluded_nep, f.pending, f.decided, f.within, _share(f.share),
                    _share(f.threshold), f.met)

        w, wo = result.with_exclusions, result.without_exclusions
        notes = [f"eligible: coverage incidents raised in ({start.date()}, {as_of.date()}] at premises the SM WAN "
                 "Coverage Database showed covered when raised; premises shown not covered are outside R-WAN-1",
                 f"decided: resolved by the report instant, or unresolved past {self._days} days (a failure); "
                 "pending ones are in neither figure",
                 "a threshold, not a target: met or not met (F7.18, F7.19); premises under a Network Enhancement "
                 "Plan on the day raised are excluded (R-WAN-2, F7.21)"]
        if getattr(self._nep, "known", True) is False:
            notes.append("no NEP data on this instance: nothing is excluded, both figures are the same")
        return ComplianceReport(
            "coverage-incidents", "R-WAN-1", f"Coverage incidents resolved within {self._days} days", as_of,
            ("figure", "eligible", "excluded_nep", "pending", "decided", "within_days", "share", "threshold", "met"),
            (row("with NEP exclusions", w), row("without NEP exclusions", wo)),
            {"share": _share(w.share), "threshold": _share(w.threshold), "met": w.met,
             "share_without_exclusions": _share(wo.share), "met_without_exclusions": wo.met},
            tuple(notes))


def month_of(at: datetime) -> tuple[date, date]:
    first = at.date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


class SupportChargesReport:
    """``support-charges``: Additional Support charges per Testing Participant for the month (R-SUPPORT-1)."""

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        start, end = month_of(as_of)
        lines = statement(uow.support.list(), start, end)
        return ComplianceReport(
            "support-charges", "R-SUPPORT-1", f"Additional Support charges {start} to {end}", as_of,
            ("participant", "period_from", "period_to", "resolved", "effort_minutes", "charge_pence", "open"),
            tuple((x.participant, x.period_from, x.period_to, x.requests, x.effort_minutes, x.charge_pence,
                   x.open_requests) for x in lines),
            {"participants": len(lines), "charge_pence": sum(x.charge_pence for x in lines)},
            ("user pays: each request resolved in the period is charged effort × the hourly rate in force when "
             "it was resolved (configuration, not a published DCC charge)",
             "the period is the calendar month of the report instant (--as-of picks another)"))

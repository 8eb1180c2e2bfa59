"""The quarterly Network Enhancement Plan report (``gbdcc report nep-quarterly``; SEC F7.21, R-WAN-2).

For the calendar quarter holding the report instant: every plan created by then and not completed before the
quarter began, with its region, defined area, cohort size, creation, estimated and actual completion dates and
its status as of the report instant (a completion recorded later than that instant is not shown).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.nep import NEP_REGIONS, NepStatus, Quarter, reported_in
from gbdcc.service.ports import UnitOfWork

RULE = "R-WAN-2"
COLUMNS = ("plan_id", "region", "area", "cohort_postcodes", "created_on", "estimated_completion", "completed_on",
           "status", "overdue")
#: "the DCC reports quarterly … until 2021" (R-WAN-2): quarters beginning before this date must be reported.
REPORTS_UNTIL = date(2021, 1, 1)


class NepQuarterlyReport:
    """The ``nep-quarterly`` :class:`~gbdcc.service.compliance.reports.ReportBuilder` (F7.21, R-WAN-2)."""

    def __init__(self, reports_until: date = REPORTS_UNTIL) -> None:
        self.reports_until = reports_until

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        on = as_of.date()
        quarter = Quarter.of(on)
        rows: list[tuple[Cell, ...]] = []
        for plan in uow.neps.plans():
            if not reported_in(plan, quarter, on):
                continue
            status = plan.status_on(on)
            completed = plan.completed_on if status is NepStatus.COMPLETED else None
            rows.append((plan.plan_id, plan.region, plan.area.describe(), len(plan.cohort), plan.created_on,
                         plan.estimated_completion, completed, status.value, plan.overdue_on(on)))
        statuses = Counter(str(r[7]) for r in rows)
        regions = Counter(str(r[1]) for r in rows)
        return ComplianceReport(
            name="nep-quarterly", rule=RULE,
            title=f"Network Enhancement Plans, quarter {quarter.label}: areas and expected completion dates",
            as_of=as_of, columns=COLUMNS, rows=tuple(rows),
            summary={"quarter": quarter.label, "quarter_start": quarter.start, "quarter_end": quarter.end,
                     "plans": len(rows), "active": statuses.get(NepStatus.ACTIVE.value, 0),
                     "completed": statuses.get(NepStatus.COMPLETED.value, 0),
                     "overdue": sum(1 for r in rows if r[8]),
                     **{region.lower(): regions.get(region, 0) for region in NEP_REGIONS},
                     "cohort_postcodes_under_plans": sum(int(str(r[3])) for r in rows
                                                         if r[7] == NepStatus.ACTIVE.value),
                     "report_required": quarter.start < self.reports_until},
            notes=(f"quarter {quarter.label} = {quarter.start}..{quarter.end}; figures as of {as_of.isoformat()}: "
                   "plans created by then and not completed before the quarter began",
                   "status as of the report instant: active (its cohort excluded from the R-WAN-1 90-day / 99 % "
                   "figure) or completed (its cohort covered); overdue = active after its estimated completion date",
                   "area: postcode districts then explicit postcodes; cohort_postcodes counts the premises "
                   "postcodes in the plan's cohort",
                   f"F7.21 quarterly reporting applies to quarters beginning before {self.reports_until} "
                   "('until 2021', GBDCC_NEP_QUARTERLY_REPORTS_UNTIL)"),
        )

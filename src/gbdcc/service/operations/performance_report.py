"""The monthly H13 Code Performance Measures report (``gbdcc report performance``, ``/admin/v1/reports/performance``).

Rows: the share of on-demand and future-dated Device Service Responses within their targets per SRV class,
alert delivery times, SMKI repository availability and incident resolution within target. Read from the audit
trail's tables (``service_requests``, ``outbound_messages``) for the calendar month of ``as_of`` up to it.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.operations.performance import (
    Measure,
    PerformanceTargets,
    alert_measures,
    month_bounds,
    response_measures,
)
from gbdcc.service.operations.ports import IncidentResolutions, NoIncidentRecords
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("measure", "count", "finished", "within_target", "share", "target_s", "median_s", "p95_s", "max_s",
           "status")


def _row(m: Measure, status: str) -> tuple[Cell, ...]:
    return (m.measure, m.count, m.finished, m.within_target, m.share, m.target_s, m.median_s, m.p95_s, m.max_s,
            status)


def _blank(measure: str, status: str) -> tuple[Cell, ...]:
    return (measure, None, None, None, None, None, None, None, None, status)


class PerformanceReport:
    """A :class:`gbdcc.service.compliance.reports.ReportBuilder` for the H13 measures."""

    def __init__(self, targets: PerformanceTargets, incidents: IncidentResolutions | None = None) -> None:
        self._targets = targets
        self._incidents = incidents or NoIncidentRecords()

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        start, end = month_bounds(as_of)
        responses = response_measures(uow.operations.response_timings(start, end), self._targets)
        alerts = alert_measures(uow.operations.alert_timings(start, end), self._targets)
        rows = [_row(m, "measured" if m.target_s is not None else "no target set") for m in [*responses, *alerts]]
        rows.append(_blank("smki.availability", "not measured"))
        resolutions = self._incidents.resolutions(start, end)
        if resolutions is None:
            rows.append(_blank("incidents.resolution", "not available until incidents are merged"))
        else:
            within = sum(1 for r in resolutions if r.within_target)
            share = round(within / len(resolutions), 4) if resolutions else None
            rows.append(("incidents.resolution", len(resolutions), len(resolutions), within, share, None, None, None,
                         None, "measured"))
        targeted = [m for m in responses if m.within_target is not None]
        finished = sum(m.finished for m in targeted)
        within_all = sum(m.within_target or 0 for m in targeted)
        summary: dict[str, Cell] = {
            "month": start.strftime("%Y-%m"),
            "from": start, "to": end,
            "responses_counted": sum(m.count for m in responses),
            "responses_with_target": finished,
            "share_within_target": round(within_all / finished, 4) if finished else None,
            "alerts_counted": sum(m.count for m in alerts),
        }
        notes = (
            "On-demand responses are timed from receipt to the request's final state (its response queued for the "
            "User); future-dated ones from their execution instant. Requests not final yet count but are not timed.",
            f"Targets (configuration GBDCC_PERFORMANCE_TARGETS_S, <timing>.<class> seconds): "
            f"{dict(self._targets.response_s) or 'none'}; alerts: "
            f"{'none' if self._targets.alert_s is None else f'{self._targets.alert_s} s'}.",
            "Non-Device requests are answered synchronously and are not in service_requests: not counted.",
            "SMKI repository availability is not measured: gbdcc records no uptime samples of the SMKI service.",
            "Incident resolution within target reads Incident Management (R-INC-1) through a port; until that "
            "feature is merged it is reported as not available.",
        )
        return ComplianceReport("performance", "H13", "Code Performance Measures (monthly)", as_of, COLUMNS,
                                tuple(rows), summary, notes)

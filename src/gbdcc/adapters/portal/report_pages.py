"""The Self-Service Interface's report pages: the DCC-wide reports a User may read (the H13 Code Performance
Measures, incident figures, the R-WAN-1 coverage-incident threshold, the NEP quarterly report, the CPL in force,
the User mandate and ERO reports), each as a table with its rule, summary and notes, and as CSV. Reports that
name other Users' devices, orders or charges (post-commissioning, hubs, support-charges) stay on the admin API."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from gbdcc.adapters.portal.site import PortalSite, csv_response
from gbdcc.domain.errors import ReportUnknown
from gbdcc.domain.portal import PortalSession
from gbdcc.service.compliance.reports import ReportRegistry

#: The reports every signed-in User may read, in the order listed.
PUBLIC_REPORTS = ("performance", "incidents", "coverage-incidents", "nep-quarterly", "cpl", "mandate", "ero")


def add_report_pages(site: PortalSite, reports: ReportRegistry) -> None:
    """Register ``/portal/reports`` (in the nav) and ``/portal/reports/{name}`` on ``site``."""
    offered = [name for name in PUBLIC_REPORTS if name in reports]

    @site.get("/reports", nav="Reports")
    async def index(request: Request, session: PortalSession) -> Response:
        return site.render(request, "reports.html", session, names=offered, report=None)

    @site.get("/reports/{name}")
    async def one(request: Request, session: PortalSession) -> Response:
        name = request.path_params["name"]
        if name not in offered:
            raise ReportUnknown(f"no report named {name!r} in the Self-Service Interface; reports offered: "
                                f"{', '.join(offered)}", rule="R-OPS-2")
        report = reports.build(name)
        if request.query_params.get("format") == "csv":
            return csv_response(f"{name}.csv", report.columns, [list(r) for r in report.rows])
        return site.render(request, "reports.html", session, names=offered, report=report.as_dict())

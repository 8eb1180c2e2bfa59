"""Admin endpoints: the compliance reports (``gbdcc report``) as JSON or CSV.

``GET /admin/v1/reports`` the names offered; ``GET /admin/v1/reports/{name}[?as_of=ISO][&format=csv]`` one
report (``ComplianceReport.as_dict`` / ``to_csv``). 404 ``{"detail": {"code", "rule", "reason"}}`` for an
unknown report, 400 for a bad ``as_of``. Auth as every admin endpoint (``admin_scenario.check_caller``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import ReportUnknown
from gbdcc.service.compliance.reports import ReportRegistry

PREFIX = "/admin/v1/reports"


def router(reports: ReportRegistry, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["reports"])

    @api.get("")
    def names(request: Request) -> dict[str, list[str]]:
        check_caller(request, token)
        return {"reports": list(reports)}

    @api.get("/{name}", response_model=None)
    async def one(request: Request, name: str, as_of: str | None = None,
                  format: Literal["json", "csv"] = "json") -> dict[str, Any] | Response:
        check_caller(request, token)
        at = None
        if as_of is not None:
            try:
                at = datetime.fromisoformat(as_of)
            except ValueError:
                raise HTTPException(400, {"code": "GBDCC-890", "rule": "GBDCC-REPORT",
                                          "reason": f"as_of is an ISO 8601 instant, not {as_of!r}"}) from None
            at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
        try:
            report = await run_in_threadpool(reports.build, name, at)
        except ReportUnknown as err:
            raise refusal(404, err) from None
        if format == "csv":
            return Response(report.to_csv(), media_type="text/csv",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        return report.as_dict()

    return api

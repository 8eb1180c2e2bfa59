"""Admin endpoint: ``GET /admin/v1/health`` — the database and each pipeline stage (its relay alive, its outbox
backlog and oldest due age), as ``/healthz`` answers without authentication; 503 when the database does not
answer."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import errors
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.adapters.observability.health import HealthReport


def router(health: Callable[[], HealthReport], *, token: str | None) -> APIRouter:
    token = token or None
    api = APIRouter(prefix="/admin/v1/health", tags=["observability"])

    @api.get("", response_model=HealthReport, summary="The database and each pipeline stage",
             responses={**errors(), 503: {"model": HealthReport, "description": "The database does not answer"}})
    async def report(request: Request) -> JSONResponse:
        check_caller(request, token)
        answer = await run_in_threadpool(health)
        return JSONResponse(answer.model_dump(mode="json"), status_code=200 if answer.database.reachable else 503)

    return api

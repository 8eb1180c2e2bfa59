"""Admin endpoints: a User's quarantined Service Requests (SEC G6 anomaly detection; ``gbdcc quarantine``).

``GET /admin/v1/quarantine[?user=EUI][&limit=n]`` the requests in quarantine (one User's, or all);
``POST /admin/v1/quarantine/{request_id}/release?user=EUI`` releases the User's request into the pipeline
(it is then sent and its response delivered). 404 for a request not in quarantine, 403 for another User's,
400 for a bad identifier, 409 when the request may no longer be sent (authorised again at release: the
refusal's code and rule). Errors as ``{"detail": {"code", "rule", "reason"}}``. Auth as every admin endpoint
(``admin_scenario.check_caller``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import Limit, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import (
    GbdccError,
    InvalidIdentifier,
    QuarantinedRequestNotOwned,
    QuarantinedRequestUnknown,
)
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import ServiceRequest
from gbdcc.service.anomaly.quarantine import QuarantineDesk

PREFIX = "/admin/v1/quarantine"


def view(r: ServiceRequest) -> dict[str, Any]:
    """One quarantined request as the API and ``gbdcc quarantine list --json`` show it."""
    return {"request_id": str(r.request_id), "user": str(r.user_id), "device": str(r.device_id), "srv": r.srv,
            "command_variant": r.command_variant, "state": r.state.value, "received_at": r.received_at.isoformat(),
            "quarantined_at": r.updated_at.isoformat(), "rule": r.rule, "reason": r.reason}


def _http(err: GbdccError) -> HTTPException:
    status = (404 if isinstance(err, QuarantinedRequestUnknown) else 403 if isinstance(err, QuarantinedRequestNotOwned)
              else 400 if isinstance(err, InvalidIdentifier) else 409)
    return refusal(status, err)


def router(desk: QuarantineDesk, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["quarantine"])

    @api.get("")
    async def listing(request: Request, user: str | None = None,
                      limit: Limit = 100) -> dict[str, Any]:
        check_caller(request, token)
        try:
            eui = None if user is None else Eui64.parse(user)
        except GbdccError as err:
            raise _http(err) from None
        found = await run_in_threadpool(desk.list, eui, max(0, min(limit, 1000)))
        return {"quarantined": [view(r) for r in found]}

    @api.post("/{request_id}/release")
    async def release(request: Request, request_id: str, user: str) -> dict[str, Any]:
        check_caller(request, token)
        try:
            released = await run_in_threadpool(desk.release, Eui64.parse(user), RequestId.parse(request_id))
        except GbdccError as err:
            raise _http(err) from None
        return {"released": view(released)}

    return api

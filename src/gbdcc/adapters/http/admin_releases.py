"""Admin endpoints of release management (R-OPS-1; ``gbdcc releases``).

``GET /admin/v1/releases`` the notices issued, as JSON; ``POST /admin/v1/releases`` ``{"title", "summary",
"consultation_closes_on", "testing_from", "testing_to"}`` (ISO dates) issues a notice to every User and RDP
registered now and returns it (201). Refusals: 422 ``{"detail": {"code", "rule", "reason"}}``. Auth as every
admin endpoint (``admin_scenario.check_caller``, ``GBDCC_ADMIN_TOKEN``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import ReleaseNoticeInvalid
from gbdcc.domain.operations.releases import ReleaseNotice
from gbdcc.service.operations.releases import issue_notice
from gbdcc.service.ports import Clock, UnitOfWorkFactory

PREFIX = "/admin/v1/releases"


class NoticeIn(BaseModel):
    title: str
    summary: str
    consultation_closes_on: date
    testing_from: date
    testing_to: date


def notice_json(n: ReleaseNotice) -> dict[str, Any]:
    """A notice as JSON (``gbdcc releases list --json`` prints the same)."""
    return {"notice_id": n.notice_id, "title": n.title, "summary": n.summary, "issued_at": n.issued_at.isoformat(),
            "consultation_closes_on": n.consultation_closes_on.isoformat(),
            "testing_from": n.testing_from.isoformat(), "testing_to": n.testing_to.isoformat(),
            "users": [str(u) for u in n.users], "rdps": list(n.rdps)}


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["releases"])

    @api.get("")
    def listing(request: Request) -> dict[str, Any]:
        check_caller(request, token)
        with uow_factory(read_only=True) as uow:
            return {"notices": [notice_json(n) for n in uow.operations.release_notices()]}

    def _issue(body: NoticeIn) -> ReleaseNotice:
        with uow_factory() as uow:
            notice = issue_notice(uow, title=body.title, summary=body.summary, issued_at=clock.now(),
                                  consultation_closes_on=body.consultation_closes_on,
                                  testing_from=body.testing_from, testing_to=body.testing_to)
            uow.commit()
            return notice

    @api.post("", status_code=201)
    async def issue(request: Request, body: NoticeIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            return notice_json(await run_in_threadpool(_issue, body))
        except ReleaseNoticeInvalid as err:
            raise refusal(422, err) from None

    return api

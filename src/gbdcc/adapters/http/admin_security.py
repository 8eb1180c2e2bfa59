"""Admin endpoints of the security registers (R-SEC-1, R-SEC-2; ``gbdcc security``).

``GET /admin/v1/security/{tokens|software|notices|disputes}`` list a register as JSON;
``POST /admin/v1/security/notices`` ``{"affects": "token-model"|"file-signing-software", "affected", "summary"}``
issues a vulnerability notice to the relevant Authorised Subscribers (computed now) and returns it;
``POST /admin/v1/security/disputes/{id}/event-of-default`` records the Event of Default notified to the Panel
(no decision needed first). Refusals: 4xx ``{"detail": {"code", "rule", "reason"}}``. Auth as every admin
endpoint (``admin_scenario.check_caller``, ``GBDCC_ADMIN_TOKEN``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from gbdcc.adapters.http.admin_common import RowId, refusal, to_json
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import SecurityRecordUnknown, SecurityRefused
from gbdcc.domain.security import Affects
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.security.registers import issue_notice, notify_event_of_default

PREFIX = "/admin/v1/security"




def _refusal(err: SecurityRefused) -> HTTPException:
    status = 404 if isinstance(err, SecurityRecordUnknown) else 409
    return refusal(status, err)


class NoticeIn(BaseModel):
    affects: Affects
    affected: str
    summary: str


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["security"])

    @api.get("/{register}")
    def listing(request: Request, register: str) -> dict[str, Any]:
        check_caller(request, token)
        with uow_factory(read_only=True) as uow:
            reads = {"tokens": uow.security.tokens, "software": uow.security.releases,
                     "notices": uow.security.notices, "disputes": uow.security.disputes}
            if register not in reads:
                raise HTTPException(404, {"code": "GBDCC-883", "rule": "R-SEC-2",
                                          "reason": f"no security register {register!r}"})
            rows = reads[register]()
            copies = uow.security.copies() if register == "software" else ()
        out = [to_json(r) for r in rows]
        for item in out if register == "software" else ():
            item["copies"] = [to_json(c) for c in copies if c.version == item["version"]]
        return {register: out}

    @api.post("/notices")
    def notice(request: Request, body: NoticeIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            made = issue_notice(uow_factory, body.affects, body.affected, body.summary, clock.now())
        except SecurityRefused as err:
            raise _refusal(err) from None
        return dict(to_json(made))

    @api.post("/disputes/{dispute_id}/event-of-default")
    def event_of_default(request: Request, dispute_id: RowId) -> dict[str, Any]:
        check_caller(request, token)
        try:
            return dict(to_json(notify_event_of_default(uow_factory, dispute_id, clock.now())))
        except SecurityRefused as err:
            raise _refusal(err) from None

    return api

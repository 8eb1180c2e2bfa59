"""Admin endpoints: consent records and compromise declarations (R-CONSENT-1..3; ``gbdcc consent``).

``GET /admin/v1/consents[?user=EUI][&mpxn=][&in_force=true][&limit=]`` lists consents, newest first;
``POST /admin/v1/consents`` records one (201): ``{"user_id", "mpxn", "purposes": ["han-join" |
"consumption-data" | "all"], "given_at"?, "third_party_notice_at"?, "evidence"?}``; ``POST …/{id}/withdraw``
and ``POST …/{id}/notice`` (``{"at"?}``) record its withdrawal and the third-party notice (R-CONSENT-2).
``GET /admin/v1/consents/compromises`` lists compromise declarations; ``POST …/compromises`` declares one
(201): ``{"supplier_id", "device_id", "reason", "declared_at"?, "inform_attempt"?, "inform_attempt_at"?}``;
``POST …/compromises/{id}/inform-attempt`` (``{"attempt", "at"?}``) records the attempt to inform the
consumer (R-CONSENT-3). Instants are ISO 8601 (UTC when no offset; now when omitted).

Refusals are ``{"detail": {"code", "rule", "reason"}}``: 400 for a record that cannot be stored (or a bad
identifier), 404 for an unknown id. Auth as every admin endpoint (``admin_scenario.check_caller``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import Limit, RowId, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentRecord
from gbdcc.domain.errors import ConsentUnknown, GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.service.compliance import consent_records as records
from gbdcc.service.ports import Clock, UnitOfWorkFactory

PREFIX = "/admin/v1/consents"
T = TypeVar("T")


class ConsentIn(BaseModel):
    user_id: str
    mpxn: str
    purposes: list[str]
    given_at: datetime | None = None
    third_party_notice_at: datetime | None = None
    evidence: str = ""


class AtIn(BaseModel):
    at: datetime | None = None


class CompromiseIn(BaseModel):
    supplier_id: str
    device_id: str
    reason: str
    declared_at: datetime | None = None
    inform_attempt: str | None = None
    inform_attempt_at: datetime | None = None


class AttemptIn(BaseModel):
    attempt: str
    at: datetime | None = None


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def consent_json(r: ConsentRecord) -> dict[str, Any]:
    return {"consent_id": r.consent_id, "user_id": str(r.user_id), "mpxn": r.mpxn,
            "purposes": sorted(p.value for p in r.purposes), "given_at": _iso(r.given_at),
            "withdrawn_at": _iso(r.withdrawn_at), "third_party_notice_at": _iso(r.third_party_notice_at),
            "evidence": r.evidence}


def declaration_json(d: CompromiseDeclaration) -> dict[str, Any]:
    return {"declaration_id": d.declaration_id, "supplier_id": str(d.supplier_id), "device_id": str(d.device_id),
            "declared_at": _iso(d.declared_at), "reason": d.reason, "inform_attempt": d.inform_attempt,
            "inform_attempt_at": _iso(d.inform_attempt_at)}


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None, lenient: bool = False) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["consent"])

    def when(at: datetime | None) -> datetime:
        if at is None:
            return clock.now()
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)

    def maybe(at: datetime | None) -> datetime | None:
        return None if at is None else when(at)

    async def run(fn: Callable[[], T]) -> T:
        try:
            return await run_in_threadpool(fn)
        except ConsentUnknown as err:
            raise refusal(404, err) from None
        except GbdccError as err:
            raise refusal(400, err) from None

    @api.get("/compromises")
    async def declarations(request: Request, limit: Limit = 100) -> dict[str, Any]:
        check_caller(request, token)
        found = await run(lambda: records.list_declarations(uow_factory, limit=limit))
        return {"declarations": [declaration_json(d) for d in found]}

    @api.post("/compromises", status_code=201)
    async def declare(request: Request, body: CompromiseIn) -> dict[str, Any]:
        check_caller(request, token)
        at = when(body.declared_at)
        attempt_at = maybe(body.inform_attempt_at) or (at if body.inform_attempt else None)
        d = await run(lambda: records.declare_compromise(
            uow_factory, Eui64.parse(body.supplier_id), Eui64.parse(body.device_id), at, body.reason,
            inform_attempt_at=attempt_at, inform_attempt=body.inform_attempt))
        return declaration_json(d)

    @api.post("/compromises/{declaration_id}/inform-attempt")
    async def inform(request: Request, declaration_id: RowId, body: AttemptIn) -> dict[str, Any]:
        check_caller(request, token)
        d = await run(lambda: records.record_inform_attempt(uow_factory, declaration_id, when(body.at), body.attempt))
        return declaration_json(d)

    @api.get("")
    async def listed(request: Request, user: str | None = None, mpxn: str | None = None, in_force: bool = False,
                     limit: Limit = 100) -> dict[str, Any]:
        check_caller(request, token)
        found = await run(lambda: records.list_consents(
            uow_factory, user_id=Eui64.parse(user) if user else None, mpxn=mpxn,
            in_force_at=clock.now() if in_force else None, limit=limit))
        return {"consents": [consent_json(r) for r in found]}

    @api.post("", status_code=201)
    async def add(request: Request, body: ConsentIn) -> dict[str, Any]:
        check_caller(request, token)
        r = await run(lambda: records.give_consent(
            uow_factory, Eui64.parse(body.user_id), body.mpxn, records.parse_purposes(body.purposes),
            when(body.given_at), third_party_notice_at=maybe(body.third_party_notice_at), evidence=body.evidence,
            lenient=lenient))
        return consent_json(r)

    @api.post("/{consent_id}/withdraw")
    async def withdraw(request: Request, consent_id: RowId, body: AtIn | None = None) -> dict[str, Any]:
        check_caller(request, token)
        at = when(body.at if body else None)
        return consent_json(await run(lambda: records.withdraw_consent(uow_factory, consent_id, at)))

    @api.post("/{consent_id}/notice")
    async def notice(request: Request, consent_id: RowId, body: AtIn | None = None) -> dict[str, Any]:
        check_caller(request, token)
        at = when(body.at if body else None)
        return consent_json(await run(lambda: records.record_notice(uow_factory, consent_id, at)))

    return api

"""Admin endpoints: market-party profiles (R-MANDATE-1, R-ERO-1), as ``gbdcc parties`` on the command line.

``GET /admin/v1/parties`` every profile; ``GET /admin/v1/parties/{name}`` one (404 if none);
``PUT /admin/v1/parties/{name}`` records or replaces one from a JSON body (``type`` optional: decided from
``domestic_premises`` when absent). Refusals are ``{"detail": {"code", "rule", "reason"}}``: 404 unknown
Party, 409 a User ID already another Party's, 422 an invalid profile. Auth as every admin endpoint
(``admin_scenario.check_caller``, ``GBDCC_ADMIN_TOKEN``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.compliance.parties import LARGE_SUPPLIER_PREMISES, PartyProfile, PartyType, make_profile
from gbdcc.domain.errors import GbdccError, PartyMemberTaken, PartyUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.service.compliance.parties import get_profile, list_profiles, record_profile
from gbdcc.service.ports import UnitOfWorkFactory

PREFIX = "/admin/v1/parties"


class ProfileBody(BaseModel):
    type: PartyType | None = None
    domestic_premises: int = Field(0, ge=0, le=2**63 - 1)
    electricity_licence: bool = False
    gas_licence: bool = False
    domestic_supply_from: date | None = None
    user_ids: list[str] = Field(default_factory=list, max_length=1000)
    notes: str = Field("", max_length=10_000)


def as_json(p: PartyProfile) -> dict[str, Any]:
    return {"name": p.name, "type": p.party_type.value, "domestic_premises": p.domestic_premises,
            "electricity_licence": p.electricity_licence, "gas_licence": p.gas_licence,
            "domestic_supply_from": p.domestic_supply_from.isoformat() if p.domestic_supply_from else None,
            "user_ids": [str(m) for m in p.members], "notes": p.notes}


def router(uow_factory: UnitOfWorkFactory, *, token: str | None,
           threshold: int = LARGE_SUPPLIER_PREMISES) -> APIRouter:
    token = token or None
    api = APIRouter(prefix=PREFIX, tags=["parties"])

    @api.get("")
    async def every(request: Request) -> dict[str, list[dict[str, Any]]]:
        check_caller(request, token)
        return {"parties": [as_json(p) for p in await run_in_threadpool(list_profiles, uow_factory)]}

    @api.get("/{name}")
    async def one(request: Request, name: str) -> dict[str, Any]:
        check_caller(request, token)
        try:
            return as_json(await run_in_threadpool(get_profile, uow_factory, name))
        except PartyUnknown as err:
            raise refusal(404, err) from None

    @api.put("/{name}")
    async def put(request: Request, name: str, body: ProfileBody) -> dict[str, Any]:
        check_caller(request, token)
        try:
            profile = make_profile(name, party_type=body.type, domestic_premises=body.domestic_premises,
                                   electricity_licence=body.electricity_licence, gas_licence=body.gas_licence,
                                   domestic_supply_from=body.domestic_supply_from, notes=body.notes,
                                   members=[Eui64.parse(u) for u in body.user_ids], threshold=threshold)
            return as_json(await run_in_threadpool(record_profile, uow_factory, profile))
        except PartyMemberTaken as err:
            raise refusal(409, err) from None
        except GbdccError as err:  # PartyProfileInvalid, InvalidIdentifier
            raise refusal(422, err) from None

    return api

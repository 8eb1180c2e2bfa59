"""Admin endpoints: Registration Data Providers (R-USER-2: one RDP ID per RDP; R-REG-2: their cadences), as
``gbdcc rdp add`` / the RDP list. ``GET /admin/v1/rdps`` every RDP; ``POST /admin/v1/rdps`` registers one
(the same ID, name and fuel again: unchanged, 200; a clash: 409). Their files go to
``POST /admin/v1/rdp/{rdp_id}/files`` (``admin_rdp``). Auth as every admin endpoint."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import errors, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel, Rdp, RdpConflict
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.registration import add_rdp, list_rdps

PREFIX = "/admin/v1/rdps"


class CadenceOut(BaseModel):
    monthly_from: date | None
    daily_from: date | None


class RdpOut(BaseModel):
    rdp_id: str
    name: str
    fuel: Fuel
    next_sequence: int
    files: CadenceOut = Field(description="RDP→DCC Registration Data files (R-REG-2)")
    status: CadenceOut = Field(description="DCC→RDP status files (R-REG-2)")
    added_on: date | None
    last_status_on: date | None


class RdpsOut(BaseModel):
    rdps: list[RdpOut]


class RdpIn(BaseModel):
    rdp_id: str = Field(max_length=64, description="1-32 letters, digits, _ or -")
    fuel: Fuel
    name: str = Field(max_length=400)
    first_sequence: int = Field(1, ge=0, le=2**31 - 1, description="The sequence number of its first file")
    files_monthly_from: date | None = Field(None, description="Monthly RDP→DCC files from (default today)")
    files_daily_from: date | None = Field(None, description="Daily files from (default GBDCC_RDP_DAILY_FILES_FROM)")
    status_monthly_from: date | None = Field(None, description="Monthly status files from (default today)")
    status_daily_from: date | None = Field(None, description="Daily status files from "
                                           "(default GBDCC_RDP_DAILY_STATUS_FROM)")


def as_out(rdp: Rdp) -> RdpOut:
    files, status = rdp.cadences.files, rdp.cadences.status
    return RdpOut(rdp_id=rdp.rdp_id, name=rdp.name, fuel=rdp.fuel, next_sequence=rdp.next_sequence,
                  files=CadenceOut(monthly_from=files.monthly_from, daily_from=files.daily_from),
                  status=CadenceOut(monthly_from=status.monthly_from, daily_from=status.daily_from),
                  added_on=rdp.added_on, last_status_on=rdp.last_status_on)


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None,
           daily_files_from: date | None = None, daily_status_from: date | None = None) -> APIRouter:
    token = token or None
    api = APIRouter(prefix=PREFIX, tags=["rdps"])

    @api.get("", response_model=RdpsOut, responses=errors(), summary="Every registered RDP")
    async def every(request: Request) -> RdpsOut:
        check_caller(request, token)
        return RdpsOut(rdps=[as_out(r) for r in await run_in_threadpool(list_rdps, uow_factory)])

    @api.post("", status_code=201, response_model=RdpOut, responses={**errors(409, 422), 200: {
        "model": RdpOut, "description": "Registered already with the same name and fuel: unchanged"}},
        summary="Register an RDP (R-USER-2)")
    async def add(request: Request, response: Response, body: RdpIn) -> RdpOut:
        check_caller(request, token)
        today = clock.now().date()
        cadences = RdpCadences(Cadence(body.files_monthly_from or today, body.files_daily_from or daily_files_from),
                               Cadence(body.status_monthly_from or today,
                                       body.status_daily_from or daily_status_from))

        def register() -> tuple[Rdp, bool]:
            with uow_factory(read_only=True) as uow:
                known = uow.rdps.get(body.rdp_id)
            return add_rdp(uow_factory, body.rdp_id, body.fuel, body.name, cadences, added_on=today,
                           first_sequence=body.first_sequence), known is not None

        try:
            rdp, known = await run_in_threadpool(register)
        except RdpConflict as err:
            raise refusal(409, err) from None
        except GbdccError as err:  # the RDP ID, name or first sequence number
            raise refusal(422, err) from None
        if known:
            response.status_code = 200
        return as_out(rdp)

    return api

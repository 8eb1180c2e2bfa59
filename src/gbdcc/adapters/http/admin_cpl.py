"""Admin endpoints: upload SECCo's signed Certified Products List, and see the CPL in force (R-PKI-2).

``POST /admin/v1/cpl`` with the signed CPL file as the body: verified (signature, IKI chain, key usage,
SECCo as signer), read (canonical document, no Manufacturer Release Notes, R-SEC-3) and stored if its
version is above the one in force — 201 with the version's facts; 422 ``{"detail": {"code", "rule",
"reason"}}`` naming the rule that refused it; 413 over the size limit. ``GET /admin/v1/cpl`` the version in
force (``{"cpl_in_force": null}`` when none is loaded: enforcement off). Auth as every admin endpoint
(``admin_scenario.check_caller``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import read_limited, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.adapters.smki.cpl_file import MAX_FILE_BYTES
from gbdcc.domain.cpl import CplRecord
from gbdcc.domain.errors import CplError, CplMalformed, RequestTooLarge
from gbdcc.service.cpl.load import load_cpl
from gbdcc.service.cpl.ports import CplVerifier
from gbdcc.service.ports import Clock, UnitOfWorkFactory

PREFIX = "/admin/v1/cpl"


def describe(record: CplRecord) -> dict[str, Any]:
    return {"version": record.version, "issued_at": record.issued_at.isoformat(),
            "loaded_at": record.loaded_at.isoformat(), "signer": record.signer, "signer_serial": record.signer_serial,
            "party_signifier": record.party_signifier, "sha256": record.sha256, "device_models": record.entries}


def router(uow_factory: UnitOfWorkFactory, clock: Clock, verifier: CplVerifier, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["cpl"])

    def store(data: bytes) -> CplRecord:
        with uow_factory() as uow:
            record = load_cpl(uow, data, verifier, clock.now())
            uow.commit()
        return record

    @api.post("", status_code=201)
    async def upload(request: Request) -> dict[str, Any]:
        check_caller(request, token)
        try:
            data = await read_limited(request, MAX_FILE_BYTES)
        except RequestTooLarge:
            raise refusal(413, CplMalformed(f"a signed CPL file is at most {MAX_FILE_BYTES} bytes")) from None
        try:
            record = await run_in_threadpool(store, data)
        except CplError as err:
            raise refusal(422, err) from None
        return describe(record)

    @api.get("")
    def in_force(request: Request) -> dict[str, Any]:
        check_caller(request, token)
        with uow_factory(read_only=True) as uow:
            record = uow.cpl.in_force()
        return {"cpl_in_force": None if record is None else describe(record)}

    return api

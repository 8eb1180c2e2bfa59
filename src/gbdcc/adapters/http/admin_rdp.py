"""Admin API for RDPs: upload a Registration Data file, get the response file back (``docs/rdp-files.md``).

``POST /admin/v1/rdp/{rdp_id}/files`` — the body is the file (``text/csv``); the answer is the response file:
200 when the file was accepted and applied, 422 when it was refused (nothing changed; the response names each
bad line), with the DCC's file id in ``X-GBDCC-File-Id``. A file whose header names another RDP than the
path is refused. ``GET /admin/v1/rdp/files/{file_id}/response`` returns a stored response file again.

Auth is the admin API's bearer token (``GBDCC_ADMIN_TOKEN``): ``Authorization: Bearer <token>``, compared in
constant time; a wrong or missing token gets 401. ``GBDCC_RDP_ADMIN_TOKEN``, this API's own token before the
admin token covered it, is still accepted here as a DEPRECATED alias (a warning is logged on each use).
Without either token configured the API refuses every call (403) — it is off by default. Bodies over
``max_bytes`` get 413 while streaming. Refusals are ``{"detail": {"code", "rule", "reason"}}``.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import RowId, errors, read_limited, refusal
from gbdcc.adapters.observability.logging import get_logger
from gbdcc.adapters.rdp.files import MAX_FILE_BYTES, CsvRegistrationFiles, read_bytes
from gbdcc.domain.errors import AdminInvalid, AdminNotFound, AdminRequestRefused, RequestTooLarge
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.registration import RegistrationLoad

RESPONSE_TYPE = "text/csv"
log = get_logger("gbdcc.admin.rdp")


def _authorised(token: str | None, legacy_token: str | None, header: str | None) -> None:
    if not token and not legacy_token:
        raise refusal(403, AdminRequestRefused("the RDP admin API is off: set GBDCC_ADMIN_TOKEN to turn it on"))
    scheme, _, given = (header or "").partition(" ")
    offered = given.strip().encode()
    if scheme.lower() == "bearer" and token and hmac.compare_digest(offered, token.encode()):
        return
    if scheme.lower() == "bearer" and legacy_token and hmac.compare_digest(offered, legacy_token.encode()):
        log.warning("rdp_admin_token_deprecated", detail="GBDCC_RDP_ADMIN_TOKEN is deprecated: use GBDCC_ADMIN_TOKEN")
        return
    raise refusal(401, AdminRequestRefused("Authorization: Bearer <GBDCC_ADMIN_TOKEN> is required"),
                  {"WWW-Authenticate": "Bearer"})


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None, lenient: bool = False,
           max_bytes: int = MAX_FILE_BYTES, legacy_token: str | None = None) -> APIRouter:
    """The admin routes over the instance's storage (``app.include_router(router(...))``); ``token`` is
    ``GBDCC_ADMIN_TOKEN``, ``legacy_token`` the deprecated ``GBDCC_RDP_ADMIN_TOKEN``."""
    load = RegistrationLoad(uow_factory, clock, CsvRegistrationFiles(), lenient=lenient)
    api = APIRouter(prefix="/admin/v1/rdp", tags=["RDP administration"])

    @api.post("/{rdp_id}/files", response_class=Response, summary="Upload a Registration Data file",
              responses={**errors(413), 200: {"content": {RESPONSE_TYPE: {}}, "description": "Accepted: the "
                         "response file"}, 422: {"content": {RESPONSE_TYPE: {}}, "description": "Refused: the "
                         "response file names each bad line"}})
    async def upload(rdp_id: str, request: Request) -> Response:
        _authorised(token, legacy_token, request.headers.get("authorization"))
        try:
            data = await read_limited(request, max_bytes)
        except RequestTooLarge:
            raise refusal(413, AdminInvalid(f"the file exceeds the {max_bytes:,}-byte limit",
                                            rule="RDP-FILE-SIZE")) from None
        incoming = read_bytes(data, source="upload", name=request.headers.get("x-file-name"), max_bytes=max_bytes)
        loaded = await run_in_threadpool(load, incoming, expected_rdp=rdp_id)
        return Response(loaded.response, status_code=200 if loaded.outcome.accepted else 422,
                        media_type=RESPONSE_TYPE, headers={"X-GBDCC-File-Id": str(loaded.outcome.file_id)})

    @api.get("/files/{file_id}/response", response_class=Response, summary="A stored response file",
             responses={**errors(404), 200: {"content": {RESPONSE_TYPE: {}}, "description": "The response file"}})
    async def response(file_id: RowId, request: Request) -> Response:
        _authorised(token, legacy_token, request.headers.get("authorization"))

        def read() -> bytes | None:
            with uow_factory(read_only=True) as uow:
                record = uow.rdps.file(file_id)
            return None if record is None else record.response

        body = await run_in_threadpool(read)
        if body is None:
            raise refusal(404, AdminNotFound(f"no Registration Data file {file_id}"))
        return Response(body, media_type=RESPONSE_TYPE)

    return api

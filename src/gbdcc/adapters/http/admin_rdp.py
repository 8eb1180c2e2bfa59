"""Admin API for RDPs: upload a Registration Data file, get the response file back (``docs/rdp-files.md``).

``POST /admin/v1/rdp/{rdp_id}/files`` — the body is the file (``text/csv``); the answer is the response file:
200 when the file was accepted and applied, 422 when it was refused (nothing changed; the response names each
bad line), with the DCC's file id in ``X-GBDCC-File-Id``. A file whose header names another RDP than the
path is refused. ``GET /admin/v1/rdp/files/{file_id}/response`` returns a stored response file again.

Auth is one shared bearer token from the settings (``GBDCC_RDP_ADMIN_TOKEN``): ``Authorization: Bearer
<token>``, compared in constant time; a wrong or missing token gets 401. Without a token configured the API
refuses every call (403) — it is off by default. Bodies over ``max_bytes`` get 413 while streaming.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.rdp.files import MAX_FILE_BYTES, CsvRegistrationFiles, read_bytes
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.registration import RegistrationLoad

RESPONSE_TYPE = "text/csv"


def _authorised(token: str | None, header: str | None) -> None:
    if not token:
        raise HTTPException(403, "the RDP admin API is off: set GBDCC_RDP_ADMIN_TOKEN to turn it on")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})


async def _body(request: Request, limit: int) -> bytes:
    size = 0
    chunks: list[bytes] = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the file exceeds the {limit:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def router(uow_factory: UnitOfWorkFactory, clock: Clock, *, token: str | None, lenient: bool = False,
           max_bytes: int = MAX_FILE_BYTES) -> APIRouter:
    """The admin routes over the instance's storage (``app.include_router(router(...))``)."""
    load = RegistrationLoad(uow_factory, clock, CsvRegistrationFiles(), lenient=lenient)
    api = APIRouter(prefix="/admin/v1/rdp", tags=["RDP administration"])

    @api.post("/{rdp_id}/files", response_class=Response, summary="Upload a Registration Data file")
    async def upload(rdp_id: str, request: Request) -> Response:
        _authorised(token, request.headers.get("authorization"))
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > max_bytes):
            raise HTTPException(413, f"the file exceeds the {max_bytes:,}-byte limit")
        data = await _body(request, max_bytes)
        incoming = read_bytes(data, source="upload", name=request.headers.get("x-file-name"), max_bytes=max_bytes)
        loaded = await run_in_threadpool(load, incoming, expected_rdp=rdp_id)
        return Response(loaded.response, status_code=200 if loaded.outcome.accepted else 422,
                        media_type=RESPONSE_TYPE, headers={"X-GBDCC-File-Id": str(loaded.outcome.file_id)})

    @api.get("/files/{file_id}/response", response_class=Response, summary="A stored response file")
    async def response(file_id: int, request: Request) -> Response:
        _authorised(token, request.headers.get("authorization"))

        def read() -> bytes | None:
            with uow_factory(read_only=True) as uow:
                record = uow.rdps.file(file_id)
            return None if record is None else record.response

        body = await run_in_threadpool(read)
        if body is None:
            raise HTTPException(404, f"no Registration Data file {file_id}")
        return Response(body, media_type=RESPONSE_TYPE)

    return api

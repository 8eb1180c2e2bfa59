"""What every admin JSON API router shares: the refusal body ``{"detail": {"code", "rule", "reason"}}`` and
its OpenAPI description, so each operation documents the errors it answers with."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

from fastapi import HTTPException, Path, Query, Request
from pydantic import BaseModel

from gbdcc.domain.errors import GbdccError, RequestTooLarge
from gbdcc.domain.ids import Eui64


class ErrorDetail(BaseModel):
    code: str
    rule: str
    reason: str


class ErrorBody(BaseModel):
    """A refusal of the admin API."""

    detail: ErrorDetail


_WHY = {
    400: "The request cannot be used (refusal body names the rule)",
    401: "Authorization: Bearer <GBDCC_ADMIN_TOKEN> missing or wrong",
    403: "No admin token configured and the caller is not on this machine",
    404: "Not found",
    409: "Conflicts with what is stored or running",
    413: "Body over the size limit",
    422: "Invalid body or parameter",
}


async def read_limited(request: Request, limit: int) -> bytes:
    """Read the body, refusing (``RequestTooLarge``) as soon as it exceeds ``limit`` bytes — a declared
    Content-Length over it before reading anything — so no oversized body is ever buffered."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and (len(declared) > 18 or
                                                                                int(declared) > limit):
        raise RequestTooLarge(f"request body of {declared} bytes exceeds the {limit}-byte limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge(f"request body exceeds the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def refusal(status: int, err: GbdccError, headers: dict[str, str] | None = None) -> HTTPException:
    return HTTPException(status, {"code": err.code, "rule": err.rule, "reason": err.reason}, headers=headers)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for an operation: the auth refusals (401, 403) and ``statuses``. A 422 keeps
    FastAPI's own validation body in the schema (FastAPI adds it for operations with parameters)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in sorted({401, 403, *statuses}):
        documented[status] = ({"description": _WHY[422]} if status == 422 else
                              {"model": ErrorBody, "description": _WHY.get(status, "Refused")})
    return documented


#: A stored row's id in a path: SQL keeps 64-bit signed integers (a larger one would fail in the driver).
RowId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A stored id")]
#: How many rows a listing returns at most.
Limit = Annotated[int, Query(ge=1, le=10_000, description="At most this many")]


def to_json(value: Any) -> Any:
    """A domain value as JSON: EUI-64s as text, dates as ISO 8601, enums by value, dataclasses as objects."""
    if isinstance(value, Eui64):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    return value

"""What every admin JSON API router shares: the refusal body ``{"detail": {"code", "rule", "reason"}}`` and
its OpenAPI description, so each operation documents the errors it answers with."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Path, Query
from pydantic import BaseModel

from gbdcc.domain.errors import GbdccError


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

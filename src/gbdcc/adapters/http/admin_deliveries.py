"""Admin endpoints: the failed-delivery queue (DUIS: responses and alerts a User's receiver did not take within
the 300-second retry window wait there 2 days), as ``gbdcc deliveries``. ``GET /admin/v1/deliveries/failed``
lists it oldest first (``user_id`` filter); ``POST …/failed/{message_id}/redeliver`` puts one back for
delivery now (404 if it is not in the queue); ``POST …/failed/redeliver`` all of it (or one User's).
Auth as every admin endpoint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import Limit, RowId, errors, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.delivery import DeliveryState, OutboundMessage
from gbdcc.domain.errors import AdminNotFound, GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.service.device.delivery import DeliveryStage
from gbdcc.service.ports import UnitOfWorkFactory

PREFIX = "/admin/v1/deliveries"


class FailedMessage(BaseModel):
    message_id: int
    user_id: str
    kind: str
    response_id: str
    request_id: str | None
    response_code: str | None
    attempts: int
    first_attempt_at: datetime | None
    failed_at: datetime | None
    last_error: str | None


class FailedQueue(BaseModel):
    messages: list[FailedMessage]


class Requeued(BaseModel):
    requeued: int


def as_out(m: OutboundMessage) -> FailedMessage:
    return FailedMessage(message_id=m.message_id or 0, user_id=str(m.user_id), kind=m.kind.value,
                         response_id=m.response_id, request_id=m.request_id, response_code=m.response_code,
                         attempts=m.attempts, first_attempt_at=m.first_attempt_at, failed_at=m.failed_at,
                         last_error=m.last_error)


def _user(text: str | None) -> Eui64 | None:
    try:
        return None if text is None else Eui64.parse(text)
    except GbdccError as err:
        raise refusal(422, err) from None


def router(uow_factory: UnitOfWorkFactory, delivery: DeliveryStage, *, token: str | None,
           notify: Callable[[], None] | None = None) -> APIRouter:
    """``notify`` wakes a running pipeline's delivery relays after a re-delivery."""
    token = token or None
    api = APIRouter(prefix=PREFIX, tags=["deliveries"])

    def requeue(ids: list[int] | None, user_id: Eui64 | None) -> int:
        n = delivery.redeliver(ids, user_id)
        if n and notify is not None:
            notify()
        return n

    @api.get("/failed", response_model=FailedQueue, responses=errors(422), summary="The failed-delivery queue")
    async def failed(request: Request, user_id: Annotated[str | None, Query(max_length=64)] = None,
                     limit: Limit = 1000) -> FailedQueue:
        check_caller(request, token)
        user = _user(user_id)

        def read() -> list[OutboundMessage]:
            with uow_factory(read_only=True) as uow:
                return list(uow.messages.by_state(DeliveryState.FAILED, user, limit))

        return FailedQueue(messages=[as_out(m) for m in await run_in_threadpool(read)])

    @api.post("/failed/redeliver", response_model=Requeued, responses=errors(422),
              summary="Re-deliver the whole failed-delivery queue (or one User's part)")
    async def redeliver_all(request: Request,
                            user_id: Annotated[str | None, Query(max_length=64)] = None) -> Requeued:
        check_caller(request, token)
        user = _user(user_id)
        return Requeued(requeued=await run_in_threadpool(requeue, None, user))

    @api.post("/failed/{message_id}/redeliver", response_model=Requeued, responses=errors(404, 422),
              summary="Re-deliver one message of the failed-delivery queue")
    async def redeliver_one(request: Request, message_id: RowId) -> Requeued:
        check_caller(request, token)
        n = await run_in_threadpool(requeue, [message_id], None)
        if not n:
            raise refusal(404, AdminNotFound(f"message {message_id} is not in the failed-delivery queue",
                                             rule="DUIS-DELIVERY"))
        return Requeued(requeued=n)

    return api

"""HTTP adapter: the DUIS web services at the DCC Boxed paths, health and metrics.

``POST /api/v1/serviceD`` (Non-Device / DCC only: CV 2, 6, 8), ``/api/v1/serviceS`` (Send Command: CV 1, 3,
5, 7), ``/api/v1/serviceT`` (Transform: CV 4), ``application/xml``. Bodies over the size limit are refused
with 413 while streaming, before they are read whole. The gateway runs in a worker thread (it does
database I/O); the reply is sent only after the request and response are durably stored.

HTTP status: every DUIS Response travels with 200 and its code in the body — as DCC Boxed answers, and
what its clients expect (they treat any other status as a transport failure and never read the body).
Only input that yields no DUIS Response gets an error status, mapped from the error tree here at the
edge (:data:`ERROR_STATUS`): 413 over the size limit, 400 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from gbdcc import __version__
from gbdcc.adapters.http.admin_common import read_limited
from gbdcc.adapters.observability.health import DatabaseHealth, HealthReport
from gbdcc.adapters.observability.logging import get_logger
from gbdcc.adapters.observability.metrics import Metrics
from gbdcc.domain.catalogue import WebService
from gbdcc.domain.errors import GbdccError, RequestTooLarge
from gbdcc.service.gateway import DuisGateway, GatewayReply

DUIS_CONTENT_TYPE = "application/xml"
log = get_logger("gbdcc.duis")


#: HTTP status of a refusal that carries no DUIS Response (most specific error class first).
ERROR_STATUS: tuple[tuple[type[GbdccError], int], ...] = ((RequestTooLarge, 413), (GbdccError, 400))


def status_for_error(err: GbdccError) -> int:
    """The HTTP status of a refusal that carries no DUIS Response."""
    return next(status for kind, status in ERROR_STATUS if isinstance(err, kind))


def http_status(reply: GatewayReply) -> int:
    if reply.duis or reply.error is None:
        return 200
    return status_for_error(reply.error)


def _reply(reply: GatewayReply) -> Response:
    return Response(content=reply.body, status_code=http_status(reply), media_type=reply.content_type,
                    headers=dict(reply.headers))


def create_app(gateway: DuisGateway, *, max_request_bytes: int, metrics: Metrics | None = None,
               health: Callable[[], HealthReport] | None = None) -> FastAPI:
    """Build the ASGI app around a gateway (composition happens in ``gbdcc.bootstrap``); ``metrics`` are
    served at ``/metrics`` (the instance's, with its stages' figures), ``health`` at ``/healthz``."""
    app = FastAPI(title="gbdcc", version=__version__,
                  description="GB smart metering DCC: DUIS web services and administration")
    metrics = metrics or Metrics()

    def count(reply: GatewayReply, web_service: WebService) -> None:
        metrics.requests.labels(web_service.value, reply.decision.response_code).inc()
        metrics.gateway.labels(reply.srv or "unknown", reply.decision.response_code).inc()

    async def handle(request: Request, web_service: WebService) -> Response:
        with metrics.latency.labels(web_service.value).time():
            try:
                raw = await read_limited(request, max_request_bytes)
            except RequestTooLarge as err:
                reply = await run_in_threadpool(gateway.refuse_unread, web_service, err)
                count(reply, web_service)
                return _reply(reply)
            reply = await run_in_threadpool(gateway.submit, raw, web_service)
            count(reply, web_service)
            log.info("duis_request", web_service=web_service.value, request_id=reply.request_id, bytes=len(raw),
                     response_code=reply.decision.response_code, rule=reply.decision.rule,
                     error_code=reply.error_code, reason=reply.decision.reason)
            return _reply(reply)

    for ws in WebService:
        async def endpoint(request: Request, _ws: WebService = ws) -> Response:
            return await handle(request, _ws)

        app.add_api_route(ws.path, endpoint, methods=["POST"], name=ws.name.lower(),
                          summary=f"DUIS {ws.value}", response_class=Response)

    @app.get("/healthz", response_model=HealthReport, tags=["observability"],
             responses={503: {"model": HealthReport, "description": "The database does not answer"}})
    async def healthz() -> Response:
        """The database and each pipeline stage (503 when the database does not answer)."""
        report = await run_in_threadpool(health) if health is not None else HealthReport(
            status="ok", version=__version__, database=DatabaseHealth(reachable=True), stages=[],
            failed_deliveries=0)
        return JSONResponse(report.model_dump(mode="json"), status_code=200 if report.database.reachable else 503)

    @app.get("/metrics", tags=["observability"], response_class=Response)
    async def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app

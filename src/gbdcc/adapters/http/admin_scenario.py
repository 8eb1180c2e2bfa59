"""Admin endpoint: play scenarios on the running instance's SIMULATED estate (``gbdcc scenario run``).

``POST /admin/v1/scenarios`` with a scenario file (TOML, ``docs/scenarios.md``) as the body → 201
``{"id", "name", "events_scheduled", "premises", "meters", …}`` once every event is prepared and scheduled;
``GET /admin/v1/scenarios/{id}`` its progress (events started / done, alerts raised, premises and meters
touched, per event); ``GET /admin/v1/scenarios`` every play since the start; ``DELETE …/{id}`` stops it:
what is in progress ends now (outages restored, failed hubs back), the rest is cancelled.

Refusals are JSON ``{"detail": {"code": "GBDCC-82x", "rule": …, "reason": …}}``: 400 for an invalid scenario
(the reason names the event), 404 for an unknown id, 413 over :data:`MAX_SCENARIO_BYTES`, 401 / 403 below.

Auth: with ``GBDCC_ADMIN_TOKEN`` set, callers must send ``Authorization: Bearer <token>`` (401 otherwise);
unset, only loopback callers (127.0.0.0/8, ::1) are served (403 for others) — an instance on a shared
network should set the token.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.wan.scenario.errors import AdminRefused, ScenarioInvalid, ScenarioUnknown
from gbdcc.adapters.wan.scenario.parser import parse_scenario
from gbdcc.adapters.wan.scenario.player import ScenarioPlayer
from gbdcc.adapters.wan.scenario.sites import NoSites, SqlSites
from gbdcc.domain.incidents.model import IncidentPolicy
from gbdcc.service.incidents.automatic import OutageIncidents

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

PREFIX = "/admin/v1/scenarios"
MAX_SCENARIO_BYTES = 1024 * 1024


def _loopback(host: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(host or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped is not None and mapped.is_loopback)


def check_caller(request: Request, token: str | None) -> None:
    """Raise 401 / 403 unless the caller may use the admin endpoints (module docstring)."""
    if token is None:
        host = request.client.host if request.client is not None else None
        if not _loopback(host):
            raise refusal(403, AdminRefused(f"caller {host} is not on this machine: set GBDCC_ADMIN_TOKEN on "
                                             "the instance to serve admin requests from elsewhere"))
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise refusal(401, AdminRefused("admin requests need Authorization: Bearer <GBDCC_ADMIN_TOKEN>"),
                       {"WWW-Authenticate": "Bearer"})


def scenario_router(player: ScenarioPlayer, *, token: str | None) -> APIRouter:
    """The scenario admin endpoints over ``player`` (``token``: ``GBDCC_ADMIN_TOKEN``; None or empty: loopback
    callers only)."""
    token = token or None
    router = APIRouter(prefix=PREFIX, tags=["admin"])

    async def body(request: Request) -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_SCENARIO_BYTES:
                raise refusal(413, ScenarioInvalid(f"scenario over {MAX_SCENARIO_BYTES} bytes"))
            chunks.append(chunk)
        return b"".join(chunks)

    @router.post("", status_code=201, summary="Play a scenario (TOML body)")
    async def start(request: Request) -> dict[str, object]:
        check_caller(request, token)
        raw = await body(request)
        try:
            scenario = parse_scenario(raw)
            played = await run_in_threadpool(player.play, scenario)
        except ScenarioInvalid as err:
            raise refusal(400, err) from None
        return {**player.progress(played.id), "progress": f"{PREFIX}/{played.id}"}

    @router.get("", summary="Every scenario played since the instance started")
    async def every(request: Request) -> list[dict[str, object]]:
        check_caller(request, token)
        return player.plays()

    @router.get("/{play_id}", summary="A scenario's progress")
    async def progress(play_id: str, request: Request) -> dict[str, object]:
        check_caller(request, token)
        try:
            return player.progress(play_id)
        except ScenarioUnknown as err:
            raise refusal(404, err) from None

    @router.delete("/{play_id}", summary="Stop a scenario: end what is in progress, cancel the rest")
    async def stop(play_id: str, request: Request) -> dict[str, object]:
        check_caller(request, token)
        try:
            return await run_in_threadpool(player.stop, play_id)
        except ScenarioUnknown as err:
            raise refusal(404, err) from None

    return router


def outage_incidents(instance: Instance) -> OutageIncidents:
    """The player's outage observer: one incident per CSP region outage (R-INC-1), categorised by size."""
    s = instance.settings
    return OutageIncidents(instance.uow_factory,
                           IncidentPolicy.from_settings(s.incident_target_hours, s.incident_outage_premises))


def scenario_admin(instance: Instance) -> APIRouter:
    """The scenario admin endpoints of an instance (its simulated SM WAN and SMI; ``GBDCC_ADMIN_TOKEN``)."""
    sites = SqlSites(instance.engine) if instance.engine is not None else NoSites()
    player = ScenarioPlayer(instance.pipeline.wan, sites, outage_incidents(instance))  # R-INC-1
    return scenario_router(player, token=instance.settings.admin_token)

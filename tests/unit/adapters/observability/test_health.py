"""The health report: degraded when the database does not answer (503 at ``/healthz``) or a running stage's
relay thread has died; ``/admin/v1/health`` the same behind the admin token."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.observability.health import HealthCheck
from gbdcc.adapters.observability.store_stats import StoreStats
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    return bootstrap.open_instance(Settings(data_dir=tmp_path, admin_token="t"), clock=clock,
                                   scheduler=VirtualScheduler(clock))


class Down(StoreStats):
    def ping(self) -> None:
        raise ConnectionError("database is down")


def test_a_dead_relay_thread_makes_the_instance_degraded(instance: bootstrap.Instance) -> None:
    names = [r.name for r in instance.pipeline.relays]
    alive = dict.fromkeys(names, True)
    check = HealthCheck(StoreStats(instance.engine), instance.pipeline.relays, lambda: alive)
    assert check().status == "ok" and all(s.alive for s in check().stages)
    alive[names[1]] = False
    report = check()
    assert report.status == "degraded" and [s.name for s in report.stages if s.alive is False] == [names[1]]


def test_an_unreachable_database_is_reported_with_503(instance: bootstrap.Instance) -> None:
    report = HealthCheck(Down(instance.engine), instance.pipeline.relays)()
    assert report.status == "degraded" and report.database.reachable is False
    assert report.database.error == "ConnectionError"


def test_the_admin_health_endpoint_needs_the_token(instance: bootstrap.Instance) -> None:
    client = TestClient(bootstrap.build_app(instance))
    assert client.get("/admin/v1/health").status_code == 401
    body = client.get("/admin/v1/health", headers={"Authorization": "Bearer t"}).json()
    assert body["database"]["reachable"] is True and len(body["stages"]) == len(instance.pipeline.relays)


def test_the_embedded_runner_reports_its_relays_alive(instance: bootstrap.Instance) -> None:
    runner = bootstrap.start_pipeline(instance)
    try:
        client = TestClient(bootstrap.build_app(instance, runner))
        stages = client.get("/healthz").json()["stages"]
        assert stages and all(s["alive"] is True for s in stages)
    finally:
        runner.stop()
    assert set(runner.alive().values()) == {False}


def test_healthz_answers_503_when_the_database_does_not(instance: bootstrap.Instance) -> None:
    from gbdcc.adapters.http.app import create_app

    app = create_app(instance.gateway, max_request_bytes=1024,
                     health=HealthCheck(Down(instance.engine), instance.pipeline.relays))
    reply = TestClient(app).get("/healthz")
    assert reply.status_code == 503 and reply.json()["database"] == {"reachable": False, "error": "ConnectionError"}

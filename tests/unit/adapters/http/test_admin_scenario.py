"""The scenario admin endpoints: who may call them (bearer token, or loopback only when none is set), what
they answer (201 with the scenario id and what was scheduled, progress, stop) and the refusals (400 naming
the event, 404, 413) — over a real instance in virtual time (SQLite, the SIMULATED SM WAN)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.http.admin_scenario import MAX_SCENARIO_BYTES, PREFIX, scenario_router
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.scenario.player import ScenarioPlayer
from gbdcc.adapters.wan.scenario.sites import SqlSites
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings

LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)
SCENARIO = '[[event]]\ntype = "power_outage"\ncount = 2\nduration = "10m"\n'


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    inst = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, scheduler=VirtualScheduler(clock))
    ensure_estate(inst, 6, parties=ensure_demo_parties(inst).estate)
    return inst


def client(instance: bootstrap.Instance, *, token: str | None = None, caller: tuple[str, int] = LOCAL) -> TestClient:
    app = FastAPI()
    assert instance.engine is not None
    app.include_router(scenario_router(ScenarioPlayer(instance.pipeline.wan, SqlSites(instance.engine)), token=token))
    return TestClient(app, client=caller)


def test_a_loopback_caller_plays_a_scenario_and_follows_its_progress(instance: bootstrap.Instance) -> None:
    c = client(instance)
    r = c.post(PREFIX, content=SCENARIO, headers={"content-type": "application/toml"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["events_scheduled"] == 1 and body["premises"] == 2 and body["state"] == "playing"
    assert body["progress"] == f"{PREFIX}/{body['id']}"
    scheduler = instance.pipeline.sm_wan.scheduler
    assert isinstance(scheduler, VirtualScheduler)
    scheduler.advance(11 * 60)
    done = c.get(body["progress"]).json()
    assert done["state"] == "done" and done["events_done"] == 1 and done["elapsed_s"] == 600
    assert done["alerts_raised"] == 2 * done["meters"]
    assert [p["id"] for p in c.get(PREFIX).json()] == [body["id"]]


@pytest.mark.parametrize("token", [None, ""])
def test_without_a_token_only_loopback_callers_are_served(instance: bootstrap.Instance, token: str | None) -> None:
    c = client(instance, token=token, caller=REMOTE)
    r = c.post(PREFIX, content=SCENARIO, headers={"authorization": "Bearer "})
    assert r.status_code == 403
    assert r.json()["detail"]["code"] == "GBDCC-823" and "GBDCC_ADMIN_TOKEN" in r.json()["detail"]["reason"]
    assert client(instance, token=token, caller=("::1", 1)).get(PREFIX).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "s3cret"])
def test_with_a_token_every_caller_needs_it(instance: bootstrap.Instance, header: str | None) -> None:
    c = client(instance, token="s3cret")
    r = c.get(PREFIX, headers={"authorization": header} if header else {})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json()["detail"]["code"] == "GBDCC-823"


def test_the_right_bearer_token_is_accepted_from_anywhere(instance: bootstrap.Instance) -> None:
    c = client(instance, token="s3cret", caller=REMOTE)
    r = c.post(PREFIX, content=SCENARIO, headers={"authorization": "Bearer s3cret"})
    assert r.status_code == 201


def test_an_invalid_scenario_is_refused_naming_the_event(instance: bootstrap.Instance) -> None:
    c = client(instance)
    r = c.post(PREFIX, content=SCENARIO + '[[event]]\ntype = "tamper"\nkind = "tilt"\n')
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail["code"] == "GBDCC-821" and detail["rule"] == "SCENARIO"
    assert detail["reason"].startswith("event 2 (tamper): an ESME does not raise tilt alerts")
    assert c.get(PREFIX).json() == []  # nothing was scheduled


def test_a_device_not_in_the_smi_is_refused_before_anything_is_scheduled(instance: bootstrap.Instance) -> None:
    c = client(instance)
    r = c.post(PREFIX, content='[[event]]\ntype = "hub_failure"\ndevices = ["00-00-00-00-00-00-00-01"]\n')
    assert r.status_code == 400 and "not in the SMI: 00-00-00-00-00-00-00-01" in r.json()["detail"]["reason"]


def test_an_instant_in_the_past_is_refused(instance: bootstrap.Instance) -> None:
    r = client(instance).post(PREFIX, content=SCENARIO + "at = 2026-06-01T08:00:00Z\n")
    assert r.status_code == 400
    assert r.json()["detail"]["reason"] == ("event 1 (power_outage): at 2026-06-01T08:00:00+00:00 is in the past "
                                            "(now 2026-06-01T09:00:00+00:00)")


def test_unknown_ids_and_oversized_bodies(instance: bootstrap.Instance) -> None:
    c = client(instance)
    r = c.get(f"{PREFIX}/42")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "GBDCC-822"
    assert c.delete(f"{PREFIX}/42").status_code == 404
    assert c.post(PREFIX, content=b"#" * (MAX_SCENARIO_BYTES + 1)).status_code == 413


def test_stop_ends_what_is_in_progress(instance: bootstrap.Instance) -> None:
    c = client(instance)
    played = c.post(PREFIX, content=SCENARIO.replace('"10m"', '"10h"')).json()
    scheduler = instance.pipeline.sm_wan.scheduler
    assert isinstance(scheduler, VirtualScheduler)
    scheduler.advance(60)
    stopped = c.delete(f"{PREFIX}/{played['id']}").json()
    assert stopped["state"] == "stopped" and stopped["events_done"] == 1
    assert stopped["alerts_raised"] == 2 * stopped["meters"]  # the restore alerts went out at the stop
    assert "ended early" in stopped["events"][0]["notes"][-1]


def test_gbdcc_up_serves_the_scenario_endpoints(instance: bootstrap.Instance) -> None:
    c = TestClient(bootstrap.build_app(instance), client=LOCAL)
    assert c.get(PREFIX).json() == []
    assert c.post(PREFIX, content=SCENARIO).status_code == 201

"""``/admin/v1/estate/jobs``: SIMULATED estate generation as a job — 202 with its id, progress done / total /
state from another request, one job at a time — over a real instance (SQLite)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.http import admin_estate
from gbdcc.adapters.provisioning import estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings

TOKEN = "estate-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
URL = "/admin/v1/estate/jobs"


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    return bootstrap.open_instance(Settings(data_dir=tmp_path, admin_token=TOKEN, admin_estate_max_premises=50),
                                   clock=clock, scheduler=VirtualScheduler(clock))


def test_a_job_generates_the_premises_and_reports_its_progress(instance: bootstrap.Instance) -> None:
    jobs = admin_estate.EstateJobs(instance, max_premises=50)
    app = FastAPI()
    app.include_router(admin_estate.router(jobs, token=TOKEN))
    client = TestClient(app)
    started = client.post(URL, json={"premises": 3}, headers=AUTH)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["total"] == 3 and job["start_index"] == 0 and job["progress"] == f"{URL}/{job['id']}"
    jobs.wait(60)
    done = client.get(job["progress"], headers=AUTH).json()
    assert (done["state"], done["done"], done["total"]) == ("done", 3, 3) and done["devices"] > 3
    assert estate.next_free_index(instance) == 3
    second = client.post(URL, json={"premises": 2}, headers=AUTH)
    assert second.status_code == 202 and second.json()["start_index"] == 3  # appends after the first
    jobs.wait(60)
    assert [j["state"] for j in client.get(URL, headers=AUTH).json()["jobs"]] == ["done", "done"]
    taken = client.post(URL, json={"premises": 1, "start_index": 0}, headers=AUTH)
    assert taken.status_code == 409 and taken.json()["detail"]["rule"] == "ESTATE-APPEND"


def test_one_job_at_a_time(instance: bootstrap.Instance, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    seen: list[int] = []

    def slow(inst: bootstrap.Instance, premises: int, seed: int = 1, **kw: object) -> object:
        progress = kw["progress"]
        assert callable(progress)
        progress(1)
        seen.append(premises)
        release.wait(10)
        raise RuntimeError("stopped by the test")

    monkeypatch.setattr(estate, "generate_estate", slow)
    client = TestClient(bootstrap.build_app(instance))
    first = client.post(URL, json={"premises": 5}, headers=AUTH)
    assert first.status_code == 202
    busy = client.post(URL, json={"premises": 5}, headers=AUTH)
    assert busy.status_code == 409 and busy.json()["detail"]["code"] == "GBDCC-573"
    assert client.post(URL, json={"premises": 51}, headers=AUTH).status_code == 422  # over the setting
    release.set()
    for _ in range(200):
        state = client.get(f"{URL}/{first.json()['id']}", headers=AUTH).json()
        if state["state"] != "running":
            break
        threading.Event().wait(0.05)
    assert state["state"] == "failed" and "stopped by the test" in state["error"] and state["done"] == 1
    assert client.get(f"{URL}/999", headers=AUTH).status_code == 404

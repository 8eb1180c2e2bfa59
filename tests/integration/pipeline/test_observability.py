"""Observability over a real instance in virtual time: the Prometheus metrics per stage move as a Service
Request goes through (requests by SRV and response code, outbox depth, SIMULATED WAN round trip, delivery
attempts, failed queue), every log line of its handling carries its RequestID, and the health JSON reports
the database and each stage."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.observability.logging import json_formatter
from gbdcc.domain.inventory import DeviceType

from .conftest import Dcc

READ = "<sr:ReadInstantaneousImportRegisters/>"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the Prometheus text exposition (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Every gbdcc log line (DEBUG and up) as the JSON the instance writes."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(json_formatter())
    root = logging.getLogger("gbdcc")
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_metrics_per_stage_move_as_a_request_goes_through(dcc: Dcc) -> None:
    client = TestClient(bootstrap.build_app(dcc.instance))
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    before = client.get("/metrics").text
    assert sample(before, "gbdcc_gateway_requests_total", srv="4.1.1") == 0
    assert sample(before, "gbdcc_delivery_failed_queue") == 0
    reply = client.post("/api/v1/serviceS", content=signed, headers={"content-type": "application/xml"})
    assert reply.status_code == 200
    queued = client.get("/metrics").text
    assert sample(queued, "gbdcc_gateway_requests_total", srv="4.1.1", response_code="I99") == 1
    assert sample(queued, "gbdcc_duis_requests_total", web_service="serviceS", response_code="I99") == 1
    assert sample(queued, "gbdcc_outbox_depth", topic="request.admitted") == 1  # the transform stage's queue
    client.post("/api/v1/serviceS", content=b"<not-duis/>", headers={"content-type": "application/xml"})
    assert sample(client.get("/metrics").text, "gbdcc_gateway_requests_total", srv="unknown") == 1
    dcc.run()
    done = client.get("/metrics").text
    assert sample(done, "gbdcc_outbox_depth", topic="request.admitted") == 0
    assert sample(done, "gbdcc_wan_round_trip_seconds_count") == 1
    assert 0 < sample(done, "gbdcc_wan_round_trip_seconds_sum") < 120  # simulated seconds, both directions
    assert sample(done, "gbdcc_delivery_attempts_total", outcome="delivered") == 1


def test_failed_deliveries_are_counted_and_the_failed_queue_gauge_follows(dcc: Dcc) -> None:
    client = TestClient(bootstrap.build_app(dcc.instance))
    dcc.receivers.down.add(dcc.supplier.url)
    dcc.submit(dcc.request(dcc.supplier, dcc.first(DeviceType.ESME).device_id, "4.1.1", READ))
    dcc.run()
    text = client.get("/metrics").text
    assert sample(text, "gbdcc_delivery_attempts_total", outcome="failed") > 1  # first attempt and retries
    assert sample(text, "gbdcc_delivery_failed_queue") == 1
    assert sample(text, "gbdcc_delivery_retrying") == 0


def test_every_log_line_of_a_request_carries_its_request_id(dcc: Dcc, lines: io.StringIO) -> None:
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    reply = dcc.submit(signed)
    dcc.run()
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    mine = [r for r in records if r.get("request_id") == reply.request_id]
    assert {r["logger"] for r in mine} >= {"gbdcc.gateway", "gbdcc.relay", "gbdcc.delivery"}
    stage_lines = [r for r in records if r["logger"] == "gbdcc.relay" and
                   re.match(r"handling (request\.admitted|command\.transformed) ", r["event"])]
    assert stage_lines and all(r.get("request_id") == reply.request_id for r in stage_lines)
    assert all(r.get("request_id") == reply.request_id for r in records if r["logger"] in {"gbdcc.gateway",
                                                                                          "gbdcc.delivery"})


def test_health_reports_the_database_and_each_stage(dcc: Dcc) -> None:
    client = TestClient(bootstrap.build_app(dcc.instance))
    dcc.submit(dcc.request(dcc.supplier, dcc.first(DeviceType.ESME).device_id, "4.1.1", READ))
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["database"] == {"reachable": True, "error": None}
    stages = {s["name"]: s for s in body["stages"]}
    assert set(stages) == {r.name for r in dcc.instance.pipeline.relays}
    assert stages["stages"]["backlog"] == 1 and "request.admitted" in stages["stages"]["topics"]
    assert stages["stages"]["alive"] is None  # no relay threads in this process (virtual time)
    assert all(s["backlog"] == 0 for name, s in stages.items() if name.startswith("delivery-"))
    dcc.run()
    assert client.get("/healthz").json()["stages"][0]["backlog"] == 0

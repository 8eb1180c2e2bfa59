"""Scaled mode as a newcomer meets it (docs/scaling.md): ``gbdcc up --role all`` in one process on PostgreSQL and
NATS JetStream answers device requests end to end and reports its publisher and consumers in ``/healthz``; the
refusals of a role that cannot run are one line each. The SIMULATED SM WAN runs at 0.01× time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.integration.http_support import (
    DemoSupplier,
    Receiver,
    commissioned_esmes,
    free_port,
    group,
    receiver_url,
    request_id,
)
from tests.integration.scaled_support import ScaledDcc, require_services

from gbdcc.domain.ids import RequestId
from gbdcc.domain.requests import RequestState


@pytest.fixture(scope="module")
def services() -> None:
    require_services()


def gbdcc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gbdcc.cli.main", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False)


def test_role_all_answers_reads_and_critical_pairs_and_reports_its_stages(services: None, tmp_path: Path) -> None:
    port = free_port()
    dcc = ScaledDcc(tmp_path / "var", receiver_url(port), premises=10, all_in_one=True).start()
    receiver = Receiver(dcc.dcc_certificate(), port).start()
    supplier = DemoSupplier(dcc.data_dir, dcc.url)
    try:
        esmes = commissioned_esmes(10)
        base = time.time_ns() // 1000
        sent = []
        for i, esme in enumerate(esmes * 2):  # two reads per meter: a hub's second waits for its first
            raw = supplier.request(esme, "4.1.1", base + i)
            assert supplier.post(raw).response_code == "I99"
            sent.append(request_id(raw))
        cv4 = supplier.request(esmes[0], "7.2", base + 100)
        pre = supplier.post(cv4)
        assert pre.response_code == "I0"
        assert supplier.post(supplier.cv5(cv4, pre)).response_code == "I99"
        sent.append(request_id(cv4))
        receiver.wait_for(lambda got: set(sent) <= set(group(got)), 60)
        got = group(receiver.received())
        assert {got[rid][0].response_code for rid in sent} == {"I0"}
        with dcc.store()(read_only=True) as uow:
            assert {uow.requests.get(RequestId.parse(rid)).state for rid in sent} == {RequestState.RESPONDED}
        banner = dcc.log_path(dcc.procs[0]).read_text()
        assert "gbdcc scaled DCC, role all 'all-0'" in banner and f"stream {dcc.stream}" in banner
        health = httpx.get(f"{dcc.url}/healthz", timeout=5).json()
        assert health["status"] == "ok"
        assert {s["name"]: s["alive"] for s in health["stages"]} == {
            "publish-all-0": True, "consume-stages": True, "consume-delivery": True, "consume-wan": True}
    finally:
        supplier.close()
        receiver.stop()
        dcc.stop()


def test_a_role_that_cannot_run_is_one_line(tmp_path: Path) -> None:
    bad = gbdcc("up", "--role", "reactor", "--data-dir", str(tmp_path / "a"))
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("error: GBDCC-581 [SCALED-MODE] --role must be one of gateway, processor, wan, "
                                  "delivery, all, not 'reactor'")
    sqlite = gbdcc("up", "--role", "processor", "--data-dir", str(tmp_path / "b"), env={"GBDCC_DATABASE_URL": ""})
    assert sqlite.returncode == 2
    assert sqlite.stderr.startswith("error: GBDCC-581 [SCALED-MODE] scaled mode shares one system of record")
    no_broker = gbdcc("up", "--role", "processor", "--data-dir", str(tmp_path / "c"),
                      env={"GBDCC_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
                           "GBDCC_NATS_URL": "nats://127.0.0.1:1"})
    assert no_broker.returncode == 2
    assert no_broker.stderr.strip().startswith("error: GBDCC-580 [SCALED-MODE] NATS JetStream at nats://127.0.0.1:1 "
                                               "is not reachable")
    assert "Traceback" not in bad.stderr + sqlite.stderr + no_broker.stderr

"""Acceptance: the installation and operation journeys pass end to end over HTTP against a running
``gbdcc up`` (a separate process), with a real receiver, leaving the SMI in the states the IEWP requires."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.spare import spare_premises
from gbdcc.cli.demo import FIRST_SPARE
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_journeys_over_http_against_a_running_gbdcc_up(tmp_path: Path) -> None:
    data, port = tmp_path / "var", _free_port()
    env = {**os.environ, "GBDCC_WAN_TIME_SCALE": "0.01"}
    server = subprocess.Popen([sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(port), "--data-dir",
                               str(data), "--estate-premises", "20", "--smki-port", "0"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "gbdcc up did not start"
                time.sleep(0.3)
        demo = subprocess.run([sys.executable, "-m", "gbdcc.cli.main", "demo", "--url", f"http://127.0.0.1:{port}",
                               "--data-dir", str(data)], env=env, capture_output=True, text=True, timeout=300)
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "signed messages received and verified" in demo.stdout
    finally:
        server.terminate()
        server.wait(20)
    instance = bootstrap.open_instance(Settings(data_dir=data))
    p = spare_premises(FIRST_SPARE, Eui64.parse("90-B3-D5-1F-30-DE-00-0A"))
    with instance.uow_factory(read_only=True) as uow:
        status = {name: uow.inventory.get(eui).status.value  # type: ignore[union-attr]
                  for name, eui in (("chf", p.chf), ("gpf", p.gpf), ("esme", p.esme), ("gsme", p.gsme),
                                    ("ppmid", p.ppmid))}
    assert status == {"chf": "Commissioned", "gpf": "InstalledNotCommissioned", "esme": "Decommissioned",
                      "gsme": "Commissioned", "ppmid": "Commissioned"}

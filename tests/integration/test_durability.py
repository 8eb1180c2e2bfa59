"""Durable before acknowledging: a request answered I0 by a real ``gbdcc up`` process is in the database even
if that process is killed (SIGKILL) the moment the reply arrives."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx

from gbdcc import bootstrap
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import SmiStatus

ESME = "00-DB-12-34-56-78-90-B7"
PRENOTIFY = (f"<sr:DevicePrenotification><sr:DeviceID>{ESME}</sr:DeviceID><sr:DeviceManufacturer>AB01"
             "</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
             "</sr:DeviceType></sr:DevicePrenotification>")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_acknowledged_request_survives_sigkill(instance: bootstrap.Instance, supplier: Any) -> None:
    data_dir = instance.settings.data_dir
    instance.engine.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(port), "--data-dir", str(data_dir),
         "--estate-premises", "0", "--smki-port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        reply = httpx.post(f"http://127.0.0.1:{port}/api/v1/serviceD", content=supplier.request("12.2", PRENOTIFY),
                           headers={"Content-Type": "application/xml"}, timeout=30)
        server.send_signal(signal.SIGKILL)
        assert reply.headers["X-GBDCC-Response-Code"] == "I0"
    finally:
        server.kill()
        server.wait(10)
    reopened = bootstrap.open_instance(Settings(data_dir=data_dir))
    with reopened.uow_factory() as uow:
        device = uow.inventory.get(Eui64.parse(ESME))
        stored = [r for r in uow.audit.recent(10) if r.srv == "12.2"]
    assert device is not None and device.status is SmiStatus.PENDING
    assert {r.direction for r in stored} == {"in", "out"}
    assert any(r.body == reply.content for r in stored if r.direction == "out")

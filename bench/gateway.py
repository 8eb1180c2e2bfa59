"""DUIS gateway throughput, SQLite and PostgreSQL side by side in one run.

Each backend gets a fresh instance (SQLite file in a temp dir; a fresh PostgreSQL database created and dropped
here), one supplier User with keys from the instance's PKI, and N pre-signed 8.2 Read Inventory requests. The
gateway use case runs each request end to end — safe parse, certificate lookup, XML signature verification,
counter, inventory read, signed response, audit of request and response, commit — single-threaded.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from gbdcc import bootstrap
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.provisioning.hubs import RTDS_CHF, deliver_rtds_hub
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
USER = "90-B3-D5-1F-30-01-00-00"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class GatewayFigures:
    backend: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _requests(instance: bootstrap.Instance, keys: Path, n: int, user: str = USER) -> list[bytes]:
    key = load_signing_key((keys / "xml-sign.key").read_bytes())
    cert = load_certificate((keys / "xml-sign.pem").read_bytes())
    body = f"<sr:ReadInventory><sr:DeviceID>{RTDS_CHF}</sr:DeviceID></sr:ReadInventory>"
    out = []
    for i in range(1, n + 1):
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{user}:'
               f"90-B3-D5-1F-30-00-00-02:{i}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant>"
               "<sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2"
               f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>")
        out.append(sign_request(xml.encode(), key, cert, counter=i))
    return out


def run_backend(name: str, settings: Settings, n: int) -> GatewayFigures:
    instance = bootstrap.open_instance(settings)
    deliver_rtds_hub(instance)
    keys = settings.data_dir / "bench-user"
    register_user(instance, eui=USER, role="IS", name="Bench Supplier", issue_keys_to=keys)
    signed = _requests(instance, keys, n)
    latencies = []
    start = time.perf_counter()
    for raw in signed:
        t0 = time.perf_counter()
        reply = instance.gateway.submit(raw, WebService.NON_DEVICE)
        latencies.append(time.perf_counter() - t0)
        if reply.decision.response_code != "I0":
            raise RuntimeError(f"bench request refused: {reply.decision}")
    seconds = time.perf_counter() - start
    instance.engine.dispose()
    q = statistics.quantiles(latencies, n=100)
    return GatewayFigures(name, n, seconds, q[49] * 1000, q[98] * 1000)


def run_http_concurrent(name: str, settings: Settings, users: int, per_user: int) -> GatewayFigures:
    """``users`` Users, each sending its own ``per_user`` requests in order, all at once over real HTTP to a
    separate ``gbdcc up`` process (one client thread per User, keep-alive connections)."""
    instance = bootstrap.open_instance(settings)
    deliver_rtds_hub(instance)
    batches = []
    for i in range(users):
        eui = f"90-B3-D5-1F-30-{0x10 + i:02X}-00-00"
        keys = settings.data_dir / f"bench-user-{i}"
        register_user(instance, eui=eui, role="IS", name=f"Bench Supplier {i}", issue_keys_to=keys)
        batches.append(_requests(instance, keys, per_user, eui))
    instance.engine.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = dict(os.environ, GBDCC_DATABASE_URL=settings.database_url or "")
    if not settings.database_url:
        env.pop("GBDCC_DATABASE_URL")
    server = subprocess.Popen(
        [sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(port), "--data-dir", str(settings.data_dir),
         "--estate-premises", "0", "--smki-port", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(port)
        latencies: list[float] = []

        def client(batch: list[bytes]) -> None:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
                for raw in batch:
                    t0 = time.perf_counter()
                    reply = http.post("/api/v1/serviceD", content=raw,
                                      headers={"Content-Type": "application/xml"})
                    latencies.append(time.perf_counter() - t0)
                    if reply.headers.get("X-GBDCC-Response-Code") != "I0":
                        raise RuntimeError(f"bench request refused: {reply.headers}")

        start = time.perf_counter()
        with ThreadPoolExecutor(users) as pool:
            list(pool.map(client, batches))
        seconds = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(10)
    q = statistics.quantiles(latencies, n=100)
    return GatewayFigures(name, users * per_user, seconds, q[49] * 1000, q[98] * 1000)


def _wait_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("gbdcc up did not become ready")


def run(n: int = 300) -> list[GatewayFigures]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-") as tmp:
        users, per_user = 8, max(1, n // 8)
        figures.append(run_backend("sqlite", Settings(data_dir=Path(tmp) / "sqlite"), n))
        figures.append(run_http_concurrent(f"sqlite, HTTP, {users} Users at once",
                                           Settings(data_dir=Path(tmp) / "sqlite-http"), users, per_user))
        for label, concurrent in (("postgresql", False), (f"postgresql, HTTP, {users} Users at once", True)):
            pg = _postgres_database()
            if pg is None:
                break
            url, drop = pg
            settings = Settings(data_dir=Path(tmp) / label.replace(" ", "_"), database_url=url)
            try:
                figures.append(run_http_concurrent(label, settings, users, per_user) if concurrent
                               else run_backend(label, settings, n))
            finally:
                drop()
    return figures


def _postgres_database() -> tuple[str, Callable[[], None]] | None:
    """A fresh database on the local server, and a function that drops it (None if unreachable)."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception:  # the server is optional for the benchmark
        return None
    name = f"gbdcc_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop

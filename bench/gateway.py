"""DUIS gateway throughput, SQLite and PostgreSQL side by side in one run.

Each backend gets a fresh instance (SQLite file in a temp dir; a fresh PostgreSQL database created and dropped
here), one supplier User with keys from the instance's PKI, and N pre-signed 8.2 Read Inventory requests. The
gateway use case runs each request end to end — safe parse, certificate lookup, XML signature verification,
counter, inventory read, signed response, audit of request and response, commit — single-threaded.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from gbdcc import bootstrap
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
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


def _requests(instance: bootstrap.Instance, keys: Path, n: int) -> list[bytes]:
    key = load_signing_key((keys / "xml-sign.key").read_bytes())
    cert = load_certificate((keys / "xml-sign.pem").read_bytes())
    body = f"<sr:ReadInventory><sr:DeviceID>{bootstrap.DEMO_CHF}</sr:DeviceID></sr:ReadInventory>"
    out = []
    for i in range(1, n + 1):
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{USER}:'
               f"90-B3-D5-1F-30-00-00-02:{i}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant>"
               "<sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2"
               f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>")
        out.append(sign_request(xml.encode(), key, cert, counter=i))
    return out


def run_backend(name: str, settings: Settings, n: int) -> GatewayFigures:
    instance = bootstrap.open_instance(settings, seed_demo=True)
    keys = settings.data_dir / "bench-user"
    bootstrap.register_user(instance, eui=USER, role="IS", name="Bench Supplier", issue_keys_to=keys)
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


def run(n: int = 300) -> list[GatewayFigures]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-") as tmp:
        figures.append(run_backend("sqlite", Settings(data_dir=Path(tmp) / "sqlite"), n))
        pg = _postgres_database()
        if pg is not None:
            url, drop = pg
            try:
                figures.append(run_backend("postgresql", Settings(data_dir=Path(tmp) / "pg", database_url=url), n))
            finally:
                drop()
    return figures


def _postgres_database() -> tuple[str, object] | None:
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

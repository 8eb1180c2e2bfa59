"""Scaled mode as a user runs it, for the integration tests and ``bench/scaled.py``: ``gbdcc up --role …``
processes (gateways, processors, one WAN, delivery) on one PostgreSQL schema and one NATS JetStream stream,
both fresh and removed afterwards. Needs the PostgreSQL server on 127.0.0.1:5432 (``GBDCC_TEST_POSTGRES_URL``)
and the NATS server with JetStream on 127.0.0.1:4222 (``GBDCC_TEST_NATS_URL``); with
``GBDCC_REQUIRE_NATS=1`` a missing server fails the test instead of skipping it. The SM WAN and devices are
SIMULATED (``adapters/wan``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from cryptography import x509
from sqlalchemy import text
from tests.integration.http_support import free_port

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.smki.dcc_identity import DccIdentity

T = TypeVar("T")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_NATS = "nats://127.0.0.1:4222"


def pg_url() -> str:
    return os.environ.get("GBDCC_TEST_POSTGRES_URL", DEFAULT_PG)


def nats_url() -> str:
    return os.environ.get("GBDCC_TEST_NATS_URL", DEFAULT_NATS)


def services_missing() -> str | None:
    """Why scaled mode cannot run here (``None``: PostgreSQL and NATS JetStream both answer)."""
    try:
        engine = create_engine_for(pg_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL unreachable at {pg_url()}: {type(exc).__name__}"
    try:
        _jetstream(lambda js: js.account_info())
    except Exception as exc:
        return f"NATS JetStream unreachable at {nats_url()}: {type(exc).__name__}: {exc}"
    return None


def require_services() -> None:
    """Skip the calling test when PostgreSQL or NATS JetStream is missing — fail it instead under
    ``GBDCC_REQUIRE_NATS=1`` or ``GBDCC_REQUIRE_POSTGRES=1`` (``.ci/run``)."""
    import pytest

    missing = services_missing()
    if missing is not None:
        if os.environ.get("GBDCC_REQUIRE_NATS") == "1" or os.environ.get("GBDCC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{missing} and GBDCC_REQUIRE_NATS / GBDCC_REQUIRE_POSTGRES=1")
        pytest.skip(missing)


def _jetstream(call: Callable[[Any], Awaitable[T]]) -> T:
    """``call`` on a JetStream context of a short-lived connection to the test NATS server."""

    async def run() -> T:
        import nats

        nc = await nats.connect(nats_url(), connect_timeout=2, max_reconnect_attempts=0)
        try:
            return await call(nc.jetstream())
        finally:
            await nc.close()

    return asyncio.run(run())


async def _delete(js: Any, name: str) -> None:
    from nats.js.errors import NotFoundError

    with contextlib.suppress(NotFoundError):
        await js.delete_stream(name)


def stream_published(name: str) -> int:
    """Messages ever stored in stream ``name`` (its last sequence number; work-queue retention removes the
    acknowledged ones, the sequence keeps counting)."""

    async def last_seq(js: Any) -> int:
        return int((await js.stream_info(name)).state.last_seq)

    return _jetstream(last_seq)


@dataclass
class RoleProcess:
    role: str
    name: str
    port: int | None  # HTTP roles only
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0


@dataclass
class ScaledDcc:
    """A scaled-mode instance: ``gateways`` HTTP gateways, ``processors`` processors, one WAN, ``deliveries``
    delivery processes. ``start`` starts the first gateway (it provisions the data dir, the schema and the
    simulated estate), waits for it, then the rest."""

    data_dir: Path
    response_url: str
    premises: int = 20
    gateways: int = 1
    processors: int = 1
    deliveries: int = 1
    workers: int = 2
    all_in_one: bool = False  # one `--role all` process instead of the separate roles
    wan_time_scale: float = 0.01
    env: dict[str, str] = field(default_factory=dict)
    schema: str = field(default_factory=lambda: f"gbdcc_scaled_{uuid.uuid4().hex[:12]}")
    stream: str = field(default_factory=lambda: f"GBDCC_T{uuid.uuid4().hex[:10].upper()}")
    procs: list[RoleProcess] = field(default_factory=list)
    _store: SqlUnitOfWorkFactory | None = None

    @property
    def database_url(self) -> str:
        return f"{pg_url()}?options={quote(f'-csearch_path={self.schema}')}"

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p.port}" for p in self.procs if p.port is not None]

    @property
    def url(self) -> str:
        return self.urls[0]

    def log_path(self, p: RoleProcess) -> Path:
        return self.data_dir.parent / f"gbdcc-{p.name}.log"

    def start(self, timeout: float = 180.0) -> ScaledDcc:
        admin = create_engine_for(pg_url())
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        admin.dispose()
        if self.all_in_one:
            self.procs = [RoleProcess("all", "all-0", free_port())]
        else:
            self.procs = [RoleProcess("gateway", f"gateway-{i}", free_port()) for i in range(self.gateways)]
            self.procs += [RoleProcess("processor", f"processor-{i}", None) for i in range(self.processors)]
            self.procs += [RoleProcess("wan", "wan-0", None)]
            self.procs += [RoleProcess("delivery", f"delivery-{i}", None) for i in range(self.deliveries)]
        try:
            self.launch(self.procs[0])
            self.wait_healthy(self.procs[0], timeout)
            for p in self.procs[1:]:
                self.launch(p)
            for p in self.procs[1:]:
                self.wait_ready(p, timeout)
        except BaseException:  # nothing left running or stored by a start that failed
            self.stop()
            raise
        return self

    def environment(self) -> dict[str, str]:
        return {**os.environ, "GBDCC_DATABASE_URL": self.database_url, "GBDCC_NATS_URL": nats_url(),
                "GBDCC_NATS_STREAM": self.stream, "GBDCC_WAN_TIME_SCALE": str(self.wan_time_scale),
                "GBDCC_DEMO_RESPONSE_URL": self.response_url, **self.env}

    def launch(self, p: RoleProcess) -> None:
        args = [sys.executable, "-m", "gbdcc.cli.main", "up", "--role", p.role, "--name", p.name, "--data-dir",
                str(self.data_dir), "--estate-premises", str(self.premises), "--smki-port", "0",
                "--workers", str(self.workers)]
        if p.port is not None:
            args += ["--port", str(p.port)]
        with self.log_path(p).open("ab") as log:
            log.write(f"--- start {p.starts + 1}\n".encode())
            p.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.environment())
        p.starts += 1

    def healthy(self, p: RoleProcess) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{p.port}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, p: RoleProcess, timeout: float) -> None:
        self._wait(p, timeout, lambda: self.healthy(p))

    def wait_ready(self, p: RoleProcess, timeout: float) -> None:
        """An HTTP role answers /healthz; the others have printed their running line (this start's)."""
        if p.port is not None:
            return self.wait_healthy(p, timeout)

        def ready() -> bool:
            log = self.log_path(p).read_text(errors="replace")
            return "running: NATS JetStream" in log.rsplit(f"--- start {p.starts}\n", 1)[-1]

        self._wait(p, timeout, ready)

    def _wait(self, p: RoleProcess, timeout: float, ready: object) -> None:
        deadline = time.monotonic() + timeout
        while not ready():  # type: ignore[operator]
            assert p.proc is not None
            if p.proc.poll() is not None:
                raise RuntimeError(f"{p.name} exited with {p.proc.returncode}; see {self.log_path(p)}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{p.name} not ready after {timeout} s; see {self.log_path(p)}")
            time.sleep(0.05)

    def process(self, name: str) -> RoleProcess:
        return next(p for p in self.procs if p.name == name)

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown code runs."""
        p = self.process(name)
        if p.proc is not None and p.proc.poll() is None:
            p.proc.send_signal(signal.SIGKILL)
            p.proc.wait(10)

    def restart(self, name: str, timeout: float = 120.0) -> None:
        p = self.process(name)
        self.launch(p)
        self.wait_ready(p, timeout)

    def store(self) -> SqlUnitOfWorkFactory:
        if self._store is None:
            self._store = SqlUnitOfWorkFactory(create_engine_for(self.database_url), read_only=True)
        return self._store

    def dcc_certificate(self) -> x509.Certificate:
        return DccIdentity.load_or_create(self.data_dir).xml_signing_cert

    def stop(self) -> None:
        """Stop every process (SIGTERM, then SIGKILL), drop the schema and delete the stream."""
        if self._store is not None:
            self._store.engine.dispose()
            self._store = None
        try:
            for p in self.procs:
                if p.proc is not None and p.proc.poll() is None:
                    p.proc.terminate()
            for p in self.procs:
                if p.proc is not None:
                    try:
                        p.proc.wait(15)
                    except subprocess.TimeoutExpired:
                        p.proc.kill()
                        p.proc.wait(5)
        finally:  # the schema and the stream go whatever happened above
            try:
                admin = create_engine_for(pg_url())
                with admin.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
                admin.dispose()
            finally:
                _jetstream(lambda js: _delete(js, self.stream))

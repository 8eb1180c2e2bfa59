"""Real-HTTP support for the integration tests and ``bench/device.py``: a ``gbdcc up`` process, the demo
supplier as a User's adapter would be, and a User's receive-response service.

* :class:`DccProcess` — ``gbdcc up`` as a subprocess on a free port with its own data dir, the simulated
  SM WAN compressed by ``GBDCC_WAN_TIME_SCALE``; started, SIGKILLed and restarted on the same data dir.
* :class:`DemoSupplier` — the demo supplier's keys (``<data dir>/demo/supplier``): builds and signs DUIS
  requests and sends them with :class:`~gbdcc.adapters.duis.client.DuisClient` (critical CV4 → CV5 too).
* :class:`Receiver` — ``create_receiver_app`` (verifies the DCC's signature, answers 204) under uvicorn in
  a thread of the calling process, so it outlives a killed DCC; it can be told to answer 503 or to stall
  past the DCC's attempt timeout, or be stopped and started again on its port (a receiver that is down).

Devices and the SM WAN behind the process are SIMULATED (``adapters/wan``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from cryptography import x509
from lxml import etree

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.duis.client import DuisClient, Reply
from gbdcc.adapters.duis.namespaces import SR
from gbdcc.adapters.duis.receiver import ReceivedMessage, create_receiver_app
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.provisioning.demo import DEMO_SUPPLIER
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus

NS = {"sr": SR}
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Bodies of the requests the tests stream (DUIS 5.4; the RTDS templates carry the same elements).
BODIES = {"4.1.1": "<sr:ReadInstantaneousImportRegisters/>", "7.1": "<sr:EnableSupply/>",
          "7.2": "<sr:DisableSupply/>"}


def receiver_url(port: int) -> str:
    """The receive-response address a :class:`Receiver` on ``port`` serves (any path does)."""
    return f"http://127.0.0.1:{port}/duis"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def commissioned_esmes(premises: int, seed: int = 1) -> list[Eui64]:
    """The commissioned ESMEs of the estate ``gbdcc up --estate-premises`` generates (seed 1)."""
    esmes = (p.device(DeviceType.ESME) for p in generate_estate(premises, seed))
    return [d.device_id for d in esmes if d is not None and d.status is SmiStatus.COMMISSIONED]


# -- the DCC -----------------------------------------------------------------------------------------

@dataclass
class DccProcess:
    """``gbdcc up`` on ``port`` with ``data_dir``; its output goes to ``<data dir>/../gbdcc-up-<port>.log``."""

    data_dir: Path
    response_url: str
    premises: int = 20
    wan_time_scale: float = 0.01
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    starts: int = 0
    _proc: subprocess.Popen[bytes] | None = None
    _store: SqlUnitOfWorkFactory | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f"gbdcc-up-{self.port}.log"

    def start(self, timeout: float = 60.0) -> DccProcess:
        """Start (or restart on the same data dir) and wait until ``/healthz`` answers."""
        env = {**os.environ, "GBDCC_WAN_TIME_SCALE": str(self.wan_time_scale),
               "GBDCC_DEMO_RESPONSE_URL": self.response_url, **self.env}
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts + 1}\n".encode())
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(self.port), "--data-dir",
                 str(self.data_dir), "--estate-premises", str(self.premises), "--smki-port", "0"],
                stdout=log, stderr=subprocess.STDOUT, env=env)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self._proc.poll() is not None:
                raise RuntimeError(f"gbdcc up exited with {self._proc.returncode}; see {self.log_path}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"gbdcc up not healthy after {timeout} s; see {self.log_path}")
            time.sleep(0.05)
        return self

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGKILL)
            self._proc.wait(10)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), killed if it does not end in 10 s."""
        self.close_store()
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()

    def store(self) -> SqlUnitOfWorkFactory:
        """The instance's system of record, read from this process (SQLite allows it while it runs)."""
        if self._store is None:
            self._store = SqlUnitOfWorkFactory(create_engine_for(None, data_dir=self.data_dir), read_only=True)
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.engine.dispose()
            self._store = None

    def dcc_certificate(self) -> x509.Certificate:
        """The DCC's XML-signing certificate (the instance's identity, created on its first start)."""
        return DccIdentity.load_or_create(self.data_dir).xml_signing_cert

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run another ``gbdcc`` command on this instance's data dir (wide output: nothing truncated)."""
        env = {**os.environ, **self.env, "COLUMNS": "400"}
        return subprocess.run([sys.executable, "-m", "gbdcc.cli.main", *args, "--data-dir", str(self.data_dir)],
                              capture_output=True, text=True, env=env, timeout=120, check=False)


# -- the User ----------------------------------------------------------------------------------------

class DemoSupplier:
    """The demo supplier (``adapters/provisioning/demo``) with the keys ``gbdcc up`` issued it."""

    def __init__(self, data_dir: Path, base_url: str, *, timeout: float = 30.0) -> None:
        keys = data_dir / "demo" / "supplier"
        self.eui = DEMO_SUPPLIER
        self.xml_key = load_signing_key((keys / "xml-sign.key").read_bytes())
        self.xml_cert = load_certificate((keys / "xml-sign.pem").read_bytes())
        self.client = DuisClient(base_url, xml_key=self.xml_key, xml_cert=self.xml_cert,
                                 gbcs_key=load_signing_key((keys / f"{self.eui.hex}-ds.key").read_bytes()),
                                 timeout=timeout)

    def request(self, target: Eui64, srv: str, counter: int, *, cv: int | None = None) -> bytes:
        """A signed request of ``srv`` (a body of :data:`BODIES`); CV4 for a critical SRV unless ``cv``."""
        entry = lookup(srv)
        cv = cv if cv is not None else (4 if entry.critical else 1)
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{self.eui}:{target}:'
               f"{counter}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant><sr:ServiceReference>"
               f"{entry.service_reference}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
               f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{BODIES[srv]}</sr:Body></sr:Request>").encode()
        return sign_request(xml, self.xml_key, self.xml_cert, preserve_counter=True)

    def post(self, signed: bytes) -> Reply:
        """POST to the request's web service (``ClientError`` when the DCC cannot be reached)."""
        return self.client.post(signed)

    def cv5(self, cv4: bytes, reply: Reply) -> bytes:
        """The signed CV5 for a CV4 and its I0: the Pre-Command correlated and signed with the GBCS key."""
        return self.client.signed_precommand(cv4, reply)

    def close(self) -> None:
        self.client.close()


def request_id(signed: bytes) -> str:
    return str(etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS))


# -- the receiver ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attempt:
    """One POST the receiver got: when (``time.monotonic()``), what, and what it answered."""

    at: float
    request_id: str | None
    response_id: str | None
    status: int


class Receiver:
    """A User's receive-response service on 127.0.0.1, run in a thread of this process."""

    def __init__(self, dcc_certificate: x509.Certificate, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[ReceivedMessage] = []  # verified and answered 204
        self.attempts: list[Attempt] = []
        self._lock = threading.Lock()
        self._faults: list[tuple[str | None, int, float]] = []  # (RequestID or any, status, stall seconds)
        self._inner = create_receiver_app(dcc_certificate, self._received)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- behaviour -----------------------------------------------------------------------------------
    def fail(self, times: int, status: int = 503, stall_s: float = 0.0, *, request_id: str | None = None) -> None:
        """Answer the next ``times`` attempts (of ``request_id``'s messages, or any) with ``status``, after
        ``stall_s`` seconds; such an attempt does not reach the real receiver."""
        with self._lock:
            self._faults.extend([(request_id, status, stall_s)] * times)

    def heal(self) -> None:
        with self._lock:
            self._faults.clear()

    # -- what it saw ---------------------------------------------------------------------------------
    def received(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self.messages)

    def wait_attempts(self, rid: str, n: int, timeout: float) -> list[Attempt]:
        """The attempts for ``rid`` once there are ``n`` (a verified message is recorded as received a moment
        before its attempt is, when the receiver's answer is known)."""
        deadline = time.monotonic() + timeout
        while len(found := self.attempts_for(rid)) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return found

    def attempts_for(self, rid: str) -> list[Attempt]:
        with self._lock:
            return [a for a in self.attempts if a.request_id == rid]

    def wait_for(self, predicate: Callable[[list[ReceivedMessage]], bool], timeout: float) -> list[ReceivedMessage]:
        deadline = time.monotonic() + timeout
        while not predicate(got := self.received()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"receiver: condition not met in {timeout} s ({len(got)} message(s))")
            time.sleep(0.05)
        return got

    # -- lifecycle -----------------------------------------------------------------------------------
    def start(self) -> Receiver:
        config = uvicorn.Config(self._app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
                                interface="asgi3")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"receiver-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"receiver did not start on port {self.port}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop listening (connections are refused until :meth:`start` again)."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(10)
        self._server = self._thread = None

    # -- the ASGI app: faults in front of the real receiver ------------------------------------------
    def _received(self, message: ReceivedMessage) -> None:
        with self._lock:
            self.messages.append(message)

    async def _app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._inner(scope, receive, send)
            return
        body = b"".join([chunk async for chunk in _body(receive)])
        rid, resp_id = _ids(body)
        fault = self._take_fault(rid)
        if fault is not None:
            _, status, stall = fault
            self._attempt(rid, resp_id, status)  # on arrival: the DCC may give up before the answer
            if stall:
                await asyncio.sleep(stall)
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        answered: list[int] = []

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                answered.append(int(message["status"]))
            await send(message)

        await self._inner(scope, replay, watch)
        self._attempt(rid, resp_id, answered[0] if answered else 0)

    def _take_fault(self, rid: str | None) -> tuple[str | None, int, float] | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault[0] is None or fault[0] == rid:
                    return self._faults.pop(i)
        return None

    def _attempt(self, rid: str | None, resp_id: str | None, status: int) -> None:
        with self._lock:
            self.attempts.append(Attempt(time.monotonic(), rid, resp_id, status))


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    more = True
    while more:
        message = await receive()
        yield message.get("body", b"")
        more = message.get("more_body", False)


def _ids(body: bytes) -> tuple[str | None, str | None]:
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None, None
    return (root.findtext("sr:Header/sr:RequestID", namespaces=NS),
            root.findtext("sr:Header/sr:ResponseID", namespaces=NS))


def group(messages: list[ReceivedMessage]) -> dict[str, list[ReceivedMessage]]:
    """Messages by RequestID (alerts without one are left out)."""
    out: dict[str, list[ReceivedMessage]] = {}
    for m in messages:
        if m.request_id:
            out.setdefault(m.request_id, []).append(m)
    return out


def iter_chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    """``items`` dealt round-robin into ``n`` lists."""
    for i in range(n):
        yield items[i::n]

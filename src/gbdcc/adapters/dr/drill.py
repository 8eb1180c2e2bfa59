"""``gbdcc dr drill``: a disaster-recovery drill under a stream of requests (H10.13, R-DR-1).

What the drill does, on scratch instances under ``<work>/`` (never the instance it reports to):

1. provisions a primary (a new data dir; PostgreSQL: a new database ``gbdcc_dr_<id>_primary`` it creates) with one
   Supplier User whose keys the drill holds, and starts it as a real ``gbdcc up`` subprocess;
2. streams signed Non-Device requests (12.2 Device Pre-notification, one new device each) from that User, one
   after another; a request is *acknowledged* when the primary answers it with a DUIS response I0 / I99;
3. the Disaster: once ``requests`` are acknowledged the primary is killed (SIGKILL) while the next request is in
   flight. **The disaster modelled is the loss of the primary's application process and host memory; its storage
   survives** (the SQLite files on disk; the PostgreSQL server). A loss of the storage itself is not what this
   drill measures: recovering from it loses what was committed after the last backup;
4. recovery: ``dr backup`` of the surviving storage (SQLite online backup API; ``pg_dump``), ``dr restore`` onto a
   fresh instance (a new data dir; PostgreSQL: a new database ``gbdcc_dr_<id>_restored``), and ``gbdcc up`` on it;
   ``recovery_s`` runs from the kill to the restored instance answering ``/healthz``;
5. ``lost``: acknowledged requests whose response record is absent from the restored instance's audit trail.

Both databases are dropped and the scratch data dirs removed at the end (unless ``keep``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gbdcc.adapters.dr.backup import backup, restore
from gbdcc.adapters.http.background import free_port
from gbdcc.domain.errors import DrillFailed
from gbdcc.domain.operations.dr import DrillResult

DRILL_USER = "90-B3-D5-1F-30-0D-00-01"
ACB = "90-B3-D5-1F-30-00-00-02"
SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
ACKNOWLEDGING = frozenset({"I0", "I99"})
DISASTER = ("SIGKILL of the primary gbdcc process under load (application host lost); its storage survives "
            "(SQLite files on disk / the PostgreSQL server)")
Log = Callable[[str], None]


@dataclass
class _Stream:
    """The request stream's tallies, filled by its thread."""

    url: str
    sign: Callable[[int], bytes]
    sent: int = 0
    acknowledged: list[str] = field(default_factory=list)
    enough: threading.Event = field(default_factory=threading.Event)
    target: int = 0

    def run(self) -> None:
        with httpx.Client(timeout=30) as client:
            for n in count(1):
                body = self.sign(n)
                self.sent += 1
                try:
                    reply = client.post(self.url, content=body, headers={"Content-Type": "application/xml"})
                except httpx.HTTPError:
                    return  # the primary is gone: this request was in flight, not acknowledged
                if reply.headers.get("X-GBDCC-Response-Code") in ACKNOWLEDGING:
                    self.acknowledged.append(f"{DRILL_USER}:{ACB}:{n}")
                    if len(self.acknowledged) >= self.target:
                        self.enough.set()


def _start(data_dir: Path, url: str | None, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "GBDCC_DATABASE_URL"}
    if url is not None:
        env["GBDCC_DATABASE_URL"] = url
    return subprocess.Popen(
        [sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(port), "--data-dir", str(data_dir),
         "--estate-premises", "0", "--smki-port", "0", "--no-demo"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise DrillFailed(f"the instance on port {port} did not answer /healthz (exit {proc.poll()})")
        time.sleep(0.05)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


class _Databases:
    """The drill's own PostgreSQL databases, created beside (never in) the admin URL's database and dropped."""

    def __init__(self, admin_url: str) -> None:
        self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self._url = make_url(admin_url)
        self._made: list[str] = []

    def create(self, name: str) -> str:
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self._made.append(name)
        return self._url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin.connect() as conn:
            for name in self._made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


def _provision(data_dir: Path, url: str | None, keys: Path) -> Callable[[int], bytes]:
    """The primary's schema, identity and the drill's User; returns the signer of its n-th request."""
    from gbdcc import bootstrap
    from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
    from gbdcc.adapters.provisioning.users import register_user
    from gbdcc.config import Settings

    instance = bootstrap.open_instance(Settings(data_dir=data_dir, database_url=url))
    try:
        register_user(instance, eui=DRILL_USER, role="IS", name="DR drill supplier", issue_keys_to=keys)
    finally:
        if instance.engine is not None:
            instance.engine.dispose()
    key = load_signing_key((keys / "xml-sign.key").read_bytes())
    cert = load_certificate((keys / "xml-sign.pem").read_bytes())

    def sign(n: int) -> bytes:
        device = f"00-DB-{(n >> 24) & 255:02X}-{(n >> 16) & 255:02X}-{(n >> 8) & 255:02X}-{n & 255:02X}-90-B7"
        body = (f"<sr:DevicePrenotification><sr:DeviceID>{device}</sr:DeviceID><sr:DeviceManufacturer>AB01"
                "</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
                "</sr:DeviceType></sr:DevicePrenotification>")
        xml = (f'<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4"><sr:Header>'
               f"<sr:RequestID>{DRILL_USER}:{ACB}:{n}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant>"
               "<sr:ServiceReference>12.2</sr:ServiceReference>"
               "<sr:ServiceReferenceVariant>12.2</sr:ServiceReferenceVariant></sr:Header>"
               f"<sr:Body>{body}</sr:Body></sr:Request>").encode()
        return sign_request(xml, key, cert, counter=n)

    return sign


def _lost(data_dir: Path, url: str | None, acknowledged: list[str]) -> int:
    """Acknowledged requests without their response ("out") record in the restored audit trail."""
    from gbdcc.adapters.db.engine import create_engine_for
    from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory

    engine = create_engine_for(url, data_dir=data_dir)
    try:
        with SqlUnitOfWorkFactory(engine)(read_only=True) as uow:
            return sum(1 for rid in acknowledged
                       if not any(r.direction == "out" for r in uow.audit.for_request(rid)))
    finally:
        engine.dispose()


def run_drill(work: Path, *, database: str = "sqlite", requests: int = 50, postgres_admin_url: str | None = None,
              keep: bool = False, log: Log = lambda _: None) -> DrillResult:
    """Run one drill in the new directory ``work`` (see the module docstring)."""
    if requests < 1:
        raise DrillFailed("a drill needs at least one request")
    if database not in ("sqlite", "postgresql"):
        raise DrillFailed(f"no database {database!r}: sqlite or postgresql")
    if database == "postgresql" and postgres_admin_url is None:
        raise DrillFailed("a PostgreSQL drill needs --postgres-url (a database it may create databases from)")
    work.mkdir(parents=True, exist_ok=False)
    started_at = datetime.now(UTC)
    dbs = _Databases(postgres_admin_url) if database == "postgresql" and postgres_admin_url else None
    tag = uuid.uuid4().hex[:12]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        primary_url = dbs.create(f"gbdcc_dr_{tag}_primary") if dbs else None
        primary, restored = work / "primary", work / "restored"
        sign = _provision(primary, primary_url, work / "keys")
        port = free_port()
        procs.append(server := _start(primary, primary_url, port))
        _wait_healthy(port, server)
        log(f"primary up on port {port} ({database}); streaming requests")
        stream = _Stream(f"http://127.0.0.1:{port}/api/v1/serviceD", sign, target=requests)
        sender = threading.Thread(target=stream.run, name="dr-stream", daemon=True)
        sender.start()
        if not stream.enough.wait(600):
            raise DrillFailed(f"the primary acknowledged only {len(stream.acknowledged)} of {requests} requests")
        server.send_signal(signal.SIGKILL)  # the Disaster
        killed = time.monotonic()
        server.wait(30)
        sender.join(60)
        acknowledged = list(stream.acknowledged)
        log(f"primary killed after {len(acknowledged)} acknowledged of {stream.sent} sent; restoring")
        restored_url = dbs.create(f"gbdcc_dr_{tag}_restored") if dbs else None
        backup(primary, work / "backup", database_url=primary_url)
        restore(work / "backup", restored, database_url=restored_url)
        port2 = free_port()
        procs.append(second := _start(restored, restored_url, port2))
        _wait_healthy(port2, second)
        recovery_s = time.monotonic() - killed
        _stop(second)
        lost = _lost(restored, restored_url, acknowledged)
        method = ("dr backup of the surviving SQLite files (sqlite3 online backup API) + dr restore to a new data dir"
                  if database == "sqlite" else
                  "pg_dump of the surviving PostgreSQL database + pg_restore into a new database and data dir")
        return DrillResult(database, started_at, round(recovery_s, 3), stream.sent, len(acknowledged), lost,
                           DISASTER, method)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        if dbs is not None:
            dbs.drop_all()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

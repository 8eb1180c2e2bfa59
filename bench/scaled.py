"""Scaled mode under the load generator (issue 11 parts 3–4): the same 4.1.1 workload as the embedded run, against
``gbdcc up --role …`` processes on PostgreSQL and NATS JetStream, for 1 … N processor processes (the scaling
curve), and SIGKILLs of a processor and a gateway mid-run.

Each point starts a fresh instance (``tests/integration/scaled_support.ScaledDcc``: its own PostgreSQL schema and
JetStream stream, removed afterwards): one gateway, ``processors`` processors, the WAN (SIMULATED SM WAN and devices
at 0.01× time) and one delivery process, every one on this 2-core machine beside the load generator's sender
processes and the receiver (this process). Throughput is end to end: first request sent → last async Service
Response verified at the receiver.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.integration.http_support import (
    DemoSupplier,
    Receiver,
    commissioned_esmes,
    free_port,
    group,
    receiver_url,
    request_id,
)
from tests.integration.scaled_support import ScaledDcc, services_missing, stream_published

from bench.load import Workload, _Bench
from gbdcc.domain.ids import RequestId
from gbdcc.domain.requests import RequestState


@dataclass
class ScalePoint:
    processors: int
    processes: int  # every gbdcc process of the point
    workload: Workload
    busy: dict[str, float]  # CPU seconds per role (and of PostgreSQL, NATS) over the measured workload
    pg: PgCounters  # over the measured workload
    published: int  # JetStream messages stored over the measured workload

    def per_request(self, count: int) -> float:
        return count / max(1, self.workload.requests)

    def cpu_ms_per_request(self) -> dict[str, float]:
        done = max(1, self.workload.requests)
        return {role: seconds * 1000 / done for role, seconds in sorted(self.busy.items())}


@dataclass
class ScaledKill:
    acknowledged: int
    lost: int  # acknowledged, but no final response in the audit trail once settled
    duplicates: int  # deliveries the receiver got beyond one per response
    e_codes: int  # acknowledged requests that ended in an E-code (E21 at the deadline) rather than I0
    kills: tuple[str, ...]


def missing() -> str | None:
    """Why scaled mode cannot be measured here (``None``: PostgreSQL and NATS JetStream answer)."""
    return services_missing()


def _ticks(pid: int) -> float:
    """CPU seconds (user + system) of a process so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: The services scaled mode runs on, measured by process name (every PostgreSQL backend; the NATS server).
SERVICES = {"postgres": "postgresql", "nats-server": "nats"}


def _cpu_seconds(dcc: ScaledDcc) -> dict[str, float]:
    """CPU seconds so far of each gbdcc role (its processes summed), of PostgreSQL and NATS, and of the whole
    machine (``machine``: every core, the load generator and receiver included)."""
    out: dict[str, float] = {}
    for p in dcc.procs:
        if p.proc is not None:
            out[p.role] = out.get(p.role, 0.0) + _ticks(p.proc.pid)
    with contextlib.suppress(OSError):  # the whole machine, load generator included: user+nice+system+irq+softirq
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        out["machine"] = sum(int(cpu[i]) for i in (0, 1, 2, 5, 6)) / os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                name = SERVICES.get((entry / "comm").read_text().strip())
                if name is not None:
                    out[name] = out.get(name, 0.0) + _ticks(int(entry.name))
    return out


@dataclass(frozen=True)
class PgCounters:
    """PostgreSQL's own counters: transactions committed in the database (each unit of work's, and the
    autocommitted ``SELECT 1`` of the pool's pre-ping at every checkout), and the server's WAL fsyncs and bytes."""

    commits: int
    wal_syncs: int
    wal_bytes: int

    def __sub__(self, other: PgCounters) -> PgCounters:
        return PgCounters(self.commits - other.commits, self.wal_syncs - other.wal_syncs,
                          self.wal_bytes - other.wal_bytes)


def _pg_counters() -> PgCounters:
    from sqlalchemy import text
    from tests.integration.scaled_support import pg_url

    from gbdcc.adapters.db.engine import create_engine_for

    engine = create_engine_for(pg_url())
    try:
        with engine.connect() as conn:
            commits = conn.execute(text("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
                                        )).scalar_one()
            syncs, written = conn.execute(text("SELECT wal_sync, wal_bytes FROM pg_stat_wal")).one()
            return PgCounters(int(commits), int(syncs), int(written))
    finally:
        engine.dispose()


def curve(points: tuple[int, ...], requests: int, *, senders: int = 4, premises: int = 100,
          timeout_s: float = 90.0) -> list[ScalePoint]:
    """The 4.1.1 workload at each processor count of ``points``."""
    out = []
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(senders) as pool:
        for n in points:
            with tempfile.TemporaryDirectory(prefix="gbdcc-bench-scaled-") as tmp:
                port = free_port()
                dcc = ScaledDcc(Path(tmp) / "var", receiver_url(port), premises=premises, processors=n).start()
                receiver = Receiver(dcc.dcc_certificate(), port).start()
                try:
                    esmes = commissioned_esmes(premises)
                    bench = _Bench(dcc, receiver, pool, esmes, senders, timeout_s)  # type: ignore[arg-type]
                    bench.run("device", len(esmes))  # warm-up, not reported: the simulated meters are built
                    before, pg, published = _cpu_seconds(dcc), _pg_counters(), stream_published(dcc.stream)
                    workload = bench.run("device", requests)
                    after, pg = _cpu_seconds(dcc), _pg_counters() - pg
                    published = stream_published(dcc.stream) - published
                    busy = {role: after.get(role, 0.0) - before.get(role, 0.0) for role in after}
                    out.append(ScalePoint(n, len(dcc.procs), workload, busy, pg, published))
                finally:
                    receiver.stop()
                    dcc.stop()
    return out


def sigkill(*, premises: int = 40, senders: int = 4, run_s: float = 8.0) -> ScaledKill:
    """4.1.1 reads streamed by ``senders`` threads to two gateways; processor-0 then gateway-0 SIGKILLed and
    restarted mid-run. Counts what was acknowledged (I99), lost and delivered twice."""
    kills = ("processor-0", "gateway-0")
    env = {"GBDCC_RESPONSE_TIMEOUT_S": "10", "GBDCC_OUTBOX_LEASE_S": "3", "GBDCC_DELIVERY_FIRST_BACKOFF_S": "0.2"}
    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-scaled-kill-") as tmp:
        port = free_port()
        dcc = ScaledDcc(Path(tmp) / "var", receiver_url(port), premises=premises, gateways=2, processors=2,
                        env=env).start()
        receiver = Receiver(dcc.dcc_certificate(), port).start()
        stop = threading.Event()
        acked: list[str] = []
        lock = threading.Lock()
        esmes = commissioned_esmes(premises)
        gateways = [p for p in dcc.procs if p.role == "gateway"]

        def sender(i: int) -> None:
            gw = gateways[i % len(gateways)]
            supplier = DemoSupplier(dcc.data_dir, f"http://127.0.0.1:{gw.port}", timeout=5)
            mine = esmes[i::senders]
            base = time.time_ns() // 1000
            k = 0
            try:
                while not stop.is_set():
                    raw = supplier.request(mine[k % len(mine)], "4.1.1", base + k)
                    k += 1
                    try:
                        reply = supplier.post(raw)
                    except Exception:  # its gateway is down: not acknowledged; wait until it is back
                        while not stop.is_set() and not dcc.healthy(gw):
                            time.sleep(0.05)
                        continue
                    if reply.response_code == "I99":
                        with lock:
                            acked.append(request_id(raw))
            finally:
                supplier.close()

        threads = [threading.Thread(target=sender, args=(i,)) for i in range(senders)]
        try:
            for t in threads:
                t.start()
            for name in kills:
                time.sleep(run_s / (len(kills) + 1))
                dcc.kill(name)
                time.sleep(0.3)
                dcc.restart(name)
            time.sleep(run_s / (len(kills) + 1))
            stop.set()
            for t in threads:
                t.join(30)
            with contextlib.suppress(TimeoutError):
                receiver.wait_for(lambda got: set(acked) <= set(group(got)), 60)
            got = group(receiver.received())
            lost = e_codes = 0
            with dcc.store()(read_only=True) as uow:
                for rid in acked:
                    request = uow.requests.get(RequestId.parse(rid))
                    responses = [r for r in uow.audit.for_request(rid) if r.kind == "response"]
                    if request is None or request.state not in (RequestState.RESPONDED, RequestState.FAILED) \
                            or not responses:
                        lost += 1
                    elif request.state is RequestState.FAILED:
                        e_codes += 1
            duplicates = sum(len(ms) - 1 for rid, ms in got.items() if rid in set(acked) and len(ms) > 1)
        finally:
            stop.set()
            receiver.stop()
            dcc.stop()
    return ScaledKill(len(acked), lost, duplicates, e_codes, kills)


__all__ = ["ScalePoint", "ScaledKill", "curve", "missing", "sigkill"]

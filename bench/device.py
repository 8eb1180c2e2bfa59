"""4.1.1 Read Instantaneous Import Registers end to end over real HTTP, and where its time goes.

A separate ``gbdcc up`` process (loopback, SQLite, the SIMULATED SM WAN at ``time_scale``) and, in this
process, the demo supplier's senders and its receive-response service (``tests/integration/http_support``).
``senders`` threads, each with its own ESMEs, send ``requests`` signed 4.1.1 requests as fast as the I99s
come back; the run ends when every Service Response has reached the receiver (signature verified) or after
``timeout_s``. Figures:

* end to end: requests / (last response received − first request sent), and each request's sent →
  response-received latency;
* per stage, from the audit trail after the run (one clock: the DCC's) and the receiver's arrival times:
  admit (the HTTP reply, timed by the sender), transform (admitted → GBCS command built), dispatch (built →
  handed to the CSP), device round trip (the simulated WAN and device, scaled), respond (device response at
  the DCC → the signed Service Response arrives at the User: respond stage, signing, delivery queue), deliver
  (arrival at the User → the DCC has recorded the delivery).
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

from tests.integration.http_support import (
    DccProcess,
    DemoSupplier,
    Receiver,
    commissioned_esmes,
    free_port,
    group,
    iter_chunks,
    receiver_url,
    request_id,
)

from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import AuditRecord

STAGES = ("admit", "transform", "dispatch", "device round trip", "respond", "deliver")


@dataclass(frozen=True)
class Percentiles:
    p50_ms: float
    p95_ms: float
    p99_ms: float
    samples: int

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Percentiles:
        if len(seconds) < 2:
            value = seconds[0] * 1000 if seconds else float("nan")
            return cls(value, value, value, len(seconds))
        q = statistics.quantiles(seconds, n=100, method="inclusive")
        return cls(q[49] * 1000, q[94] * 1000, q[98] * 1000, len(seconds))


@dataclass
class DeviceFigures:
    requests: int
    answered: int  # Service Responses received and verified (I0 with the device's GBCS response)
    errors: dict[str, int]  # E-code responses by code (E20 / E21 …)
    seconds: float  # first request sent → last response received
    admit_seconds: float  # first request sent → last I99
    end_to_end: Percentiles
    stages: dict[str, Percentiles]
    time_scale: float
    senders: int
    premises: int
    esmes: int
    warm_up_s: float  # the first read of every ESME, before the measured run

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def admit_rate(self) -> float:
        return self.requests / self.admit_seconds if self.admit_seconds else 0.0


@dataclass
class _Sent:
    rid: str
    sent_at: datetime
    admit_s: float


@dataclass
class _Sender:
    supplier: DemoSupplier
    targets: list[Eui64]
    n: int
    sent: list[_Sent] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    counters: dict[Eui64, count[int]] = field(default_factory=dict)

    def warm_up(self) -> None:
        """One read per ESME: its simulated hub and meter are built on this first contact."""
        self._send(len(self.targets))

    def run(self) -> None:
        self.sent.clear()
        self._send(self.n)

    def _send(self, n: int) -> None:
        for i in range(n):
            target = self.targets[i % len(self.targets)]
            signed = self.supplier.request(target, "4.1.1", next(self.counters.setdefault(target, count(1))))
            sent_at, t0 = datetime.now(UTC), time.perf_counter()
            reply = self.supplier.post(signed)
            admit = time.perf_counter() - t0
            if reply.response_code != "I99":
                self.refused.append(f"{reply.response_code} {reply.headers.get('x-gbdcc-reason', '')}")
                continue
            self.sent.append(_Sent(request_id(signed), sent_at, admit))


def run(requests: int = 300, *, senders: int = 8, premises: int = 100, time_scale: float = 0.01,
        timeout_s: float = 45.0) -> DeviceFigures:
    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-device-") as tmp:
        port = free_port()
        dcc = DccProcess(Path(tmp) / "var", receiver_url(port), premises=premises,
                         wan_time_scale=time_scale).start(timeout=120)
        receiver = Receiver(dcc.dcc_certificate(), port).start()
        esmes = commissioned_esmes(premises)
        workers = [_Sender(DemoSupplier(dcc.data_dir, dcc.url), targets, n)
                   for targets, n in zip(iter_chunks(esmes, senders), _split(requests, senders), strict=True)]
        try:
            warm_up_s = _warm_up(workers, receiver, timeout_s)
            started = datetime.now(UTC)
            _in_parallel([w.run for w in workers])
            admitted_by = datetime.now(UTC)
            sent = {s.rid: s for w in workers for s in w.sent}
            refused = [r for w in workers for r in w.refused]
            if refused:
                raise RuntimeError(f"{len(refused)} bench request(s) refused, e.g. {refused[0]}")
            with contextlib.suppress(TimeoutError):  # then reported: answered < requests
                receiver.wait_for(lambda got: set(sent) <= set(group(got)), timeout_s)
            received = {rid: ms[0] for rid, ms in group(receiver.received()).items() if rid in sent}
            time.sleep(0.5)  # the last deliveries' outcomes are recorded just after the receiver's 204
        finally:
            for w in workers:
                w.supplier.close()
            dcc.stop()
            receiver.stop()
        with dcc.store()(read_only=True) as uow:
            trails = {rid: list(uow.audit.for_request(rid)) for rid in sent}
        dcc.close_store()
    answered = [rid for rid, m in received.items() if m.response_code == "I0" and m.gbcs]
    last = max((m.received_at for m in received.values()), default=admitted_by)
    stages: dict[str, list[float]] = {name: [] for name in STAGES}
    for rid in answered:
        for name, seconds in _stages(sent[rid], trails[rid], received[rid].received_at).items():
            stages[name].append(seconds)
    return DeviceFigures(
        requests=len(sent), answered=len(answered),
        errors=dict(Counter(m.response_code or "?" for m in received.values() if m.response_code != "I0")),
        seconds=(last - started).total_seconds(), admit_seconds=(admitted_by - started).total_seconds(),
        end_to_end=Percentiles.of([(received[r].received_at - sent[r].sent_at).total_seconds() for r in answered]),
        stages={name: Percentiles.of(v) for name, v in stages.items()}, time_scale=time_scale, senders=senders,
        premises=premises, esmes=len(esmes), warm_up_s=warm_up_s)


def _in_parallel(jobs: Sequence[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _warm_up(workers: Sequence[_Sender], receiver: Receiver, timeout_s: float) -> float:
    """Seconds until every ESME has answered its first read (not measured: the simulated meters'
    registers are brought forward from their installation on first contact, which costs the simulator,
    not the DCC, and happens once per ESME and process)."""
    t0 = time.perf_counter()
    _in_parallel([w.warm_up for w in workers])
    wanted = {s.rid for w in workers for s in w.sent}
    receiver.wait_for(lambda got: wanted <= set(group(got)), timeout_s)
    return time.perf_counter() - t0


def _split(n: int, parts: int) -> list[int]:
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def _stages(sent: _Sent, trail: list[AuditRecord], arrived: datetime) -> dict[str, float]:
    """Seconds spent in each stage by one request, from its audit trail (oldest first)."""

    def first(kind: str, direction: str) -> datetime | None:
        return next((r.received_at for r in trail if r.kind == kind and r.direction == direction), None)

    admitted, built, handed = first("message", "in"), first("gbcs", "out"), first("wan", "out")
    responded = first("wan", "in")
    delivered = next((r.received_at for r in trail if r.kind == "delivery" and r.decision
                      and r.decision.response_code == "I0"), None)
    out = {"admit": sent.admit_s}
    marks = [("transform", admitted, built), ("dispatch", built, handed), ("device round trip", handed, responded),
             ("respond", responded, arrived), ("deliver", arrived, delivered)]
    for name, start, end in marks:
        if start is not None and end is not None:
            out[name] = (end - start).total_seconds()
    return out

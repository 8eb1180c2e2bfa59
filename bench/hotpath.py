"""Where the CPU of one request goes, stage by stage, in process (issue 11, part 2: the lean hot path).

A real instance (SQLite file, real crypto, the simulated SM WAN and devices) driven in virtual time by the
pipeline harness of ``tests/integration/pipeline`` — no threads, no sleeping, so every CPU second measured
is the DCC's (or the simulator's) and none is another thread's or the load generator's. Requests are signed
before the clock starts (the User's cost, not the DCC's).

Two workloads: ``device`` — N × 4.1.1 Read Instantaneous Import Registers (CV1) through admit → transform →
dispatch → simulated WAN / device → respond → deliver; ``nondevice`` — N × 8.2 Read Inventory through the
gateway. Figures are ``time.process_time`` (CPU of this process, so a loaded machine does not inflate them)
per request, per stage:

* stage totals come from a run *without* a profiler (thin wrappers round each stage's entry point);
* the split of a stage into its parts comes from a second run of the same workload under ``cProfile``:
  each part's share of its stage's profiled time, applied to the unprofiled stage figure.

``PYTHONPATH=. python -m bench.hotpath [--requests N] [--premises P] [--workload device|nondevice|both]
[--no-profile] [--json FILE]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from tests.integration.pipeline.conftest import Dcc

from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.domain.inventory import DeviceType

READ = "<sr:ReadInstantaneousImportRegisters/>"
ACB = "90-B3-D5-1F-30-00-00-02"

#: Parts of each stage, by the function whose cumulative time is the part (module suffix, function name).
PARTS: dict[str, list[tuple[str, str, str]]] = {
    "gateway admit": [
        ("parse (safe XML, XSD, header)", "duis/codec.py", "parse"),
        ("  of which XSD validation", "duis/schema.py", "validate"),
        ("authenticate (User, counter, cert)", "service/gateway.py", "_authenticate"),
        ("  of which XML signature verify", "duis/signature.py", "verify_signature"),
        ("access control + facts", "service/device/facts.py", "gather_facts"),
        ("admit handler (plan, store)", "service/device/admit.py", "__call__"),
        ("response build + XML sign", "duis/codec.py", "encode_response"),
        ("audit inserts", "db/sql_audit.py", "append"),
        ("commit", "db/uow.py", "commit"),
    ],
    "transform": [
        ("re-parse stored request", "duis/codec.py", "parse"),
        ("GBCS build (all)", "gbcs/transformer.py", "transform"),
        ("  of which ECDH", "gbcs/crypto.py", "ecdh"),
        ("  of which device key lookup", "smki/device_keys.py", "ka_public_key"),
        ("store + audit", "db/sql_audit.py", "append"),
        ("commit", "db/uow.py", "commit"),
    ],
    "dispatch": [
        ("record sent", "db/sql_requests.py", "update"),
        ("commit", "db/uow.py", "commit"),
        ("hand to CSP", "wan/runtime.py", "send"),
    ],
    "uplink record (WAN callback)": [
        ("commit", "db/uow.py", "commit"),
    ],
    "respond": [
        ("GBCS inspect", "gbcs/transformer.py", "inspect_uplink"),
        ("inventory rules", "service/device/inventory_rules.py", "after_response"),
        ("response build + XML sign", "duis/codec.py", "encode_response"),
        ("commit", "db/uow.py", "commit"),
    ],
    "deliver": [
        ("read message + User", "db/sql_messages.py", "get"),
        ("record outcome", "service/device/delivery.py", "_record"),
        ("commit", "db/uow.py", "commit"),
    ],
    "relay drain (lease)": [
        ("due() lease query", "db/sql_outbox.py", "due"),
        ("commit", "db/uow.py", "commit"),
    ],
}

TOPIC_STAGE = {"request.admitted": "transform", "command.transformed": "dispatch", "uplink.received": "respond",
               "message.queued": "deliver", "request.deadline": "response deadline (E21 check)"}


class Meter:
    """CPU seconds per stage (``time.process_time``); nested stages are subtracted from their parent."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.statements: dict[str, int] = defaultdict(int)
        self.commits: dict[str, int] = defaultdict(int)
        self._stack: list[list[float]] = []
        self._names: list[str] = []

    def statement(self, *_args: Any) -> None:
        """SQLAlchemy ``before_cursor_execute``: one SQL statement sent, charged to the innermost stage."""
        self.statements[self._names[-1] if self._names else "(outside)"] += 1

    def commit(self, *_args: Any) -> None:
        self.commits[self._names[-1] if self._names else "(outside)"] += 1

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self._stack.append([0.0])
        self._names.append(name)
        t0 = time.process_time()
        try:
            yield
        finally:
            spent = time.process_time() - t0
            self._names.pop()
            inner = self._stack.pop()[0]
            self.cpu[name] += spent - inner
            self.calls[name] += 1
            if self._stack:
                self._stack[-1][0] += spent

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return fn(*args, **kwargs)
        return wrapped


def instrument(dcc: Dcc, meter: Meter) -> None:
    """Thin wrappers round every stage's entry point (attributes of this harness's objects only)."""
    pipeline = dcc.instance.pipeline
    handlers = pipeline.bus._handlers
    for topic, handler in list(handlers.items()):
        handlers[topic] = meter.wrap(TOPIC_STAGE.get(topic, f"other: {topic}"), handler)
    uplinks = pipeline.uplinks
    uplinks.record = meter.wrap("uplink record (WAN callback)", uplinks.record)  # type: ignore[method-assign]
    for relay in pipeline.relays:
        relay.drain = meter.wrap("relay drain (lease)", relay.drain)  # type: ignore[method-assign]
        relay.next_due = meter.wrap("relay next_due (idle poll)", relay.next_due)  # type: ignore[method-assign]
    engine = dcc.instance.engine
    assert engine is not None
    event.listen(engine, "before_cursor_execute", meter.statement)
    event.listen(engine, "commit", meter.commit)
    sched = dcc.scheduler
    sched.run_until = meter.wrap("simulated WAN + device", sched.run_until)  # type: ignore[method-assign]
    dcc.instance.gateway.submit = meter.wrap("gateway admit", dcc.instance.gateway.submit)  # type: ignore[method-assign]


def _esmes(dcc: Dcc) -> list[Any]:
    out = []
    for p in dcc.premises:
        d = p.device(DeviceType.ESME)
        if d is not None and dcc.device(d.device_id).status.value == "Commissioned":
            out.append(d.device_id)
    return out


def device_workload(dcc: Dcc, n: int) -> Callable[[], None]:
    """``n`` reads in waves of one per ESME (a meter takes one command at a time: a burst at one meter
    would measure the simulator's queueing, not the DCC), each wave run until its responses are delivered
    and its deadlines passed."""
    esmes = _esmes(dcc)
    # warm up: every ESME's simulated meter is built on first contact (the simulator's cost, once)
    for e in esmes:
        dcc.submit(dcc.request(dcc.supplier, e, "4.1.1", READ))
    dcc.run()
    signed = [dcc.request(dcc.supplier, esmes[i % len(esmes)], "4.1.1", READ) for i in range(n)]
    waves = [signed[i:i + len(esmes)] for i in range(0, n, len(esmes))]
    before = len(dcc.receivers.received["http://supplier.test/duis"])

    def go() -> None:
        for wave in waves:
            for s in wave:
                reply = dcc.submit(s)
                assert reply.decision.response_code == "I99", reply.decision
            VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_until_idle(timedelta(minutes=5))
        got = dcc.receivers.received["http://supplier.test/duis"][before:]
        answered = sum(1 for body in got if b"<sr:ResponseCode>I0<" in body and b"GBCSPayload" in body
                       and b"ServiceReferenceVariant>4.1.1<" in body)
        assert answered == n, f"{answered} responses for {n} requests ({len(got)} messages)"
    return go


def nondevice_workload(dcc: Dcc, n: int) -> Callable[[], None]:
    esme = _esmes(dcc)[0]
    body = f"<sr:ReadInventory><sr:DeviceID>{esme}</sr:DeviceID></sr:ReadInventory>"
    dcc.submit(dcc.request(dcc.supplier, ACB, "8.2", body, cv=8))
    signed = [dcc.request(dcc.supplier, ACB, "8.2", body, cv=8) for _ in range(n)]

    def go() -> None:
        for s in signed:
            reply = dcc.submit(s)
            assert reply.decision.response_code == "I0", reply.decision
    return go


WORKLOADS = {"device": device_workload, "nondevice": nondevice_workload}


def measure(kind: str, n: int, premises: int, tmp: Path, *, profile: bool = True) -> dict[str, Any]:
    """One fresh instance: the stage totals unprofiled, then (same instance, fresh requests) the profile."""
    dcc = Dcc(tmp / kind, premises=premises)
    try:
        meter = Meter()
        instrument(dcc, meter)
        go = WORKLOADS[kind](dcc, n)
        for counts in (meter.cpu, meter.calls, meter.statements, meter.commits):
            counts.clear()
        t0, w0 = time.process_time(), time.perf_counter()
        go()
        total, wall = time.process_time() - t0, time.perf_counter() - w0
        stages = {k: v / n * 1000 for k, v in meter.cpu.items()}
        counts = {k: {"calls": meter.calls[k] / n, "statements": meter.statements[k] / n,
                      "commits": meter.commits[k] / n} for k in meter.cpu}
        parts: dict[str, dict[str, float]] = {}
        top: list[tuple[str, float, float]] = []
        if profile:
            go2 = WORKLOADS[kind](dcc, n)
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            go2()
            profiler.disable()
            parts, top = _parts(pstats.Stats(profiler), stages), _top(pstats.Stats(profiler), n)
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()
    return {"kind": kind, "requests": n, "cpu_ms_per_request": total / n * 1000,
            "wall_ms_per_request": wall / n * 1000, "stages_ms": stages, "counts": counts, "parts_ms": parts,
            "top": top}


def _cum(stats: pstats.Stats, suffix: str, name: str) -> float:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return sum(v[3] for (file, _line, fn), v in raw.items() if fn == name and file.endswith(suffix))


def _parts(stats: pstats.Stats, stages: dict[str, float]) -> dict[str, dict[str, float]]:
    """Each part as a share of its stage's profiled time, applied to the unprofiled stage figure. A part
    reached from several stages (``commit``) is attributed by the stage's entry point's callees only when the
    stage has a single entry; elsewhere the share is of the whole profile (marked by the caller)."""
    entry = {"gateway admit": ("service/gateway.py", "submit"),
             "transform": ("service/device/transform.py", "__call__"),
             "dispatch": ("service/device/dispatch.py", "__call__"),
             "respond": ("service/device/responses.py", "__call__"),
             "deliver": ("service/device/delivery.py", "__call__"),
             "uplink record (WAN callback)": ("service/device/responses.py", "record"),
             "relay drain (lease)": ("service/messagebus.py", "drain"),
             "relay next_due (idle poll)": ("service/messagebus.py", "next_due")}
    out: dict[str, dict[str, float]] = {}
    for stage, parts in PARTS.items():
        if stage not in stages or stage not in entry:
            continue
        sub = _within(stats, *entry[stage])
        whole = _cum(sub, *entry[stage]) if sub is not None else 0.0
        if not whole:
            continue
        out[stage] = {label: _cum(sub, suffix, fn) / whole * stages[stage] for label, suffix, fn in parts
                      if sub is not None}
    return out


def _within(stats: pstats.Stats, suffix: str, name: str) -> pstats.Stats | None:
    """The profile restricted to calls made under ``name`` (its callees, transitively), by re-walking the
    call graph from it: cumulative times of its callees as called from it."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    roots = [k for k in raw if k[2] == name and k[0].endswith(suffix)]
    if not roots:
        return None
    # share of each function's time that is reached from the roots: walk callers
    memo: dict[Any, float] = {}

    def share(key: Any, depth: int = 0) -> float:
        if key in roots:
            return 1.0
        if key in memo or depth > 60:
            return memo.get(key, 0.0)
        memo[key] = 0.0
        _cc, _nc, _tt, ct, callers = raw[key]
        if not ct:
            return 0.0
        total = 0.0
        for caller, (_c, _n, _t, cct) in callers.items():
            if caller in raw:
                total += cct * share(caller, depth + 1)
        memo[key] = min(1.0, total / ct)
        return memo[key]

    restricted = pstats.Stats()
    restricted.stats = {k: (v[0], v[1], v[2] * share(k), v[3] * share(k), v[4])  # type: ignore[attr-defined]
                        for k, v in raw.items()}
    return restricted


def _top(stats: pstats.Stats, n: int, limit: int = 25) -> list[tuple[str, float, float]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:limit]
    return [(f"{Path(f).name}:{line}({fn})", v[2] / n * 1000, v[3] / n * 1000) for (f, line, fn), v in rows]


def report(result: dict[str, Any]) -> str:
    lines = [f"## {result['kind']}: {result['requests']} requests, {result['cpu_ms_per_request']:.2f} ms CPU "
             f"per request ({result['wall_ms_per_request']:.2f} ms wall)", "",
             "| stage | ms CPU / request | calls / req | SQL statements / req | commits / req |",
             "|---|---:|---:|---:|---:|"]
    for stage, ms in sorted(result["stages_ms"].items(), key=lambda kv: -kv[1]):
        c = result["counts"][stage]
        lines.append(f"| {stage} | {ms:.3f} | {c['calls']:.2f} | {c['statements']:.1f} | {c['commits']:.2f} |")
        for label, part in result["parts_ms"].get(stage, {}).items():
            lines.append(f"| &nbsp;&nbsp;{label} | {part:.3f} | | | |")
    lines += ["", "top functions (own time, profiled, ms / request; cumulative):", ""]
    lines += [f"    {own:7.3f} {cum:7.3f}  {name}" for name, own, cum in result["top"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.hotpath")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--premises", type=int, default=60)
    ap.add_argument("--workload", choices=[*WORKLOADS, "both"], default="both")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-profile", action="store_true", help="stage totals only (no cProfile run)")
    args = ap.parse_args(argv)
    kinds = list(WORKLOADS) if args.workload == "both" else [args.workload]
    results = []
    with tempfile.TemporaryDirectory(prefix="gbdcc-hotpath-") as tmp:
        for kind in kinds:
            results.append(measure(kind, args.requests, args.premises, Path(tmp), profile=not args.no_profile))
            print(report(results[-1]), flush=True)
            print()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make bench``: every figure measured in this one run, with ratios side by side; the last line is
``BENCH <json>`` (``bench/contract.py``), the same object also written to ``--json`` for comparison across
commits. ``--full`` adds the older per-component tables (gateway in-process, estate, Registration Data)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import device, gateway
from bench.contract import bench_line


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--full", action="store_true", help="also the per-component tables (slow)")
    parser.add_argument("--load-requests", type=int, default=400, help="requests per workload of the load run")
    parser.add_argument("--load-senders", type=int, default=4, help="sender processes (and bench Users)")
    parser.add_argument("--load-premises", type=int, default=100, help="premises of the load run's estate")
    parser.add_argument("--storm-premises", type=int, default=2_000, help="premises of the alert storm")
    parser.add_argument("--scaled-processors", default="1,2,3",
                        help="processor counts of the scaled-mode curve (comma-separated; empty: no scaled run)")
    parser.add_argument("--json", type=Path, default=None, help="where the BENCH object goes "
                        "(default var/bench/<commit>.json)")
    parser.add_argument("--requests", type=int, default=300, help="DUIS requests per backend")
    parser.add_argument("--premises", type=int, default=10_000, help="premises for the estate benchmark")
    parser.add_argument("--device-requests", type=int, default=300, help="4.1.1 requests end to end over HTTP")
    parser.add_argument("--device-senders", type=int, default=8, help="concurrent senders of the 4.1.1 benchmark")
    parser.add_argument("--wan-time-scale", type=float, default=0.01, help="simulated SM WAN time scale")
    parser.add_argument("--rdp-mpxns", type=int, default=1_000_000, help="MPANs of the Registration Data refresh")
    parser.add_argument("--only", choices=("device", "rdp", "scenario"), help="run only this benchmark")
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 160)  # piped (make bench | tee): tables not squashed
    if args.only is None:
        if args.full:
            components(console, args)
        capacity(console, args)
        return
    if args.only == "rdp":
        print_rdp(console, args.rdp_mpxns)
        return
    if args.only == "scenario":
        return storm(console, args.premises)
    components(console, args)


def components(console: Console, args: argparse.Namespace) -> None:
    console.rule(f"Device request 4.1.1 end to end over HTTP: gbdcc up (SQLite) → simulated SM WAN at "
                 f"{args.wan_time_scale}× time → receiver")
    print_device(console, device.run(args.device_requests, senders=args.device_senders,
                                     time_scale=args.wan_time_scale))
    if args.only == "device":
        return

    console.rule("DUIS gateway: 8.2 Read Inventory end to end (verify, store, sign)")
    figures = gateway.run(args.requests)
    table = Table("backend", "requests", "req/s", "p50 ms", "p99 ms", "vs sqlite")
    base = figures[0].rate
    for f in figures:
        table.add_row(f.backend, str(f.requests), f"{f.rate:,.1f}", f"{f.p50_ms:.2f}", f"{f.p99_ms:.2f}",
                      f"{f.rate / base:.2f}x")
    console.print(table)
    console.print("write s: the one writing unit (on SQLite, how long the write lock is held)")
    if len(figures) == 1:
        console.print("[yellow]PostgreSQL not reachable on 127.0.0.1:5432: only SQLite measured[/yellow]")

    console.rule(f"Estate generator (simulated): {args.premises:,} premises into SQLite")
    from bench import estate

    rates = {}
    for path in ("bulk", "uow"):
        report = estate.run(args.premises, path)
        if report is not None:
            rates[path] = args.premises / report.seconds
    if len(rates) == 2:
        console.print(f"bulk path vs unit-of-work path: {rates['bulk'] / rates['uow']:.1f}x premises/s; "
                      f"1,000,000 premises at the bulk rate ≈ {1_000_000 / rates['bulk'] / 60:.0f} min")
    print_rdp(console, args.rdp_mpxns)
    storm(console, args.premises)


def capacity(console: Console, args: argparse.Namespace) -> None:
    """The whole path under load (issue 11): the figures of the BENCH line."""
    from bench import load, scenario
    from bench.contract import Latency

    t0 = time.perf_counter()
    n = args.load_requests
    console.rule(f"Load: {args.load_senders} sender processes → gbdcc up (SQLite, SIMULATED SM WAN at 0.01× time) → "
                 "receiver (this process); every signature verified")
    run = load.run({"nondevice": n, "device": n, "critical": max(1, n // 4), "mixed": n},
                   senders=args.load_senders, premises=args.load_premises)
    table = Table("workload", "done/sent", "not done", "s", "per s", "p50 ms", "p95 ms", "p99 ms")
    for w in run.workloads.values():
        errors = ", ".join(f"{n} {c}" for c, n in w.errors.items()) or "0"
        table.add_row(w.name, f"{w.requests}/{w.sent}", errors, f"{w.seconds:.1f}", f"{w.rate:,.1f}",
                      f"{w.latency.p50_ms:,.1f}", f"{w.latency.p95_ms:,.1f}", f"{w.latency.p99_ms:,.1f}")
    console.print(table)
    console.print("latency: request sent → reply verified (nondevice, 8.2 is synchronous) or → async Service "
                  "Response verified at the receiver (device, critical: CV4 sent → response of the CV5, mixed); "
                  "the device round trip is the SIMULATED SM WAN")
    console.rule(f"Alert storm (simulated, virtual time): power outage of one CSP region of {args.storm_premises:,} "
                 "premises")
    storm_figures = scenario.run(args.storm_premises)
    scenario.print_storm(storm_figures)
    console.rule("SIGKILL of gbdcc up under 8.2 load: acknowledged (I0) requests missing after restart")
    acknowledged, lost = load.sigkill()
    console.print(f"{acknowledged} acknowledged before the kill, {lost} of them lost")
    scaled_figures = scaled_mode(console, args, n)
    costs = load.crypto_costs()
    device_nc = run.workloads["device"]
    bound = load.crypto_bound(costs, signed_ack=device_nc.signed_acks)
    mb = load.estate_mb_per_100k()
    console.print(f"crypto on this machine (P-256, one core): sign {costs['ecdsa_sign_s'] * 1e6:.0f} µs, verify "
                  f"{costs['ecdsa_verify_s'] * 1e6:.0f} µs, ECDH {costs['ecdh_s'] * 1e6:.0f} µs → the crypto of a "
                  f"4.1.1 alone would allow {bound:,.0f}/s; measured {device_nc.rate:,.1f}/s "
                  f"({device_nc.rate / bound:.2%} of it). Estate: {mb:,.0f} MB per 100,000 premises (SQLite, "
                  "simulated estate)")
    lat: Latency = device_nc.latency
    figures: dict[str, Any] = {
        "device_nc_rps": device_nc.rate, "device_nc_p50_ms": lat.p50_ms, "device_nc_p95_ms": lat.p95_ms,
        "device_nc_p99_ms": lat.p99_ms,
        "nondevice_rps": run.workloads["nondevice"].rate, "nondevice_p99_ms": run.workloads["nondevice"].latency.p99_ms,
        "critical_rps": run.workloads["critical"].rate, "critical_p99_ms": run.workloads["critical"].latency.p99_ms,
        "mixed_rps": run.workloads["mixed"].rate, "mixed_p99_ms": run.workloads["mixed"].latency.p99_ms,
        "alerts_per_s": storm_figures.uplinks / storm_figures.pipeline_s if storm_figures.pipeline_s else None,
        "crypto_bound_rps": bound, "ratio_to_crypto_bound": device_nc.rate / bound if bound else None,
        "crypto_costs_us": {k.removesuffix("_s"): v * 1e6 for k, v in costs.items()},
        **scaled_figures,
        "sigkill_acknowledged": acknowledged, "sigkill_lost": lost, "mb_per_100k_premises": mb,
        "senders": run.senders, "load_premises": run.premises, "commit": _commit(), "seconds": 0.0,
    }
    figures["seconds"] = time.perf_counter() - t0
    line = bench_line(figures)
    path = args.json or Path("var") / "bench" / f"{figures['commit'] or 'unknown'}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json.loads(line.removeprefix("BENCH ")), indent=2, sort_keys=True) + "\n")
    console.print(f"results written to {path}")
    print(line, flush=True)


def scaled_mode(console: Console, args: argparse.Namespace, n: int) -> dict[str, Any]:
    """The 4.1.1 workload in scaled mode for each processor count, then SIGKILLs under load (issue 11 parts 3–4)."""
    from bench import scaled

    points = tuple(int(x) for x in args.scaled_processors.split(",") if x.strip())
    nothing: dict[str, Any] = {"scaled_device_nc_rps": None, "scaled_curve": [], "scaled_sigkill_acknowledged": None,
                               "scaled_sigkill_lost": None, "scaled_sigkill_duplicates": None}
    why = "not asked for (--scaled-processors '')" if not points else scaled.missing()
    if why is not None:
        console.print(f"[yellow]scaled mode not measured: {why}[/yellow]")
        return nothing
    console.rule(f"Scaled mode: 4.1.1 through gbdcc up --role gateway | processor ×N | wan | delivery (PostgreSQL, "
                 f"NATS JetStream, SIMULATED SM WAN at 0.01× time), {args.load_senders} sender processes")
    curve = scaled.curve(points, n, senders=args.load_senders, premises=args.load_premises)
    roles = sorted({r for p in curve for r in p.busy})
    table = Table("processors", "processes", "done/sent", "per s", "vs 1", "p50 ms", "p99 ms", "PG xact/req",
                  "WAL fsync/req", "WAL kB/req", *(f"{r} CPU ms/req" for r in roles))
    base = curve[0].workload.rate or 1.0
    for p in curve:
        w, cpu = p.workload, p.cpu_ms_per_request()
        table.add_row(str(p.processors), str(p.processes), f"{w.requests}/{w.sent}", f"{w.rate:,.1f}",
                      f"{w.rate / base:.2f}x", f"{w.latency.p50_ms:,.0f}", f"{w.latency.p99_ms:,.0f}",
                      f"{p.per_request(p.pg.commits):.1f}", f"{p.per_request(p.pg.wal_syncs):.1f}",
                      f"{p.per_request(p.pg.wal_bytes) / 1024:.1f}", *(f"{cpu.get(r, 0.0):.1f}" for r in roles))
    console.print(table)
    console.print("CPU ms/req: CPU seconds of each role's processes (and of every PostgreSQL backend, the NATS server) "
                  "over the workload ÷ requests done; this 2-core machine also runs the senders and the receiver. PG "
                  "xact: transactions committed, the pool's pre-ping (an autocommitted SELECT 1 per unit of work) "
                  "included; WAL fsync: the server's WAL syncs (its own group commit merges concurrent commits)")
    console.rule("Scaled mode: SIGKILL of processor-0, then gateway-0, under 4.1.1 load (2 gateways, 2 processors)")
    kill = scaled.sigkill(senders=args.load_senders)
    console.print(f"{kill.acknowledged} acknowledged (I99), {kill.lost} of them without a final response, "
                  f"{kill.duplicates} duplicate deliveries, {kill.e_codes} answered with an E-code (E21 at the "
                  "deadline)")
    best = max(curve, key=lambda p: p.workload.rate)
    capacity_plan = print_plan(console, curve[0])
    return {"scaled_device_nc_rps": best.workload.rate, "scaled_best_processors": best.processors,
            "capacity_plan": capacity_plan,
            "scaled_curve": [{"processors": p.processors, "rps": p.workload.rate, "p50_ms": p.workload.latency.p50_ms,
                              "p99_ms": p.workload.latency.p99_ms, "done": p.workload.requests, "sent": p.workload.sent,
                              "pg_xact_per_request": p.per_request(p.pg.commits),
                              "pg_wal_syncs_per_request": p.per_request(p.pg.wal_syncs),
                              "pg_wal_bytes_per_request": p.per_request(p.pg.wal_bytes),
                              "cpu_ms_per_request": p.cpu_ms_per_request()} for p in curve],
            "scaled_sigkill_acknowledged": kill.acknowledged, "scaled_sigkill_lost": kill.lost,
            "scaled_sigkill_duplicates": kill.duplicates}


def print_plan(console: Console, point: Any) -> dict[str, Any]:
    """The capacity plan from one scaled point's measured costs (``bench/plan.py``), and its check here."""
    from bench import plan

    done = max(1, point.workload.requests)
    cpu = point.cpu_ms_per_request()
    costs = plan.Costs({k: v for k, v in cpu.items() if k not in ("machine", "wan")}, point.pg.wal_syncs / done,
                       point.published / done)
    needs = plan.plan(costs)
    console.rule("Capacity plan for the national load, from the costs measured above (1 processor; bench/plan.py)")
    table = Table("load", "requests/s", "alerts/s", *(f"{r} processes" for r in plan.ROLES), "PostgreSQL cores",
                  "PG WAL fsyncs/s", "NATS cores", "NATS msgs/s")
    for n in needs:
        table.add_row(n.load.name, f"{n.load.requests_per_s:,.0f}", f"{n.load.alerts_per_s:,.0f}",
                      *(str(n.processes[r]) for r in plan.ROLES), f"{n.cores['postgresql']:,.1f}",
                      f"{n.commits_per_s:,.0f}", f"{n.cores['nats']:,.1f}", f"{n.messages_per_s:,.0f}")
    console.print(table)
    machine = cpu.get("machine", 0.0)
    predicted = plan.predicted_rate(costs, machine)
    console.print(f"per 4.1.1: {', '.join(f'{k} {v:.1f}' for k, v in costs.cpu_ms.items())} CPU ms; "
                  f"{costs.commits:.1f} PostgreSQL WAL fsyncs; {costs.messages:.1f} JetStream messages. Check here: "
                  f"the whole machine spent {machine:.1f} CPU ms per request (load generator included) → 2 cores allow "
                  f"{predicted:,.1f}/s; measured {point.workload.rate:,.1f}/s")
    return {"costs_cpu_ms": costs.cpu_ms, "wal_syncs_per_request": costs.commits,
            "messages_per_request": costs.messages, "machine_cpu_ms_per_request": machine,
            "predicted_rps_here": predicted, "measured_rps_here": point.workload.rate,
            "needs": [{"load": n.load.name, "requests_per_s": n.load.requests_per_s,
                       "alerts_per_s": n.load.alerts_per_s, "processes": n.processes, "cores": n.cores,
                       "pg_wal_syncs_per_s": n.commits_per_s, "nats_messages_per_s": n.messages_per_s}
                      for n in needs]}


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def print_rdp(console: Console, mpxns: int) -> None:
    from bench import rdp

    console.rule(f"Registration Data: FULL refresh of {mpxns:,} MPANs (gbdcc rdp load's use case) beside a bare COPY")
    figures = rdp.run(mpxns)
    table = Table("backend", "load", "records", "s", "records/s", "rows written", "write s", "vs bare")
    for b in figures:
        for f in b.loads:
            table.add_row(b.backend, f.label, f"{f.records:,}", f"{f.seconds:.1f}", f"{f.rate:,.0f}",
                          f"{f.rows_written:,}", f"{f.phases.get('write', 0.0):.1f}", f"{f.rate / b.bare_rate:.1%}")
        table.add_row(b.backend, b.bare_label, f"{b.records:,}", f"{b.bare_seconds:.1f}", f"{b.bare_rate:,.0f}", "", "",
                      "1")
    console.print(table)
    console.print("write s: the one writing unit (on SQLite, how long the write lock is held)")
    if len(figures) == 1:
        console.print("[yellow]PostgreSQL not reachable on 127.0.0.1:5432: only SQLite measured[/yellow]")


def storm(console: Console, premises: int) -> None:
    from bench import scenario

    console.rule(f"Alert storm (simulated): a 1-hour power outage of one CSP region on {premises:,} premises, "
                 "virtual time, SQLite")
    scenario.print_storm(scenario.run(premises))


def print_device(console: Console, f: device.DeviceFigures) -> None:
    table = Table("stage", "p50 ms", "p95 ms", "p99 ms", "samples")
    for name, p in [*f.stages.items(), ("end to end (sent → response verified)", f.end_to_end)]:
        table.add_row(name, f"{p.p50_ms:,.1f}", f"{p.p95_ms:,.1f}", f"{p.p99_ms:,.1f}", str(p.samples))
    console.print(table)
    console.print(f"{f.answered}/{f.requests} answered (E-code responses: {f.errors or 'none'}) in {f.seconds:.1f} s: "
                  f"[bold]{f.rate:,.1f} requests/s end to end[/bold]; admitted (I99) at {f.admit_rate:,.1f}/s by "
                  f"{f.senders} senders; {f.premises} premises; device round trip is the SIMULATED SM WAN at "
                  f"{f.time_scale}× time. Not measured: the warm-up, a first read of each of the {f.esmes} ESMEs "
                  f"({f.warm_up_s:.1f} s: the simulated meters bring their registers forward from installation)")


if __name__ == "__main__":
    main()

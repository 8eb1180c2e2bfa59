"""``make bench``: every figure measured in this one run, with ratios side by side."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from bench import device, gateway


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--requests", type=int, default=300, help="DUIS requests per backend")
    parser.add_argument("--premises", type=int, default=10_000, help="premises for the estate benchmark")
    parser.add_argument("--device-requests", type=int, default=300, help="4.1.1 requests end to end over HTTP")
    parser.add_argument("--device-senders", type=int, default=8, help="concurrent senders of the 4.1.1 benchmark")
    parser.add_argument("--wan-time-scale", type=float, default=0.01, help="simulated SM WAN time scale")
    parser.add_argument("--rdp-mpxns", type=int, default=1_000_000, help="MPANs of the Registration Data refresh")
    parser.add_argument("--only", choices=("device", "rdp", "scenario"), help="run only this benchmark")
    args = parser.parse_args()
    console = Console()
    if args.only == "rdp":
        print_rdp(console, args.rdp_mpxns)
        return
    if args.only == "scenario":
        return storm(console, args.premises)

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

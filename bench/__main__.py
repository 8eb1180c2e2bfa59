"""``make bench``: every figure measured in this one run, with ratios side by side."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from bench import gateway


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--requests", type=int, default=300, help="DUIS requests per backend")
    parser.add_argument("--premises", type=int, default=10_000, help="premises for the estate benchmark")
    args = parser.parse_args()
    console = Console()

    console.rule("DUIS gateway: 8.2 Read Inventory end to end (verify, store, sign)")
    figures = gateway.run(args.requests)
    table = Table("backend", "requests", "req/s", "p50 ms", "p99 ms", "vs sqlite")
    base = figures[0].rate
    for f in figures:
        table.add_row(f.backend, str(f.requests), f"{f.rate:,.1f}", f"{f.p50_ms:.2f}", f"{f.p99_ms:.2f}",
                      f"{f.rate / base:.2f}x")
    console.print(table)
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


if __name__ == "__main__":
    main()

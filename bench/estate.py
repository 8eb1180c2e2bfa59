"""Benchmark the estate generator (SIMULATION): 10k and 100k premises into a temporary SQLite database.

Prints premises/s, devices/s and peak RSS per run, and a linear extrapolation to 1,000,000 premises.
Usage: ``.venv/bin/python bench/estate.py [--sizes 10000 100000] [--path bulk|uow|both]``.
The bulk path uses SQLAlchemy Core executemany on ``adapters/db/tables.py``; the uow path uses the
db adapter's unit of work (``gbdcc.adapters.db.uow.SqlUnitOfWorkFactory``) when it exists.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sqlalchemy import Engine

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.tables import metadata
from gbdcc.adapters.wan.estate import EstateReport, run_estate_generation


def _uow_factory(engine: Engine) -> object | None:
    try:
        from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
    except ImportError:
        return None
    return SqlUnitOfWorkFactory(engine)


def run(n: int, path: str, seed: int = 1, batch: int = 5_000) -> EstateReport | None:
    with tempfile.TemporaryDirectory(prefix="gbdcc-estate-") as tmp:
        engine = create_engine_for(data_dir=Path(tmp))
        metadata.create_all(engine)
        last = [0]

        def progress(done: int) -> None:
            if done - last[0] >= max(1, n // 10) or done == n:
                last[0] = done
                print(f"  {done:>9,} premises", file=sys.stderr)

        if path == "bulk":
            report = run_estate_generation(None, n, seed, progress, bulk_engine=engine, batch_devices=batch)
        else:
            factory = _uow_factory(engine)
            if factory is None:
                print("  (no SQL unit of work in adapters/db yet: skipping the uow path)")
                return None
            report = run_estate_generation(factory, n, seed, progress)  # type: ignore[arg-type]
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
        engine.dispose()
    print(f"{path:>4} {n:>9,} premises {report.devices:>10,} devices {report.seconds:8.1f} s "
          f"{report.premises_per_second:9,.0f} premises/s {report.devices_per_second:9,.0f} devices/s "
          f"peak RSS {report.peak_rss_mb:7.1f} MB  db {size:7.1f} MB")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--path", choices=("bulk", "uow", "both"), default="both")
    ap.add_argument("--batch", type=int, default=5_000, help="devices per transaction (bulk path)")
    args = ap.parse_args()
    paths = ("bulk", "uow") if args.path == "both" else (args.path,)
    for path in paths:
        reports = [r for n in args.sizes if (r := run(n, path, batch=args.batch)) is not None]
        if reports:
            biggest = max(reports, key=lambda r: r.premises)
            eta = 1_000_000 / biggest.premises_per_second
            print(f"{path:>4} extrapolated 1,000,000 premises: ~{eta / 60:.1f} min "
                  f"(~{biggest.devices / biggest.premises * 1e6:,.0f} devices), flat memory "
                  f"(peak RSS {biggest.peak_rss_mb:.0f} MB at {biggest.premises:,})")


if __name__ == "__main__":
    main()

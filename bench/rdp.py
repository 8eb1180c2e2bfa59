"""Registration Data at national scale: a FULL refresh of N MPANs (default 1,000,000) through ``gbdcc rdp load``'s
use case, on SQLite and PostgreSQL, beside a bare COPY of the same file in the same run.

For each backend, in a fresh database: the RDP and its Users are registered, then
1. the first FULL refresh (every metering point new: 2 period rows and 1 metering point row each);
2. a second FULL refresh, sequence 2, moving 1% of the metering points to another supplier (the steady state:
   the plan writes only what changed).
Each is timed end to end (file bytes → response file, committed), with this process's CPU time beside it
(the machine may be shared), and per phase (check lines, read what is stored, plan, write); the write phase
is the one writing unit, so its length is how long SQLite's write lock is held. The bare figures are the
floor: PostgreSQL ``COPY`` of the file's REG lines into an unlogged table of text columns (no validation, no
index) and SQLite ``executemany`` of the same rows into a plain table (``bare COPY`` / ``bare executemany``).
Usage: ``.venv/bin/python -m bench.rdp [--mpxns N]``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from bench.gateway import _postgres_database
from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_bytes, registration_file
from gbdcc.domain.ids import Eui64, mpan_check_digit
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.rdp.cadence import default_cadences
from gbdcc.domain.rdp.model import FileHeader, FileKind, Fuel, RegRecord
from gbdcc.service.registration import RegistrationLoad, add_rdp

RDP = "BENCH"
SUPPLIERS = [Eui64.parse(f"90-B3-D5-1F-30-B0-00-{i:02X}") for i in range(1, 9)]
OPERATOR = Eui64.parse("90-B3-D5-1F-30-B0-01-00")
FROM = datetime(2026, 1, 1, tzinfo=UTC)


def mpans(n: int) -> list[str]:
    """``n`` valid MPAN cores (distributor 16), check digit and all."""
    out = []
    for i in range(n):
        first = f"16{i:010d}"
        out.append(first + str(mpan_check_digit(first)))
    return out


def make_file(points: list[str], sequence: int, rng: random.Random, moved: float = 0.0,
              base: list[Eui64] | None = None) -> tuple[bytes, list[Eui64]]:
    """A FULL refresh of ``points``; ``moved`` of them change supplier against ``base``."""
    suppliers = [rng.choice(SUPPLIERS) for _ in points] if base is None else list(base)
    for i in rng.sample(range(len(points)), int(len(points) * moved)):
        suppliers[i] = next(s for s in SUPPLIERS if s != suppliers[i])
    header = FileHeader(RDP, FileKind.FULL, sequence, datetime(2026, 6, sequence, tzinfo=UTC))
    records = (RegRecord(0, m, Fuel.ELECTRICITY, s, OPERATOR, FROM, i % 5 != 0)
               for i, (m, s) in enumerate(zip(points, suppliers, strict=True)))
    return registration_file(header, records), suppliers


@dataclass
class LoadFigures:
    label: str
    records: int
    rows_written: int
    seconds: float
    cpu_seconds: float
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.records / self.seconds


@dataclass
class BackendFigures:
    backend: str
    loads: list[LoadFigures]
    bare_label: str
    bare_seconds: float
    records: int

    @property
    def bare_rate(self) -> float:
        return self.records / self.bare_seconds


class _Phases:
    """Wall time of each phase from the load's progress calls; prints a line per phase to stderr."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.seen: dict[str, float] = {}
        self.rows = 0
        self._last = ""

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if phase != self._last:
            self.seen[phase] = now
            self._last = phase
            print(f"    {phase:<5} from {now - self.start:6.1f} s", file=sys.stderr)
        if phase == "write":
            self.rows = max(self.rows, done)

    def durations(self, end: float) -> dict[str, float]:
        names = list(self.seen)
        marks = [*self.seen.values(), end]
        return {name: marks[i + 1] - marks[i] for i, name in enumerate(names)}


def _setup(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        for i, s in enumerate(SUPPLIERS):
            uow.users.put(User(s, f"Bench supplier {i}", (UserRoleEntry(UserRole.IMPORT_SUPPLIER, date(2020, 1, 1)),)))
        uow.users.put(User(OPERATOR, "Bench DNO", (UserRoleEntry(UserRole.ELECTRICITY_DISTRIBUTOR, date(2020, 1, 1)),)))
        uow.commit()
    add_rdp(factory, RDP, Fuel.ELECTRICITY, "Bench RDP", default_cadences(date(2026, 6, 1)), added_on=date(2026, 6, 1))


def _load(load: RegistrationLoad, data: bytes, label: str, records: int) -> LoadFigures:
    print(f"  {label}", file=sys.stderr)
    phases = _Phases()
    start, cpu = time.perf_counter(), time.process_time()
    loaded = load(read_bytes(data, source="bench"), progress=phases)
    end = time.perf_counter()
    assert loaded.outcome.accepted, loaded.response.decode()[:2000]
    return LoadFigures(label, records, phases.rows, end - start, time.process_time() - cpu, phases.durations(end))


def _loads(engine: Engine, files: list[tuple[str, bytes]], records: int) -> list[LoadFigures]:
    migrate(engine)
    factory = SqlUnitOfWorkFactory(engine)
    _setup(factory)
    load = RegistrationLoad(factory, SystemClock(), CsvRegistrationFiles())
    return [_load(load, data, label, records) for label, data in files]


def _reg_rows(data: bytes) -> list[list[str]]:
    return [line.split(",") for line in data.decode().split("\n")[1:-2]]


def bare_sqlite(data: bytes, tmp: Path) -> float:
    rows = _reg_rows(data)
    conn = sqlite3.connect(tmp / "bare.sqlite3")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE bare (rec, mpxn, fuel, supplier, operator, effective_from, domestic, a, b)")
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def bare_copy(url: str, data: bytes) -> float:
    import psycopg

    body = b"\n".join(data.split(b"\n")[1:-2]) + b"\n"
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        conn.execute("CREATE UNLOGGED TABLE bare (rec text, mpxn text, fuel text, supplier text, operator text, "
                     "effective_from text, domestic text, a text, b text)")
        start = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY bare FROM STDIN (FORMAT csv)") as copy:
            copy.write(body)
        conn.commit()
        return time.perf_counter() - start


def run(n: int, seed: int = 1) -> list[BackendFigures]:
    rng = random.Random(seed)
    points = mpans(n)
    print(f"  generating two FULL refresh files of {n:,} MPANs", file=sys.stderr)
    first, suppliers = make_file(points, 1, rng)
    second, _ = make_file(points, 2, rng, moved=0.01, base=suppliers)
    files = [("FULL, all new", first), ("FULL, 1% moved", second)]
    figures = []
    with tempfile.TemporaryDirectory(prefix="gbdcc-rdp-") as tmp:
        print("SQLite", file=sys.stderr)
        engine = create_engine_for(data_dir=Path(tmp))
        loads = _loads(engine, files, n)
        engine.dispose()
        figures.append(BackendFigures("sqlite", loads, "bare executemany", bare_sqlite(first, Path(tmp)), n))
    pg = _postgres_database()
    if pg is not None:
        url, drop = pg
        try:
            print("PostgreSQL", file=sys.stderr)
            engine = create_engine_for(url)
            loads = _loads(engine, files, n)
            engine.dispose()
            figures.append(BackendFigures("postgresql", loads, "bare COPY", bare_copy(url, first), n))
        finally:
            drop()
    return figures


def print_figures(figures: list[BackendFigures], echo: Callable[[str], None] = print) -> None:
    for b in figures:
        for f in b.loads:
            phases = ", ".join(f"{k} {v:.1f} s" for k, v in f.phases.items())
            echo(f"{b.backend:<10} {f.label:<16} {f.records:>10,} records {f.seconds:7.1f} s {f.rate:>10,.0f} rows/s "
                 f"({f.rows_written:,} rows written; {phases}; this process's CPU {f.cpu_seconds:.1f} s)")
        echo(f"{b.backend:<10} {b.bare_label:<16} {b.records:>10,} records {b.bare_seconds:7.1f} s "
             f"{b.bare_rate:>10,.0f} rows/s (first load at {b.loads[0].rate / b.bare_rate:.1%} of it)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mpxns", type=int, default=1_000_000)
    args = ap.parse_args()
    print_figures(run(args.mpxns))


if __name__ == "__main__":
    main()

"""Group commit on SQLite with concurrent writers (issue 11, part 2): the same workload with ``group_commit`` off
and on, alternating, in one run.

Each round opens a fresh instance (SQLite file on the data disk, ``synchronous=FULL``) and has ``writers``
threads — one per User, each with its own keys and pre-signed 8.2 Read Inventory requests — submit to the
in-process gateway all at once. Every submit returns only after its commit is durable in both modes (FULL:
the commit's own ``fsync``; group commit: the shared WAL ``fsync`` that covers it). Figures per mode: requests
per second (wall: this is about waiting for the disk), CPU ms per request (``process_time``), and ``fsync``\\ s
per request (group commit: counted by ``WalSync``; FULL: one per commit).

``PYTHONPATH=. python -m bench.group_commit [--writers 8] [--per-writer 40] [--rounds 3] [--dir DIR]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.gateway import _requests
from gbdcc import bootstrap
from gbdcc.adapters.db.group_commit import wal_sync_for
from gbdcc.adapters.provisioning.hubs import deliver_rtds_hub
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService


def one(data_dir: Path, group_commit: bool, writers: int, per_writer: int) -> dict[str, float]:
    instance = bootstrap.open_instance(Settings(data_dir=data_dir, group_commit=group_commit))
    deliver_rtds_hub(instance)
    batches = []
    for i in range(writers):
        eui = f"90-B3-D5-1F-30-{0x40 + i:02X}-00-00"
        keys = data_dir / f"user-{i}"
        register_user(instance, eui=eui, role="IS", name=f"Writer {i}", issue_keys_to=keys)
        batches.append(_requests(instance, keys, per_writer, eui))
    for raw in [b.pop(0) for b in batches]:  # warm: first request of each User (caches, statements)
        assert instance.gateway.submit(raw, WebService.NON_DEVICE).decision.response_code == "I0"
    assert instance.engine is not None
    sync = wal_sync_for(instance.engine)
    syncs0 = sync.syncs if sync is not None else 0
    refused: list[str] = []

    def client(batch: list[bytes]) -> None:
        for raw in batch:
            reply = instance.gateway.submit(raw, WebService.NON_DEVICE)
            if reply.decision.response_code != "I0":
                refused.append(str(reply.decision))

    threads = [threading.Thread(target=client, args=(b,)) for b in batches]
    n = sum(len(b) for b in batches)
    c0, w0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    if refused:
        raise RuntimeError(f"{len(refused)} refused, e.g. {refused[0]}")
    fsyncs = (sync.syncs - syncs0) if (group_commit and sync is not None) else n
    instance.engine.dispose()
    return {"rps": n / wall, "cpu_ms": cpu / n * 1000, "fsyncs_per_request": fsyncs / n, "requests": n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.group_commit")
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--per-writer", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=None, help="where the SQLite files go (default: a temp dir)")
    args = ap.parse_args(argv)
    results: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(prefix="gbdcc-gc-", dir=args.dir) as tmp:
        for r in range(args.rounds):
            for mode in (False, True):
                fig = one(Path(tmp) / f"r{r}-{'gc' if mode else 'full'}", mode, args.writers, args.per_writer)
                results[mode].append(fig)
                print(f"round {r + 1} group_commit={mode!s:5}: {fig['rps']:7.1f} req/s  "
                      f"{fig['cpu_ms']:.2f} ms CPU/req  {fig['fsyncs_per_request']:.2f} fsync/req", flush=True)
    for mode, figs in results.items():
        print(f"group_commit={mode!s:5} median: {statistics.median(f['rps'] for f in figs):7.1f} req/s, "
              f"{statistics.median(f['cpu_ms'] for f in figs):.2f} ms CPU/req, "
              f"{statistics.median(f['fsyncs_per_request'] for f in figs):.2f} fsync/req "
              f"({args.writers} writers × {args.per_writer} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The load generator (issue 11 part 1): signed DUIS traffic from its own processes against a ``gbdcc up`` process.

Three kinds of process, loopback only: the DCC (``gbdcc up``, SQLite, the SIMULATED SM WAN at ``time_scale``),
``senders`` sender processes (``multiprocessing``, spawn; each signs its own requests and, for synchronous
replies, verifies the DCC's signature) and this driver, which runs the Users' receive-response service (every
async message's signature verified on arrival: ``adapters/duis/receiver``). Latency is end to end: request sent
(sender's clock) → reply verified (8.2) or async Service Response verified at the receiver (4.1.1, 7.2) —
one machine, one clock. Each workload is bounded in count and time (``timeout_s``).

Workloads: Non-Device 8.2 Read Inventory (``senders`` bench Users, each with its own keys, registered before
the DCC starts); non-critical device 4.1.1 and the critical pair 7.2 CV4 → sign the Pre-Command → CV5 (the
demo supplier, the Registered Supplier of the estate's ESMEs; each sender owns a disjoint set of ESMEs, so
RequestID counters increase per pair); mixed: 60 % 4.1.1 reads and 40 % critical pairs (7.2 / 7.1), in one
stream per sender (:data:`MIXED`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from bench.contract import Latency, rate
from gbdcc.domain.ids import Eui64

DCC_ACB = "90-B3-D5-1F-30-00-00-02"
SR = "http://www.dccinterface.co.uk/ServiceUserGateway"


def bench_user(i: int) -> str:
    return f"90-B3-D5-1F-30-{0x40 + i:02X}-00-00"


@dataclass
class Workload:
    name: str
    requests: int  # requests (pairs for the critical workload) that completed end to end
    sent: int
    refused: int
    seconds: float  # first request sent → last completion
    latency: Latency
    signed_acks: bool  # the synchronous replies carried an XML signature
    errors: dict[str, int]  # refusals and non-I0 async responses, by response code

    @property
    def rate(self) -> float:
        return rate(self.requests, self.seconds)


# -- sender processes ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Job:
    kind: str  # nondevice | device | critical | mixed
    data_dir: str
    url: str
    targets: tuple[str, ...]
    n: int
    counter_base: int
    user: int = -1  # bench User index (nondevice)


def _sender(job: _Job) -> tuple[list[tuple[str, float]], list[str], bool, list[float]]:
    """Runs in a sender process: ``(sent RequestIDs with their send time, refusals, signed acks, sync
    latencies)``; sync latencies only for 8.2, whose reply is the response (its signature verified here)."""
    from gbdcc.adapters.duis.receiver import read_message

    supplier = DemoSupplier(Path(job.data_dir), job.url)
    sent: list[tuple[str, float]] = []
    refused: list[str] = []
    sync: list[float] = []
    signed = False
    dcc_cert = None
    if job.kind == "nondevice":
        from gbdcc.adapters.smki.dcc_identity import DccIdentity

        dcc_cert = DccIdentity.load_or_create(Path(job.data_dir)).xml_signing_cert
        keys = Path(job.data_dir).parent / f"bench-user-{job.user}"
        from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key

        supplier.xml_key = load_signing_key((keys / "xml-sign.key").read_bytes())
        supplier.xml_cert = load_certificate((keys / "xml-sign.pem").read_bytes())
    try:
        for i in range(job.n):
            target = job.targets[i % len(job.targets)]
            counter = job.counter_base + i
            if job.kind == "nondevice":
                raw = _read_inventory(supplier, bench_user(job.user), target, counter)
            else:
                srv = _srv(job.kind, i)
                raw = supplier.request(Eui64.parse(target), srv, counter)
            t_wall, t0 = time.time(), time.perf_counter()
            reply = supplier.post(raw)
            signed = signed or b"SignatureValue" in reply.body
            if job.kind == "nondevice":
                if reply.response_code != "I0":
                    refused.append(f"{reply.response_code} {reply.headers.get('x-gbdcc-reason', '')}")
                    continue
                read_message(reply.body, dcc_cert)  # type: ignore[arg-type]
                sync.append(time.perf_counter() - t0)
                sent.append((request_id(raw), t_wall))
                continue
            if srv != "4.1.1":  # critical: CV4 → I0 with the Pre-Command → signed → CV5
                if reply.response_code != "I0":
                    refused.append(f"CV4 {reply.response_code} {reply.headers.get('x-gbdcc-reason', '')}")
                    continue
                reply = supplier.post(supplier.cv5(raw, reply))
            if reply.response_code != "I99":
                refused.append(f"{reply.response_code} {reply.headers.get('x-gbdcc-reason', '')}")
                continue
            sent.append((request_id(raw), t_wall))
    finally:
        supplier.close()
    return sent, refused, signed, sync


#: The mixed profile, close to the national mix: 60 % reads (4.1.1), 40 % critical pairs (7.2 / 7.1).
MIXED = ("4.1.1", "4.1.1", "7.2", "4.1.1", "4.1.1", "7.1", "4.1.1", "7.2", "4.1.1", "7.1")


def _srv(kind: str, i: int) -> str:
    if kind == "mixed":
        return MIXED[i % len(MIXED)]
    return "7.2" if kind == "critical" else "4.1.1"


def _read_inventory(supplier: DemoSupplier, user: str, device: str, counter: int) -> bytes:
    from gbdcc.adapters.duis.sign_tool import sign_request

    xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{user}:{DCC_ACB}:{counter}'
           "</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant><sr:ServiceReference>8.2</sr:ServiceReference>"
           "<sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant></sr:Header><sr:Body><sr:ReadInventory>"
           f"<sr:DeviceID>{device}</sr:DeviceID></sr:ReadInventory></sr:Body></sr:Request>")
    return sign_request(xml.encode(), supplier.xml_key, supplier.xml_cert, counter=counter)


# -- the run --------------------------------------------------------------------------------------------

@dataclass
class LoadRun:
    workloads: dict[str, Workload]
    premises: int
    senders: int
    time_scale: float


class _Bench:
    def __init__(self, dcc: DccProcess, receiver: Receiver, pool: Any, esmes: list[Eui64], senders: int,
                 timeout_s: float) -> None:
        self.dcc, self.receiver, self.pool, self.esmes = dcc, receiver, pool, esmes
        self.senders, self.timeout_s = senders, timeout_s

    def run(self, kind: str, n: int) -> Workload:
        base = time.time_ns() // 1000  # µs: above every counter of an earlier workload
        if kind == "nondevice":
            jobs = [_Job(kind, str(self.dcc.data_dir), self.dcc.url, tuple(str(e) for e in self.esmes), share, base,
                         user=i) for i, share in enumerate(_split(n, self.senders))]
        else:
            jobs = [_Job(kind, str(self.dcc.data_dir), self.dcc.url, tuple(str(e) for e in chunk), share, base)
                    for chunk, share in zip(iter_chunks(self.esmes, self.senders), _split(n, self.senders),
                                            strict=True)]
        started = time.time()
        results = self.pool.map(_sender, jobs)
        sent = {rid: at for r in results for rid, at in r[0]}
        refused = [x for r in results for x in r[1]]
        errors = Counter(" ".join(x.split()[:2]) if x.startswith("CV4") else x.split()[0] for x in refused)
        signed = any(r[2] for r in results)
        if kind == "nondevice":
            sync = [s for r in results for s in r[3]]
            return Workload(kind, len(sent), n, len(refused), time.time() - started, Latency.of(sync), signed,
                            dict(errors))
        with contextlib.suppress(TimeoutError):  # then reported: requests < sent
            self.receiver.wait_for(lambda got: set(sent) <= set(group(got)), self.timeout_s)
        received = {rid: ms[0] for rid, ms in group(self.receiver.received()).items() if rid in sent}
        done = {rid: m for rid, m in received.items() if m.response_code == "I0"}
        last = max((m.received_at.timestamp() for m in done.values()), default=started)
        latencies = [done[rid].received_at.timestamp() - sent[rid] for rid in done]
        errors.update(m.response_code or "?" for m in received.values() if m.response_code != "I0")
        errors.update({"no response": len(sent) - len(received)} if len(sent) > len(received) else {})
        return Workload(kind, len(done), n, len(refused) + len(sent) - len(done), last - started,
                        Latency.of(latencies), signed, dict(errors))


def _split(n: int, parts: int) -> list[int]:
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def _register_bench_users(data_dir: Path, n: int) -> None:
    """``n`` Users (role IS) with their own keys, before the DCC starts on ``data_dir``."""
    from gbdcc import bootstrap
    from gbdcc.adapters.provisioning.users import register_user
    from gbdcc.config import Settings

    instance = bootstrap.open_instance(Settings(data_dir=data_dir))
    for i in range(n):
        register_user(instance, eui=bench_user(i), role="IS", name=f"Bench User {i}",
                      issue_keys_to=data_dir.parent / f"bench-user-{i}")
    if instance.engine is not None:
        instance.engine.dispose()


def run(sizes: dict[str, int], *, senders: int = 4, premises: int = 100, time_scale: float = 0.01,
        timeout_s: float = 60.0) -> LoadRun:
    """Run each workload of ``sizes`` (``nondevice`` / ``device`` / ``critical`` / ``mixed`` → requests, pairs
    counting as one) in that order."""
    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-load-") as tmp:
        data_dir = Path(tmp) / "var"
        _register_bench_users(data_dir, senders)
        port = free_port()
        dcc = DccProcess(data_dir, receiver_url(port), premises=premises, wan_time_scale=time_scale).start(timeout=180)
        receiver = Receiver(dcc.dcc_certificate(), port).start()
        esmes = commissioned_esmes(premises)
        out: dict[str, Workload] = {}
        ctx = multiprocessing.get_context("spawn")
        try:
            with ctx.Pool(senders) as pool:
                bench = _Bench(dcc, receiver, pool, esmes, senders, timeout_s)
                bench.run("device", len(esmes))  # warm-up, not reported: the simulated meters are built
                for kind, n in sizes.items():
                    out[kind] = bench.run(kind, n)
        finally:
            dcc.stop()
            receiver.stop()
    return LoadRun(out, premises, senders, time_scale)


def sigkill(requests: int = 200, users: int = 2, kill_after_s: float = 1.5,
            env: dict[str, str] | None = None) -> tuple[int, int]:
    """``(acknowledged, lost)``: 8.2 requests answered I0 by a ``gbdcc up`` killed (SIGKILL) mid-run, and how
    many of those acknowledged have no response in the audit trail when the database is reopened."""
    import threading

    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-kill-") as tmp:
        data_dir = Path(tmp) / "var"
        _register_bench_users(data_dir, users)
        dcc = DccProcess(data_dir, receiver_url(free_port()), premises=20, env=dict(env or {})).start(timeout=180)
        esme = str(commissioned_esmes(20)[0])
        acked: list[str] = []
        lock = threading.Lock()

        def client(i: int) -> None:
            supplier = DemoSupplier(data_dir, dcc.url, timeout=5)
            from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key

            keys = data_dir.parent / f"bench-user-{i}"
            supplier.xml_key = load_signing_key((keys / "xml-sign.key").read_bytes())
            supplier.xml_cert = load_certificate((keys / "xml-sign.pem").read_bytes())
            base = time.time_ns() // 1000
            try:
                for k in range(requests):
                    raw = _read_inventory(supplier, bench_user(i), esme, base + k)
                    try:
                        reply = supplier.post(raw)
                    except Exception:  # the DCC is gone
                        return
                    if reply.response_code == "I0":
                        with lock:
                            acked.append(request_id(raw))
            finally:
                supplier.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(users)]
        for t in threads:
            t.start()
        time.sleep(kill_after_s)
        dcc.kill()
        for t in threads:
            t.join(30)
        with lock:
            acknowledged = list(acked)
        with dcc.store()(read_only=True) as uow:
            lost = sum(1 for rid in acknowledged
                       if not any(r.direction == "out" for r in uow.audit.for_request(rid)))
        dcc.close_store()
    return len(acknowledged), lost


def crypto_costs(samples: int = 300) -> dict[str, float]:
    """Seconds per operation on this machine, with the library the DCC uses (``cryptography``, P-256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key, peer = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    data = b"x" * 512
    sig = key.sign(data, ec.ECDSA(hashes.SHA256()))
    pub = key.public_key()

    def timed(op: Any) -> float:
        t0 = time.perf_counter()
        for _ in range(samples):
            op()
        return (time.perf_counter() - t0) / samples

    return {"ecdsa_sign_s": timed(lambda: key.sign(data, ec.ECDSA(hashes.SHA256()))),
            "ecdsa_verify_s": timed(lambda: pub.verify(sig, data, ec.ECDSA(hashes.SHA256()))),
            "ecdh_s": timed(lambda: key.exchange(ec.ECDH(), peer.public_key()))}


#: DCC-side public-key operations of one 4.1.1 end to end, counted by wrapping the crypto functions in an
#: in-process run (docs/capacity.md): ECDSA verify ×4 (the request's SignatureValue checked by
#: ``adapters/duis/signature`` and again by signxml; the self-check after each of the 2 XML signatures), ECDSA
#: sign ×2 (the I99 acknowledgement, the async Service Response), ECDH ×4 (GBCS MAC keys of the DCC and of
#: the SIMULATED device, which runs in the DCC process).
DEVICE_NC_OPS = {"ecdsa_verify_s": 4, "ecdsa_sign_s": 2, "ecdh_s": 4}


def crypto_bound(costs: dict[str, float], ops: dict[str, int] = DEVICE_NC_OPS, *,
                 signed_ack: bool = True) -> float:
    """End-to-end requests/s the crypto alone would allow on one core (the DCC is one process)."""
    counts = dict(ops)
    if not signed_ack:  # an unsigned acknowledgement: one sign and its self-check fewer
        counts["ecdsa_sign_s"] -= 1
        counts["ecdsa_verify_s"] -= 1
    seconds = sum(costs[k] * n for k, n in counts.items())
    return 1 / seconds if seconds else 0.0


def estate_mb_per_100k(premises: int = 5_000) -> float:
    """Megabytes of the SQLite system of record per 100,000 generated premises (bulk path; SIMULATED estate)."""
    from gbdcc.adapters.db.engine import create_engine_for
    from gbdcc.adapters.db.tables import metadata
    from gbdcc.adapters.wan.estate import run_estate_generation

    with tempfile.TemporaryDirectory(prefix="gbdcc-bench-estate-") as tmp:
        engine = create_engine_for(data_dir=Path(tmp))
        metadata.create_all(engine)
        run_estate_generation(None, premises, 1, lambda done: None, bulk_engine=engine, batch_devices=5_000)
        engine.dispose()
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
    return size / 2**20 * 100_000 / premises

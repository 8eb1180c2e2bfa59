"""Delivery over real HTTP (DUIS; ``service/device/delivery.py``): a User's receiver that fails — 503,
answers after the DCC's attempt timeout, or is down — gets retries with growing gaps, then the message
waits in the failed-delivery queue (``gbdcc deliveries failed``) until ``gbdcc deliveries redeliver``
sends it; its ResponseID is the same on every attempt and nothing is lost.

A real ``gbdcc up`` (simulated SM WAN at 0.01× time) POSTs to a real receiver in this process. DUIS's
300 s retry window is shortened through configuration (2.5 s, first back-off 0.2 s, 0.5 s per attempt)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count, pairwise

import pytest
from tests.integration.http_support import (
    DccProcess,
    DemoSupplier,
    Receiver,
    commissioned_esmes,
    free_port,
    group,
    receiver_url,
    request_id,
)

from gbdcc.domain.delivery import DeliveryState, OutboundMessage
from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import AuditRecord

FIRST_BACKOFF_S, RETRY_WINDOW_S, ATTEMPT_TIMEOUT_S = 0.2, 2.5, 0.5
ENV = {"GBDCC_DELIVERY_FIRST_BACKOFF_S": str(FIRST_BACKOFF_S), "GBDCC_DELIVERY_RETRY_WINDOW_S": str(RETRY_WINDOW_S),
       "GBDCC_DELIVERY_ATTEMPT_TIMEOUT_S": str(ATTEMPT_TIMEOUT_S)}

pytestmark = pytest.mark.slow


@dataclass
class World:
    dcc: DccProcess
    receiver: Receiver
    supplier: DemoSupplier
    esmes: Iterator[Eui64]
    counters: Iterator[int] = field(default_factory=lambda: count(1))

    def read(self, before: Callable[[str], None] | None = None) -> str:
        """Send a 4.1.1 to the next ESME (calling ``before`` with its RequestID first, to set the receiver's
        faults for it); returns the RequestID once the DCC answered I99."""
        signed = self.supplier.request(next(self.esmes), "4.1.1", next(self.counters))
        if before is not None:
            before(request_id(signed))
        reply = self.supplier.post(signed)
        assert reply.response_code == "I99", reply.body
        return request_id(signed)

    def message(self, rid: str) -> OutboundMessage:
        with self.dcc.store()(read_only=True) as uow:
            (message,) = uow.messages.for_request(rid)
        return message

    def deliveries(self, rid: str) -> list[AuditRecord]:
        with self.dcc.store()(read_only=True) as uow:
            return [r for r in uow.audit.for_request(rid) if r.kind == "delivery"]

    def wait_state(self, rid: str, state: DeliveryState, timeout: float) -> OutboundMessage:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.message(rid)
            except ValueError:  # not queued yet
                message = None
            if message is not None and message.state is state:
                return message
            assert time.monotonic() < deadline, f"{rid}: not {state} after {timeout} s ({message})"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    port = free_port()
    dcc = DccProcess(tmp_path_factory.mktemp("delivery") / "var", receiver_url(port), premises=10,
                     env=ENV).start()
    receiver = Receiver(dcc.dcc_certificate(), port).start()
    supplier = DemoSupplier(dcc.data_dir, dcc.url)
    try:
        yield World(dcc, receiver, supplier, iter(commissioned_esmes(10)))
    finally:
        supplier.close()
        receiver.stop()
        dcc.stop()


@pytest.fixture
def w(world: World) -> Iterator[World]:
    yield world
    world.receiver.heal()
    if not world.receiver.running:
        world.receiver.start()


def test_503s_are_retried_with_growing_gaps_and_the_same_response_id(w: World) -> None:
    rid = w.read(lambda rid: w.receiver.fail(3, status=503, request_id=rid))

    (got,) = group(w.receiver.wait_for(lambda ms: rid in group(ms), timeout=30))[rid]
    attempts = w.receiver.wait_attempts(rid, 4, timeout=5)
    assert [a.status for a in attempts] == [503, 503, 503, 204]
    assert {a.response_id for a in attempts} == {got.response_id} and got.response_id
    gaps = [b.at - a.at for a, b in pairwise(attempts)]
    backoffs = [FIRST_BACKOFF_S * 2**i for i in range(3)]  # DeliveryPolicy.backoff: 0.2, 0.4, 0.8 s
    assert all(gap >= 0.9 * backoff for gap, backoff in zip(gaps, backoffs, strict=True)), gaps
    assert gaps == sorted(gaps), gaps

    message = w.wait_state(rid, DeliveryState.DELIVERED, 10)
    assert message.attempts == 4 and message.response_id == got.response_id
    codes = [r.decision.response_code for r in w.deliveries(rid) if r.decision]
    assert codes == ["E1", "E1", "E1", "I0"]


def _failed_queue_row(w: World, response_id: str) -> list[str]:
    """The row of ``gbdcc deliveries failed`` for ``response_id``, as its cells."""
    listing = w.dcc.cli("deliveries", "failed")
    assert listing.returncode == 0, listing.stderr
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in listing.stdout.splitlines() if response_id in line]
    assert len(rows) == 1, listing.stdout
    return rows[0]


@pytest.mark.parametrize("fault", ["stalls past the attempt timeout", "is down"])
def test_failing_receiver_gets_the_failed_queue_then_redelivery(w: World, fault: str) -> None:
    if fault == "is down":
        w.receiver.stop()
        rid = w.read()
    else:
        rid = w.read(lambda rid: w.receiver.fail(100, status=204, stall_s=2 * ATTEMPT_TIMEOUT_S, request_id=rid))

    failed = w.wait_state(rid, DeliveryState.FAILED, RETRY_WINDOW_S + 20)
    assert failed.attempts >= 3 and failed.response_id
    records = w.deliveries(rid)
    assert len(records) == failed.attempts and all(r.decision and r.decision.response_code == "E1" for r in records)
    assert "failed-delivery queue" in (records[-1].decision.reason if records[-1].decision else "")
    if fault == "is down":
        assert "ConnectError" in (failed.last_error or "") and not w.receiver.attempts_for(rid)
    else:
        assert "Timeout" in (failed.last_error or "")
        assert len(w.receiver.attempts_for(rid)) == failed.attempts  # each attempt reached it, too late
    row = _failed_queue_row(w, failed.response_id)
    assert row[0] == str(failed.message_id) and row[4] == str(failed.attempts)
    assert group(w.receiver.received()).get(rid) is None  # nothing accepted yet

    w.receiver.heal()
    if fault == "is down":
        w.receiver.start()
    redeliver = w.dcc.cli("deliveries", "redeliver", str(failed.message_id))
    assert redeliver.returncode == 0 and "1 message(s)" in redeliver.stdout, redeliver.stdout + redeliver.stderr

    (got,) = group(w.receiver.wait_for(lambda ms: rid in group(ms), timeout=20))[rid]
    assert got.response_id == failed.response_id  # stable across attempts and redelivery
    assert got.response_code == "I0" and got.srv == "4.1.1" and got.gbcs
    delivered = w.wait_state(rid, DeliveryState.DELIVERED, 10)
    assert delivered.attempts == failed.attempts + 1
    assert [r.decision.response_code for r in w.deliveries(rid) if r.decision][-1] == "I0"
    assert failed.response_id not in w.dcc.cli("deliveries", "failed").stdout

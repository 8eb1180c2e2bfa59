"""Faults under load in scaled mode (issue 11 part 4): ``gbdcc up --role …`` processes — two gateways, two
processors, the WAN, delivery — on PostgreSQL and NATS JetStream, with a processor and a gateway SIGKILLed
mid-stream and restarted, twice each. Every acknowledged request ends with exactly one final response in the
audit trail and is delivered at least once; duplicate deliveries are counted (``verify_exactly_once``).

The same senders and checks as the embedded durability test (``test_durability_pipeline.py``): a sender whose
POST got no answer sends the same signed bytes again once its gateway is back. Timings shortened through
configuration: E21 after 8 s, outbox leases (and the JetStream ack wait) of 3 s.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest
from tests.integration.http_support import (
    DemoSupplier,
    Receiver,
    commissioned_esmes,
    free_port,
    group,
    iter_chunks,
    receiver_url,
)
from tests.integration.scaled_support import ScaledDcc, require_services
from tests.integration.test_durability_pipeline import (
    ENV,
    LEASE_S,
    RESPONSE_TIMEOUT_S,
    Sender,
    verify_exactly_once,
    wait_settled,
)

SEED = 4112
PREMISES = 30
SENDERS = 4
#: A processor, then a gateway, then the other processor, then the other gateway.
KILLS = ("processor-0", "gateway-1", "processor-1", "gateway-0")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def services() -> None:
    require_services()


def test_sigkilled_processor_and_gateway_lose_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    receiver_port = free_port()
    dcc = ScaledDcc(tmp_path / "var", receiver_url(receiver_port), premises=PREMISES, gateways=2, processors=2,
                    env=ENV).start()
    receiver = Receiver(dcc.dcc_certificate(), receiver_port).start()
    stop = threading.Event()
    gateways = [p for p in dcc.procs if p.role == "gateway"]
    senders = []
    for i, targets in enumerate(iter_chunks(commissioned_esmes(PREMISES), SENDERS)):
        gw = gateways[i % len(gateways)]
        senders.append(Sender(DemoSupplier(dcc.data_dir, f"http://127.0.0.1:{gw.port}", timeout=10),
                              lambda gw=gw: dcc.healthy(gw), targets, random.Random(rng.random()), stop))
    threads = [threading.Thread(target=s.run, name=f"sender-{i}") for i, s in enumerate(senders)]
    try:
        for t in threads:
            t.start()
        for name in KILLS:
            time.sleep(rng.uniform(1.0, 2.5))  # a random moment of the stream
            dcc.kill(name)
            time.sleep(rng.uniform(0.0, 0.5))
            dcc.restart(name)
        time.sleep(1.0)
        stop.set()
        for t in threads:
            t.join(70)
        acked = [s for sender in senders for s in sender.sent if s.acknowledged]
        wait_settled(dcc, acked, timeout=RESPONSE_TIMEOUT_S + 4 * LEASE_S + 60)
        summary = verify_exactly_once(dcc.store(), senders, group(receiver.received()),
                                      f"SIGKILLs of {', '.join(KILLS)}")
    finally:
        stop.set()
        dcc.stop()
        receiver.stop()
        for sender in senders:
            sender.supplier.close()
    print(summary)

"""Durability of the device pipeline (acceptance): a ``gbdcc up`` SIGKILLed at random points under a stream
of device requests, restarted on its data dir, ends with every acknowledged request answered exactly once
in the audit trail, and delivered at least once (DUIS: at-least-once delivery, stable ResponseIDs).

Senders (threads of this process, as a supplier's adapter) stream 4.1.1 reads and critical 7.2 / 7.1
CV4 → CV5 pairs to a real ``gbdcc up`` subprocess over HTTP; the receiver runs in this process too, outside
the one that is killed. A sender whose POST got no answer sends the same signed bytes again once the DCC is
back: an I99 then acknowledges it; a replay refusal (GBDCC-301; or "no outstanding Pre-Command",
GBDCC-462, for a CV5) means the first one was stored but its reply lost — not acknowledged, and counted.

Timings are shortened through configuration: E21 after 8 s instead of 60 s, outbox leases of 3 s instead
of 60 s (entries a killed process had leased wait out the lease before a restarted one takes them).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
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

from gbdcc.adapters.duis.client import ClientError, Reply
from gbdcc.adapters.duis.receiver import ReceivedMessage
from gbdcc.domain.delivery import DeliveryState, MessageKind
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import IN_FLIGHT_STATES, RequestState
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from tests.integration.scaled_support import ScaledDcc

SEED = 4111
KILLS = 5
SENDERS = 3
PREMISES = 30
RESPONSE_TIMEOUT_S, LEASE_S = 8, 3
ENV = {"GBDCC_RESPONSE_TIMEOUT_S": str(RESPONSE_TIMEOUT_S), "GBDCC_OUTBOX_LEASE_S": str(LEASE_S),
       "GBDCC_DELIVERY_FIRST_BACKOFF_S": "0.2"}
REPLAYED, NO_PRECOMMAND = "GBDCC-301", "GBDCC-462"

pytestmark = pytest.mark.slow


@dataclass
class Sent:
    """One request as its sender saw it."""

    rid: str
    srv: str
    acknowledged: bool = False  # I99 (CV1, or the CV5 of a critical pair)
    reply_lost: bool = False  # stored by the DCC (a resend was refused as already seen) but never answered
    refused: str | None = None  # any other synchronous refusal: an error code
    resent: bool = False  # a POST of it got no answer and was sent again


@dataclass
class Sender:
    """Streams requests to its own ESMEs (RequestID counters strictly increase per target, DUIS 3.2.3)."""

    supplier: DemoSupplier
    healthy: Callable[[], bool]  # the DCC answers again (after a kill)
    targets: list[Eui64]
    rng: random.Random
    stop: threading.Event
    sent: list[Sent] = field(default_factory=list)
    resends: int = 0
    counters: dict[Eui64, count[int]] = field(default_factory=dict)

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            target = self.targets[i % len(self.targets)]
            i += 1
            if self.rng.random() < 0.15:
                self._critical(target, "7.2")
                self._critical(target, "7.1")
            else:
                self._read(target)
            time.sleep(self.rng.uniform(0, 0.03))

    def _signed(self, target: Eui64, srv: str) -> tuple[bytes, Sent]:
        signed = self.supplier.request(target, srv, next(self.counters.setdefault(target, count(1))))
        sent = Sent(request_id(signed), srv)
        self.sent.append(sent)
        return signed, sent

    def _read(self, target: Eui64) -> None:
        signed, sent = self._signed(target, "4.1.1")
        self._outcome(sent, self._post(signed), {REPLAYED}, "I99")

    def _critical(self, target: Eui64, srv: str) -> None:
        cv4, sent = self._signed(target, srv)
        first = self._post(cv4)
        if first is None or first.response_code != "I0":
            self._outcome(sent, first, {REPLAYED}, "I0")
            return
        # a CV5 admitted already is no longer outstanding: its resend is a replay of its RequestID
        self._outcome(sent, self._post(self.supplier.cv5(cv4, first)), {REPLAYED, NO_PRECOMMAND}, "I99")

    def _outcome(self, sent: Sent, reply: Reply | None, already_seen: set[str], wanted: str) -> None:
        error = reply.headers.get("x-gbdcc-error-code") if reply is not None else "no reply"
        if reply is not None and reply.response_code == wanted:
            sent.acknowledged = wanted == "I99"
        elif error in already_seen and sent.resent:
            sent.reply_lost = True
        else:
            sent.refused = error or (reply.response_code if reply else None)

    def _post(self, signed: bytes) -> Reply | None:
        """POST; when no answer comes (the DCC was killed), the same bytes again once it is back."""
        deadline = time.monotonic() + 60
        sent = self.sent[-1]
        while time.monotonic() < deadline:
            try:
                return self.supplier.post(signed)
            except ClientError:
                sent.resent = True
                self.resends += 1
                while not self.healthy() and time.monotonic() < deadline:
                    time.sleep(0.05)
        return None


def test_sigkilled_dcc_answers_every_acknowledged_request_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    receiver_port = free_port()
    dcc = DccProcess(tmp_path / "var", receiver_url(receiver_port), premises=PREMISES, env=ENV).start()
    receiver = Receiver(dcc.dcc_certificate(), receiver_port).start()
    stop = threading.Event()
    senders = [Sender(DemoSupplier(dcc.data_dir, dcc.url, timeout=10), dcc.healthy, targets,
                      random.Random(rng.random()), stop)
               for targets in iter_chunks(commissioned_esmes(PREMISES), SENDERS)]
    threads = [threading.Thread(target=s.run, name=f"sender-{i}") for i, s in enumerate(senders)]
    try:
        for t in threads:
            t.start()
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.5, 2.5))  # a random moment of the stream
            dcc.kill()
            time.sleep(rng.uniform(0.0, 0.5))
            dcc.start()
        time.sleep(1.0)
        stop.set()
        for t in threads:
            t.join(70)
        sent = [s for sender in senders for s in sender.sent]
        acked = [s for s in sent if s.acknowledged]
        wait_settled(dcc, acked, timeout=RESPONSE_TIMEOUT_S + 4 * LEASE_S + 30)
    finally:
        stop.set()
        dcc.stop()
        receiver.stop()
        for sender in senders:
            sender.supplier.close()

    summary = verify_exactly_once(dcc.store(), senders, group(receiver.received()), f"{KILLS} SIGKILLs")
    print(summary)


def verify_exactly_once(store: UnitOfWorkFactory, senders: list[Sender],
                        by_request: dict[str, list[ReceivedMessage]], faults: str) -> str:
    """Every acknowledged request final with exactly one response in the audit trail (and late ones only
    after an E21), each response delivered at least once; returns the run's summary (duplicates counted)."""
    sent = [s for sender in senders for s in sender.sent]
    acked = [s for s in sent if s.acknowledged]
    outcomes: Counter[str] = Counter()
    late = duplicates = 0
    with store(read_only=True) as uow:
        assert not any(uow.requests.count_by_state().get(s) for s in IN_FLIGHT_STATES), "work left in flight"
        for s in acked:
            request = uow.requests.get(RequestId.parse(s.rid))
            assert request is not None, f"{s.rid} acknowledged but not stored"
            assert request.state in (RequestState.RESPONDED, RequestState.FAILED), (s.rid, request.state)
            code = request.response_code or ""
            assert code == "I0" if request.state is RequestState.RESPONDED else code.startswith("E"), (s.rid, code)
            outcomes[f"{request.state}/{code}"] += 1
            responses = [r for r in uow.audit.for_request(s.rid) if r.kind == "response"]
            assert responses and responses[0].decision is not None, f"{s.rid}: no response in the audit trail"
            assert responses[0].decision.response_code == code, (s.rid, responses[0].decision)
            # after an E21 a device response may still come and is passed on as late (responses.py)
            extra = responses[1:]
            assert all(code == "E21" and r.decision and "late" in r.decision.reason for r in extra), (s.rid, extra)
            late += len(extra)
            messages = [m for m in uow.messages.for_request(s.rid) if m.kind is MessageKind.RESPONSE]
            assert len(messages) == len(responses), (s.rid, messages)
            assert all(m.state is DeliveryState.DELIVERED for m in messages), (s.rid, messages)
            got = by_request.get(s.rid, [])
            assert {m.response_code for m in got} == {m.response_code for m in messages}, (s.rid, got)
            duplicates += len(got) - len(messages)
        unacked_stored = [s for s in sent if not s.acknowledged and uow.requests.get(RequestId.parse(s.rid))]
    reply_lost = [s for s in sent if s.reply_lost]
    summary = (f"{len(sent)} requests sent, {len(acked)} acknowledged ({Counter(s.srv for s in acked)}; {outcomes}), "
               f"{faults}, "
               f"{sum(x.resends for x in senders)} resends, {len(reply_lost)} stored with the reply lost, "
               f"{len(unacked_stored)} unacknowledged but stored, {late} late responses, "
               f"{duplicates} duplicate deliveries, refused: {Counter(s.refused for s in sent if s.refused)}")
    assert len(acked) >= 50, summary  # the stream did run across the kills
    assert sum(s.srv != "4.1.1" for s in acked) >= 2, summary  # and critical pairs were among them
    assert all(s.refused in (None, "no reply") for s in sent), summary
    return summary


def wait_settled(dcc: DccProcess | ScaledDcc, acked: list[Sent], timeout: float) -> None:
    """Until every acknowledged request is final and its messages left the delivery queue."""
    deadline = time.monotonic() + timeout
    pending: list[str] = [s.rid for s in acked]
    while pending:
        with dcc.store()(read_only=True) as uow:
            pending = [rid for rid in pending if not _settled(uow, rid)]
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(pending)} acknowledged request(s) not settled: {pending[:5]}")
        time.sleep(0.25)


def _settled(uow: UnitOfWork, rid: str) -> bool:
    request = uow.requests.get(RequestId.parse(rid))
    if request is None or not request.final:
        return False
    messages = uow.messages.for_request(rid)
    return bool(messages) and all(m.state is not DeliveryState.PENDING for m in messages)

"""The NATS JetStream transport against the real server on 127.0.0.1:4222 (``GBDCC_TEST_NATS_URL``): outbox
entries published and consumed by a durable consumer shared by several subscribers, a repeat publication
stored once, a message whose handling failed delivered again, subjects keyed by hub. Each test has its
own stream, deleted afterwards. Without the server the tests skip, or fail with ``GBDCC_REQUIRE_NATS=1``."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from gbdcc.adapters.messaging.jetstream import (
    BrokerUnavailable,
    JetStreamConsumer,
    JetStreamTransport,
    NatsLink,
    decode_entry,
    encode_entry,
    token,
)
from gbdcc.service.ports import OutboxEntry

URL = os.environ.get("GBDCC_TEST_NATS_URL", "nats://127.0.0.1:4222")
T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)


def entry(seq: int, key: str = "00-DB-12-34-56-78-90-A0", attempts: int = 0, topic: str = "request.admitted"
          ) -> OutboxEntry:
    return OutboxEntry(seq=seq, topic=topic, key=key, payload={"request_id": f"rid-{seq}", "hub_key": key},
                       created_at=T0, available_at=T0, attempts=attempts, last_error=None)


@pytest.fixture
def link() -> Iterator[NatsLink]:
    stream = f"GBDCC_U{uuid.uuid4().hex[:10].upper()}"
    try:
        nl = NatsLink(URL, stream, name="test").start(timeout=5)
    except BrokerUnavailable as exc:
        if os.environ.get("GBDCC_REQUIRE_NATS") == "1":
            pytest.fail(f"{exc} and GBDCC_REQUIRE_NATS=1")
        pytest.skip(str(exc))
    yield nl
    nl.run(nl.js.delete_stream(stream))
    nl.close()


def collect(link: NatsLink, group: str, n: int, *, workers: int = 2, fail_first: bool = False,
            timeout: float = 10.0) -> list[OutboxEntry]:
    got: list[OutboxEntry] = []
    lock = threading.Lock()
    failed: set[int] = set()

    def handle(data: bytes) -> None:
        e = decode_entry(data)
        with lock:
            if fail_first and e.seq not in failed:
                failed.add(e.seq)
                raise RuntimeError("handler failed once")
            got.append(e)

    consumer = JetStreamConsumer(link, group, handle, workers=workers).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with lock:
            if len(got) >= n:
                break
        time.sleep(0.05)
    time.sleep(0.3)  # anything more than n would show now
    consumer.stop()
    return got


def test_entries_round_trip_through_the_wire_format() -> None:
    e = entry(7, attempts=2)
    assert decode_entry(encode_entry(e)) == e


def test_subjects_are_keyed_by_hub_one_token_each(link: NatsLink) -> None:
    assert link.subject("stages", "request.admitted", "00-DB-12-34-56-78-90-A0") == \
        f"{link.prefix}.stages.request-admitted.00-DB-12-34-56-78-90-A0"
    assert token("a.b *>c") == "a-b___c"


def test_published_entries_reach_the_groups_consumer_once_each(link: NatsLink) -> None:
    transport = JetStreamTransport(link, lambda topic: "delivery" if topic == "message.queued" else "stages")
    entries = [entry(i, key=f"HUB-{i % 3}") for i in range(1, 41)]
    transport.publish(entries)
    transport.publish([entry(100, topic="message.queued")])
    got = collect(link, "stages", 40, workers=3)
    assert sorted(e.seq for e in got) == list(range(1, 41))
    assert [e.seq for e in collect(link, "delivery", 1)] == [100]


def test_a_repeat_publication_is_stored_once_a_new_attempt_is_not(link: NatsLink) -> None:
    transport = JetStreamTransport(link, lambda topic: "stages")
    transport.publish([entry(1)])
    transport.publish([entry(1)])  # republished after a lease: same message ID <seq>.<attempts>
    transport.publish([entry(1, attempts=1)])  # a retry after a handler failure: a new ID
    got = collect(link, "stages", 2)
    assert sorted(e.attempts for e in got) == [0, 1]


def test_a_message_whose_handling_failed_comes_again(link: NatsLink) -> None:
    JetStreamTransport(link, lambda topic: "stages").publish([entry(1), entry(2)])
    got = collect(link, "stages", 2, fail_first=True)
    assert sorted(e.seq for e in got) == [1, 2]


def test_a_server_that_is_not_there_is_one_clear_error() -> None:
    with pytest.raises(BrokerUnavailable, match="not reachable"):
        NatsLink("nats://127.0.0.1:1", "X", name="test").start(timeout=5)

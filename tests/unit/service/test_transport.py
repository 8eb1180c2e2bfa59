"""Scaled mode's outbox publisher and broker-fed consumer (``service/transport.py``), on the in-memory unit
of work with a recording transport standing in for the broker (the JetStream adapter has its own tests
against the real NATS server: ``tests/unit/adapters/messaging/test_jetstream.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.domain.events import CommandTransformed, RequestAdmitted
from gbdcc.service.messagebus import MessageBus
from gbdcc.service.ports import OutboxEntry
from gbdcc.service.transport import OutboxPublisher, TransportedEvents

T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)
RID = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-00:"


class Recording:
    """The broker as the publisher sees it: stores what it is given, or refuses while ``down``."""

    def __init__(self) -> None:
        self.published: list[OutboxEntry] = []
        self.down = False

    def publish(self, entries: Sequence[OutboxEntry]) -> None:
        if self.down:
            raise ConnectionError("broker away")
        self.published.extend(entries)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def factory(clock: FixedClock) -> InMemoryUnitOfWorkFactory:
    return InMemoryUnitOfWorkFactory(clock=clock)


def handled_bus(calls: list[str], fail: set[str] | None = None, factory: Any = None) -> MessageBus:
    def handler(entry: OutboxEntry, event: Any) -> None:
        if event.request_id in (fail or set()):
            raise RuntimeError("stage bug")
        calls.append(event.request_id)
        with factory() as uow:
            uow.outbox.done(entry.seq)
            uow.commit()

    return MessageBus({RequestAdmitted.topic: handler, CommandTransformed.topic: handler})


def add(factory: InMemoryUnitOfWorkFactory, *events: Any) -> list[int]:
    with factory() as uow:
        seqs = [uow.outbox.add(e, T0) for e in events]
        uow.commit()
    return seqs


def test_published_entries_stay_leased_until_handled_and_go_out_again_after_the_lease(
        factory: InMemoryUnitOfWorkFactory, clock: FixedClock) -> None:
    broker = Recording()
    bus = handled_bus([], factory=factory)
    publisher = OutboxPublisher(factory, bus, broker, clock, name="p1", lease_seconds=60)
    a, b = add(factory, RequestAdmitted(f"{RID}1", "HUB-1"), RequestAdmitted(f"{RID}2", "HUB-2"))
    assert publisher.drain() == 2
    assert [e.seq for e in broker.published] == [a, b]
    assert publisher.drain() == 0  # in flight: not published twice while the lease lives
    clock.at = T0 + timedelta(seconds=61)  # nobody handled them
    assert publisher.drain() == 2
    assert [e.seq for e in broker.published] == [a, b, a, b]


def test_one_hubs_events_go_out_one_at_a_time_in_order(factory: InMemoryUnitOfWorkFactory, clock: FixedClock) -> None:
    broker = Recording()
    calls: list[str] = []
    bus = handled_bus(calls, factory=factory)
    publisher = OutboxPublisher(factory, bus, broker, clock, name="p1")
    consumer = TransportedEvents(factory, bus, clock)
    add(factory, RequestAdmitted(f"{RID}1", "HUB-1"), RequestAdmitted(f"{RID}2", "HUB-1"),
        RequestAdmitted(f"{RID}3", "HUB-2"))
    assert publisher.drain() == 2  # HUB-1's second waits for its first
    assert [e.payload["request_id"] for e in broker.published] == [f"{RID}1", f"{RID}3"]
    consumer(broker.published[0])
    assert publisher.drain() == 1
    assert broker.published[-1].payload["request_id"] == f"{RID}2"
    assert calls == [f"{RID}1"]


def test_an_event_seen_twice_changes_nothing(factory: InMemoryUnitOfWorkFactory, clock: FixedClock) -> None:
    broker = Recording()
    calls: list[str] = []
    bus = handled_bus(calls, factory=factory)
    publisher = OutboxPublisher(factory, bus, broker, clock, name="p1")
    consumer = TransportedEvents(factory, bus, clock)
    add(factory, RequestAdmitted(f"{RID}1", "HUB-1"))
    publisher.drain()
    entry = broker.published[0]
    assert consumer(entry) is True
    assert consumer(entry) is False  # a repeat delivery (or a repeat publication)
    assert calls == [f"{RID}1"]
    assert (consumer.handled, consumer.duplicates) == (1, 1)


def test_a_failing_handler_puts_the_entry_back_for_a_retry_with_back_off(
        factory: InMemoryUnitOfWorkFactory, clock: FixedClock) -> None:
    broker = Recording()
    bus = handled_bus([], fail={f"{RID}1"}, factory=factory)
    publisher = OutboxPublisher(factory, bus, broker, clock, name="p1")
    consumer = TransportedEvents(factory, bus, clock)
    (seq,) = add(factory, RequestAdmitted(f"{RID}1", "HUB-1"))
    publisher.drain()
    assert consumer(broker.published[0]) is True
    assert consumer.failures == 1
    with factory(read_only=True) as uow:
        assert uow.outbox.pending(seq)
        assert uow.outbox.due(T0, None, 10) == []  # backing off
        (again,) = uow.outbox.due(T0 + timedelta(seconds=2), None, 10)
    assert again.attempts == 1  # published again under a new message ID (<seq>.<attempts>)


def test_a_broker_that_is_away_loses_nothing(factory: InMemoryUnitOfWorkFactory, clock: FixedClock) -> None:
    broker = Recording()
    bus = handled_bus([], factory=factory)
    publisher = OutboxPublisher(factory, bus, broker, clock, name="p1")
    (seq,) = add(factory, RequestAdmitted(f"{RID}1", "HUB-1"))
    broker.down = True
    with pytest.raises(ConnectionError):
        publisher.drain()
    broker.down = False
    assert publisher.drain() == 1  # the leases were given back: due again at once
    assert [e.seq for e in broker.published] == [seq]

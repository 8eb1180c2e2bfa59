"""Scaled mode: the stages joined by a broker instead of relay threads (DESIGN.md, "scaled mode").

The transactional outbox stays the system of record of work in flight; the broker only carries it.

- :class:`OutboxPublisher` is the **only publisher** of stage events. It leases the due entries of its
  topics, hands them to an :class:`EventTransport` (NATS JetStream in ``adapters/messaging/jetstream``)
  and returns only once the broker has stored every one. A published entry *stays leased* until its
  consumer's handler removes it (``outbox.done``, in the handler's own transaction): while it is in
  flight, later entries of its key are held back by the outbox (``sql_outbox``), so each key — a
  Communications Hub for the request stages, a hub for uplinks — has at most one event in flight and
  order per key holds across any number of processes. An entry still there when its lease ends (its
  consumer died, the broker lost it) is published again; the broker drops a repeat it still remembers
  (message ID ``<seq>.<attempts>``) and consumers ignore the rest.
- :class:`TransportedEvents` is what a consumer runs for each event it receives: **idempotent** — an
  entry no longer in the outbox was handled already and changes nothing — and a handler that raises
  puts the entry back for a retry with back-off (``retry_later``), exactly as the embedded relay does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from gbdcc.service.messagebus import MessageBus, OutboxRelay, retry_later
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWorkFactory

log = logging.getLogger("gbdcc.transport")

#: How long a published entry may stay unhandled before it is published again.
REPUBLISH_AFTER_S = 120.0


class EventTransport(Protocol):
    """A broker that stores published outbox entries durably for the stage consuming each topic."""

    def publish(self, entries: Sequence[OutboxEntry]) -> None:
        """Publish every entry; return only once the broker has stored all (raise if any was not)."""
        ...


class OutboxPublisher(OutboxRelay):
    """Drains due outbox entries of ``topics`` into ``transport`` (runs where a relay would: a thread
    woken after each commit). Entries stay leased for ``lease_seconds`` once published. Publishing commits no
    new entries, so after a partial batch it waits for the next wake instead of draining again, and it lets
    the commits of ``coalesce_s`` after a wake share one lease transaction."""

    redrain_after_partial = False
    coalesce_s = 0.002

    def __init__(self, uow_factory: UnitOfWorkFactory, bus: MessageBus, transport: EventTransport, clock: Clock,
                 *, topics: Iterable[str] | None = None, name: str = "publisher",
                 lease_seconds: float = REPUBLISH_AFTER_S, batch: int = 200) -> None:
        super().__init__(uow_factory, bus, clock, topics=topics, name=name, lease_seconds=lease_seconds, batch=batch)
        self._transport = transport
        self.published = 0

    def drain(self, limit: int | None = None) -> int:
        entries = self._lease_due(limit)
        if not entries:
            return 0
        try:
            self._transport.publish(entries)
        except Exception:  # the broker is away: give the leases back so the entries go out once it is back
            self.failures += 1
            log.exception("publishing %d outbox entries failed; they stay in the outbox", len(entries))
            with self._uow_factory() as uow:
                uow.outbox.release(self.name)
                uow.commit()
            raise
        self.published += len(entries)
        return len(entries)


class TransportedEvents:
    """Handles an outbox entry that came through the broker: at most once in effect."""

    def __init__(self, uow_factory: UnitOfWorkFactory, bus: MessageBus, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._bus = bus
        self._clock = clock
        self.handled = 0
        self.duplicates = 0
        self.failures = 0

    @property
    def topics(self) -> frozenset[str]:
        return self._bus.topics

    def __call__(self, entry: OutboxEntry) -> bool:
        """Handle ``entry``; ``False`` if it was handled already (a repeat delivery or publication)."""
        with self._uow_factory(read_only=True) as uow:
            pending = uow.outbox.pending(entry.seq)
        if not pending:
            self.duplicates += 1
            log.debug("outbox %s #%d seen again: handled already", entry.topic, entry.seq)
            return False
        try:
            self._bus.handle(entry)
            self.handled += 1
        except Exception as exc:  # the entry stays in the outbox and is published again after its back-off
            self.failures += 1
            retry_later(self._uow_factory, self._clock, entry, exc)
        return True


__all__ = ["REPUBLISH_AFTER_S", "EventTransport", "OutboxPublisher", "TransportedEvents"]

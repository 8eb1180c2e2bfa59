"""The message bus and the outbox relay: committed events → the stage subscribed to each.

``MessageBus`` maps an event topic to its handler (one handler per topic; handlers are idempotent and
mark their outbox entry done in their own transaction). ``OutboxRelay`` drains the outbox: it leases
the entries that are due (so several relays — threads or processes — can share one outbox), hands each
to the bus, and when a handler fails unexpectedly keeps the entry and retries it with back-off: an
event is never dropped. In embedded mode relays run as threads of ``gbdcc up``; in scaled mode a NATS
JetStream transport sits between the outbox and the handlers (``service/transport.py``), changing neither.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from gbdcc.domain.events import Event, from_payload
from gbdcc.service.log_context import request_context
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWorkFactory

EventHandler = Callable[[OutboxEntry, Any], None]
log = logging.getLogger("gbdcc.relay")

#: Back-off of an entry whose handler raised: 1 s, 2 s, 4 s … capped at 5 minutes.
FIRST_RETRY = timedelta(seconds=1)
MAX_RETRY = timedelta(minutes=5)


def retry_later(uow_factory: UnitOfWorkFactory, clock: Clock, entry: OutboxEntry, exc: Exception) -> None:
    """Keep an entry whose handler raised and make it due again after its back-off (never dropped)."""
    log.exception("outbox %s #%d (%s) failed; retrying", entry.topic, entry.seq, entry.key, exc_info=exc)
    delay = min(FIRST_RETRY * (2 ** min(entry.attempts, 20)), MAX_RETRY)
    with uow_factory() as uow:
        uow.outbox.retry(entry.seq, clock.now() + delay, f"{type(exc).__name__}: {exc}"[:500])
        uow.commit()


class MessageBus:
    def __init__(self, handlers: Mapping[str, EventHandler]) -> None:
        self._handlers = dict(handlers)

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def handle(self, entry: OutboxEntry) -> None:
        event: Event = from_payload(entry.topic, entry.payload)
        with request_context(getattr(event, "request_id", None)):  # the stage's log lines name the RequestID
            log.debug("handling %s #%d", entry.topic, entry.seq)
            self._handlers[entry.topic](entry, event)


class OutboxRelay:
    """Drains due outbox entries of ``topics`` through the bus. ``name`` identifies its leases."""

    #: Drain again at once after a partial batch: the handlers just run committed their next stage's events
    #: (an embedded relay is not woken by its own handlers). A publisher's drain commits none (False).
    redrain_after_partial: bool = True
    #: After a wake, wait this long before draining, so that the entries committed meanwhile share one lease.
    coalesce_s: float = 0.0

    def __init__(self, uow_factory: UnitOfWorkFactory, bus: MessageBus, clock: Clock, *,
                 topics: Iterable[str] | None = None, name: str = "relay", lease_seconds: float = 60.0,
                 batch: int = 100) -> None:
        self._uow_factory = uow_factory
        self._bus = bus
        self._clock = clock
        self._topics = frozenset(topics) if topics is not None else bus.topics
        self.name = name
        self._lease = lease_seconds
        self.batch = batch
        self.handled = 0
        self.failures = 0

    @property
    def topics(self) -> frozenset[str]:
        """The topics this relay drains (its stage's queue)."""
        return self._topics

    def release_held(self) -> int:
        """Give back the leases a previous run under this name still holds (call once at start, when no
        other process uses the name): work it had taken resumes now rather than when the lease ends."""
        with self._uow_factory() as uow:
            released = uow.outbox.release(self.name)
            uow.commit()
        if released:
            log.info("relay %s: %d entries left leased by a previous run are due again", self.name, released)
        return released

    def drain(self, limit: int | None = None) -> int:
        """Handle up to ``limit`` (default ``batch``) due entries; returns how many were taken. Every
        entry taken is leased for ``lease_seconds``, so a batch must be handled well within the lease."""
        entries = self._lease_due(limit)
        for entry in entries:
            try:
                self._bus.handle(entry)
                self.handled += 1
            except Exception as exc:  # the entry stays; nothing is lost
                self.failures += 1
                retry_later(self._uow_factory, self._clock, entry, exc)
        return len(entries)

    def _lease_due(self, limit: int | None) -> Sequence[OutboxEntry]:
        """Lease up to ``limit`` (default ``batch``) due entries to this relay, in their own transaction."""
        with self._uow_factory() as uow:
            entries = uow.outbox.due(self._clock.now(), self._topics, self.batch if limit is None else limit,
                                     claimed_by=self.name, lease_seconds=self._lease)
            uow.commit()
        return entries

    def next_due(self) -> datetime | None:
        with self._uow_factory(read_only=True) as uow:
            return uow.outbox.next_available_at(self._topics)

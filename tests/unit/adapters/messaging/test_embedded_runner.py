"""The relay loop of ``EmbeddedRunner``: an embedded relay drains again at once after a partial batch (its own
handlers committed the next stage's events and do not wake it); an outbox publisher waits for the next wake
instead, without asking when the next entry is due — the two transactions that saves per wake are what scaled
mode's PostgreSQL commits per request are made of (docs/capacity.md)."""

from __future__ import annotations

import threading
import time
from datetime import datetime

from gbdcc.adapters.messaging.embedded import EmbeddedRunner, Notifier


class CountingRelay:
    """A relay whose outbox is a counter of due entries."""

    topics: frozenset[str] = frozenset()
    batch = 10
    coalesce_s = 0.0

    def __init__(self, *, redrain: bool) -> None:
        self.name = "counting"
        self.redrain_after_partial = redrain
        self.due = 0
        self.drains = 0
        self.polls = 0
        self._lock = threading.Lock()

    def release_held(self) -> int:
        return 0

    def drain(self, limit: int | None = None) -> int:
        with self._lock:
            self.drains += 1
            taken, self.due = self.due, 0
        return taken

    def next_due(self) -> datetime | None:
        self.polls += 1
        return None


def run(relay: CountingRelay) -> tuple[int, int]:
    notifier = Notifier()
    runner = EmbeddedRunner([relay], notifier).start()  # type: ignore[list-item]
    try:
        time.sleep(0.1)  # the first drain finds nothing; the relay asks for the next due entry and sleeps
        with relay._lock:
            relay.due = 3
        notifier.notify()
        time.sleep(0.2)  # well inside the 0.5 s poll
        return relay.drains, relay.polls
    finally:
        runner.stop()


def test_an_embedded_relay_drains_again_after_a_partial_batch() -> None:
    assert run(CountingRelay(redrain=True)) == (3, 2)  # empty, 3 taken, empty → poll


def test_a_publisher_waits_for_the_next_wake_after_a_partial_batch() -> None:
    assert run(CountingRelay(redrain=False)) == (2, 1)  # empty → poll, 3 taken → wait (no drain, no poll)

"""The embedded runtime: each outbox relay on its own thread inside ``gbdcc up``.

A relay thread drains its topics, then sleeps until the next entry is due or it is woken (the gateway
and the SM WAN wake it after each commit, so an admitted request is transformed at once rather than
at the next poll). Periodic housekeeping (the failed-delivery queue's retention, the RDP drop folder) runs
on one more thread, at start and every few seconds.
On start the relays find whatever a previous run left in the outbox, including entries it had leased
when it was killed: work resumes from the database at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from gbdcc.service.messagebus import OutboxRelay

log = logging.getLogger("gbdcc.runner")

MAX_SLEEP_S = 0.5
HOUSEKEEPING_S = 5.0


class Notifier:
    """Wakes every waiting relay (thread-safe; cheap to call after each commit)."""

    def __init__(self) -> None:
        self._events: list[threading.Event] = []
        self._lock = threading.Lock()

    def event(self) -> threading.Event:
        ev = threading.Event()
        with self._lock:
            self._events.append(ev)
        return ev

    def notify(self) -> None:
        with self._lock:
            events = list(self._events)
        for ev in events:
            ev.set()


class EmbeddedRunner:
    def __init__(self, relays: Sequence[OutboxRelay], notifier: Notifier, *,
                 housekeeping: Sequence[Callable[[], object]] = ()) -> None:
        self._relays = list(relays)
        self._notifier = notifier
        self._housekeeping = list(housekeeping)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._relay_threads: dict[str, threading.Thread] = {}

    def start(self) -> EmbeddedRunner:
        """Start every relay. One process owns these relay names (the embedded mode), so the leases a
        killed predecessor held are released first."""
        for relay in self._relays:
            relay.release_held()
        for relay in self._relays:
            wake = self._notifier.event()
            thread = threading.Thread(target=self._run, args=(relay, wake), name=f"gbdcc-{relay.name}", daemon=True)
            thread.start()
            self._threads.append(thread)
            self._relay_threads[relay.name] = thread
        if self._housekeeping:
            thread = threading.Thread(target=self._chores, name="gbdcc-housekeeping", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _run(self, relay: OutboxRelay, wake: threading.Event) -> None:
        """Drain until a drain finds nothing, then sleep until the next entry is due or a commit wakes it. A
        relay that does not ``redrain_after_partial`` (an outbox publisher) drains again at once only after
        a full batch or a wake, and after a partial one waits without asking when the next entry is due
        (a timer then goes out at most ``MAX_SLEEP_S`` late): that saves two transactions per wake."""
        while not self._stop.is_set():
            nxt = None
            try:
                taken = relay.drain()
                if taken and (relay.redrain_after_partial or taken >= relay.batch or wake.is_set()):
                    wake.clear()
                    continue
                if not taken:
                    nxt = relay.next_due()
            except Exception:  # keep the relay alive through a database hiccup
                log.exception("relay %s failed; retrying", relay.name)
            sleep = MAX_SLEEP_S
            if nxt is not None:
                sleep = min(MAX_SLEEP_S, max(0.0, (nxt - datetime.now(UTC)).total_seconds()))
            if wake.wait(sleep) and relay.coalesce_s:
                self._stop.wait(relay.coalesce_s)
            wake.clear()

    def _chores(self) -> None:
        while True:  # at start (a file dropped while gbdcc was down is taken at once), then every few seconds
            for chore in self._housekeeping:
                try:
                    chore()
                except Exception:
                    log.exception("housekeeping failed")
            if self._stop.wait(HOUSEKEEPING_S):
                return

    def alive(self) -> dict[str, bool]:
        """Each relay's thread is running (health endpoint), by relay name."""
        return {name: thread.is_alive() and not self._stop.is_set() for name, thread in self._relay_threads.items()}

    def stop(self) -> None:
        self._stop.set()
        self._notifier.notify()
        for thread in self._threads:
            thread.join(5)

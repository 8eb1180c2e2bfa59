"""Driving the pipeline in virtual time (tests, scripted demos): no threads, no sleeping.

The relays and the simulated SM WAN share one :class:`~gbdcc.adapters.wan.scheduler.VirtualScheduler`
whose clock is the instance's ``Clock``. :meth:`VirtualPipeline.run_until_idle` alternates draining the
outbox and running the WAN's events, jumping the clock to whichever comes next (a device's response, a
delivery retry, a response deadline), until nothing is left to do before the horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from gbdcc.adapters.wan.scheduler import VirtualScheduler
from gbdcc.service.messagebus import OutboxRelay


class VirtualPipeline:
    def __init__(self, relays: Sequence[OutboxRelay], scheduler: VirtualScheduler) -> None:
        self._relays = list(relays)
        self.scheduler = scheduler

    def run_until_idle(self, horizon: timedelta = timedelta(hours=1), max_steps: int = 100_000) -> int:
        """Run until no event is due before ``now + horizon``; returns the outbox entries handled."""
        end = self.scheduler.now() + horizon
        handled = 0
        for _ in range(max_steps):
            drained = sum(relay.drain() for relay in self._relays)
            handled += drained
            if drained:
                continue
            nxt = self._next(end)
            if nxt is None:
                return handled
            self.scheduler.run_until(max(nxt, self.scheduler.now()))
        raise RuntimeError("the pipeline did not settle (too many steps)")

    def run_for(self, duration: timedelta) -> int:
        """Run everything due within ``duration``, then leave the clock at its end."""
        end = self.scheduler.now() + duration
        handled = self.run_until_idle(horizon=duration)
        if self.scheduler.now() < end:
            self.scheduler.run_until(end)
            handled += self.run_until_idle(horizon=timedelta(0))
        return handled

    def _next(self, end: datetime) -> datetime | None:
        times = [t for t in (self.scheduler.next_event_at(), *(r.next_due() for r in self._relays)) if t is not None]
        nxt = min(times, default=None)
        return nxt if nxt is not None and nxt <= end else None

"""Time for the simulated SM WAN: a deterministic virtual-time scheduler and an asyncio one.

SIMULATION. Everything in ``gbdcc.adapters.wan`` is a simulator of the CSP networks, Communications Hubs
and devices; nothing here talks to real hardware.

Two implementations of one small :class:`Scheduler` interface:

* :class:`VirtualScheduler` — a priority queue of events in *virtual* time. ``run_until`` /
  ``run_until_idle`` / ``advance`` move the clock forward event by event, so tests never sleep and every
  run with the same seed gives the same trace. It also serves ``await scheduler.sleep(x)`` for asyncio
  code driven by :meth:`VirtualScheduler.run_async`.
* :class:`AsyncioScheduler` — the real event loop (optionally with time compressed by ``time_scale``),
  for the embedded running mode.

Logic never reads the wall clock: the clock is injected (``gbdcc.service.ports.Clock``).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

Callback = Callable[[], None]
T = TypeVar("T")


class Scheduler(Protocol):
    """What the WAN and the devices need from time: read it, run something later, await a delay."""

    def now(self) -> datetime: ...
    def call_later(self, delay: float, callback: Callback) -> None: ...
    async def sleep(self, delay: float) -> None: ...


class VirtualClock:
    """A ``Clock`` (service port) whose time only moves when told to. Timezone-aware UTC."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2025, 1, 1, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("VirtualClock needs a timezone-aware start time")

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime) -> None:
        if at < self._now:
            raise ValueError(f"virtual time cannot go back ({at} < {self._now})")
        self._now = at

    def advance(self, seconds: float) -> datetime:
        self.set(self._now + timedelta(seconds=seconds))
        return self._now


@dataclass(order=True)
class _Event:
    at: datetime
    seq: int
    callback: Callback = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class VirtualScheduler:
    """Deterministic discrete-event scheduler. Events at the same instant run in insertion order."""

    def __init__(self, clock: VirtualClock | None = None) -> None:
        self.clock = clock or VirtualClock()
        self._queue: list[_Event] = []
        self._seq = itertools.count()

    # --- Scheduler interface
    def now(self) -> datetime:
        return self.clock.now()

    def call_later(self, delay: float, callback: Callback) -> _Event:
        return self.call_at(self.now() + timedelta(seconds=max(0.0, delay)), callback)

    def call_at(self, at: datetime, callback: Callback) -> _Event:
        event = _Event(max(at, self.now()), next(self._seq), callback)
        heapq.heappush(self._queue, event)
        return event

    async def sleep(self, delay: float) -> None:
        """Resolve after ``delay`` virtual seconds; needs :meth:`run_async` to drive the queue."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def wake() -> None:
            if not future.done():
                future.set_result(None)

        self.call_later(delay, wake)
        await future

    # --- driving virtual time
    @property
    def pending(self) -> int:
        return sum(1 for e in self._queue if not e.cancelled)

    def next_event_at(self) -> datetime | None:
        while self._queue and self._queue[0].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0].at if self._queue else None

    def step(self) -> bool:
        """Run the next event (moving the clock to it). False when the queue is empty."""
        at = self.next_event_at()
        if at is None:
            return False
        event = heapq.heappop(self._queue)
        self.clock.set(event.at)
        event.callback()
        return True

    def run_until(self, at: datetime) -> int:
        """Run every event due up to ``at``, then leave the clock at ``at``. Returns events run."""
        n = 0
        while (nxt := self.next_event_at()) is not None and nxt <= at:
            self.step()
            n += 1
        if at > self.now():
            self.clock.set(at)
        return n

    def advance(self, seconds: float) -> int:
        return self.run_until(self.now() + timedelta(seconds=seconds))

    def run_until_idle(self, max_events: int = 1_000_000) -> int:
        n = 0
        while n < max_events and self.step():
            n += 1
        return n

    async def run_async(self, awaitable: Awaitable[T], max_events: int = 1_000_000) -> T:
        """Run a coroutine whose waits use :meth:`sleep`, advancing virtual time whenever it blocks."""
        task = asyncio.ensure_future(awaitable)
        n = 0
        while not task.done():
            for _ in range(20):  # let ready callbacks settle before moving time on
                await asyncio.sleep(0)
                if task.done():
                    break
            if task.done():
                break
            if not self.step():
                await asyncio.sleep(0)
                if not task.done() and self.next_event_at() is None:
                    raise RuntimeError("virtual scheduler idle but the task is still waiting (deadlock)")
            n += 1
            if n > max_events:
                raise RuntimeError("too many virtual events")
        return task.result()


class AsyncioScheduler:
    """The real asyncio loop. ``time_scale`` < 1 compresses simulated delays (0.001: 1 s → 1 ms)."""

    def __init__(self, clock: Callable[[], datetime] | None = None, time_scale: float = 1.0) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self.time_scale = time_scale

    def now(self) -> datetime:
        return self._clock()

    def call_later(self, delay: float, callback: Callback) -> None:
        asyncio.get_running_loop().call_later(max(0.0, delay) * self.time_scale, callback)

    async def sleep(self, delay: float) -> None:
        await asyncio.sleep(max(0.0, delay) * self.time_scale)

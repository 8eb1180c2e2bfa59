"""The ``Wan`` port over the simulated SM WAN — SIMULATION — and the thread it runs on in ``gbdcc up``.

:class:`SimulatedWan` hands each command to :class:`~gbdcc.adapters.wan.csp.SmWan` for the hub, building
the hub's simulated premises from the SMI the first time it is reached (``registry``); undeliverable
outcomes become the domain's E20 errors, and every uplink (response or alert) goes to the subscriber.

Time: in tests the WAN runs on a :class:`~gbdcc.adapters.wan.scheduler.VirtualScheduler` on the caller's
thread (``call`` runs inline). In ``gbdcc up`` it runs on its own asyncio loop in a thread
(:class:`WanThread`, with the real clock and an optional time compression), and other threads reach it
through ``call`` — so simulated devices are only ever touched by that one thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from gbdcc.adapters.wan.csp import SmWan, Undeliverable, Uplink
from gbdcc.adapters.wan.errors import HubNotConnected
from gbdcc.adapters.wan.registry import SimulatedEstate, SimulatedHub
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.service.device.ports import WanAccepted

T = TypeVar("T")
Call = Callable[[Callable[[], T]], T]


def inline(fn: Callable[[], T]) -> T:
    return fn()


class SimulatedWan:
    """Implements :class:`gbdcc.service.device.ports.Wan`."""

    def __init__(self, sm_wan: SmWan, estate: SimulatedEstate, call: Callable[[Callable[[], object]], object] = inline
                 ) -> None:
        self._wan = sm_wan
        self._estate = estate
        self._call = call
        self._hubs: dict[Eui64, SimulatedHub] = {}
        self._lock = threading.Lock()

    @property
    def hubs(self) -> dict[Eui64, SimulatedHub]:
        """The hubs built so far (simulation inspection: tests, scenarios)."""
        return self._hubs

    @property
    def sm_wan(self) -> SmWan:
        """The simulated SM WAN underneath (scenarios add outages and unreachable hubs to it)."""
        return self._wan

    def on_wan_thread(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` where the simulated devices live (the WAN thread in ``gbdcc up``, inline in virtual
        time) and return its result — what touches a device or the scheduler must go through here."""
        return self._call(fn)  # type: ignore[return-value]

    def send(self, hub_id: Eui64, command: bytes, request_id: RequestId | None = None, *,
             migration: Eui64 | None = None) -> WanAccepted:
        hub = self._hub(hub_id)

        def send() -> object:
            if hub is not None and self._wan.region_of(hub_id) is None:
                self._attach(hub_id, hub)
            return self._wan.send(hub_id, command)

        outcome = self._call(send)
        if isinstance(outcome, Undeliverable):
            raise outcome.error()
        assert not isinstance(outcome, BaseException)
        return WanAccepted(hub_id, outcome.message_id, outcome.sent_at)  # type: ignore[attr-defined]

    def subscribe(self, on_uplink: Callable[[Eui64, bytes, datetime], None]) -> None:
        def relay(up: Uplink) -> None:
            on_uplink(up.hub_id, up.payload, up.received_at)

        self._call(lambda: self._wan.subscribe(relay))

    def hub(self, hub_id: Eui64) -> SimulatedHub | None:
        """The simulated hub (built and attached if the SMI has it) — for scenarios and tests."""
        hub = self._hub(hub_id)
        if hub is not None:
            self._call(lambda: self._attach(hub_id, hub) if self._wan.region_of(hub_id) is None else None)
        return hub

    def _hub(self, hub_id: Eui64) -> SimulatedHub | None:
        with self._lock:
            hub = self._hubs.get(hub_id)
        if hub is not None:
            return hub
        built = self._estate.build(hub_id)  # reads the SMI outside the WAN thread
        if built is None:
            return None
        with self._lock:
            return self._hubs.setdefault(hub_id, built)

    def _attach(self, hub_id: Eui64, hub: SimulatedHub) -> None:
        if not hub.postcode:
            raise HubNotConnected(f"hub {hub_id}: the SMI holds no premises postcode for it, so no CSP serves it")
        self._wan.attach(hub_id, hub.postcode, hub)

        def push(raw: bytes) -> None:
            self._wan.push_alert(hub_id, raw)

        hub.hub.attach_runtime(self._wan.scheduler, push)


class WanThread:
    """An asyncio loop on its own thread, for the SM WAN simulator in ``gbdcc up``."""

    def __init__(self, name: str = "gbdcc-wan") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = threading.Event()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._started.set)
        self.loop.run_forever()

    def start(self) -> WanThread:
        self._thread.start()
        self._started.wait(5)
        return self

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the WAN thread and return its result (exceptions are re-raised here)."""
        if threading.current_thread() is self._thread:
            return fn()
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed back to the caller
                future.set_exception(exc)

        self.loop.call_soon_threadsafe(run)
        return future.result(timeout=30)

    def stop(self) -> None:
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)

"""The simulated SM WAN: three CSP regions with latency, loss and scheduled outages.

SIMULATION. A Communications Service Provider carries GBCS messages between the DCC and each
Communications Hub over the SM WAN (DOMAIN.md §1, DESIGN.md step 6). This module models, per CSP region:

* latency — lognormal, configured by its median and 99th percentile (one sample per direction);
* loss — an independent drop probability per message and direction;
* scheduled outages — for a whole region or a postcode prefix, between two instants (ended early by
  :meth:`SmWan.remove_outage`), and single hubs made unreachable by named causes
  (:meth:`SmWan.set_unreachable`: a scenario's power cut or failed hub);
* coverage — the :class:`~gbdcc.adapters.wan.coverage.CoverageMap` for the hub's postcode.

Randomness comes from an injected ``random.Random`` and time from an injected scheduler
(:mod:`gbdcc.adapters.wan.scheduler`), so a run is reproducible from its seed and tests use virtual time.

Sending to a hub without coverage, in an outage or not attached returns :class:`Undeliverable` (mapped to
E20); a message that is lost, or that a device refuses, simply never gets a response: :meth:`SmWan.exchange`
raises :class:`~gbdcc.adapters.wan.errors.NoResponse` (E21) at the timeout.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from gbdcc.adapters.wan.coverage import (
    CoverageMap,
    CoverageStatus,
    CspRegion,
    postcode_prefixes,
    region_for_postcode,
)
from gbdcc.adapters.wan.errors import CspOutage, HubNotConnected, NoCoverage, NoResponse, WanError
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.ids import Eui64

_Z99 = 2.326347874  # standard normal 99th percentile


@dataclass(frozen=True, slots=True)
class LatencyModel:
    """One-way latency, lognormal with the given median and 99th percentile (seconds)."""

    median_s: float
    p99_s: float

    def __post_init__(self) -> None:
        if not 0 < self.median_s <= self.p99_s:
            raise ValueError("latency needs 0 < median <= p99")

    def sample(self, rng: random.Random) -> float:
        sigma = math.log(self.p99_s / self.median_s) / _Z99
        return rng.lognormvariate(math.log(self.median_s), sigma) if sigma > 0 else self.median_s


@dataclass(frozen=True, slots=True)
class CspProfile:
    """Behaviour of one CSP region's network (configurable; defaults are illustrative)."""

    latency: LatencyModel = LatencyModel(1.5, 8.0)
    loss_probability: float = 0.001


DEFAULT_PROFILES: Mapping[CspRegion, CspProfile] = {
    CspRegion.NORTH: CspProfile(LatencyModel(2.0, 12.0), 0.002),  # long-range radio (illustrative)
    CspRegion.CENTRAL: CspProfile(LatencyModel(1.2, 6.0), 0.001),  # cellular (illustrative)
    CspRegion.SOUTH: CspProfile(LatencyModel(1.2, 6.0), 0.001),
}


@dataclass(frozen=True, slots=True)
class Outage:
    """A scheduled outage ``[start, end)`` of a region, of a postcode prefix, or of both combined."""

    start: datetime
    end: datetime
    region: CspRegion | None = None
    postcode_prefix: str | None = None
    description: str = "scheduled outage"

    def affects(self, region: CspRegion, postcode: str, at: datetime) -> bool:
        if not self.start <= at < self.end:
            return False
        if self.region is not None and self.region != region:
            return False
        if self.postcode_prefix is not None:
            return " ".join(self.postcode_prefix.upper().split()) in postcode_prefixes(postcode)
        return True


class FailureReason(StrEnum):
    NO_COVERAGE = "no_coverage"
    OUTAGE = "outage"
    HUB_NOT_CONNECTED = "hub_not_connected"


_FAILURES: Mapping[FailureReason, type[WanError]] = {
    FailureReason.NO_COVERAGE: NoCoverage,
    FailureReason.OUTAGE: CspOutage,
    FailureReason.HUB_NOT_CONNECTED: HubNotConnected,
}


@dataclass(frozen=True, slots=True)
class Accepted:
    """The CSP took the message; a response may or may not follow."""

    hub_id: Eui64
    message_id: int
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class Undeliverable:
    """The CSP cannot reach the hub now (DUIS E20)."""

    hub_id: Eui64
    reason: FailureReason
    at: datetime
    detail: str

    @property
    def response_code(self) -> str:
        return "E20"

    def error(self) -> WanError:
        return _FAILURES[self.reason](f"hub {self.hub_id}: {self.detail}")


SendOutcome = Accepted | Undeliverable


@dataclass(frozen=True, slots=True)
class HanResult:
    """What a Communications Hub sends back for one WAN message: a response (or none) and alerts."""

    response: bytes | None = None
    alerts: tuple[bytes, ...] = ()


class HubEndpoint(Protocol):
    """A Communications Hub as the WAN sees it (see ``devices.hub``)."""

    def receive(self, payload: bytes, at: datetime) -> HanResult: ...


@dataclass(frozen=True, slots=True)
class Uplink:
    """A message from a hub to the DCC: a response (``in_reply_to`` set) or an alert."""

    hub_id: Eui64
    payload: bytes
    sent_at: datetime
    received_at: datetime
    in_reply_to: int | None = None


@dataclass
class _Attachment:
    endpoint: HubEndpoint
    postcode: str
    region: CspRegion


@dataclass
class WanStats:
    sent: int = 0
    undeliverable: int = 0
    lost: int = 0
    delivered: int = 0
    responses: int = 0
    alerts: int = 0
    latencies: list[float] = field(default_factory=list)


class SmWan:
    """The SM WAN of all three CSPs. Hubs attach with their postcode; the DCC sends and subscribes."""

    def __init__(
        self,
        scheduler: Scheduler,
        rng: random.Random,
        coverage: CoverageMap | None = None,
        profiles: Mapping[CspRegion, CspProfile] | None = None,
        outages: Iterable[Outage] = (),
        *,
        record_latencies: bool = False,
    ) -> None:
        self.scheduler = scheduler
        self.rng = rng
        self.coverage = coverage or CoverageMap()
        self.profiles = dict(profiles or DEFAULT_PROFILES)
        self.outages: list[Outage] = list(outages)
        self.stats = WanStats()
        self._record = record_latencies
        self._hubs: dict[Eui64, _Attachment] = {}
        self._subscribers: list[Callable[[Uplink], None]] = []
        #: Called with each command's round trip (downlink sent → response received), in seconds (metrics).
        self.round_trip_observers: list[Callable[[float], None]] = []
        self._ids = itertools.count(1)
        # hubs made unreachable by name (scenarios: a power cut at the premises, a failed hub)
        self._unreachable: dict[Eui64, dict[str, tuple[FailureReason, str]]] = {}

    # --- topology
    def attach(self, hub_id: Eui64, postcode: str, endpoint: HubEndpoint) -> CspRegion:
        region = region_for_postcode(postcode)
        self._hubs[hub_id] = _Attachment(endpoint, postcode, region)
        return region

    def detach(self, hub_id: Eui64) -> None:
        self._hubs.pop(hub_id, None)

    def region_of(self, hub_id: Eui64) -> CspRegion | None:
        a = self._hubs.get(hub_id)
        return a.region if a else None

    def add_outage(self, outage: Outage) -> None:
        self.outages.append(outage)

    def remove_outage(self, outage: Outage) -> None:
        """End an outage early (a scenario's CSP outage is added when it begins, removed when it ends)."""
        if outage in self.outages:
            self.outages.remove(outage)

    def set_unreachable(self, hub_id: Eui64, key: str, reason: FailureReason, detail: str) -> None:
        """Make the hub unreachable for the cause ``key`` (e.g. a scenario's power cut) until
        :meth:`clear_unreachable` of that key; :meth:`check` then answers ``reason`` (E20)."""
        self._unreachable.setdefault(hub_id, {})[key] = (reason, detail)

    def clear_unreachable(self, hub_id: Eui64, key: str) -> None:
        causes = self._unreachable.get(hub_id)
        if causes is not None:
            causes.pop(key, None)
            if not causes:
                del self._unreachable[hub_id]

    def subscribe(self, handler: Callable[[Uplink], None]) -> None:
        """Receive every uplink that is not a reply awaited by a sender (alerts, late responses)."""
        self._subscribers.append(handler)

    # --- reachability
    def check(self, hub_id: Eui64, at: datetime | None = None) -> Undeliverable | None:
        """Why the hub cannot be reached at ``at`` (default now), or None if it can."""
        at = at or self.scheduler.now()
        a = self._hubs.get(hub_id)
        if a is None:
            return Undeliverable(hub_id, FailureReason.HUB_NOT_CONNECTED, at, "not attached to the SM WAN")
        status = self.coverage.status(a.postcode, at)
        if status != CoverageStatus.COVERED:
            return Undeliverable(hub_id, FailureReason.NO_COVERAGE, at, f"{a.postcode}: SM WAN {status}")
        for o in self.outages:
            if o.affects(a.region, a.postcode, at):
                return Undeliverable(hub_id, FailureReason.OUTAGE, at, f"{a.region} CSP: {o.description}")
        causes = self._unreachable.get(hub_id)
        if causes:
            reason, detail = next(iter(causes.values()))
            return Undeliverable(hub_id, reason, at, detail)
        return None

    # --- downlink
    def send(self, hub_id: Eui64, payload: bytes,
             on_reply: Callable[[Uplink], None] | None = None) -> SendOutcome:
        """Hand a message to the CSP for ``hub_id``. The hub's response goes to ``on_reply`` (or to the
        subscribers when None); its alerts always go to the subscribers."""
        now = self.scheduler.now()
        failure = self.check(hub_id, now)
        if failure is not None:
            self.stats.undeliverable += 1
            return failure
        a = self._hubs[hub_id]
        message_id = next(self._ids)
        self.stats.sent += 1
        if self._lost(a.region):
            return Accepted(hub_id, message_id, now)
        self.scheduler.call_later(self._latency(a.region),
                                  lambda: self._arrive(hub_id, message_id, payload, on_reply, now))
        return Accepted(hub_id, message_id, now)

    def _arrive(self, hub_id: Eui64, message_id: int, payload: bytes,
                on_reply: Callable[[Uplink], None] | None, sent_at: datetime | None = None) -> None:
        if self.check(hub_id) is not None:  # an outage began, or the hub left, while in flight
            self.stats.lost += 1
            return
        self.stats.delivered += 1
        result = self._hubs[hub_id].endpoint.receive(payload, self.scheduler.now())
        if result.response is not None:
            self._uplink(hub_id, result.response, message_id, on_reply, sent_at)
        for alert in result.alerts:
            self._uplink(hub_id, alert, None, None)

    # --- uplink
    def push_alert(self, hub_id: Eui64, payload: bytes) -> bool:
        """A device-originated alert (e.g. power outage) sent up by the hub. False if it cannot leave."""
        if self.check(hub_id) is not None:
            return False
        self._uplink(hub_id, payload, None, None)
        return True

    def _uplink(self, hub_id: Eui64, payload: bytes, in_reply_to: int | None,
                on_reply: Callable[[Uplink], None] | None, downlink_at: datetime | None = None) -> None:
        region = self._hubs[hub_id].region
        if self._lost(region):
            return
        sent_at = self.scheduler.now()

        def deliver() -> None:
            up = Uplink(hub_id, payload, sent_at, self.scheduler.now(), in_reply_to)
            if in_reply_to is None:
                self.stats.alerts += 1
            else:
                self.stats.responses += 1
            if downlink_at is not None:  # a command's round trip, in the SIMULATED WAN's time (metrics)
                seconds = (up.received_at - downlink_at).total_seconds()
                for observe in self.round_trip_observers:
                    observe(seconds)
            if on_reply is not None:
                on_reply(up)
            else:
                for handler in self._subscribers:
                    handler(up)

        self.scheduler.call_later(self._latency(region), deliver)

    # --- request/response, asyncio
    async def exchange(self, hub_id: Eui64, payload: bytes, timeout_s: float = 30.0) -> Uplink:
        """Send and await the hub's response. Raises E20 failures at once, :class:`NoResponse` (E21)
        when nothing comes back within ``timeout_s`` of simulated time."""
        future: asyncio.Future[Uplink] = asyncio.get_running_loop().create_future()

        def on_reply(up: Uplink) -> None:
            if not future.done():
                future.set_result(up)

        outcome = self.send(hub_id, payload, on_reply)
        if isinstance(outcome, Undeliverable):
            raise outcome.error()

        def on_timeout() -> None:
            if not future.done():
                future.set_exception(NoResponse(f"hub {hub_id}: no response within {timeout_s} s"))

        self.scheduler.call_later(timeout_s, on_timeout)
        return await future

    # --- internals
    def _latency(self, region: CspRegion) -> float:
        latency = self.profiles[region].latency.sample(self.rng)
        if self._record:
            self.stats.latencies.append(latency)
        return latency

    def _lost(self, region: CspRegion) -> bool:
        lost = self.rng.random() < self.profiles[region].loss_probability
        if lost:
            self.stats.lost += 1
        return lost


def latency_percentiles(samples: Sequence[float], *qs: float) -> tuple[float, ...]:
    """Empirical quantiles (nearest rank) — for checking a profile against its configuration."""
    ordered = sorted(samples)
    return tuple(ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))] for q in qs)

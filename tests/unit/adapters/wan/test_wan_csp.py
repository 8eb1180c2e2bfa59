"""The simulated SM WAN in virtual time: latency, loss, outages, coverage, async exchange."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.adapters.wan.coverage import CoverageMap, CoverageStatus, CspRegion
from gbdcc.adapters.wan.csp import (
    Accepted,
    CspProfile,
    FailureReason,
    HanResult,
    LatencyModel,
    Outage,
    SmWan,
    Undeliverable,
    Uplink,
    latency_percentiles,
)
from gbdcc.adapters.wan.errors import CspOutage, NoCoverage, NoResponse
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HUB = Eui64.parse("00-DB-12-34-56-78-90-A2")


class Echo:
    """A hub that answers every message with its reverse and raises one alert."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, datetime]] = []

    def receive(self, payload: bytes, at: datetime) -> HanResult:
        self.received.append((payload, at))
        return HanResult(response=payload[::-1], alerts=(b"alert",))


class Silent:
    def receive(self, payload: bytes, at: datetime) -> HanResult:
        return HanResult()


def make(seed: int = 1, loss: float = 0.0, **kw: object) -> tuple[SmWan, VirtualScheduler]:
    sched = VirtualScheduler(VirtualClock(T0))
    profile = CspProfile(LatencyModel(2.0, 10.0), loss)
    wan = SmWan(sched, random.Random(seed), profiles=dict.fromkeys(CspRegion, profile), **kw)  # type: ignore[arg-type]
    return wan, sched


def test_round_trip_takes_simulated_time_and_reaches_subscribers() -> None:
    wan, sched = make()
    hub = Echo()
    assert wan.attach(HUB, "SW1A 1AA", hub) == CspRegion.SOUTH
    replies: list[Uplink] = []
    alerts: list[Uplink] = []
    wan.subscribe(alerts.append)
    outcome = wan.send(HUB, b"abc", replies.append)
    assert isinstance(outcome, Accepted)
    assert hub.received == []  # nothing arrives before virtual time moves
    sched.run_until_idle()
    assert hub.received[0][0] == b"abc" and hub.received[0][1] > T0
    assert [r.payload for r in replies] == [b"cba"] and replies[0].in_reply_to == outcome.message_id
    assert replies[0].received_at > hub.received[0][1]
    assert [a.payload for a in alerts] == [b"alert"]


def test_latency_distribution_matches_configuration() -> None:
    wan, sched = make(record_latencies=True)
    wan.attach(HUB, "M1 1AE", Silent())
    for _ in range(4000):
        wan.send(HUB, b"x")
    sched.run_until_idle()
    p50, p99 = latency_percentiles(wan.stats.latencies, 0.5, 0.99)
    assert 1.8 < p50 < 2.2
    assert 8.0 < p99 < 12.5


def test_same_seed_same_trace() -> None:
    def trace(seed: int) -> list[datetime]:
        wan, sched = make(seed, loss=0.2)
        hub = Echo()
        wan.attach(HUB, "B1 1BB", hub)
        for i in range(50):
            wan.send(HUB, bytes([i]))
        sched.run_until_idle()
        return [at for _, at in hub.received]

    assert trace(3) == trace(3)
    assert trace(3) != trace(4)


def test_loss_probability() -> None:
    wan, sched = make(loss=0.25)
    hub = Echo()
    wan.attach(HUB, "B1 1BB", hub)
    for _ in range(2000):
        wan.send(HUB, b"x")
    sched.run_until_idle()
    assert 0.70 < len(hub.received) / 2000 < 0.80


def test_no_coverage_and_planned_nep_are_undeliverable_e20() -> None:
    cov = CoverageMap()
    cov.set("KW", CoverageStatus.NOT_COVERED)
    cov.plan("HS1", T0 + timedelta(days=1))
    wan, sched = make(coverage=cov)
    wan.attach(HUB, "KW1 4AB", Echo())
    other = Eui64(HUB.value + 16)
    wan.attach(other, "HS1 2AA", Echo())
    out = wan.send(HUB, b"x")
    assert isinstance(out, Undeliverable) and out.reason == FailureReason.NO_COVERAGE
    assert out.response_code == "E20" and isinstance(out.error(), NoCoverage)
    assert isinstance(wan.send(other, b"x"), Undeliverable)
    sched.advance(86_400)
    assert isinstance(wan.send(other, b"x"), Accepted)
    unknown = wan.send(Eui64(1), b"x")
    assert isinstance(unknown, Undeliverable) and unknown.reason == FailureReason.HUB_NOT_CONNECTED


def test_scheduled_region_outage_and_in_flight_loss() -> None:
    outage = Outage(T0 + timedelta(seconds=60), T0 + timedelta(seconds=600), region=CspRegion.NORTH)
    wan, sched = make(outages=[outage])
    north, south = Echo(), Echo()
    wan.attach(HUB, "EH1 1YZ", north)
    south_id = Eui64(HUB.value + 1)
    wan.attach(south_id, "SW1A 1AA", south)
    sched.advance(61)
    out = wan.send(HUB, b"x")
    assert isinstance(out, Undeliverable) and out.reason == FailureReason.OUTAGE
    assert isinstance(out.error(), CspOutage)
    assert isinstance(wan.send(south_id, b"x"), Accepted)
    sched.advance(600)
    assert isinstance(wan.send(HUB, b"x"), Accepted)
    sched.run_until_idle()
    assert len(north.received) == 1 and len(south.received) == 1
    # a message already in flight when an outage starts is lost
    wan2, sched2 = make()
    hub2 = Echo()
    wan2.attach(HUB, "EH1 1YZ", hub2)
    wan2.add_outage(Outage(T0 + timedelta(milliseconds=1), T0 + timedelta(hours=1), postcode_prefix="EH1"))
    wan2.send(HUB, b"x")
    sched2.run_until_idle()
    assert hub2.received == [] and wan2.stats.lost == 1


def test_async_exchange_in_virtual_time() -> None:
    wan, sched = make()
    wan.attach(HUB, "SW1A 1AA", Echo())
    wan.attach(Eui64(2), "SW1A 1AA", Silent())

    async def scenario() -> tuple[bytes, datetime, str]:
        up = await wan.exchange(HUB, b"hello", timeout_s=60)
        try:
            await wan.exchange(Eui64(2), b"hello", timeout_s=30)
        except NoResponse as e:
            return up.payload, sched.now(), e.response_code
        raise AssertionError("expected NoResponse")

    payload, at, code = asyncio.run(sched.run_async(scenario()))  # type: ignore[misc]
    assert payload == b"olleh"
    assert code == "E21"
    assert at >= T0 + timedelta(seconds=30)


def test_async_exchange_raises_e20_immediately() -> None:
    cov = CoverageMap(default=CoverageStatus.NOT_COVERED)
    wan, sched = make(coverage=cov)
    wan.attach(HUB, "SW1A 1AA", Echo())

    async def scenario() -> None:
        await wan.exchange(HUB, b"x")

    with pytest.raises(NoCoverage):
        asyncio.run(sched.run_async(scenario()))  # type: ignore[arg-type]


def test_push_alert_respects_outages() -> None:
    wan, sched = make(outages=[Outage(T0, T0 + timedelta(minutes=5))])
    wan.attach(HUB, "SW1A 1AA", Echo())
    got: list[Uplink] = []
    wan.subscribe(got.append)
    assert wan.push_alert(HUB, b"8F57") is False
    sched.advance(300)
    assert wan.push_alert(HUB, b"8F35") is True
    sched.run_until_idle()
    assert [u.payload for u in got] == [b"8F35"]

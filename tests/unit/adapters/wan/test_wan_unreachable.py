"""The SM WAN hooks scenarios use: a hub made unreachable by named causes (E20 until the last cause is
cleared; its alerts cannot leave meanwhile) and an outage ended early — SIMULATION."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from gbdcc.adapters.wan.coverage import CspRegion
from gbdcc.adapters.wan.csp import CspProfile, FailureReason, HanResult, LatencyModel, Outage, SmWan, Undeliverable
from gbdcc.adapters.wan.errors import CspOutage, HubNotConnected
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HUB, OTHER = Eui64.parse("00-DB-12-34-56-78-90-A2"), Eui64.parse("00-DB-12-34-56-78-90-B2")


class Quiet:
    def receive(self, payload: bytes, at: datetime) -> HanResult:
        return HanResult(response=b"ok")


def wan() -> SmWan:
    profile = CspProfile(LatencyModel(1.0, 2.0), 0.0)
    sm = SmWan(VirtualScheduler(VirtualClock(T0)), random.Random(1), profiles=dict.fromkeys(CspRegion, profile))
    sm.attach(HUB, "SW1A 1AA", Quiet())
    sm.attach(OTHER, "SW1A 2AA", Quiet())
    return sm


def test_a_hub_is_unreachable_until_every_cause_is_cleared() -> None:
    sm = wan()
    sm.set_unreachable(HUB, "power", FailureReason.HUB_NOT_CONNECTED, "no power at the premises")
    sm.set_unreachable(HUB, "failure", FailureReason.HUB_NOT_CONNECTED, "hub failed")
    outcome = sm.send(HUB, b"cmd")
    assert isinstance(outcome, Undeliverable) and outcome.response_code == "E20"
    assert isinstance(outcome.error(), HubNotConnected) and "no power at the premises" in outcome.detail
    assert sm.check(OTHER) is None  # the neighbour is not touched
    assert sm.push_alert(HUB, b"alert") is False  # nothing leaves an unreachable hub
    sm.clear_unreachable(HUB, "power")
    assert sm.check(HUB) is not None and "hub failed" in sm.check(HUB).detail  # type: ignore[union-attr]
    sm.clear_unreachable(HUB, "failure")
    sm.clear_unreachable(HUB, "never set")
    assert sm.check(HUB) is None and sm.push_alert(HUB, b"alert") is True


def test_an_outage_can_be_ended_early() -> None:
    sm = wan()
    outage = Outage(T0, datetime(9999, 12, 31, tzinfo=UTC), CspRegion.SOUTH, None, "core network down")
    sm.add_outage(outage)
    failure = sm.check(HUB)
    assert failure is not None and isinstance(failure.error(), CspOutage) and "core network down" in failure.detail
    sm.set_unreachable(HUB, "wan", FailureReason.OUTAGE, "SM WAN down with the power")
    sm.remove_outage(outage)
    sm.remove_outage(outage)  # ending it twice is harmless
    assert sm.check(OTHER) is None
    assert isinstance(sm.check(HUB).error(), CspOutage)  # type: ignore[union-attr]

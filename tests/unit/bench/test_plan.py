"""The capacity plan's arithmetic (``bench/plan.py``): processes per role from measured per-request costs."""

from __future__ import annotations

import pytest
from bench.plan import Costs, Load, loads, need, predicted_rate

COSTS = Costs({"gateway": 8.0, "processor": 12.0, "delivery": 5.0, "postgresql": 14.0, "nats": 2.0}, 30.0, 5.0)


def test_requests_alone_need_their_cpu_over_the_utilisation_per_role() -> None:
    n = need(COSTS, Load("x", 1000.0, 0.0), utilisation=0.5)
    assert n.cores == pytest.approx({"gateway": 8.0, "processor": 12.0, "delivery": 5.0, "postgresql": 14.0,
                                     "nats": 2.0})
    assert n.processes == {"gateway": 16, "processor": 24, "delivery": 10}
    assert n.commits_per_s == pytest.approx(30_000)
    assert n.messages_per_s == pytest.approx(6_000)  # 5 measured + the deadline timer, each request


def test_alerts_skip_the_gateway_and_fan_out_to_several_users() -> None:
    n = need(COSTS, Load("storm", 0.0, 1000.0), alert_stage_share=0.5, messages_per_alert=2.0,
             delivery_per_message=1.0)
    assert n.cores["gateway"] == 0.0 and n.processes["gateway"] == 1  # at least one of each role
    assert n.cores["processor"] == pytest.approx(6.0)
    assert n.cores["delivery"] == pytest.approx(10.0)
    assert n.messages_per_s == pytest.approx(3_000)


def test_the_national_loads_are_the_issues_figures() -> None:
    average, peak, storm = loads()
    assert average.requests_per_s + average.alerts_per_s == pytest.approx(850)
    assert peak.requests_per_s + peak.alerts_per_s == pytest.approx(4_250)
    assert storm.alerts_per_s - average.alerts_per_s == pytest.approx(10e6 * 2 / 3600)
    assert predicted_rate(COSTS, 50.0) == pytest.approx(40.0)

"""The capacity plan (issue 11 part 5; docs/capacity.md): processes, PostgreSQL and NATS for the national load,
computed from the per-request costs the scaled run just measured.

Inputs, all from one scaled-mode point of ``bench/scaled.py`` (one processor): CPU ms per 4.1.1 request of each
gbdcc role, of PostgreSQL (every backend) and of the NATS server; PostgreSQL WAL fsyncs and JetStream messages per
request. Assumptions, each a parameter (the defaults are the issue's figures or are stated in docs/capacity.md):

* load: 850 messages/s on average, 5× at peak; ``alert_share`` of them are alerts (the rest Service Requests);
* an alert costs ``alert_stage_share`` of a request's processor, PostgreSQL and NATS cost (it skips the gateway,
  transform and dispatch: 2.15 of 4.61 ms in the in-process profile) and is delivered to ``messages_per_alert``
  Users at ``delivery_per_message`` of a request's delivery cost (alert storm simulation: 2.5 messages per alert);
* the storm: a CSP region of ``storm_meters`` meters loses and regains power, ``alerts_per_meter`` alerts each
  (storm simulation: 0x8F57 + 0x8F36), to be drained within ``storm_drain_s`` on top of the average load;
* one process per core at ``utilisation`` (CPython: one core per process); the SIMULATED WAN is the CSP's, not
  the DCC's, and is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ROLES = ("gateway", "processor", "delivery")


@dataclass(frozen=True)
class Costs:
    cpu_ms: dict[str, float]  # per request: gateway, processor, delivery, postgresql, nats
    commits: float  # PostgreSQL WAL fsyncs per request (what a durable commit costs the server)
    messages: float  # JetStream messages per request (as measured; +1 deadline timer each when it falls due)


@dataclass(frozen=True)
class Load:
    name: str
    requests_per_s: float
    alerts_per_s: float


@dataclass(frozen=True)
class Need:
    load: Load
    cores: dict[str, float]  # per role, PostgreSQL and NATS
    processes: dict[str, int]  # per gbdcc role
    commits_per_s: float
    messages_per_s: float


def loads(average: float = 850.0, peak_factor: float = 5.0, alert_share: float = 0.3, storm_meters: float = 10e6,
          alerts_per_meter: float = 2.0, storm_drain_s: float = 3600.0) -> list[Load]:
    req, alerts = average * (1 - alert_share), average * alert_share
    storm = storm_meters * alerts_per_meter / storm_drain_s
    return [Load("average", req, alerts), Load(f"peak ({peak_factor:g}×)", req * peak_factor, alerts * peak_factor),
            Load(f"storm ({storm_meters / 1e6:g} M meters, drained in {storm_drain_s / 60:g} min, on the average)",
                 req, alerts + storm)]


def need(costs: Costs, load: Load, *, utilisation: float = 0.7, alert_stage_share: float = 0.47,
         messages_per_alert: float = 2.5, delivery_per_message: float = 0.73) -> Need:
    c = costs.cpu_ms
    alert = {"gateway": 0.0, "processor": alert_stage_share * c.get("processor", 0.0),
             "delivery": messages_per_alert * delivery_per_message * c.get("delivery", 0.0),
             "postgresql": alert_stage_share * c.get("postgresql", 0.0), "nats": alert_stage_share * c.get("nats", 0.0)}
    cores = {k: (load.requests_per_s * c.get(k, 0.0) + load.alerts_per_s * alert[k]) / 1000
             for k in (*ROLES, "postgresql", "nats")}
    processes = {r: max(1, math.ceil(cores[r] / utilisation)) for r in ROLES}
    commits = load.requests_per_s * costs.commits + load.alerts_per_s * alert_stage_share * costs.commits
    messages = load.requests_per_s * (costs.messages + 1) + load.alerts_per_s * (1 + messages_per_alert)
    return Need(load, cores, processes, commits, messages)


def plan(costs: Costs) -> list[Need]:
    return [need(costs, load) for load in loads()]


def predicted_rate(costs: Costs, machine_ms: float, cores: int = 2) -> float:
    """Requests/s this machine's ``cores`` allow at the measured whole-machine CPU per request."""
    return cores * 1000 / machine_ms if machine_ms else 0.0


__all__ = ["Costs", "Load", "Need", "loads", "need", "plan", "predicted_rate"]

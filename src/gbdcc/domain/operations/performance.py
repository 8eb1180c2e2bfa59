"""SEC H13 Code Performance Measures, computed from the audit trail's timings (pure).

A measure is the share of responses within their target response time, per timing (``on_demand`` or
``future_dated``) and SRV class (:func:`gbdcc.domain.anomaly.srv_class`): an on-demand request is timed from
its receipt to its final state (the response queued for the User), a future-dated one from its execution
instant. Targets are configuration keyed ``<timing>.<class>``; the default is 30 s for on-demand reads
(DOMAIN.md §10: "on-demand Service Responses within 30 s", unverified) and none for the rest: a measure
without a target is reported with its times but no share. Alert delivery is timed from the alert's creation
to its delivery to the User.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from gbdcc.domain.anomaly import SrvClass, srv_class
from gbdcc.domain.catalogue import CATALOGUE
from gbdcc.domain.errors import PerformanceTargetsInvalid


class Timing(StrEnum):
    ON_DEMAND = "on_demand"
    FUTURE_DATED = "future_dated"


DEFAULT_TARGETS_S: Mapping[str, float] = {"on_demand.reads": 30.0}


@dataclass(frozen=True, slots=True)
class PerformanceTargets:
    """Target response times in seconds by ``<timing>.<class>``; ``alert_s`` for alert delivery (None: none)."""

    response_s: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TARGETS_S))
    alert_s: float | None = None

    def __post_init__(self) -> None:
        timings = {t.value for t in Timing}
        classes = {c.value for c in SrvClass}
        for key, seconds in self.response_s.items():
            timing, _, cls = key.partition(".")
            if timing not in timings or cls not in classes:
                raise PerformanceTargetsInvalid(f"no performance measure {key!r}: keys are <timing>.<class>, timing "
                                                f"in {sorted(timings)}, class in {sorted(classes)}")
            if not seconds > 0:
                raise PerformanceTargetsInvalid(f"the target of {key} must be a positive number of seconds")

    def for_measure(self, timing: Timing, cls: SrvClass) -> float | None:
        return self.response_s.get(f"{timing.value}.{cls.value}")


@dataclass(frozen=True, slots=True)
class ResponseTiming:
    """One Device Service Request's timing as the trail has it; ``finished_at`` None while it is not final."""

    srv: str
    received_at: datetime
    execute_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class AlertTiming:
    kind: str  # device-alert | dcc-alert
    created_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class Measure:
    """One row of the report."""

    measure: str
    count: int
    finished: int
    within_target: int | None
    share: float | None
    target_s: float | None
    median_s: float | None
    p95_s: float | None
    max_s: float | None


def month_bounds(as_of: datetime) -> tuple[datetime, datetime]:
    """The reporting month of ``as_of``: from its first instant (UTC) to ``as_of``."""
    at = as_of.astimezone(UTC)
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0), at


def _percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..1) of ascending values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def _measure(name: str, count: int, durations: Iterable[float], target: float | None) -> Measure:
    values = sorted(durations)
    within = None if target is None else sum(1 for v in values if v <= target)
    share = None if within is None or not values else round(within / len(values), 4)
    return Measure(name, count, len(values), within, share, target, _percentile(values, 0.5),
                   _percentile(values, 0.95), values[-1] if values else None)


def response_measures(timings: Iterable[ResponseTiming], targets: PerformanceTargets) -> list[Measure]:
    """Per timing and SRV class: requests counted, finished, within target, the share and the times.
    Requests of SRVs outside the Device catalogue (Non-Device ones are answered synchronously) are left out."""
    groups: dict[tuple[Timing, SrvClass], tuple[list[int], list[float]]] = {}
    for t in timings:
        entry = CATALOGUE.get(t.srv)
        if entry is None or entry.non_device:
            continue
        timing = Timing.FUTURE_DATED if t.execute_at is not None else Timing.ON_DEMAND
        counted, durations = groups.setdefault((timing, srv_class(entry)), ([0], []))
        counted[0] += 1
        if t.finished_at is not None:
            start = t.execute_at or t.received_at
            durations.append(max(0.0, (t.finished_at - start).total_seconds()))
    return [_measure(f"{timing.value}.{cls.value}", counted[0], durations, targets.for_measure(timing, cls))
            for (timing, cls), (counted, durations) in sorted(groups.items())]


def alert_measures(alerts: Iterable[AlertTiming], targets: PerformanceTargets) -> list[Measure]:
    """Per alert kind: alerts created, delivered, and their delivery times."""
    groups: dict[str, tuple[list[int], list[float]]] = {}
    for a in alerts:
        counted, durations = groups.setdefault(a.kind, ([0], []))
        counted[0] += 1
        if a.delivered_at is not None:
            durations.append(max(0.0, (a.delivered_at - a.created_at).total_seconds()))
    return [_measure(f"alert.{kind}", counted[0], durations, targets.alert_s)
            for kind, (counted, durations) in sorted(groups.items())]

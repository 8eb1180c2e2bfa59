"""The instance's health (``/healthz``, ``/admin/v1/health``): the database answers, and each pipeline stage's
relay is alive with its outbox backlog and how long its oldest due entry has waited."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from pydantic import BaseModel, Field

from gbdcc import __version__
from gbdcc.adapters.observability.logging import get_logger
from gbdcc.adapters.observability.store_stats import StoreStats

log = get_logger("gbdcc.health")


class Stage(Protocol):
    """What health reports of a stage: a relay (embedded) or a publisher / consumer (scaled mode)."""

    @property
    def name(self) -> str: ...
    @property
    def topics(self) -> frozenset[str]: ...


class DatabaseHealth(BaseModel):
    reachable: bool
    error: str | None = None


class StageHealth(BaseModel):
    name: str = Field(description="The relay: `stages` (every stage but delivery) or `delivery-N`; in scaled mode "
                                  "`publish-<process>` and `consume-<group>` of this process")
    topics: list[str]
    alive: bool | None = Field(description="Its thread runs (null: the pipeline does not run in this process)")
    backlog: int = Field(description="Outbox entries waiting for it")
    oldest_due_seconds: float = Field(description="How long its oldest due entry has waited (0: none due)")


class HealthReport(BaseModel):
    status: str = Field(description="`ok`, or `degraded` when the database or a running stage is down")
    version: str
    database: DatabaseHealth
    stages: list[StageHealth]
    failed_deliveries: int = Field(description="Messages in the failed-delivery queue")


class HealthCheck:
    """Builds a :class:`HealthReport`. ``alive`` gives each relay's liveness by name (``EmbeddedRunner.alive``)
    when the pipeline runs in this process."""

    def __init__(self, stats: StoreStats, relays: Sequence[Stage],
                 alive: Callable[[], dict[str, bool]] | None = None) -> None:
        self._stats = stats
        self._relays = list(relays)
        self._alive = alive

    def __call__(self) -> HealthReport:
        try:
            self._stats.ping()
            backlog = {b.topic: b for b in self._stats.outbox()}
            failed = self._stats.deliveries().failed
            database = DatabaseHealth(reachable=True)
        except Exception as exc:  # health reports the failure rather than failing itself
            log.warning("health_database_unreachable", error=f"{type(exc).__name__}: {exc}")
            backlog, failed = {}, 0
            database = DatabaseHealth(reachable=False, error=type(exc).__name__)
        alive = self._alive() if self._alive is not None else {}
        now = datetime.now(UTC)
        stages = []
        for relay in self._relays:
            mine = [backlog[t] for t in sorted(relay.topics) if t in backlog]
            due = [b.oldest_due for b in mine if b.oldest_due is not None and b.oldest_due <= now]
            stages.append(StageHealth(
                name=relay.name, topics=sorted(relay.topics), alive=alive.get(relay.name),
                backlog=sum(b.depth for b in mine),
                oldest_due_seconds=max(((now - d).total_seconds() for d in due), default=0.0)))
        ok = database.reachable and all(s.alive is not False for s in stages)
        return HealthReport(status="ok" if ok else "degraded", version=__version__, database=database,
                            stages=stages, failed_deliveries=failed)

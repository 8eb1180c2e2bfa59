"""Figures read from the system of record on demand (``/metrics`` scrapes, the health endpoint): the outbox
backlog per topic (each pipeline stage's queue) and the delivery queues. One grouped query per figure, on
indexed columns. An in-memory instance (no engine, handler tests) reports none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from gbdcc.adapters.db import tables
from gbdcc.domain.delivery import DeliveryState


@dataclass(frozen=True)
class TopicBacklog:
    """Entries waiting in the outbox for one topic, and the oldest one's ``available_at`` (due since)."""

    topic: str
    depth: int
    oldest_due: datetime | None


@dataclass(frozen=True)
class DeliveryQueues:
    failed: int  # the failed-delivery queue (retries exhausted, re-deliverable)
    retrying: int  # pending messages that failed at least one attempt


def _aware(at: datetime | None) -> datetime | None:
    return None if at is None or at.tzinfo is not None else at.replace(tzinfo=UTC)


class StoreStats:
    """Reads the figures from ``engine`` (None: an in-memory instance, no figures)."""

    def __init__(self, engine: Engine | None) -> None:
        self._engine = engine

    def ping(self) -> None:
        """Raise unless the database answers (health)."""
        if self._engine is not None:
            with self._engine.connect() as conn:
                conn.execute(select(1))

    def outbox(self) -> list[TopicBacklog]:
        if self._engine is None:
            return []
        o = tables.outbox
        query = select(o.c.topic, func.count(), func.min(o.c.available_at)).group_by(o.c.topic)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        return [TopicBacklog(str(t), int(n), _aware(at)) for t, n, at in sorted(rows)]

    def deliveries(self) -> DeliveryQueues:
        if self._engine is None:
            return DeliveryQueues(0, 0)
        m = tables.outbound_messages
        failed = select(func.count()).where(m.c.state == DeliveryState.FAILED.value)
        retrying = select(func.count()).where(m.c.state == DeliveryState.PENDING.value, m.c.attempts > 0)
        with self._engine.connect() as conn:
            return DeliveryQueues(int(conn.execute(failed).scalar_one()), int(conn.execute(retrying).scalar_one()))

"""SQL repository for the transactional outbox (DESIGN.md: stages hand work on only through it).

An entry is *due* at ``now`` when ``available_at <= now``, it holds no live lease (``claimed_until``
unset or past) and no earlier entry of its key holds it back. **Per-key order**: an earlier entry
(smaller ``seq``) of the same key holds back every later one while it is due, leased or being retried
(``attempts > 0``); only a timer that has never run yet (``attempts = 0``, ``available_at > now``) lets
later entries of its key pass, so a deadline scheduled for tomorrow does not stall today's work of that
request. Hence entries of one key are handed out one at a time and in ``seq`` order — except that a timer,
once due, is not held back by later entries that overtook it (it may run beside one of them; handlers
compare-and-set the request state, so that is safe). The check is one probe of the (key, seq) index per
candidate; it reads committed rows whoever holds them, so it also holds across processes.

Leases: with ``claimed_by`` the due entries are selected ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite
has one writer anyway) and stamped ``claimed_by`` / ``claimed_until`` in the same transaction, so several
processes can drain one outbox without handing an entry out twice while its lease lives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, func, insert, literal, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from gbdcc.adapters.db.errors import NotStored, utc
from gbdcc.adapters.db.tables import outbox as ob
from gbdcc.adapters.db.values import decode_payload, encode_payload
from gbdcc.domain.events import Event, to_payload
from gbdcc.service.ports import Clock, OutboxEntry

_NOW = bindparam("now", type_=ob.c.available_at.type)
_TOPICS = bindparam("topics", type_=ob.c.topic.type, expanding=True)
_earlier = ob.alias("earlier")


def _no_earlier(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """No earlier entry of the candidate's key meets ``conditions``. Written ``(SELECT 1 … LIMIT 1) IS
    NULL`` rather than ``NOT EXISTS`` so PostgreSQL keeps it a per-candidate probe of (key, seq) that
    stops at the first hit, instead of planning an anti-join that may scan the whole outbox."""
    return select(literal(1)).where(_earlier.c.key == ob.c.key, _earlier.c.seq < ob.c.seq, *conditions) \
        .limit(1).scalar_subquery().is_(None)


#: Not held back: no earlier entry of the key is due, leased (a lease is only taken when due) or retrying.
_NOT_HELD_BACK = _no_earlier(
    or_(_earlier.c.available_at <= _NOW, _earlier.c.attempts > 0, _earlier.c.claimed_until.is_not(None)))
_UNLEASED = or_(ob.c.claimed_until.is_(None), ob.c.claimed_until <= _NOW)


_RELEASE = (update(ob).where(ob.c.claimed_by == bindparam("k_claimed_by"))
            .values(claimed_by=None, claimed_until=None))


def _due(topics: bool, lease: bool) -> Select[Any]:
    stmt = select(ob).where(ob.c.available_at <= _NOW, _UNLEASED, _NOT_HELD_BACK)
    if topics:
        stmt = stmt.where(ob.c.topic.in_(_TOPICS))
    stmt = stmt.order_by(ob.c.available_at, ob.c.seq).limit(bindparam("limit"))
    return stmt.with_for_update(of=ob, skip_locked=True) if lease else stmt


_DUE = {(t, lease): _due(t, lease) for t in (False, True) for lease in (False, True)}
_ADD = insert(ob).returning(ob.c.seq)
_LEASE = update(ob).where(ob.c.seq.in_(bindparam("seqs", expanding=True)))
_DONE = delete(ob).where(ob.c.seq == bindparam("k_seq"))
_PENDING = select(literal(1)).where(ob.c.seq == bindparam("k_seq"))
_RETRY = update(ob).where(ob.c.seq == bindparam("k_seq")).values(
    attempts=ob.c.attempts + 1, claimed_by=None, claimed_until=None)
_DEPTH = select(ob.c.topic, func.count()).group_by(ob.c.topic)


def _next_available(topics: bool) -> Select[Any]:
    """The earliest instant ``due`` may return something: the first free entry not held back by an
    in-flight (leased or retrying) earlier one of its key, or the first lease to run out."""
    not_in_flight = _no_earlier(or_(_earlier.c.attempts > 0, _earlier.c.claimed_until.is_not(None)))
    # ORDER BY … LIMIT 1 rather than MIN: PostgreSQL then walks (available_at, seq) and stops at the
    # first entry that passes, instead of aggregating the whole outbox.
    free = select(ob.c.available_at).where(ob.c.claimed_until.is_(None), not_in_flight)
    leased = select(func.min(ob.c.claimed_until)).where(ob.c.claimed_until.is_not(None))
    if topics:
        free, leased = free.where(ob.c.topic.in_(_TOPICS)), leased.where(ob.c.topic.in_(_TOPICS))
    free = free.order_by(ob.c.available_at, ob.c.seq).limit(1)
    return select(free.scalar_subquery().label("free"), leased.scalar_subquery().label("leased"))


_NEXT = {t: _next_available(t) for t in (False, True)}


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(seq=int(row.seq), topic=row.topic, key=row.key, payload=decode_payload(row.payload),
                       created_at=row.created_at, available_at=row.available_at, attempts=int(row.attempts),
                       last_error=row.last_error)


class SqlOutboxRepository:
    def __init__(self, conn: Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    def add(self, event: Event, available_at: datetime) -> int:
        """Store ``event``; ``created_at`` is the adapter clock's now. Returns the new ``seq``."""
        seq = self._conn.execute(_ADD, {
            "topic": event.topic, "key": event.key, "payload": encode_payload(to_payload(event)),
            "created_at": utc(self._clock.now(), "clock"), "available_at": utc(available_at, "available_at"),
            "attempts": 0,
        }).scalar_one()
        return int(seq)

    def due(self, now: datetime, topics: Iterable[str] | None, limit: int,
            claimed_by: str | None = None, lease_seconds: float = 60.0) -> Sequence[OutboxEntry]:
        """Due entries, ``available_at`` then ``seq`` order; leased to ``claimed_by`` if given."""
        now = utc(now, "now")
        wanted = None if topics is None else sorted(set(topics))
        if limit <= 0 or wanted == []:
            return []
        params: dict[str, Any] = {"now": now, "limit": limit}
        if wanted is not None:
            params["topics"] = wanted
        rows = self._conn.execute(_DUE[wanted is not None, claimed_by is not None], params).all()
        if claimed_by is not None and rows:
            self._conn.execute(_LEASE, {"seqs": [r.seq for r in rows], "claimed_by": claimed_by,
                                        "claimed_until": now + timedelta(seconds=lease_seconds)})
        return [_entry(r) for r in rows]

    def done(self, seq: int) -> None:
        """Remove the entry (a no-op if it is gone already: at-least-once consumers may finish twice)."""
        self._conn.execute(_DONE, {"k_seq": seq})

    def pending(self, seq: int) -> bool:
        return self._conn.execute(_PENDING, {"k_seq": seq}).first() is not None

    def retry(self, seq: int, available_at: datetime, error: str) -> None:
        res = self._conn.execute(_RETRY, {"k_seq": seq, "available_at": utc(available_at, "available_at"),
                                          "last_error": error})
        if res.rowcount != 1:
            raise NotStored(f"outbox entry {seq} is not stored (handled already?)")

    def release(self, claimed_by: str) -> int:
        res = self._conn.execute(_RELEASE, {"k_claimed_by": claimed_by})
        return int(res.rowcount or 0)

    def next_available_at(self, topics: Iterable[str] | None) -> datetime | None:
        wanted = None if topics is None else sorted(set(topics))
        if wanted == []:
            return None
        row = self._conn.execute(_NEXT[wanted is not None], {} if wanted is None else {"topics": wanted}).one()
        found = [t for t in (row.free, row.leased) if t is not None]
        return min(found) if found else None

    def depth(self) -> dict[str, int]:
        return {topic: int(n) for topic, n in self._conn.execute(_DEPTH)}

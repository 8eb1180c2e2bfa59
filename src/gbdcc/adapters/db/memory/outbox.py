"""In-memory transactional outbox with the SQL adapter's due / lease / per-key order rules
(``sql_outbox`` explains them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from gbdcc.adapters.db.errors import NotStored, utc
from gbdcc.adapters.db.memory.state import OutboxRow, Repository, StateRef
from gbdcc.adapters.db.values import decode_payload, encode_payload
from gbdcc.domain.events import Event, to_payload
from gbdcc.service.ports import Clock, OutboxEntry


def _entry(r: OutboxRow) -> OutboxEntry:
    return OutboxEntry(r.seq, r.topic, r.key, decode_payload(r.payload), r.created_at, r.available_at,
                       r.attempts, r.last_error)


def _holds_key(r: OutboxRow, now: datetime) -> bool:
    """An entry holds back the later ones of its key while due, leased or being retried."""
    return r.available_at <= now or r.attempts > 0 or r.claimed_until is not None


def _in_flight(r: OutboxRow) -> bool:
    return r.attempts > 0 or r.claimed_until is not None


class InMemoryOutboxRepository(Repository):
    def __init__(self, state: StateRef, clock: Clock) -> None:
        super().__init__(state)
        self._clock = clock

    def add(self, event: Event, available_at: datetime) -> int:
        state = self._s()
        seq = state.next_outbox_seq
        state.outbox[seq] = OutboxRow(seq, event.topic, event.key, encode_payload(to_payload(event)),
                                      utc(self._clock.now(), "clock"), utc(available_at, "available_at"))
        state.next_outbox_seq = seq + 1
        return seq

    def _rows(self) -> list[OutboxRow]:
        return [r for _, r in sorted(self._s().outbox.items())]

    def due(self, now: datetime, topics: Iterable[str] | None, limit: int,
            claimed_by: str | None = None, lease_seconds: float = 60.0) -> Sequence[OutboxEntry]:
        now = utc(now, "now")
        wanted = None if topics is None else set(topics)
        held: set[str] = set()
        found: list[OutboxRow] = []
        for r in self._rows():  # seq order: whether a key is held is known when its later entries come
            free = r.claimed_until is None or r.claimed_until <= now
            if r.available_at <= now and free and r.key not in held and (wanted is None or r.topic in wanted):
                found.append(r)
            if _holds_key(r, now):
                held.add(r.key)
        found.sort(key=lambda r: (r.available_at, r.seq))
        found = found[: max(limit, 0)]
        if claimed_by is not None:
            until = now + timedelta(seconds=lease_seconds)
            for r in found:
                self._s().outbox[r.seq] = replace(r, claimed_by=claimed_by, claimed_until=until)
        return [_entry(r) for r in found]

    def done(self, seq: int) -> None:
        self._s().outbox.pop(seq, None)

    def pending(self, seq: int) -> bool:
        return seq in self._s().outbox

    def retry(self, seq: int, available_at: datetime, error: str) -> None:
        outbox = self._s().outbox
        r = outbox.get(seq)
        if r is None:
            raise NotStored(f"outbox entry {seq} is not stored (handled already?)")
        outbox[seq] = replace(r, attempts=r.attempts + 1, available_at=utc(available_at, "available_at"),
                              last_error=error, claimed_by=None, claimed_until=None)

    def release(self, claimed_by: str) -> int:
        outbox = self._s().outbox
        held = [seq for seq, r in outbox.items() if r.claimed_by == claimed_by]
        for seq in held:
            outbox[seq] = replace(outbox[seq], claimed_by=None, claimed_until=None)
        return len(held)

    def next_available_at(self, topics: Iterable[str] | None) -> datetime | None:
        wanted = None if topics is None else set(topics)
        in_flight_keys: set[str] = set()
        times: list[datetime] = []
        for r in self._rows():
            if wanted is None or r.topic in wanted:
                if r.claimed_until is not None:
                    times.append(r.claimed_until)
                elif r.key not in in_flight_keys:
                    times.append(r.available_at)
            if _in_flight(r):
                in_flight_keys.add(r.key)
        return min(times, default=None)

    def depth(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self._s().outbox.values():
            out[r.topic] = out.get(r.topic, 0) + 1
        return out

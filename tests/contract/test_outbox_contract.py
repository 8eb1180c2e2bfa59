"""OutboxRepository contract: the transactional outbox between pipeline stages (DESIGN.md) — due order,
per-key order, leases, retries — the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.events import (
    CommandTransformed,
    MessageQueued,
    PreCommandExpired,
    RequestAdmitted,
    UplinkReceived,
    from_payload,
)
from gbdcc.service.ports import OutboxEntry, UnitOfWorkFactory

S = timedelta(seconds=1)
RID = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-00:"


def rid(n: int) -> str:
    return f"{RID}{n}"


def seqs(entries: Any) -> list[int]:
    return [e.seq for e in entries]


def test_add_then_due_round_trips_the_event(backend: Any, s: SimpleNamespace) -> None:
    uplink = UplinkReceived(hub_id=str(s.BIG), payload_hex="dd00ff" * 100, received_at=s.T0.isoformat())
    backend.clock.at = s.T0 - 5 * S
    with backend.factory() as uow:
        a = uow.outbox.add(uplink, s.T0)
        b = uow.outbox.add(MessageQueued(message_id=2**40), s.T0 + timedelta(microseconds=1))
        uow.commit()
    assert isinstance(a, int) and b > a
    with backend.factory() as uow:
        got = list(uow.outbox.due(s.T0 + S, None, 10))
    assert got == [
        OutboxEntry(a, "uplink.received", str(s.BIG), {"hub_id": str(s.BIG), "payload_hex": "dd00ff" * 100,
                                                       "received_at": s.T0.isoformat()},
                    s.T0 - 5 * S, s.T0),
        OutboxEntry(b, "message.queued", str(2**40), {"message_id": 2**40}, s.T0 - 5 * S,
                    s.T0 + timedelta(microseconds=1)),
    ]
    assert [from_payload(e.topic, e.payload) for e in got] == [uplink, MessageQueued(2**40)]
    assert all(e.available_at.utcoffset() == timedelta(0) for e in got)


def test_due_is_oldest_available_first_with_topics_and_limit(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    t = s.T0
    with uow_factory() as uow:
        late = uow.outbox.add(RequestAdmitted(rid(1)), t + 2 * S)
        early = uow.outbox.add(CommandTransformed(rid(2)), t)
        tie = uow.outbox.add(RequestAdmitted(rid(3)), t)
        future = uow.outbox.add(RequestAdmitted(rid(4)), t + 60 * S)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t - S, None, 10)) == []
        assert seqs(uow.outbox.due(t, None, 10)) == [early, tie]  # available_at <= now
        assert seqs(uow.outbox.due(t + 2 * S, None, 10)) == [early, tie, late]
        assert seqs(uow.outbox.due(t + 2 * S, None, 2)) == [early, tie]
        assert seqs(uow.outbox.due(t + 2 * S, ["request.admitted"], 10)) == [tie, late]
        assert seqs(uow.outbox.due(t + 2 * S, iter(["command.transformed", "x"]), 10)) == [early]
        assert seqs(uow.outbox.due(t + 2 * S, [], 10)) == []
        assert seqs(uow.outbox.due(t + 2 * S, None, 0)) == []
        assert seqs(uow.outbox.due(t + 60 * S, None, 10)) == [early, tie, late, future]
        assert uow.outbox.depth() == {"request.admitted": 3, "command.transformed": 1}


def test_entries_of_one_key_come_out_one_at_a_time_in_seq_order(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    """Later entries of a key wait while an earlier one is due, whatever their topics and times."""
    t, hub = s.T0, str(s.BIG)
    with uow_factory() as uow:
        first = uow.outbox.add(UplinkReceived(hub, "01", t.isoformat()), t + S)
        other = uow.outbox.add(RequestAdmitted(rid(1)), t)
        second = uow.outbox.add(UplinkReceived(hub, "02", t.isoformat()), t)  # available earlier, still 2nd
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t, None, 10)) == [other, second]  # first is not due: second may pass
        assert seqs(uow.outbox.due(t + S, None, 10)) == [other, first]  # first due: it holds second back
        assert seqs(uow.outbox.due(t + S, ["request.admitted"], 10)) == [other]
        uow.outbox.done(first)
        assert seqs(uow.outbox.due(t + S, None, 10)) == [other, second]


def test_a_timer_not_yet_due_does_not_hold_back_later_work_of_its_key(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    """A CV4's Pre-Command expiry is scheduled for later; the CV5 admitted meanwhile goes on now."""
    t = s.T0
    with uow_factory() as uow:
        timer = uow.outbox.add(PreCommandExpired(rid(1)), t + timedelta(hours=1))
        admitted = uow.outbox.add(RequestAdmitted(rid(1)), t)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t, None, 10)) == [admitted]
        assert uow.outbox.next_available_at(None) == t
        assert seqs(uow.outbox.due(t + timedelta(hours=1), None, 10)) == [timer]  # now due: first again


def test_a_leased_entry_is_not_handed_out_again_until_its_lease_runs_out(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    t = s.T0
    with uow_factory() as uow:
        e = uow.outbox.add(RequestAdmitted(rid(1)), t)
        held = uow.outbox.add(CommandTransformed(rid(1)), t)  # same key: waits behind the leased one
        free = uow.outbox.add(RequestAdmitted(rid(2)), t)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t, None, 1, claimed_by="relay-a", lease_seconds=30)) == [e]
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t + 29 * S, None, 10, claimed_by="relay-b")) == [free]
        assert seqs(uow.outbox.due(t + 29 * S, None, 10)) == []  # leased to others: nothing for anyone
        uow.commit()
    with uow_factory() as uow:  # relay-a died: its lease runs out, relay-b's has not
        assert seqs(uow.outbox.due(t + 30 * S, None, 10, claimed_by="relay-c", lease_seconds=30)) == [e]
        assert seqs(uow.outbox.due(t + 30 * S, None, 10)) == []
        uow.outbox.done(e)
        assert seqs(uow.outbox.due(t + 30 * S, None, 10)) == [held]
        assert seqs(uow.outbox.due(t + 90 * S, None, 10)) == [held, free]  # every lease ran out


def test_release_gives_back_only_the_named_consumers_leases(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    t = s.T0
    with uow_factory() as uow:
        a1 = uow.outbox.add(RequestAdmitted(rid(1)), t)
        a2 = uow.outbox.add(RequestAdmitted(rid(2)), t)
        b = uow.outbox.add(RequestAdmitted(rid(3)), t)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t, None, 2, claimed_by="stages", lease_seconds=60)) == [a1, a2]
        assert seqs(uow.outbox.due(t, None, 2, claimed_by="other", lease_seconds=60)) == [b]
        uow.commit()
    with uow_factory() as uow:  # "stages" was killed and restarts: its leases go, "other"'s stay
        assert uow.outbox.release("stages") == 2
        assert uow.outbox.release("nobody") == 0
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t + S, None, 10, claimed_by="stages")) == [a1, a2]
        uow.commit()
    with uow_factory() as uow:
        got = list(uow.outbox.due(t + 90 * S, None, 10))
        assert seqs(got) == [a1, a2, b]
        assert [e.attempts for e in got] == [0, 0, 0]  # a release is not a failed attempt


def test_a_lease_without_commit_is_rolled_back(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        e = uow.outbox.add(RequestAdmitted(rid(1)), s.T0)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(s.T0, None, 10, claimed_by="a")) == [e]
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(s.T0, None, 10, claimed_by="b")) == [e]


def test_retry_counts_the_attempt_and_makes_the_entry_due_later(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    t = s.T0
    with uow_factory() as uow:
        e = uow.outbox.add(UplinkReceived("hub", "01", t.isoformat()), t)
        later = uow.outbox.add(UplinkReceived("hub", "02", t.isoformat()), t)
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t, None, 10, claimed_by="a", lease_seconds=600)) == [e]
        uow.outbox.retry(e, t + 5 * S, "WAN timeout ü")
        uow.commit()
    with uow_factory() as uow:
        assert seqs(uow.outbox.due(t + 4 * S, None, 10)) == []  # retrying: the hub's next uplink waits
        assert uow.outbox.next_available_at(None) == t + 5 * S
        (got,) = uow.outbox.due(t + 5 * S, None, 10)  # lease cleared: due at once, not after 600 s
        assert (got.seq, got.attempts, got.last_error, got.available_at) == (e, 1, "WAN timeout ü", t + 5 * S)
        uow.outbox.retry(e, t + 6 * S, "again")
        (got,) = uow.outbox.due(t + 6 * S, None, 10)
        assert (got.attempts, got.last_error) == (2, "again")
        uow.outbox.done(e)
        assert seqs(uow.outbox.due(t + 6 * S, None, 10)) == [later]


def test_done_removes_and_is_idempotent_retry_of_a_removed_entry_is_refused(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    with uow_factory() as uow:
        e = uow.outbox.add(RequestAdmitted(rid(1)), s.T0)
        uow.outbox.done(e)
        uow.outbox.done(e)
        assert uow.outbox.depth() == {}
        with pytest.raises(NotStored):
            uow.outbox.retry(e, s.T0, "gone")
        f = uow.outbox.add(RequestAdmitted(rid(2)), s.T0)
    assert f > e  # sequence numbers are not reused


def test_pending_until_done_and_across_units(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    """A broker-fed consumer asks ``pending`` first: an entry handled already is not handled again."""
    with uow_factory() as uow:
        e = uow.outbox.add(RequestAdmitted(rid(1)), s.T0)
        assert uow.outbox.pending(e)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.outbox.pending(e)
        assert not uow.outbox.pending(e + 1000)
    with uow_factory() as uow:
        uow.outbox.done(e)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert not uow.outbox.pending(e)


def test_entries_keyed_by_hub_hold_back_a_hubs_later_requests(uow_factory: UnitOfWorkFactory,
                                                            s: SimpleNamespace) -> None:
    """Request events carry their hub as key, so one hub's requests go on one at a time, in order, while
    another hub's pass (the GBCS originator counters reach each device increasing)."""
    with uow_factory() as uow:
        a = uow.outbox.add(RequestAdmitted(rid(1), "HUB-A"), s.T0)
        b = uow.outbox.add(RequestAdmitted(rid(2), "HUB-A"), s.T0)
        c = uow.outbox.add(CommandTransformed(rid(3), "HUB-B"), s.T0)
        old = uow.outbox.add(RequestAdmitted(rid(4)), s.T0)  # stored before hub keys: ordered per RequestID
        assert seqs(uow.outbox.due(s.T0, None, 10)) == [a, c, old]
        uow.outbox.done(a)
        assert seqs(uow.outbox.due(s.T0, None, 10)) == [b, c, old]
        assert from_payload(RequestAdmitted.topic, {"request_id": rid(9)}) == RequestAdmitted(rid(9))


def test_next_available_at_for_the_relays_sleep(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    t = s.T0
    with uow_factory() as uow:
        assert uow.outbox.next_available_at(None) is None
        a = uow.outbox.add(RequestAdmitted(rid(1)), t + 10 * S)
        uow.outbox.add(CommandTransformed(rid(1)), t + 2 * S)  # behind a (same key) only once a is due
        uow.outbox.add(MessageQueued(7), t + 20 * S)
        assert uow.outbox.next_available_at(None) == t + 2 * S
        assert uow.outbox.next_available_at(["message.queued"]) == t + 20 * S
        assert uow.outbox.next_available_at(["request.admitted", "nope"]) == t + 10 * S
        assert uow.outbox.next_available_at([]) is None
        assert uow.outbox.next_available_at(["nope"]) is None
        assert seqs(uow.outbox.due(t + 10 * S, ["request.admitted"], 1, claimed_by="r", lease_seconds=5)) == [a]
        # a is in flight until t+15 and holds its key: the earliest change is its lease running out
        assert uow.outbox.next_available_at(None) == t + 15 * S
        assert uow.outbox.next_available_at(["command.transformed"]) is None
        assert uow.outbox.depth() == {"request.admitted": 1, "command.transformed": 1, "message.queued": 1}


def test_concurrent_consumers_lease_disjoint_entries(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    """Eight relays drain one outbox: no entry is handed out twice, and of the one busy key (hub) only
    its first entry is handed out at all."""
    with uow_factory() as uow:
        spread = [uow.outbox.add(RequestAdmitted(rid(n)), s.T0) for n in range(32)]
        hub = [uow.outbox.add(UplinkReceived("hub", f"{n:02x}", s.T0.isoformat()), s.T0) for n in range(8)]
        uow.commit()

    def drain(i: int) -> list[int]:
        with uow_factory() as uow:
            got = seqs(uow.outbox.due(s.T0, None, 6, claimed_by=f"relay-{i}"))
            uow.commit()
            return got

    results = run_in_threads(8, drain)
    taken = [seq for got in results for seq in got]
    assert len(taken) == len(set(taken))
    assert set(taken) <= set(spread) | {hub[0]} and hub[0] in taken
    with uow_factory() as uow:  # whatever was not taken is still due (leases are per entry)
        assert set(seqs(uow.outbox.due(s.T0, None, 100))) == set(spread) - set(taken)


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    naive = s.T0.replace(tzinfo=None)
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.outbox.add(RequestAdmitted(rid(1)), naive)
        e = uow.outbox.add(RequestAdmitted(rid(1)), s.T0)
        with pytest.raises(NaiveDatetime):
            uow.outbox.due(naive, None, 1)
        with pytest.raises(NaiveDatetime):
            uow.outbox.retry(e, naive, "x")
        assert uow.outbox.depth() == {"request.admitted": 1}

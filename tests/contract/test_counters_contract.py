"""CounterRepository contract: RequestID counters strictly increase per (User, Business Target) (DUIS
3.2.3). The per-User floors a 0001 database leaves behind are tested in ``test_migrations``."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import UINT64_MAX, Eui64
from gbdcc.service.ports import UnitOfWorkFactory


def advance_alone(uow_factory: UnitOfWorkFactory, user: Eui64, target: Eui64, counter: int) -> bool:
    """``advance`` in a unit of its own, committed (one gateway request)."""
    with uow_factory() as uow:
        ok = uow.counters.advance(user, target, counter)
        uow.commit()
        return ok


def test_first_use_is_accepted(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.counters.last(s.BIG, s.ESME) is None
        assert uow.counters.advance(s.BIG, s.ESME, 0) is True
        assert uow.counters.last(s.BIG, s.ESME) == 0


def test_strictly_increasing_equal_and_lower_are_replays(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    u, t = s.eui(7), s.ESME
    with uow_factory() as uow:
        assert uow.counters.advance(u, t, 1000) is True
        assert uow.counters.advance(u, t, 1001) is True
        assert uow.counters.advance(u, t, 1001) is False  # equal = replay
        assert uow.counters.advance(u, t, 5) is False  # lower = replay
        assert uow.counters.last(u, t) == 1001
        assert uow.counters.advance(u, t, 2**40) is True
        uow.commit()
    with uow_factory() as uow:
        assert uow.counters.last(u, t) == 2**40
        assert uow.counters.advance(u, t, 2**40) is False


def test_counters_across_the_signed_boundary_and_uint64_max(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    u, t = s.BIG, s.BIG
    with uow_factory() as uow:
        for c in (2**63 - 2, 2**63 - 1, 2**63, 2**63 + 1):  # order must survive the BIGINT encoding
            assert uow.counters.advance(u, t, c) is True
        assert uow.counters.advance(u, t, 2**63 - 1) is False
        assert uow.counters.advance(u, t, UINT64_MAX) is True
        assert uow.counters.last(u, t) == UINT64_MAX
        assert uow.counters.advance(u, t, UINT64_MAX) is False
        uow.commit()
    with uow_factory() as uow:
        assert uow.counters.last(u, t) == UINT64_MAX


def test_counters_are_per_user_and_per_target(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    """A User may send to many devices in parallel: each (User, target) pair has its own counter."""
    a, b = s.eui(1), s.eui(2)
    with uow_factory() as uow:
        assert uow.counters.advance(a, s.ESME, 10) is True
        assert uow.counters.advance(a, s.BIG, 3) is True  # lower, but another target
        assert uow.counters.advance(b, s.ESME, 3) is True  # lower, but another User
        assert uow.counters.advance(a, s.BIG, 3) is False
        uow.commit()
    with uow_factory() as uow:
        assert [uow.counters.last(*k) for k in ((a, s.ESME), (a, s.BIG), (b, s.ESME), (b, s.BIG))] == [
            10, 3, 3, None]


@pytest.mark.parametrize("bad", [-1, UINT64_MAX + 1])
def test_out_of_range_counter_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace, bad: int) -> None:
    with uow_factory() as uow:
        with pytest.raises(InvalidIdentifier):
            uow.counters.advance(s.eui(1), s.ESME, bad)
        assert uow.counters.last(s.eui(1), s.ESME) is None


def test_advance_without_commit_is_rolled_back(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    assert advance_alone(uow_factory, s.eui(1), s.ESME, 5)
    with uow_factory() as uow:
        assert uow.counters.advance(s.eui(1), s.ESME, 6)
    with uow_factory() as uow:
        assert uow.counters.last(s.eui(1), s.ESME) == 5
        assert uow.counters.advance(s.eui(1), s.ESME, 6) is True


@pytest.mark.parametrize("existing", [None, 10])
def test_concurrent_advances_to_the_same_counter_accept_exactly_one(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
    existing: int | None,
) -> None:
    """N units race to record the same counter for one pair: one wins, the others see a replay (first
    use too). Another target of the same User is not affected."""
    if existing is not None:
        assert advance_alone(uow_factory, s.BIG, s.ESME, existing)

    results = run_in_threads(8, lambda _: advance_alone(uow_factory, s.BIG, s.ESME, 11))
    assert results.count(True) == 1
    with uow_factory() as uow:
        assert uow.counters.last(s.BIG, s.ESME) == 11
        assert uow.counters.last(s.BIG, s.BIG) is None


def test_concurrent_increasing_counters_end_at_the_maximum(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    results = run_in_threads(8, lambda i: advance_alone(uow_factory, s.eui(3), s.ESME, 100 + i))
    assert results[7] is True  # the largest always wins, whatever the interleaving
    with uow_factory() as uow:
        assert uow.counters.last(s.eui(3), s.ESME) == 107


def test_concurrent_advances_to_different_targets_all_succeed(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    assert run_in_threads(8, lambda i: advance_alone(uow_factory, s.SUPPLIER, s.eui(1000 + i), 7)) == [True] * 8

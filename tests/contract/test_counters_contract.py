"""CounterRepository contract: RequestID counters strictly increase per User (DUIS 3.2.3)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import UINT64_MAX
from gbdcc.service.ports import UnitOfWorkFactory


def test_first_use_is_accepted(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.counters.last(s.BIG) is None
        assert uow.counters.advance(s.BIG, 0) is True
        assert uow.counters.last(s.BIG) == 0


def test_strictly_increasing_equal_and_lower_are_replays(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    u = s.eui(7)
    with uow_factory() as uow:
        assert uow.counters.advance(u, 1000) is True
        assert uow.counters.advance(u, 1001) is True
        assert uow.counters.advance(u, 1001) is False  # equal = replay
        assert uow.counters.advance(u, 5) is False  # lower = replay
        assert uow.counters.last(u) == 1001
        assert uow.counters.advance(u, 2**40) is True
        uow.commit()
    with uow_factory() as uow:
        assert uow.counters.last(u) == 2**40
        assert uow.counters.advance(u, 2**40) is False


def test_counters_across_the_signed_boundary_and_uint64_max(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    u = s.BIG
    with uow_factory() as uow:
        for c in (2**63 - 2, 2**63 - 1, 2**63, 2**63 + 1):  # order must survive the BIGINT encoding
            assert uow.counters.advance(u, c) is True
        assert uow.counters.advance(u, 2**63 - 1) is False
        assert uow.counters.advance(u, UINT64_MAX) is True
        assert uow.counters.last(u) == UINT64_MAX
        assert uow.counters.advance(u, UINT64_MAX) is False
        uow.commit()
    with uow_factory() as uow:
        assert uow.counters.last(u) == UINT64_MAX


def test_counters_are_per_user(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.counters.advance(s.eui(1), 10) is True
        assert uow.counters.advance(s.eui(2), 3) is True
        assert uow.counters.last(s.eui(1)) == 10
        assert uow.counters.last(s.eui(2)) == 3


@pytest.mark.parametrize("bad", [-1, UINT64_MAX + 1])
def test_out_of_range_counter_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace, bad: int) -> None:
    with uow_factory() as uow:
        with pytest.raises(InvalidIdentifier):
            uow.counters.advance(s.eui(1), bad)
        assert uow.counters.last(s.eui(1)) is None


def test_advance_without_commit_is_rolled_back(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.counters.advance(s.eui(1), 5)
        uow.commit()
    with uow_factory() as uow:
        assert uow.counters.advance(s.eui(1), 6)
    with uow_factory() as uow:
        assert uow.counters.last(s.eui(1)) == 5
        assert uow.counters.advance(s.eui(1), 6) is True


@pytest.mark.parametrize("existing", [None, 10])
def test_concurrent_advances_to_the_same_counter_accept_exactly_one(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
    existing: int | None,
) -> None:
    """N units race to record the same counter: one wins, the others see a replay (first use too)."""
    if existing is not None:
        with uow_factory() as uow:
            uow.counters.advance(s.BIG, existing)
            uow.commit()

    def attempt(_: int) -> bool:
        with uow_factory() as uow:
            ok = uow.counters.advance(s.BIG, 11)
            uow.commit()
            return ok

    results = run_in_threads(8, attempt)
    assert results.count(True) == 1
    with uow_factory() as uow:
        assert uow.counters.last(s.BIG) == 11


def test_concurrent_increasing_counters_end_at_the_maximum(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    def attempt(i: int) -> bool:
        with uow_factory() as uow:
            ok = uow.counters.advance(s.eui(3), 100 + i)
            uow.commit()
            return ok

    results = run_in_threads(8, attempt)
    assert results[7] is True  # the largest always wins, whatever the interleaving
    with uow_factory() as uow:
        assert uow.counters.last(s.eui(3)) == 107

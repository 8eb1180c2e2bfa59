"""DccCounterRepository contract: originator counters of DCC-originated GBCS commands (ACB, TransCoS;
GBCS 4.3.1) strictly increase per (originator, recipient) and honour ``at_least``."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.adapters.db.errors import CounterExhausted
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import UINT64_MAX
from gbdcc.service.ports import UnitOfWorkFactory


def test_first_counter_is_at_least_then_strictly_increasing(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    acb, esme = s.BIG, s.ESME
    with uow_factory() as uow:
        assert uow.dcc_counters.next(acb, esme, 1000) == 1000
        assert uow.dcc_counters.next(acb, esme, 0) == 1001  # at_least below the last: last + 1
        assert uow.dcc_counters.next(acb, esme, 1001) == 1002
        assert uow.dcc_counters.next(acb, esme, 5000) == 5000  # at_least above: jumps to it
        uow.commit()
    with uow_factory() as uow:
        assert uow.dcc_counters.next(acb, esme, 0) == 5001


def test_counters_are_per_originator_and_recipient(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.dcc_counters.next(s.eui(1), s.ESME, 10) == 10
        assert uow.dcc_counters.next(s.eui(1), s.BIG, 10) == 10
        assert uow.dcc_counters.next(s.eui(2), s.ESME, 10) == 10
        assert uow.dcc_counters.next(s.eui(1), s.ESME, 10) == 11


def test_across_the_signed_boundary_up_to_uint64_max_then_exhausted(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    with uow_factory() as uow:
        assert uow.dcc_counters.next(s.BIG, s.BIG, 2**63 - 1) == 2**63 - 1
        assert uow.dcc_counters.next(s.BIG, s.BIG, 0) == 2**63
        assert uow.dcc_counters.next(s.BIG, s.BIG, UINT64_MAX - 1) == UINT64_MAX - 1
        assert uow.dcc_counters.next(s.BIG, s.BIG, 0) == UINT64_MAX
        with pytest.raises(CounterExhausted):
            uow.dcc_counters.next(s.BIG, s.BIG, 0)
        uow.commit()
    with uow_factory() as uow, pytest.raises(CounterExhausted):
        uow.dcc_counters.next(s.BIG, s.BIG, UINT64_MAX)


@pytest.mark.parametrize("bad", [-1, UINT64_MAX + 1])
def test_out_of_range_at_least_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace, bad: int) -> None:
    with uow_factory() as uow:
        with pytest.raises(InvalidIdentifier):
            uow.dcc_counters.next(s.eui(1), s.ESME, bad)
        assert uow.dcc_counters.next(s.eui(1), s.ESME, 0) == 0


def test_without_commit_the_counter_is_not_used_up(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        assert uow.dcc_counters.next(s.eui(1), s.ESME, 1) == 1
    with uow_factory() as uow:
        assert uow.dcc_counters.next(s.eui(1), s.ESME, 1) == 1


def test_concurrent_units_get_distinct_increasing_counters(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    def take(_: int) -> list[int]:
        got = []
        for _ in range(5):
            with uow_factory() as uow:
                got.append(uow.dcc_counters.next(s.BIG, s.ESME, 100))
                uow.commit()
        return got

    results = run_in_threads(8, take)
    flat = [c for got in results for c in got]
    assert sorted(flat) == list(range(100, 140))  # 40 distinct values, none skipped
    assert all(got == sorted(got) and len(set(got)) == 5 for got in results)  # increasing per taker

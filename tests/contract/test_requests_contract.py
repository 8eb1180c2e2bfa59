"""ServiceRequestRepository contract: device Service Requests through their lifecycle (domain.requests;
one row per DUIS RequestID, DUIS 3.2.3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.errors import DuplicateServiceRequest
from gbdcc.domain.ids import UINT64_MAX, Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState, ServiceRequest
from gbdcc.service.ports import UnitOfWorkFactory

R = RequestState


def full_request(s: SimpleNamespace) -> ServiceRequest:
    """Every field set; EUIs and counters ≥ 2^63; instants with microseconds and a non-UTC offset."""
    t = s.T0.astimezone(timezone(timedelta(hours=-3)))
    return s.request(
        UINT64_MAX, user=s.BIG, device=Eui64(2**63), srv="6.15.1", command_variant=4,
        role=UserRole.GAS_SUPPLIER, state=R.SENT, received_at=t, updated_at=t + timedelta(microseconds=1),
        raw=bytes(range(256)) * 40, device_type="GSME", hub_id=Eui64(2**64 - 1), precommand=b"\x00pre\xff",
        command=b"\xdd\x00command", gbcs_originator=s.BIG, gbcs_counter=2**63 + 5,
        deadline=t + timedelta(seconds=30, microseconds=999_999), response_code="I99", rule="R-SR-1",
        reason="accepted ü")


def test_round_trip_of_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    r = full_request(s)
    with uow_factory() as uow:
        uow.requests.add(r)
        uow.commit()
    with uow_factory() as uow:
        got = uow.requests.get(r.request_id)
    assert got == r
    assert got is not None and got.received_at.utcoffset() == timedelta(0)
    assert got.deadline is not None and got.deadline.utcoffset() == timedelta(0)


def test_optional_fields_round_trip_as_none(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    r = s.request(0)
    with uow_factory() as uow:
        uow.requests.add(r)
        got = uow.requests.get(r.request_id)
    assert got == r
    assert got is not None and (got.hub_id, got.command, got.gbcs_counter, got.deadline, got.rule) == (
        None, None, None, None, None)


def test_adding_a_stored_request_id_is_a_duplicate(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.requests.add(s.request(5))
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(DuplicateServiceRequest) as err:
            uow.requests.add(s.request(5, srv="7.1", state=R.RECEIVED))
        assert err.value.code == "GBDCC-409"
        uow.requests.add(s.request(6))  # the unit is still usable after the refusal
        assert uow.requests.get(s.request(5).request_id) == s.request(5)
        uow.commit()
    with uow_factory() as uow:
        assert uow.requests.get(s.request(6).request_id) == s.request(6)


def test_get_of_an_unknown_request_id(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.requests.add(s.request(1))
        assert uow.requests.get(RequestId(s.SUPPLIER, s.ESME, 2)) is None
        assert uow.requests.get(RequestId(s.SUPPLIER, s.BIG, 1)) is None
        assert uow.requests.get(RequestId(s.BIG, s.ESME, 1)) is None


def test_update_is_a_compare_and_set_on_the_state(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    r = s.request(1)
    moved = r.transition(R.TRANSFORMED, s.T0 + timedelta(seconds=1), command=b"\xdd", gbcs_originator=s.BIG,
                         gbcs_counter=77, hub_id=s.eui(0xA2))
    with uow_factory() as uow:
        uow.requests.add(r)
        assert uow.requests.update(moved, expected=R.TRANSFORMED) is False  # stored one is ADMITTED
        assert uow.requests.get(r.request_id) == r
        assert uow.requests.update(moved, expected=R.ADMITTED) is True
        assert uow.requests.update(moved, expected=R.ADMITTED) is False  # a second consumer loses
        assert uow.requests.update(s.request(2), expected=R.ADMITTED) is False  # not stored
        uow.commit()
    with uow_factory() as uow:
        assert uow.requests.get(r.request_id) == moved
        assert uow.requests.get(s.request(2).request_id) is None


def test_concurrent_compare_and_set_has_exactly_one_winner(
    uow_factory: UnitOfWorkFactory,
    s: SimpleNamespace,
    run_in_threads: Callable[[int, Callable[[int], Any]], list[Any]],
) -> None:
    """Eight consumers of one RequestAdmitted event race to move the request on: one wins."""
    r = s.request(1)
    with uow_factory() as uow:
        uow.requests.add(r)
        uow.commit()

    def consume(i: int) -> bool:
        with uow_factory() as uow:
            current = uow.requests.get(r.request_id)
            assert current is not None
            ok = uow.requests.update(replace(current, state=R.TRANSFORMED, reason=f"consumer {i}"),
                                     expected=R.ADMITTED)
            uow.commit()
            return ok

    results = run_in_threads(8, consume)
    assert results.count(True) == 1
    with uow_factory() as uow:
        got = uow.requests.get(r.request_id)
    assert got is not None and got.state is R.TRANSFORMED and got.reason == f"consumer {results.index(True)}"


def test_by_command_finds_the_request_of_a_device_response(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    a = s.request(1, gbcs_originator=s.SUPPLIER, gbcs_counter=2**63 + 1, state=R.SENT)
    b = s.request(2, gbcs_originator=s.BIG, gbcs_counter=2**63 + 1, state=R.SENT)  # ACB-originated
    c = s.request(3, device=s.BIG, gbcs_originator=s.SUPPLIER, gbcs_counter=2**63 + 1)
    with uow_factory() as uow:
        for r in (a, b, c, s.request(4)):
            uow.requests.add(r)
        uow.commit()
    with uow_factory() as uow:
        assert uow.requests.by_command(s.ESME, s.SUPPLIER, 2**63 + 1) == a
        assert uow.requests.by_command(s.ESME, s.BIG, 2**63 + 1) == b
        assert uow.requests.by_command(s.BIG, s.SUPPLIER, 2**63 + 1) == c
        assert uow.requests.by_command(s.ESME, s.SUPPLIER, 2**63) is None
        assert uow.requests.by_command(s.BIG, s.BIG, 2**63 + 1) is None


def test_in_states_oldest_first_with_limit_and_count_by_state(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    t = s.T0
    rs = [
        s.request(1, received_at=t + timedelta(seconds=3), state=R.SENT),
        s.request(2, received_at=t + timedelta(seconds=1), state=R.ADMITTED),
        s.request(3, received_at=t + timedelta(seconds=2), state=R.RESPONDED),
        s.request(4, received_at=t + timedelta(microseconds=1), state=R.TRANSFORMED),
        s.request(5, received_at=t + timedelta(seconds=1), state=R.SENT, user=s.BIG),  # tie: by RequestID
    ]
    with uow_factory() as uow:
        for r in rs:
            uow.requests.add(r)
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.requests.in_states([R.ADMITTED, R.TRANSFORMED, R.SENT], 10)) == [
            rs[3], rs[1], rs[4], rs[0]]
        assert list(uow.requests.in_states({R.SENT}, 1)) == [rs[4]]
        assert list(uow.requests.in_states([R.FAILED], 10)) == []
        assert list(uow.requests.in_states([], 10)) == []
        assert list(uow.requests.in_states([R.SENT], 0)) == []
        assert uow.requests.count_by_state() == {R.SENT: 2, R.ADMITTED: 1, R.RESPONDED: 1, R.TRANSFORMED: 1}


def test_requests_without_commit_are_lost(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.requests.add(s.request(1))
    with uow_factory() as uow:
        assert uow.requests.get(s.request(1).request_id) is None
        assert uow.requests.count_by_state() == {}


@pytest.mark.parametrize("field", ["received_at", "updated_at", "deadline"])
def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace, field: str) -> None:
    bad = s.request(1, **{field: s.T0.replace(tzinfo=None)})
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.requests.add(bad)
        uow.requests.add(s.request(1))
        with pytest.raises(NaiveDatetime):
            uow.requests.update(bad, expected=R.ADMITTED)
        assert uow.requests.get(s.request(1).request_id) == s.request(1)

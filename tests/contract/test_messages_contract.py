"""OutboundMessageRepository contract: signed DUIS messages for Users and their delivery state
(domain.delivery: retries, the failed-delivery queue, in-order delivery per RequestID)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.delivery import DeliveryPolicy, DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.ids import Eui64
from gbdcc.service.ports import UnitOfWorkFactory

D = DeliveryState
S = timedelta(seconds=1)


def full_message(s: SimpleNamespace) -> OutboundMessage:
    t = s.T0.astimezone(timezone(timedelta(hours=5, minutes=30)))
    return s.message(1, user_id=s.BIG, kind=MessageKind.DEVICE_ALERT, body=bytes(range(256)) * 64,
                     created_at=t, response_code="E21", state=D.FAILED, attempts=9,
                     next_attempt_at=t + timedelta(microseconds=3), first_attempt_at=t + S,
                     delivered_at=t + 2 * S, failed_at=t + 300 * S, last_error="HTTP 503 ü")


def test_round_trip_of_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    m = full_message(s)
    with uow_factory() as uow:
        mid = uow.messages.add(m)
        uow.commit()
    with uow_factory() as uow:
        got = uow.messages.get(mid)
    assert got == replace(m, message_id=mid)
    assert got is not None and got.created_at.utcoffset() == timedelta(0)


def test_optional_fields_as_none_and_ids_increase(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    alert = s.message(1, kind=MessageKind.DCC_ALERT, request_id=None, response_code=None)
    with uow_factory() as uow:
        ids = [uow.messages.add(alert), uow.messages.add(s.message(2)), uow.messages.add(s.message(3))]
        assert ids == sorted(ids) and len(set(ids)) == 3
        assert uow.messages.get(ids[0]) == replace(alert, message_id=ids[0])
        assert uow.messages.get(ids[-1] + 1) is None


def test_update_stores_delivery_fields_only(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    policy = DeliveryPolicy()
    with uow_factory() as uow:
        mid = uow.messages.add(s.message(1))
        stored = uow.messages.get(mid)
        assert stored is not None
        tried = stored.attempted(s.T0 + S, ok=False, error="connection refused", policy=policy)
        uow.messages.update(replace(tried, body=b"tampered", response_id="other", kind=MessageKind.DCC_ALERT))
        uow.commit()
    with uow_factory() as uow:
        assert uow.messages.get(mid) == tried  # body, response_id, kind unchanged
        delivered = tried.attempted(s.T0 + 3 * S, ok=True, error=None, policy=policy)
        uow.messages.update(delivered)
        assert uow.messages.get(mid) == delivered
        with pytest.raises(NotStored):
            uow.messages.update(replace(delivered, message_id=mid + 1))
        with pytest.raises(NotStored):
            uow.messages.update(s.message(9))  # never stored: no message_id


def test_for_request_and_earlier_undelivered_keep_the_order_of_a_request(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    r = s.message(1).request_id
    with uow_factory() as uow:
        first = uow.messages.add(s.message(1, response_id="r-1"))
        other = uow.messages.add(s.message(2))
        second = uow.messages.add(s.message(1, response_id="r-2"))
        third = uow.messages.add(s.message(1, response_id="r-3"))
        got = {m.message_id: m for m in uow.messages.for_request(r)}
        assert list(got) == [first, second, third]
        assert [m.message_id for m in uow.messages.for_request(s.message(2).request_id)] == [other]
        assert list(uow.messages.for_request("nope")) == []
        assert uow.messages.earlier_undelivered(got[first]) is None
        assert uow.messages.earlier_undelivered(got[third]) == got[first]
        uow.messages.update(replace(got[first], state=D.DELIVERED, delivered_at=s.T0))
        assert uow.messages.earlier_undelivered(got[third]) == got[second]
        uow.messages.update(replace(got[second], state=D.FAILED, failed_at=s.T0))  # failed: not waited for
        assert uow.messages.earlier_undelivered(got[third]) is None
        assert uow.messages.earlier_undelivered(s.message(1, response_id="r-4")) == got[third]  # not stored
        assert uow.messages.earlier_undelivered(s.message(1, request_id=None)) is None  # alerts: no order


def test_by_state_is_the_failed_delivery_queue(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    other_user = Eui64(2**64 - 1)
    with uow_factory() as uow:
        ids = [uow.messages.add(s.message(n, state=st, user_id=u))
               for n, st, u in [(1, D.FAILED, s.SUPPLIER), (2, D.PENDING, s.SUPPLIER), (3, D.FAILED, other_user),
                                (4, D.FAILED, s.SUPPLIER), (5, D.DELIVERED, other_user)]]
        uow.commit()
    with uow_factory() as uow:
        assert [m.message_id for m in uow.messages.by_state(D.FAILED, None, 10)] == [ids[0], ids[2], ids[3]]
        assert [m.message_id for m in uow.messages.by_state(D.FAILED, s.SUPPLIER, 10)] == [ids[0], ids[3]]
        assert [m.message_id for m in uow.messages.by_state(D.FAILED, other_user, 10)] == [ids[2]]
        assert [m.message_id for m in uow.messages.by_state(D.FAILED, None, 2)] == [ids[0], ids[2]]
        assert [m.message_id for m in uow.messages.by_state(D.PENDING, None, 10)] == [ids[1]]
        assert list(uow.messages.by_state(D.DISCARDED, None, 10)) == []
        assert list(uow.messages.by_state(D.FAILED, None, 0)) == []


def test_messages_without_commit_are_lost(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        mid = uow.messages.add(s.message(1))
    with uow_factory() as uow:
        assert uow.messages.get(mid) is None


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.messages.add(s.message(1, created_at=s.T0.replace(tzinfo=None)))
        mid = uow.messages.add(s.message(1))
        with pytest.raises(NaiveDatetime):
            uow.messages.update(s.message(1, message_id=mid, next_attempt_at=s.T0.replace(tzinfo=None)))
        assert uow.messages.get(mid) == s.message(1, message_id=mid)

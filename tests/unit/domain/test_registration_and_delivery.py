"""Registration Data periods (time-sliced, R-SR-1), outbox events (round trip), delivery policy (DUIS:
retries for 300 s, then the failed-delivery queue for 2 days)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.delivery import DeliveryPolicy, DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.events import EVENT_TYPES, MessageQueued, UnknownEvent, UplinkReceived, from_payload, to_payload
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod, registered_at

T0 = datetime(2026, 6, 1, tzinfo=UTC)
A, B = Eui64(1), Eui64(2)


def test_registration_is_time_sliced_with_half_open_periods() -> None:
    periods = [RegistrationPeriod("1312345678907", UserRole.IMPORT_SUPPLIER, A, T0, T0 + timedelta(days=10)),
               RegistrationPeriod("1312345678907", UserRole.IMPORT_SUPPLIER, B, T0 + timedelta(days=10))]
    assert registered_at(periods, T0 - timedelta(seconds=1)) == {}
    assert registered_at(periods, T0)[UserRole.IMPORT_SUPPLIER] == {A}
    assert registered_at(periods, T0 + timedelta(days=10))[UserRole.IMPORT_SUPPLIER] == {B}


def test_registration_roles_fit_the_kind_of_metering_point() -> None:
    with pytest.raises(InvalidIdentifier):
        RegistrationPeriod("1000999888", UserRole.IMPORT_SUPPLIER, A, T0)  # an MPRN has no Import Supplier
    with pytest.raises(InvalidIdentifier):
        RegistrationPeriod("1312345678907", UserRole.GAS_TRANSPORTER, A, T0)
    with pytest.raises(InvalidIdentifier):
        RegistrationPeriod("1312345678907", UserRole.IMPORT_SUPPLIER, A, T0, T0)  # ends before it starts


@pytest.mark.parametrize("event", [MessageQueued(42),
                                   UplinkReceived("00-DB-12-34-56-78-90-A2", "dd00", T0.isoformat())])
def test_events_round_trip_through_the_outbox_payload(event: object) -> None:
    assert from_payload(event.topic, to_payload(event)) == event  # type: ignore[attr-defined]
    assert event.topic in EVENT_TYPES  # type: ignore[attr-defined]


def test_unknown_event_topic_is_refused_not_guessed() -> None:
    with pytest.raises(UnknownEvent):
        from_payload("no.such.topic", {})


def message() -> OutboundMessage:
    return OutboundMessage(A, MessageKind.RESPONSE, "x", b"<r/>", T0)


def test_delivery_retries_with_backoff_inside_300_seconds_then_the_failed_queue() -> None:
    policy = DeliveryPolicy()
    m, at, waits = message(), T0, []
    while m.state is DeliveryState.PENDING:
        m = m.attempted(at, False, "HTTP 503", policy)
        if m.next_attempt_at is not None:
            waits.append((m.next_attempt_at - at).total_seconds())
            at = m.next_attempt_at
    assert m.state is DeliveryState.FAILED and m.failed_at == at
    assert waits[:4] == [2, 4, 8, 16] and max(waits) == 60
    assert at - T0 <= policy.retry_window
    assert not m.expired(at + timedelta(days=2) - timedelta(seconds=1), policy)
    assert m.expired(at + timedelta(days=2), policy)
    again = m.redelivery(at + timedelta(hours=1))
    assert again.state is DeliveryState.PENDING and again.attempts == m.attempts
    assert again.attempted(at + timedelta(hours=1), True, None, policy).state is DeliveryState.DELIVERED

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gbdcc.domain.errors import InvalidStatusTransition
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import ALLOWED_TRANSITIONS, DeviceType, SmiStatus, prenotified_device

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def test_prenotified_device_is_pending_with_history() -> None:
    dev = prenotified_device(Eui64.parse("00DB1234567890A0"), DeviceType.ESME, T0, manufacturer="AB01")
    assert dev.status is SmiStatus.PENDING
    assert dev.history[0].cause.startswith("12.2")
    assert dev.manufacturer == "AB01"


def test_commissioning_records_the_date_and_history() -> None:
    dev = prenotified_device(Eui64.parse("00DB1234567890A0"), DeviceType.ESME, T0)
    dev = dev.change_status(SmiStatus.WHITELISTED, T0, "8.11").change_status(SmiStatus.COMMISSIONED, T1, "8.1.1")
    assert dev.date_commissioned == date(2026, 11, 29)
    assert [h.status for h in dev.history] == [SmiStatus.PENDING, SmiStatus.WHITELISTED, SmiStatus.COMMISSIONED]


def test_final_states_have_no_way_out() -> None:
    dev = prenotified_device(Eui64.parse("00DB1234567890A0"), DeviceType.ESME, T0)
    gone = dev.change_status(SmiStatus.WITHDRAWN, T1, "8.14.4")
    with pytest.raises(InvalidStatusTransition) as err:
        gone.change_status(SmiStatus.COMMISSIONED, T1, "test")
    assert err.value.response_code == "E5"
    assert ALLOWED_TRANSITIONS[SmiStatus.DECOMMISSIONED] == frozenset()


def test_every_status_has_a_transition_row() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(SmiStatus)


def test_device_type_numbers_follow_gbcs() -> None:
    assert DeviceType.ESME.gbcs_number == 1
    assert DeviceType.GSME.gbcs_number == 0
    assert DeviceType.IHD.gbcs_number == 6 and DeviceType.IHD.is_type2
    assert DeviceType.GPF.is_comms_hub

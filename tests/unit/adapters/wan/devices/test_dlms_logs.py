"""The DLMS log buffers the ESME and the CHF share (SIMULATION): a class 7 range selection (UTC seconds
since 2000 or 12-byte date-times) picks the rows of the event / security logs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import EventRecord
from gbdcc.adapters.wan.devices.dlms_logs import event_log, security_log, selection_range, u32
from gbdcc.adapters.wan.devices.gbz_codec import zigbee_time
from gbdcc.adapters.wan.devices.security import SecurityEvent

T = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _range(start: DlmsValue, end: DlmsValue) -> DlmsValue:
    return dd.structure(dd.structure(), start, end, dd.array())


def test_a_range_selection_in_seconds_or_date_times_picks_the_rows() -> None:
    events = [EventRecord(T + timedelta(hours=h), 0x8F00 + h) for h in range(4)]
    in_seconds = _range(u32(zigbee_time(T + timedelta(hours=1))), u32(zigbee_time(T + timedelta(hours=2))))
    in_dates = _range(dd.octets(dd.date_time(T + timedelta(hours=1))), dd.octets(dd.date_time(T + timedelta(hours=2))))
    assert selection_range(in_seconds) == selection_range(in_dates) == (T + timedelta(hours=1), T + timedelta(hours=2))
    _desc, rows = event_log(events, in_seconds).value
    assert [r.value[1].value for r in rows] == [0x8F01, 0x8F02]
    assert [r.value[0].value for r in rows] == [zigbee_time(T + timedelta(hours=h)) for h in (1, 2)]
    assert len(event_log(events, None).value[1]) == 4 and selection_range(None) == (None, None)


def test_the_security_log_lists_the_events_that_raised_an_alert() -> None:
    log = [SecurityEvent(T, 0x8F3D, "bad MAC"), SecurityEvent(T, None, "noted"), SecurityEvent(T, 0x8F30, "")]
    _, rows = security_log(log, None).value
    assert [r.value[1].value for r in rows] == [0x8F3D, 0x8F30] and all(len(r.value) == 2 for r in rows)

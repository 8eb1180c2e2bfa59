"""DLMS log buffers of the simulated devices: a class 7 profile generic read with a range selection
(selector 1) answered as a compact-array of ``{ UTC seconds since 2000, … }`` rows — the ESME's
event / security / power logs (ECS35a / ECS35b…) and the CHF's (ECS35c / ECS35d, DBCH02 channel log),
in the RTDS 4.5.0 layout — SIMULATION."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.gbz_codec import ZIGBEE_EPOCH, zigbee_time

if TYPE_CHECKING:
    from gbdcc.adapters.wan.devices.base import EventRecord
    from gbdcc.adapters.wan.devices.security import SecurityEvent

U32 = ("double-long-unsigned",)
EVENT_ROW = ("structure", (U32, ("long-unsigned",), ("octet-string",)))  # { time, code, data }
SECURITY_ROW = ("structure", (U32, ("long-unsigned",)))  # { time, code }


def u32(v: int) -> DlmsValue:
    return DlmsValue("double-long-unsigned", max(0, min(0xFFFFFFFF, int(v))))


def selection_range(sel: DlmsValue | None) -> tuple[datetime | None, datetime | None]:
    """A range descriptor (selector 1): (restricting object, from, to, selected values); the from / to of
    the RTDS log reads are UTC seconds since 2000 (double-long-unsigned) or 12-byte date-times. No
    selection (or an unreadable bound): no bound."""
    if sel is None or sel.type != "structure" or len(sel.value) < 3:
        return None, None

    def when(v: DlmsValue) -> datetime | None:
        if v.type == "double-long-unsigned":
            return ZIGBEE_EPOCH + timedelta(seconds=v.value)
        if v.type == "octet-string" and len(v.value) == 12:
            return decode_dlms_datetime(v.value)
        return None

    return when(sel.value[1]), when(sel.value[2])


def within(t: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or t >= start) and (end is None or t <= end)


def timed_rows(desc: tuple[object, ...], rows: Iterable[tuple[datetime, tuple[DlmsValue, ...]]],
               sel: DlmsValue | None) -> DlmsValue:
    """The compact-array of the rows ``(time, values)`` inside the selection: ``{ time, *values }``."""
    start, end = selection_range(sel)
    return DlmsValue("compact-array", (desc, tuple(dd.structure(u32(zigbee_time(t)), *values)
                                                   for t, values in rows if within(t, start, end))))


def event_log(events: Iterable[EventRecord], sel: DlmsValue | None) -> DlmsValue:
    """An event log read: ``{ time, event code, data (empty) }`` per event."""
    return timed_rows(EVENT_ROW, ((e.at, (DlmsValue("long-unsigned", e.code & 0xFFFF), dd.octets(b"")))
                                  for e in events), sel)


def security_log(log: Iterable[SecurityEvent], sel: DlmsValue | None) -> DlmsValue:
    """A security log read: ``{ time, alert code }`` per security event that raised an alert."""
    return timed_rows(SECURITY_ROW, ((e.at, (DlmsValue("long-unsigned", e.alert_code & 0xFFFF),))
                                     for e in log if e.alert_code is not None), sel)

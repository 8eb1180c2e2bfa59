"""Sub GHz configuration, channel and channel scans of a simulated Communications Hub (GBCS 10.6.2,
DBCH01-05 and the DBCH07 / DBCH08 / DBCH09 alerts) — SIMULATION.

COSEM objects (class 1 data unless noted; layouts from the RTDS 4.5.0 vectors):

* ``0-0:94.44.10.0`` Sub GHz Configuration: a structure of four channel-set bit-strings (32 bits)
  and eleven duty-cycle / frequency-agility parameters — read by DBCH03, set by DBCH04 (a value of
  another shape is refused with ``type-unmatched``; a change raises 0x8F2A DBCH09 carrying it);
* ``0-0:94.44.10.1`` channel scan request: DBCH05 sets it; the hub assesses the request (0x8F28
  DBCH08, outcome "scan performed"), scans and moves to the next channel of its set (0x8F26 DBCH07);
* ``0-0:94.44.10.2`` the current channel (bit-string), read by DBCH01;
* ``0-0:94.44.10.3`` Sub GHz Channel Log (class 7), read by DBCH02 with a time range: one entry
  per channel change (UTC seconds since 2000, alert code, the DBCH07 data).

The radio itself is not simulated: a scan always succeeds and picks the next channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.dlms_logs import EVENT_ROW, timed_rows

ALERT_CHANNEL_CHANGED = 0x8F26  # DBCH07
ALERT_SCAN_ASSESSED = 0x8F28  # DBCH08
ALERT_CONFIGURATION_CHANGED = 0x8F2A  # DBCH09
CHANNELS = (0xE0000001, 0xE8000002, 0xF0000004, 0xF8000008, 0xE0000010, 0xE8000020)
CONFIG_SHAPE = ("bit-string",) * 4 + ("long-unsigned", "long-unsigned", "unsigned", "long-unsigned", "unsigned",
                                      "unsigned", "long-unsigned", "unsigned", "long-unsigned", "long-unsigned",
                                      "long-unsigned")
DEFAULT_CONFIG = (0xE0000003, 0xE8000003, 0xF0000003, 0xF8000003, 125, 200, 4, 6, 6, 10, 5050, 125, 90, 5000, 3000)


def _bits(value: int) -> DlmsValue:
    return DlmsValue("bit-string", (32, value.to_bytes(4, "big")))


@dataclass
class SubGhz:
    config: DlmsValue = field(default_factory=lambda: dd.structure(
        *(_bits(v) if i < 4 else DlmsValue(CONFIG_SHAPE[i], v) for i, v in enumerate(DEFAULT_CONFIG))))
    channel: int = CHANNELS[0]
    log: list[tuple[datetime, int, bytes]] = field(default_factory=list)  # (time, alert code, data)

    def set_config(self, value: DlmsValue) -> bool:
        """DBCH04: store a configuration of the right shape; ``False`` if the shape is wrong."""
        if value.type != "structure" or tuple(v.type for v in value.value) != CONFIG_SHAPE:
            return False
        self.config = value
        return True

    def channel_data(self) -> DlmsValue:
        """The DBCH07 alert / channel log data: the channel and the change reason (RTDS ``09 01 00``)."""
        return dd.structure(_bits(self.channel), dd.octets(b"\x00"))

    def scan(self, at: datetime) -> list[tuple[int, tuple[DlmsValue, ...]]]:
        """DBCH05: assess (DBCH08), scan and change channel (DBCH07); returns the alerts raised."""
        self.channel = CHANNELS[(CHANNELS.index(self.channel) + 1) % len(CHANNELS)]
        data = self.channel_data()
        self.log.append((at, ALERT_CHANNEL_CHANGED, self.channel.to_bytes(4, "big") + dd.encode(dd.octets(b"\x00"))))
        assessed = dd.structure(dd.octets(b"\x00"), dd.octets(b"\x00"))
        return [(ALERT_SCAN_ASSESSED, (assessed,)), (ALERT_CHANNEL_CHANGED, (data,))]

    def log_rows(self, selection: DlmsValue | None) -> DlmsValue:
        """DBCH02: the channel log entries in a range selection (compact-array ``{ time, code, data }``)."""
        return timed_rows(EVENT_ROW, ((t, (DlmsValue("long-unsigned", code), dd.octets(data)))
                                      for t, code, data in self.log), selection)

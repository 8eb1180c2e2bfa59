"""What a scenario is: events in time, each selecting premises of the SIMULATED estate.

A :class:`Scenario` is a list of events. Each starts at an offset from the moment the scenario is played
(or at an absolute instant), lasts a duration where that applies, and selects premises (:class:`Selection`:
a CSP region, a postcode prefix, explicit device IDs, then a number or fraction of those drawn with a
``random.Random`` seeded by the scenario's seed and the event's position). The events:

* :class:`PowerOutage` — mains lost at the premises: each ESME raises 0x8F57 Supply interrupted (sent by the
  hub's last gasp), the hub is off the SM WAN (E20 meanwhile), and at the end 0x8F35 Supply Outage Restored
  (0x8F36 when it lasted 3 minutes or more); ``wan_down``: the SM WAN is down there for the same time, so the
  last gasp does not get out;
* :class:`CspRegionOutage` — no SM WAN in a CSP region / postcode prefix: requests meanwhile get E20 and what
  the devices raise cannot leave the premises;
* :class:`Tamper` — unauthorised physical access on meters (GBCS 0x8F3F, 0x8F73-0x8F76, 0x81C3), and when it
  has a duration the alert that ends it (cover closed, field removed, tilt ended);
* :class:`ColdSnap` — demand multiplied over the period: consumption, maximum demand and prepayment credit
  move accordingly (the meters' consumption models, :mod:`.demand`);
* :class:`HubFailure` — Communications Hubs fail: not connected (E20) until the end of the duration, or
  until the scenario is stopped.

Alert codes and names: ``../shared/domain/gbcs-codes.json`` (GBCS alert codes). Which meter raises which
tamper alert follows the alerts' names (a battery cover and a tilt switch are the gas meter's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar

from gbdcc.adapters.wan.coverage import CspRegion
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType


class EventType(StrEnum):
    POWER_OUTAGE = "power_outage"
    CSP_OUTAGE = "csp_outage"
    TAMPER = "tamper"
    COLD_SNAP = "cold_snap"
    HUB_FAILURE = "hub_failure"


class TamperKind(StrEnum):
    METER_COVER = "meter_cover"
    TERMINAL_COVER = "terminal_cover"
    MAGNETIC = "magnetic"
    TAMPER_DETECT = "tamper_detect"
    BATTERY_COVER = "battery_cover"
    TILT = "tilt"


#: GBCS alert raised when the tamper begins, and the one that ends it (None: the GBCS defines none).
TAMPER_ALERTS: Mapping[TamperKind, tuple[int, int | None]] = {
    TamperKind.METER_COVER: (0x8F74, 0x81B9),  # Meter Cover Removed / Meter Cover Closed
    TamperKind.TERMINAL_COVER: (0x8F76, 0x81C1),  # Terminal Cover Removed / Terminal Cover Closed
    TamperKind.MAGNETIC: (0x8F75, 0x81BC),  # Strong Magnetic field / Strong Magnetic Field Removed
    TamperKind.TAMPER_DETECT: (0x8F3F, None),  # Unauthorised Physical Access - Tamper Detect
    TamperKind.BATTERY_COVER: (0x8F73, 0x81A1),  # Battery Cover Removed / Battery Cover Closed
    TamperKind.TILT: (0x81C3, 0x81C2),  # Tilt Tamper / Tilt Tamper Ended
}
_E, _G = DeviceType.ESME, DeviceType.GSME
#: The meters that raise each tamper alert.
TAMPER_METERS: Mapping[TamperKind, frozenset[DeviceType]] = {
    TamperKind.METER_COVER: frozenset({_E}), TamperKind.TERMINAL_COVER: frozenset({_E}),
    TamperKind.MAGNETIC: frozenset({_E, _G}), TamperKind.TAMPER_DETECT: frozenset({_E, _G}),
    TamperKind.BATTERY_COVER: frozenset({_G}), TamperKind.TILT: frozenset({_G}),
}


def with_article(kind: DeviceType) -> str:
    """``an ESME``, ``a GSME`` (error messages)."""
    return f"{'an' if kind.value[0] in 'AEIOU' else 'a'} {kind}"


class DemandFuel(StrEnum):
    ELECTRICITY = "electricity"
    GAS = "gas"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class Selection:
    """Which premises an event touches. Area filters (``region``, ``postcode`` prefix) and explicit
    ``devices`` narrow the estate; ``count`` or ``fraction`` then draws that many of them. No filter: the
    whole estate."""

    region: CspRegion | None = None
    postcode: str | None = None  # an area, district, sector or full postcode ("SW", "SW1A", "SW1A 1", …)
    devices: tuple[Eui64, ...] = ()
    count: int | None = None
    fraction: float | None = None

    @property
    def sampled(self) -> bool:
        return self.count is not None or self.fraction is not None

    def describe(self, unit: str = "premises") -> str:
        parts = ([f"region {self.region}"] if self.region else []) + (
            [f"postcode {self.postcode}"] if self.postcode else []) + (
            [f"{len(self.devices)} device(s)"] if self.devices else [])
        where = ", ".join(parts) or "the whole estate"
        if self.count is not None:
            return f"{self.count} {unit} of {where}"
        if self.fraction is not None:
            return f"{self.fraction:.0%} of {where}"
        return where


@dataclass(frozen=True, kw_only=True)
class Event:
    """One event: when (``offset`` from the start, or ``at``), for how long, where."""

    type: ClassVar[EventType]
    unit: ClassVar[str] = "premises"  # what count / fraction draw
    index: int  # 1-based position in the file (error messages, progress)
    offset: timedelta | None = None
    at: datetime | None = None
    duration: timedelta | None = None
    select: Selection = field(default_factory=Selection)
    description: str = ""

    def start_delay(self, started: datetime) -> float:
        """Seconds from the scenario's start (``started``) to this event's start."""
        if self.at is not None:
            return (self.at - started).total_seconds()
        return (self.offset or timedelta(0)).total_seconds()

    @property
    def label(self) -> str:
        return f"event {self.index} ({self.type})"


@dataclass(frozen=True, kw_only=True)
class PowerOutage(Event):
    type = EventType.POWER_OUTAGE
    wan_down: bool = False  # the SM WAN is down at the premises for the same time


@dataclass(frozen=True, kw_only=True)
class CspRegionOutage(Event):
    type = EventType.CSP_OUTAGE


@dataclass(frozen=True, kw_only=True)
class Tamper(Event):
    type = EventType.TAMPER
    unit = "meters"
    kind: TamperKind
    meter: DeviceType = DeviceType.ESME


@dataclass(frozen=True, kw_only=True)
class ColdSnap(Event):
    type = EventType.COLD_SNAP
    multiplier: float
    fuel: DemandFuel = DemandFuel.BOTH


@dataclass(frozen=True, kw_only=True)
class HubFailure(Event):
    type = EventType.HUB_FAILURE


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    events: tuple[Event, ...]
    seed: int | str = 1
    description: str = ""

    def length(self, started: datetime) -> float:
        """Seconds from the start to the end of the last event (an open-ended event counts its start)."""
        ends = [e.start_delay(started) + (e.duration.total_seconds() if e.duration else 0.0) for e in self.events]
        return max([0.0, *ends])

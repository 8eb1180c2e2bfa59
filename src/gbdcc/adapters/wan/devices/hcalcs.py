"""Simulated HAN Connected Auxiliary Load Control Switch (HCALCS) — SIMULATION.

A switch the ESME controls over the HAN (GBCS: the ESME's auxiliary load control; the DUIS
requests ECS46c schedules and ECS47 / ECS47a activate / deactivate / reset target the **ESME**, the
payload names the HCALCS by its Entity Identifier). SMKI credentials, joins (CS03A2 with the ESME,
CS04AC), CS08 / 11.2 firmware reads (:mod:`.han_member`).

The hub passes it what the ESME executed for it (``hub.py``): an ECS46c schedule that assigns it a
switch (stored as sent), ECS47 activate (boost for a duration), deactivate (off for a duration) and
reset (back to the schedule). :meth:`Hcalcs.is_on` is the switch state at a time; what a schedule
switches is not evaluated (the schedule is kept as sent), so outside a boost the switch is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.han_member import JoinedHanDevice
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.domain.inventory import DeviceType

ACTIVATE, DEACTIVATE, RESET = 273, 786, 1312  # ESME script ids of ECS47 (7.5 / 7.6 / 7.8)


@dataclass(frozen=True, slots=True)
class Override:
    on: bool
    until: datetime | None


class Hcalcs(JoinedHanDevice):
    device_type = DeviceType.HCALCS

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "1.0.0", install_code: bytes = b"") -> None:
        super().__init__(security, firmware_version=firmware_version, install_code=install_code)
        self.switch: int | None = None  # the ESME auxiliary switch (1-5) it is assigned to
        self.schedule: tuple[DlmsValue, ...] = ()
        self.override: Override | None = None
        self.switched: list[tuple[datetime, bool]] = []

    def assign(self, switch: int, schedule: tuple[DlmsValue, ...], at: datetime) -> None:
        """ECS46c: the ESME assigned this HCALCS to ``switch`` with a connection schedule."""
        self.switch, self.schedule = switch, schedule
        self.log_event(at, 0x0054, f"schedule for switch {switch}")

    def command(self, script: int, minutes: int, at: datetime) -> None:
        """ECS47: activate (boost) / deactivate for ``minutes`` (0: until reset), or reset."""
        until = at + timedelta(minutes=minutes) if minutes else None
        self.override = None if script == RESET else Override(script == ACTIVATE, until)
        self.switched.append((at, self.is_on(at)))

    def is_on(self, at: datetime) -> bool:
        o = self.override
        if o is not None and (o.until is None or at < o.until):
            return o.on
        return False

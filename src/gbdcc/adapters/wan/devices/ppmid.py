"""Simulated Prepayment Meter Interface Device (PPMID) — SIMULATION.

SMKI credentials, joins (CS03A2 with the ESME, CS03C with the GSME, CS04AC), CS08 / 11.2 firmware
reads (:mod:`.han_member`). Shows what its meters publish (credit, messages — set by the hub) and
sends the PPMID → GSME prepayment HAN messages:

* PCS01 top-up: a UTRN keyed on the PPMID is applied by the joined GSME as a Consumer Top Up from
  the PPMID (the same UTRN checks as CS01b);
* PCS02 emergency credit: the joined GSME activates emergency credit (as GCS06).

Both need the PPMID and the GSME joined with each other (Method C, certificates exchanged). The
HAN-only message security (ZigBee CBKE session) is not simulated beyond that join check.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.han_member import JoinedHanDevice
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.inventory import DeviceType

ALERT_NO_AUTHORITY = 0x8F30


class Ppmid(JoinedHanDevice):
    device_type = DeviceType.PPMID

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "1.1.4", install_code: bytes = b"") -> None:
        super().__init__(security, firmware_version=firmware_version, install_code=install_code)
        self.shown: dict[str, object] = {}

    def _joined_with(self, gsme: Gsme) -> None:
        if not (self.joins.joined(gsme.eui) and gsme.joins.joined(self.eui)):
            raise DeviceRefusal(f"PPMID {self.eui} and GSME {gsme.eui} are not joined", alert_code=ALERT_NO_AUTHORITY)

    def top_up(self, gsme: Gsme, utrn: str, at: datetime) -> int:
        """PCS01: enter a UTRN on the PPMID; returns the GSME's Consumer Top Up result type."""
        self._joined_with(gsme)
        return gsme.local_top_up(utrn, at, source=self.eui)

    def activate_emergency_credit(self, gsme: Gsme, at: datetime) -> bool:
        """PCS02: the consumer asks for emergency credit on the PPMID; whether the GSME activated it."""
        self._joined_with(gsme)
        return gsme.local_emergency_credit(at)

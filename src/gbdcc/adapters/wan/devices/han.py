"""Simulated HAN devices besides the ESME: GSME, GPF, PPMID, IHD — SIMULATION.

* GSME: see :mod:`.gsme` (re-exported here); reached only through the GPF, which keeps a mirror of
  its data (the GPF "data proxy") refreshed when the GSME wakes.
* GPF: the Gas Proxy Function of the Communications Hub (device log of its own, mirror of the GSME).
* PPMID: a prepayment interface with SMKI credentials; executes DLMS firmware reads only.
* IHD: a Type 2 device (no certificates, no security): it only shows what the meters publish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.wan.devices.base import SUCCESS, SimDevice
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

__all__ = ["Gpf", "Gsme", "Ihd", "Ppmid"]

ALERT_GSME_POWER_SUPPLY_LOSS = 0x8F1D  # GSME Power Supply Loss (battery)


def _firmware_object(device: SimDevice) -> None:
    device.objects.on(dlms_apdu.GET, 1, "0-0:0.2.1.255", 2,
                      lambda v, at: (SUCCESS, dd.octets(device.firmware_version.encode())))


class Gpf(SimDevice):
    device_type = DeviceType.GPF

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "2.1.0") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.mirror: dict[str, object] = {}
        _firmware_object(self)

    def synchronise(self, gsme: Gsme, at: datetime) -> None:
        """The GSME wakes and refreshes the GPF's copy of its data (the proxy reads serve this)."""
        gsme.advance(at)
        self.mirror = {"register_m3": round(gsme.register_m3, 3), "valve_open": gsme.valve_open, "at": at}


class Ppmid(SimDevice):
    device_type = DeviceType.PPMID

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "1.1.4") -> None:
        super().__init__(security, firmware_version=firmware_version)
        _firmware_object(self)


@dataclass
class Ihd:
    """Type 2 device: no SMKI credentials; it displays what the meters publish on the HAN."""

    eui: Eui64
    shown: dict[str, object] = field(default_factory=dict)
    device_type: DeviceType = DeviceType.IHD

    def show(self, **values: object) -> None:
        self.shown.update(values)

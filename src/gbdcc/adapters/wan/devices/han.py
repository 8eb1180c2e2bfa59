"""Simulated HAN devices besides the ESME and the CHF — SIMULATION.

* GSME: :mod:`.gsme` (reached only through the GPF, which keeps a mirror of its data);
* GPF: :mod:`.gpf` (the Gas Proxy Function of the Communications Hub: data proxy, device log);
* PPMID: :mod:`.ppmid`; HCALCS: :mod:`.hcalcs`;
* IHD: a Type 2 device (no SMKI credentials, no security — GBCS 4.3 does not apply): it joins with
  its install code (CCS01 / the hub's installer hook) and only shows what the meters publish on the
  HAN (refreshed by the hub, :meth:`CommunicationsHub.refresh_displays`).

Everything is re-exported here: ``from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Ihd, Ppmid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbdcc.adapters.wan.devices.gpf import Gpf
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.hcalcs import Hcalcs
from gbdcc.adapters.wan.devices.ppmid import Ppmid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

__all__ = ["ALERT_GSME_POWER_SUPPLY_LOSS", "Gpf", "Gsme", "Hcalcs", "Ihd", "Ppmid"]

ALERT_GSME_POWER_SUPPLY_LOSS = 0x8F1D  # GSME Power Supply Loss (battery), see Gsme.battery_removed


@dataclass
class Ihd:
    """Type 2 device: no SMKI credentials; it displays what the meters publish on the HAN."""

    eui: Eui64
    shown: dict[str, object] = field(default_factory=dict)
    device_type: DeviceType = DeviceType.IHD
    install_code: bytes = b""

    def show(self, **values: object) -> None:
        self.shown.update(values)

"""Build the simulated hub and devices of a generated premises (SIMULATION).

Keys come from a :data:`~gbdcc.adapters.wan.devices.security.KeySource` (derived from the estate seed
with ``smki.device_keys`` — nothing stored per device); every device gets its own copy of the trust
anchor cells. The GSME's consumption model is drawn from a generator seeded by the premises (its
customer class and noise seed), so the same premises always consumes the same gas; a prepayment
premises' GSME starts in prepayment mode, a commissioned one with its MPRN set.
"""

from __future__ import annotations

import random
from datetime import datetime

from gbdcc.adapters.wan.devices.esme import ConsumptionProfile, Esme
from gbdcc.adapters.wan.devices.gas_model import GasModel
from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Hcalcs, Ihd, Ppmid
from gbdcc.adapters.wan.devices.hub import Chf, CommunicationsHub, Installer, build_hub
from gbdcc.adapters.wan.devices.security import DeviceSecurity, KeySource
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.estate import Premises
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus


def device_security(eui: Eui64, keys: KeySource, anchors: TrustAnchors) -> DeviceSecurity:
    ds, ka = keys(eui)
    return DeviceSecurity(eui, ds, ka, anchors.copy())


def gas_model(premises: Premises) -> GasModel:
    """The premises' gas consumption model, seeded by its UPRN (stable across runs)."""
    return GasModel.draw(random.Random(f"gas:{premises.uprn}"))


def simulate_premises(premises: Premises, keys: KeySource, anchors: TrustAnchors, started: datetime, *,
                      profile: ConsumptionProfile | None = None, instrumented: bool = False,
                      installer: Installer | None = None) -> CommunicationsHub:
    """The Communications Hub of ``premises`` with its ESME / GSME / PPMID / HCALCS / IHD joined."""
    by_type = {d.device_type: d for d in premises.devices}

    def sec(t: DeviceType) -> DeviceSecurity:
        return device_security(by_type[t].device_id, keys, anchors)

    def fw(t: DeviceType) -> str:
        return by_type[t].firmware_version or "1.0.0"

    chf = Chf(sec(DeviceType.CHF), firmware_version=fw(DeviceType.CHF))
    gpf = Gpf(sec(DeviceType.GPF), firmware_version=fw(DeviceType.GPF)) if DeviceType.GPF in by_type else None
    esme = (Esme(sec(DeviceType.ESME), started, profile=profile, firmware_version=fw(DeviceType.ESME))
            if DeviceType.ESME in by_type else None)
    gsme = (Gsme(sec(DeviceType.GSME), started, firmware_version=fw(DeviceType.GSME), model=gas_model(premises),
                 prepayment=premises.prepayment) if DeviceType.GSME in by_type else None)
    if gsme is not None and by_type[DeviceType.GSME].status == SmiStatus.COMMISSIONED:
        gsme.state.config.mprn = by_type[DeviceType.GSME].import_mpxn  # set at commissioning (GCS41)
        gsme.commissioned = True
    ppmid = (Ppmid(sec(DeviceType.PPMID), firmware_version=fw(DeviceType.PPMID))
             if DeviceType.PPMID in by_type else None)
    hcalcs = (Hcalcs(sec(DeviceType.HCALCS), firmware_version=fw(DeviceType.HCALCS))
              if DeviceType.HCALCS in by_type else None)
    ihd = Ihd(by_type[DeviceType.IHD].device_id) if DeviceType.IHD in by_type else None
    hub = build_hub(chf, gpf, esme=esme, gsme=gsme, ppmid=ppmid, ihd=ihd, hcalcs=hcalcs, instrumented=instrumented)
    hub.installer = installer
    return hub

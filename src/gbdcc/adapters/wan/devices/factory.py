"""Build the simulated hub and devices of a generated premises (SIMULATION).

Keys come from a :data:`~gbdcc.adapters.wan.devices.security.KeySource` (derived from the estate seed
with ``smki.device_keys`` — nothing stored per device); every device gets its own copy of the trust
anchor cells, with the Supplier's prepayment top-up certificate when one is given (the UTRN check of
the ESME and GSME, GBCS 14 — as the runtime's ``registry.py`` reads it from the SMKI repository).
Each device is made as its SMI record says (:func:`simulated_device`): the ESME with its variant,
MPAN and installation date (its registers follow its consumption model since then), both meters in
prepayment mode at a prepayment premises, the GSME's consumption model drawn from a generator seeded
by the premises (the same premises always consumes the same gas) and a commissioned GSME with its
MPRN set.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from cryptography import x509

from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.esme import ConsumptionProfile, Esme, EsmeVariant
from gbdcc.adapters.wan.devices.gas_model import GasModel
from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Hcalcs, Ihd, Ppmid
from gbdcc.adapters.wan.devices.hub import Chf, CommunicationsHub, Installer, build_hub
from gbdcc.adapters.wan.devices.security import DeviceSecurity, KeySource
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.estate import Premises
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.smki import RemotePartyRole

_VARIANTS = frozenset(v.value for v in EsmeVariant)


def device_security(eui: Eui64, keys: KeySource, anchors: TrustAnchors) -> DeviceSecurity:
    ds, ka = keys(eui)
    return DeviceSecurity(eui, ds, ka, anchors.copy())


def gas_model(uprn: str) -> GasModel:
    """The gas consumption model of the premises with this UPRN (seeded by it: stable across runs)."""
    return GasModel.draw(random.Random(f"gas:{uprn}"))


def with_top_up_certificates(anchors: TrustAnchors, certificates: Iterable[x509.Certificate]) -> TrustAnchors:
    """A copy of ``anchors`` whose Supplier cell also holds these prepayment top-up certificates; each
    must be the Supplier's (same EUI as its cell), else ValueError."""
    out = anchors.copy()
    for cert in certificates:
        supplier = out.get(RemotePartyRole.SUPPLIER)
        if supplier is None or record_from_certificate(cert).subject_eui != supplier.eui:
            raise ValueError("a prepayment top-up certificate must be the Supplier's of the trust anchors")
        out.add_certificate(cert, prepayment=True)
    return out


def installed_at(device: Device) -> datetime:
    """When the SMI says the device was installed (its first status, else its current status's time)."""
    return device.history[0].at if device.history else device.status_at


def simulated_device(device: Device, security: DeviceSecurity, started: datetime, *, prepayment: bool = False,
                     uprn: str | None = None, profile: ConsumptionProfile | None = None) -> SimDevice | Ihd | None:
    """The simulated device of an SMI record, running from ``started`` (no earlier than its
    installation): None for a CHF / GPF (the hub's, :func:`simulate_premises`) or a type not simulated."""
    firmware = device.firmware_version or "1.0.0"
    kind = device.device_type
    if kind is DeviceType.ESME:
        variant = device.esme_variant if device.esme_variant in _VARIANTS else EsmeVariant.SINGLE
        return Esme(security, started, profile=profile, firmware_version=firmware,
                    installed=min(installed_at(device), started), variant=variant, prepayment=prepayment,
                    mpan=device.import_mpxn)
    if kind is DeviceType.GSME:
        gsme = Gsme(security, started, firmware_version=firmware, prepayment=prepayment,
                    model=gas_model(uprn or device.uprn or str(device.device_id)))
        if device.status is SmiStatus.COMMISSIONED and device.import_mpxn:
            gsme.state.config.mprn = device.import_mpxn  # set at commissioning (GCS41)
            gsme.commissioned = True
        return gsme
    if kind is DeviceType.PPMID:
        return Ppmid(security, firmware_version=firmware)
    if kind is DeviceType.HCALCS:
        return Hcalcs(security, firmware_version=firmware)
    if kind in (DeviceType.IHD, DeviceType.CAD):
        return Ihd(device.device_id)
    return None


def simulate_premises(premises: Premises, keys: KeySource, anchors: TrustAnchors, started: datetime, *,
                      top_up_certificates: Iterable[x509.Certificate] = (),
                      profile: ConsumptionProfile | None = None, instrumented: bool = False,
                      installer: Installer | None = None) -> CommunicationsHub:
    """The Communications Hub of ``premises`` with its ESME / GSME / PPMID / HCALCS / IHD joined (see
    the module docstring); ``top_up_certificates``: the Supplier's prepayment top-up certificates."""
    anchors = with_top_up_certificates(anchors, top_up_certificates)
    by_type = {d.device_type: d for d in premises.devices}

    def sec(t: DeviceType) -> DeviceSecurity:
        return device_security(by_type[t].device_id, keys, anchors)

    def fw(t: DeviceType) -> str:
        return by_type[t].firmware_version or "1.0.0"

    chf = Chf(sec(DeviceType.CHF), firmware_version=fw(DeviceType.CHF))
    gpf = Gpf(sec(DeviceType.GPF), firmware_version=fw(DeviceType.GPF)) if DeviceType.GPF in by_type else None
    hub = build_hub(chf, gpf, instrumented=instrumented)
    for t in (DeviceType.ESME, DeviceType.GSME, DeviceType.PPMID, DeviceType.HCALCS, DeviceType.IHD):
        record = by_type.get(t)
        device = (simulated_device(record, sec(t), started, prepayment=premises.prepayment, uprn=premises.uprn,
                                   profile=profile) if record is not None else None)
        if device is not None:
            hub.join(device)
    hub.installer = installer
    return hub

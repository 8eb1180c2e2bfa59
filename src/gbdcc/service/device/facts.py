"""Looking up what access control decides a device request on (``domain.access.DeviceFacts``).

The target device from the SMI; the other devices of its Communications Hub (whose meters give a CHF,
GPF, PPMID, HCALCS or Type 2 device its metering points); an MPxN the request names (8.11 adds a device
with its ``ImportMPxN``); and the Registration Data periods of every MPxN involved.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.access import DeviceFacts, metering_points
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import UnitOfWork

#: Body paths that name the metering point of the device a request concerns (DUIS 5.4 XSD).
BODY_MPXN_PATHS: tuple[tuple[str, ...], ...] = (("AddDeviceToCHFWhitelist", "ImportMPxN"), ("ImportMPxN",))


def hub_id_of(device: Device) -> Eui64 | None:
    """The CHF through which a device is reached over the SM WAN (itself for a CHF)."""
    return device.device_id if device.device_type is DeviceType.CHF else device.chf_id


def hub_devices(uow: UnitOfWork, device: Device) -> list[Device]:
    """Every device of the target's Communications Hub, the CHF included (the target excluded)."""
    chf_id = hub_id_of(device)
    if chf_id is None:
        return []
    found = {d.device_id: d for d in uow.inventory.by_chf(chf_id)}
    if chf_id != device.device_id and chf_id not in found:
        chf = uow.inventory.get(chf_id)
        if chf is not None:
            found[chf_id] = chf
    found.pop(device.device_id, None)
    return list(found.values())


def body_mpxn(request: InboundRequest) -> str | None:
    for path in BODY_MPXN_PATHS:
        text = request.text(*path)
        if text:
            return text.strip()
    return None


def gather_facts(uow: UnitOfWork, request: InboundRequest, at: datetime) -> DeviceFacts:
    """The facts of a device request at ``at`` (one SMI read per device, one Registration Data read)."""
    device = uow.inventory.get(request.request_id.target)
    if device is None:
        return DeviceFacts(device=None)
    others = hub_devices(uow, device)
    mpxn = body_mpxn(request)
    points = metering_points(device, others, mpxn)
    registrations = uow.registration.for_mpxns(sorted(points)) if points else ()
    return DeviceFacts(device=device, hub_devices=tuple(others), body_mpxn=mpxn, registrations=tuple(registrations))

"""12.2 Device Pre-notification: a User tells the DCC about a device it will install; the DCC adds it to
the Smart Metering Inventory with status Pending (DUIS 3.8.22; DOMAIN.md §4)."""

from __future__ import annotations

from dataclasses import replace

from gbdcc.domain.errors import DeviceAlreadyExists, HeaderInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, prenotified_device
from gbdcc.service.non_device.base import HandlerResult, RequestContext, required_device_id
from gbdcc.service.ports import UnitOfWork


def device_prenotification(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    req = ctx.request
    device_id = required_device_id(ctx)
    type_text = req.text("DeviceType")
    if type_text is None or type_text not in DeviceType.__members__:
        raise HeaderInvalid(f"12.2 needs a DeviceType of {', '.join(DeviceType)}; got {type_text!r}")
    existing = uow.inventory.get(device_id)
    if existing is not None:
        raise DeviceAlreadyExists(
            f"device {device_id} is already in the Smart Metering Inventory ({existing.status})",
            rule="SMI-PRENOTIFY-UNIQUE",
        )
    gpf = req.text("AssociatedGPFDeviceID")
    device = prenotified_device(
        device_id,
        DeviceType(type_text),
        ctx.now,
        manufacturer=req.text("DeviceManufacturer"),
        model=req.text("DeviceModel"),
        smets_chts_version=req.text("SMETSCHTSVersion"),
        firmware_version=req.text("FirmwareVersion"),
        esme_variant=req.text("ESMEVariant"),
    )
    if gpf is not None:
        device = replace(device, associated_gpf_id=Eui64.parse(gpf))
    if ctx.role.is_supplier:
        # SIMULATION: the device is made for the supplier that pre-notifies it, its certificates already on
        # the supplier trust anchor (IEWP 3.1, R-SMI-3)
        device = replace(device, supplier_credentials=ctx.request.request_id.originator)
    uow.inventory.add(device)
    return HandlerResult(rule="SMI-PRENOTIFY", note=f"{device.device_type} {device_id} added as Pending")

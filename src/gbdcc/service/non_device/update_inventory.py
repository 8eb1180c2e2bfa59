"""8.4 Update Inventory (DUIS 3.8.4): one of status (non-hub devices to Pending / InstalledNotCommissioned;
Communications Hub devices to Commissioned / Withdrawn / InstalledNotCommissioned — DUIS 5.4 XSD
enumerations), device details, MPxNs, or deletion of a device that is still Pending; and 8.3 Decommission
Device (DUIS 3.8.3)."""

from __future__ import annotations

from dataclasses import replace

from gbdcc.domain.errors import DeviceTypeIncompatible, HeaderInvalid, InvalidStatusTransition
from gbdcc.domain.ids import parse_mpxn
from gbdcc.domain.inventory import (
    DECOMMISSIONABLE,
    UPDATE_INVENTORY_TARGETS_CH,
    UPDATE_INVENTORY_TARGETS_EXCEPT_CH,
    SmiStatus,
)
from gbdcc.service.non_device.base import HandlerResult, RequestContext, existing_device, required_device_id
from gbdcc.service.ports import UnitOfWork


def _target_status(text: str, allowed: frozenset[SmiStatus], element: str) -> SmiStatus:
    """The status an 8.4 request asks for, if the DUIS 5.4 enumeration of ``element`` admits it."""
    if text not in {s.value for s in allowed}:
        raise HeaderInvalid(f"{element} must be one of {', '.join(sorted(allowed))}, not {text!r}",
                            rule="DUIS-8.4")
    return SmiStatus(text)


def update_inventory(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    req = ctx.request
    device = existing_device(uow, required_device_id(ctx), "8.4")
    if (target := req.text("UpdateDeviceStatusExceptCH")) is not None:
        if device.device_type.is_comms_hub:
            raise DeviceTypeIncompatible(
                f"UpdateDeviceStatusExceptCH does not apply to {device.device_type} {device.device_id}",
                rule="DUIS-8.4",
            )
        new = _target_status(target, UPDATE_INVENTORY_TARGETS_EXCEPT_CH, "UpdateDeviceStatusExceptCH")
        uow.inventory.update(device.change_status(new, ctx.now, "8.4 Update Inventory"))
        return HandlerResult("DUIS-8.4", f"{device.device_id} {device.status} -> {new}")
    if (target := req.text("UpdateDeviceStatusCH")) is not None:
        if not device.device_type.is_comms_hub:
            raise DeviceTypeIncompatible(
                f"UpdateDeviceStatusCH applies to CHF/GPF, not {device.device_type} {device.device_id}",
                rule="DUIS-8.4",
            )
        new = _target_status(target, UPDATE_INVENTORY_TARGETS_CH, "UpdateDeviceStatusCH")
        uow.inventory.update(device.change_status(new, ctx.now, "8.4 Update Inventory"))
        return HandlerResult("DUIS-8.4", f"{device.device_id} {device.status} -> {new}")
    if req.has("DeleteDevice"):
        if device.status is not SmiStatus.PENDING:
            raise InvalidStatusTransition(
                f"8.4 DeleteDevice removes only Pending devices; {device.device_id} is {device.status}",
                rule="DUIS-8.4",
            )
        uow.inventory.delete(device.device_id)
        return HandlerResult("DUIS-8.4", f"{device.device_id} deleted from the SMI")
    if req.has("UpdateDeviceDetails"):
        fields = {
            "manufacturer": req.text("UpdateDeviceDetails", "DeviceManufacturer"),
            "model": req.text("UpdateDeviceDetails", "DeviceModel"),
            "smets_chts_version": req.text("UpdateDeviceDetails", "SMETSCHTSVersion"),
            "firmware_version": req.text("UpdateDeviceDetails", "FirmwareVersion"),
            "esme_variant": req.text("UpdateDeviceDetails", "ESMEVariant"),
        }
        changes = {k: v for k, v in fields.items() if v is not None}
        uow.inventory.update(replace(device, **changes))  # type: ignore[arg-type]
        return HandlerResult("DUIS-8.4", f"{device.device_id} details updated: {', '.join(sorted(changes))}")
    if req.has("UpdateMPxN"):
        mpxns = {
            "import_mpxn": req.text("UpdateMPxN", "ImportMPxN"),
            "secondary_import_mpan": req.text("UpdateMPxN", "SecondaryImportMPAN"),
            "export_mpan": req.text("UpdateMPxN", "ExportMPAN"),
        }
        for value in mpxns.values():
            if value is not None:
                parse_mpxn(value, lenient=ctx.lenient_ids)
        changes = {k: v for k, v in mpxns.items() if v is not None}
        uow.inventory.update(replace(device, **changes))  # type: ignore[arg-type]
        return HandlerResult("DUIS-8.4", f"{device.device_id} MPxN updated")
    raise HeaderInvalid("8.4 UpdateInventory carries none of its choices")


def decommission_device(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    device = existing_device(uow, required_device_id(ctx), "8.3")
    if device.status not in DECOMMISSIONABLE:
        raise InvalidStatusTransition(
            f"8.3: {device.device_id} is {device.status}; only "
            f"{', '.join(sorted(DECOMMISSIONABLE))} devices can be decommissioned",
            rule="DUIS-8.3",
        )
    uow.inventory.update(device.change_status(SmiStatus.DECOMMISSIONED, ctx.now, "8.3 Decommission Device"))
    return HandlerResult("DUIS-8.3", f"{device.device_id} decommissioned")

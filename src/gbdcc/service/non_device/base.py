"""Helpers of the Non-Device Service Request handlers (DUIS 3.8: the DCC answers these itself,
synchronously, with I0 or an error). The generic ``Handler`` / ``RequestContext`` / ``HandlerResult``
live in :mod:`gbdcc.service.handlers`."""

from __future__ import annotations

from gbdcc.domain.errors import DeviceTypeIncompatible, DeviceUnknown, HeaderInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork

__all__ = ["HandlerResult", "RequestContext", "existing_device", "require_type", "required_device_id"]


def required_device_id(ctx: RequestContext, *path: str) -> Eui64:
    text = ctx.request.text(*path) if path else ctx.request.text("DeviceID")
    if text is None:
        raise HeaderInvalid(f"{ctx.request.body_name} has no {'/'.join(path) or 'DeviceID'}")
    return Eui64.parse(text)


def existing_device(uow: UnitOfWork, device_id: Eui64, srv: str) -> Device:
    """The device, or E19 (device unknown to the Smart Metering Inventory)."""
    device = uow.inventory.get(device_id)
    if device is None:
        raise DeviceUnknown(f"{srv}: device {device_id} is not in the Smart Metering Inventory", rule="SMI-LOOKUP")
    return device


def require_type(device: Device, allowed: frozenset[DeviceType], srv: str) -> None:
    """E11 when the SRV does not apply to the device's type."""
    if device.device_type not in allowed:
        raise DeviceTypeIncompatible(
            f"{srv} applies to {', '.join(sorted(allowed))}; device {device.device_id} is {device.device_type}",
            rule="DUIS-SRV-DEVICE-TYPE",
        )

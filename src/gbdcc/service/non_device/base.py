"""What every Non-Device Service Request handler receives and returns (DUIS 3.8: the DCC answers these
itself, synchronously, with I0 or an error)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from gbdcc.domain.catalogue import ServiceReferenceVariant
from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.errors import DeviceTypeIncompatible, DeviceUnknown, HeaderInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class RequestContext:
    request: InboundRequest
    srv: ServiceReferenceVariant
    role: UserRole
    now: datetime
    lenient_ids: bool


@dataclass(frozen=True, slots=True)
class HandlerResult:
    """I0 outcome: optional inventory payload and the rule / note the audit record carries."""

    rule: str
    note: str
    inventory: Sequence[Device] | None = None
    wan_matrix_request: tuple[str, object] | None = None
    wan_matrix: Sequence[WanCoverage] | None = None


Handler = Callable[[UnitOfWork, RequestContext], HandlerResult]


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

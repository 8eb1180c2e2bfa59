"""8.14.1–8.14.4 Communications Hub Status Update (DUIS 3.8.14).

- 8.14.1 install success with SM WAN: CHF → Commissioned, its GPF → InstalledNotCommissioned.
- 8.14.2 install, no SM WAN: CHF and GPF → InstalledNotCommissioned (the DCC raises a coverage incident
  later — operations issue).
- 8.14.3 fault return / 8.14.4 no-fault return: hubs never installed → Withdrawn; installed ones →
  Decommissioned (unverified mapping, DOMAIN.md §4 — kept in ``_RETURN_STATUS``).
The GPF is found through the CHF's ``associated_gpf_id`` or the devices whose ``chf_id`` is the CHF.
"""

from __future__ import annotations

from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.service.non_device.base import (
    HandlerResult,
    RequestContext,
    existing_device,
    require_type,
    required_device_id,
)
from gbdcc.service.ports import UnitOfWork

_CHF = frozenset({DeviceType.CHF})
_NEVER_INSTALLED = frozenset({SmiStatus.PENDING, SmiStatus.WHITELISTED})


def _hub_devices(uow: UnitOfWork, chf: Device) -> list[Device]:
    gpfs = [d for d in uow.inventory.by_chf(chf.device_id) if d.device_type is DeviceType.GPF]
    if chf.associated_gpf_id is not None and all(g.device_id != chf.associated_gpf_id for g in gpfs):
        gpf = uow.inventory.get(chf.associated_gpf_id)
        if gpf is not None:
            gpfs.append(gpf)
    return [chf, *gpfs]


def _apply(uow: UnitOfWork, ctx: RequestContext, targets: dict[DeviceType, SmiStatus] | None) -> HandlerResult:
    chf = existing_device(uow, required_device_id(ctx), ctx.srv.srv)
    require_type(chf, _CHF, ctx.srv.srv)
    changes = []
    # Check every transition before writing any (one request, all or nothing).
    updated = []
    for device in _hub_devices(uow, chf):
        if targets is None:
            new = SmiStatus.WITHDRAWN if device.status in _NEVER_INSTALLED else SmiStatus.DECOMMISSIONED
        else:
            new = targets[device.device_type]
        updated.append(device.change_status(new, ctx.now, f"{ctx.srv.srv} {ctx.srv.name}"))
        changes.append(f"{device.device_type} {device.device_id} {device.status} -> {new}")
    for device in updated:
        uow.inventory.update(device)
    return HandlerResult(rule=f"DUIS-{ctx.srv.srv}", note="; ".join(changes))


def install_success(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    return _apply(uow, ctx, {DeviceType.CHF: SmiStatus.COMMISSIONED,
                             DeviceType.GPF: SmiStatus.INSTALLED_NOT_COMMISSIONED})


def install_no_sm_wan(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    return _apply(uow, ctx, {DeviceType.CHF: SmiStatus.INSTALLED_NOT_COMMISSIONED,
                             DeviceType.GPF: SmiStatus.INSTALLED_NOT_COMMISSIONED})


def hub_return(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    return _apply(uow, ctx, None)

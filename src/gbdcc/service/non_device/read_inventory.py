"""8.2 Read Inventory: up to 17 devices by DeviceID, MPxN, UPRN or postcode (+ address identifier)
(DUIS 3.8.2; the response body is ``DSPInventory``, ``maxOccurs=17``). Current and future suppliers, network
operators and other Users may read it (srv-matrix), so no registration check applies here."""

from __future__ import annotations

from gbdcc.domain.errors import DeviceUnknown, HeaderInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device
from gbdcc.service.messages import InventoryPayload
from gbdcc.service.non_device.base import HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork

MAX_DEVICES = 17


def _with_hubs(uow: UnitOfWork, devices: list[Device]) -> list[Device]:
    """Devices found by MPxN plus the Communications Hub they hang off (the Smart Metering System)."""
    seen = {d.device_id for d in devices}
    out = list(devices)
    for dev in devices:
        for hub_id in (dev.chf_id, dev.associated_gpf_id):
            if hub_id is not None and hub_id not in seen:
                hub = uow.inventory.get(hub_id)
                if hub is not None:
                    out.append(hub)
                    seen.add(hub_id)
    return out


def read_inventory(uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
    req = ctx.request
    if (text := req.text("DeviceID")) is not None:
        device = uow.inventory.get(Eui64.parse(text))
        found = [device] if device is not None else []
        key = f"DeviceID {text}"
    elif (mpxn := req.text("MPxN")) is not None:
        found = _with_hubs(uow, list(uow.inventory.by_mpxn(mpxn, MAX_DEVICES)))
        key = f"MPxN {mpxn}"
    elif (uprn := req.text("UPRN")) is not None:
        found = list(uow.inventory.by_uprn(uprn, MAX_DEVICES + 1))
        key = f"UPRN {uprn}"
    elif (postcode := req.text("PropertyFilter", "PostCode")) is not None:
        address = req.text("PropertyFilter", "AddressIdentifier")
        found = list(uow.inventory.by_postcode(postcode, address, MAX_DEVICES + 1))
        key = f"postcode {postcode}" + (f" / {address}" if address else "")
    else:
        raise HeaderInvalid("8.2 ReadInventory needs one of DeviceID, MPxN, UPRN or PropertyFilter")
    if not found:
        raise DeviceUnknown(f"8.2: no device in the Smart Metering Inventory for {key}", rule="SMI-LOOKUP")
    truncated = len(found) > MAX_DEVICES
    devices = found[:MAX_DEVICES]
    note = f"{len(devices)} device(s) for {key}" + (" (more exist; DUIS returns at most 17)" if truncated else "")
    return HandlerResult(rule="DUIS-8.2", note=note, payload=InventoryPayload(devices))

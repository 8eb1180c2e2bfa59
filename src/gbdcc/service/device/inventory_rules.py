"""Smart Metering Inventory changes driven by device responses and alerts (IEWP; R-SMI-1, R-SMI-2).

* 8.11 Update HAN Device Log, add, succeeded → the added device is Whitelisted in the SMI and linked to
  the hub and to the MPxN the request named (its registered parties are found through it from then on);
* the CHF alert "Device joined SMHAN" (0x8183) → the joined device is InstalledNotCommissioned;
* 8.7.x Join Service succeeded → a GPF or Type 1 Device joined to a Smart Meter or GPF takes that
  device's status if it is InstalledNotCommissioned or Commissioned (R-SMI-1, IEWP 4.7);
* 8.1.1 Commission Device succeeded → Commissioned.

The SMI's MPxNs come from 8.11 and 8.4 only: 6.20.1 writes an MPxN on the device, not in the SMI.

R-SMI-2: nothing cascades — when a device's status changes later, the devices joined to it keep theirs
(the supplier re-joins them to update it); no rule here touches a device other than the one the
request or alert is about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.requests import ServiceRequest
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import DuisCodec, UnitOfWork

ALERT_DEVICE_JOINED_SMHAN = 0x8183
_JOIN_SRVS = frozenset({"8.7.1", "8.7.2"})
_TAKES_STATUS = frozenset({DeviceType.GPF, DeviceType.PPMID, DeviceType.HCALCS})  # GPF or Type 1 Device
_JOIN_TARGETS = frozenset({DeviceType.ESME, DeviceType.GSME, DeviceType.GPF})  # Smart Meter or GPF
_CARRIED = frozenset({SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED})


#: What a successful response to an SRV does to the SMI; returns a note for the audit trail.
Rule = Callable[[UnitOfWork, ServiceRequest, InboundRequest, datetime], str]


class InventoryRules:
    def __init__(self, codec: DuisCodec, more: Mapping[str, Rule] | None = None) -> None:
        """``more``: rules of other functions by SRV (Change of Supplier's 6.23, ``service.cos``)."""
        self._codec = codec
        self._rules: dict[str, Rule] = {**_RULES, **(more or {})}

    def after_response(self, uow: UnitOfWork, request: ServiceRequest, success: bool | None, at: datetime) -> str:
        """Apply what a device's (successful) response means for the SMI; returns a note for the audit."""
        if success is False or request.srv not in self._rules:
            return ""
        try:
            parsed = self._codec.parse(_request_body(uow, request))
        except GbdccError:
            return ""
        return self._rules[request.srv](uow, request, parsed, at)

    def after_alert(self, uow: UnitOfWork, source: Device, alert_code: int, subject: Eui64 | None,
                    at: datetime) -> str:
        if alert_code == ALERT_DEVICE_JOINED_SMHAN and subject is not None:
            joined = uow.inventory.get(subject)
            # the alert may overtake the 8.11 response that whitelists the device: Pending counts too
            if joined is not None and joined.status in (SmiStatus.WHITELISTED, SmiStatus.PENDING):
                uow.inventory.update(joined.change_status(
                    SmiStatus.INSTALLED_NOT_COMMISSIONED, at, f"joined the SMHAN of {source.device_id} (0x8183)"))
                return f"{joined.device_type} {joined.device_id} InstalledNotCommissioned"
        return ""


def _request_body(uow: UnitOfWork, request: ServiceRequest) -> bytes:
    """The DUIS request whose body says what the command does: for a critical request the CV4 (the
    stored leg is the CV5, whose body is only the signed Pre-Command)."""
    if request.command_variant in (5, 6):
        for record in uow.audit.for_request(str(request.request_id)):
            if record.kind == "message" and record.direction == "in" and record.command_variant == 4:
                return record.body
    return request.raw


def _device_log(uow: UnitOfWork, request: ServiceRequest, parsed: InboundRequest, at: datetime) -> str:
    text = parsed.text("DeviceID")
    if text is None or parsed.text("RequestType") != "Add":
        return ""
    device = uow.inventory.get(Eui64.parse(text))
    if device is None:
        return ""
    mpxn = parsed.text("AddDeviceToCHFWhitelist", "ImportMPxN")
    secondary = parsed.text("AddDeviceToCHFWhitelist", "SecondaryImportMPAN")
    changed = replace(
        device, chf_id=request.device_id,
        import_mpxn=device.import_mpxn or (mpxn if device.device_type in (DeviceType.ESME, DeviceType.GSME)
                                           else None),
        secondary_import_mpan=device.secondary_import_mpan or (secondary if device.device_type is DeviceType.ESME
                                                               else None))
    if changed.status is SmiStatus.PENDING:
        changed = changed.change_status(SmiStatus.WHITELISTED, at, f"8.11 added to the CHF device log of "
                                                                   f"{request.device_id}")
    uow.inventory.update(changed)
    return f"{device.device_type} {device.device_id} {changed.status} on {request.device_id}"


def _join(uow: UnitOfWork, request: ServiceRequest, parsed: InboundRequest, at: datetime) -> str:
    """R-SMI-1 (IEWP 4.7): of the two devices a join pairs (the target and ``OtherDeviceID``, in either
    order), a GPF or Type 1 Device joined to a Smart Meter or GPF takes that device's status."""
    other = parsed.text("OtherDeviceID")
    a = uow.inventory.get(request.device_id)
    b = uow.inventory.get(Eui64.parse(other)) if other else None
    if a is None or b is None:
        return ""
    for joined, host in ((b, a), (a, b)):
        if (joined.device_type in _TAKES_STATUS and host.device_type in _JOIN_TARGETS
                and joined.device_type is not host.device_type):
            if host.status in _CARRIED and joined.status != host.status:
                uow.inventory.update(joined.change_status(
                    host.status, at, f"joined to {host.device_type} {host.device_id} ({request.srv}, R-SMI-1)"))
                return f"{joined.device_type} {joined.device_id} {host.status} (R-SMI-1)"
            return ""
    return ""


def _commission(uow: UnitOfWork, request: ServiceRequest, parsed: InboundRequest, at: datetime) -> str:
    device = uow.inventory.get(request.device_id)
    if device is None or device.status is not SmiStatus.INSTALLED_NOT_COMMISSIONED:
        return ""
    uow.inventory.update(device.change_status(SmiStatus.COMMISSIONED, at, "8.1.1 Commission Device"))
    return f"{device.device_type} {device.device_id} Commissioned"


_RULES: dict[str, Rule] = {"8.11": _device_log, "8.7.1": _join, "8.7.2": _join, "8.1.1": _commission}

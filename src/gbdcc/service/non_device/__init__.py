"""Non-Device Service Requests the DCC answers itself (Command Variant 8, web service ``serviceD``)."""

from __future__ import annotations

from gbdcc.service.non_device.base import Handler, HandlerResult, RequestContext
from gbdcc.service.non_device.comms_hub_status import hub_return, install_no_sm_wan, install_success
from gbdcc.service.non_device.prenotification import device_prenotification
from gbdcc.service.non_device.read_inventory import read_inventory
from gbdcc.service.non_device.update_inventory import decommission_device, update_inventory

#: SRV → handler. SRVs of the catalogue missing here are refused with GBDCC-500 (not yet implemented).
NON_DEVICE_HANDLERS: dict[str, Handler] = {
    "12.2": device_prenotification,
    "8.2": read_inventory,
    "8.3": decommission_device,
    "8.4": update_inventory,
    "8.14.1": install_success,
    "8.14.2": install_no_sm_wan,
    "8.14.3": hub_return,
    "8.14.4": hub_return,
}

__all__ = ["NON_DEVICE_HANDLERS", "Handler", "HandlerResult", "RequestContext"]

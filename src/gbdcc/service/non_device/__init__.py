"""Non-Device Service Requests the DCC answers itself (Command Variant 8, web service ``serviceD``)."""

from __future__ import annotations

from functools import partial

from gbdcc.service.handlers import Handler
from gbdcc.service.non_device.comms_hub_status import hub_return, install_no_sm_wan, install_success
from gbdcc.service.non_device.prenotification import device_prenotification
from gbdcc.service.non_device.read_inventory import read_inventory
from gbdcc.service.non_device.update_inventory import decommission_device, update_inventory
from gbdcc.service.non_device.wan_matrix import request_wan_matrix
from gbdcc.service.ports import CoverageDatabase


def non_device_handlers(coverage: CoverageDatabase) -> dict[str, Handler]:
    """SRV → handler. SRVs of the catalogue missing here are refused with GBDCC-500 (not yet implemented)."""
    return {
        "12.1": partial(request_wan_matrix, coverage=coverage),
        "12.2": device_prenotification,
        "8.2": read_inventory,
        "8.3": decommission_device,
        "8.4": update_inventory,
        "8.14.1": install_success,
        "8.14.2": install_no_sm_wan,
        "8.14.3": hub_return,
        "8.14.4": hub_return,
    }


#: SRV → the ``sr:Body`` element its request carries (DUIS 5.4 XSD).
BODY_ELEMENTS: dict[str, str] = {
    "12.1": "RequestWANMatrix",
    "12.2": "DevicePrenotification",
    "8.2": "ReadInventory",
    "8.3": "DecommissionDevice",
    "8.4": "UpdateInventory",
    "8.14.1": "CHFInstallSuccessSMWAN",
    "8.14.2": "CHFInstallSuccessNoSMWAN",
    "8.14.3": "CHFFaultReturn",
    "8.14.4": "CHFNoFaultReturn",
}


__all__ = ["BODY_ELEMENTS", "non_device_handlers"]

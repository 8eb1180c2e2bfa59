"""Who receives an alert, and the DCC alerts gbdcc raises itself (DUIS DCCAlertMessage; R-SMI-4).

Device alerts go to the registered suppliers of the device's metering points at that instant (for a
Communications Hub, the suppliers of every meter on it — so both suppliers at a dual-fuel premises);
supply interruption / restoration alerts also to the network operators. DCC alerts about a shared
Communications Hub go to every supplier at the premises (R-SMI-4).

DCC alert codes: DUIS names them (AD1, N1–N65, N999) but their meanings are not in our sources except
AD1 (power outage, DOMAIN.md §2). gbdcc sends AD1 with ``PowerOutageEvent`` and N999 with the typed
``DCCAlert`` payload that says exactly what happened — (code unverified) — so a client can switch on
the payload element.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.access import metering_points, responsible_parties
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device
from gbdcc.domain.parties import UserRole
from gbdcc.service.device.facts import hub_devices
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.messages import Body
from gbdcc.service.ports import UnitOfWork

SUPPLIERS = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER})
NETWORK_OPERATORS = frozenset({UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_TRANSPORTER})
#: GBCS alerts about the supply itself (interrupted / restored, per phase): network operators get them too.
SUPPLY_EVENT_ALERTS = frozenset({0x8F57, 0x8F58, 0x8F59, 0x8F5A, *range(0x8F35, 0x8F3D)})
ALERT_SUPPLY_INTERRUPTED = 0x8F57
POWER_OUTAGE_DCC_ALERT = "AD1"
GBDCC_DCC_ALERT = "N999"  # (code unverified): the payload element names the event


def recipients(uow: UnitOfWork, device: Device, at: datetime, roles: frozenset[UserRole]) -> dict[Eui64, UserRole]:
    """The Users registered, in one of ``roles``, for the metering points of ``device`` at ``at``."""
    others = hub_devices(uow, device)
    points = metering_points(device, others, None)
    periods = uow.registration.for_mpxns(sorted(points)) if points else ()
    out: dict[Eui64, UserRole] = {}
    for role, parties in sorted(responsible_parties(device, others, periods, at).items()):
        if role in roles:
            for party in sorted(parties):
                out.setdefault(party, role)
    return out


def alert_recipients(uow: UnitOfWork, device: Device, alert_code: int, at: datetime) -> dict[Eui64, UserRole]:
    roles = SUPPLIERS | NETWORK_OPERATORS if alert_code in SUPPLY_EVENT_ALERTS else SUPPLIERS
    return recipients(uow, device, at, roles)


def hub_status_changed(uow: UnitOfWork, outbound: Outbound, hub: Device, at: datetime, change: str, fields: Body,
                       note: str) -> int:
    """R-SMI-4: a DCC alert about a shared Communications Hub to every supplier at the premises (the
    suppliers of the meters on it). Returns the number of alerts queued."""
    users = recipients(uow, hub, at, SUPPLIERS)
    for user in sorted(users):
        outbound.dcc_alert(uow, user, GBDCC_DCC_ALERT, "DeviceStatusChangeEvent",
                           {"DeviceID": str(hub.device_id), "DeviceStatusChange": {change: fields}}, at,
                           "R-SMI-4", note)
    return len(users)

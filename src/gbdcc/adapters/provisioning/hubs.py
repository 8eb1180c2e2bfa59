"""Communications Hub logistics, SIMULATED for now (SEC F5–F7 is a later issue): a hub the DCC delivers
to a supplier enters the SMI Pending, with the premises it is for — which decides its CSP region and
SM WAN coverage — and the supplier's certificates on its trust anchors."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from gbdcc.adapters.wan.coverage import region_for_postcode
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance


def deliver_hub(instance: Instance, chf: Eui64, gpf: Eui64, *, supplier: Eui64, postcode: str,
                network_operator: Eui64 | None = None, uprn: str | None = None, at: datetime | None = None,
                manufacturer: str = "SimHub Ltd (simulated)", model: str = "SH-CH-4G") -> tuple[Device, Device]:
    """Put a delivered hub (CHF + GPF, Pending) into the SMI for ``supplier`` to install at ``postcode``."""
    when = at or instance.clock.now()
    region = region_for_postcode(postcode).value
    cause = f"Communications Hub delivered to {supplier} (simulated logistics)"
    common = {"status": SmiStatus.PENDING, "status_at": when, "manufacturer": manufacturer, "model": model,
              "postcode": postcode, "uprn": uprn, "csp_region": region, "supplier_credentials": supplier,
              "network_operator_credentials": network_operator, "smets_chts_version": "CHTS",
              "firmware_version": "2.1.0", "history": (StatusChange(SmiStatus.PENDING, when, cause),)}
    chf_device = Device(chf, DeviceType.CHF, associated_gpf_id=gpf, **common)  # type: ignore[arg-type]
    gpf_device = Device(gpf, DeviceType.GPF, chf_id=chf, **common)  # type: ignore[arg-type]
    with instance.uow_factory() as uow:
        uow.inventory.add(chf_device)
        uow.inventory.add(gpf_device)
        uow.commit()
    return chf_device, gpf_device


#: The RTDS test hub (CHF …A2 with GPF …A3), as the DCC would hold it after delivering it to a supplier.
RTDS_CHF = Eui64.parse("00-DB-12-34-56-78-90-A2")
RTDS_GPF = Eui64.parse("00-DB-12-34-56-78-90-A3")


def deliver_rtds_hub(instance: Instance) -> bool:
    """The RTDS test hub, Pending, region North, for the Non-Device template tour (``estate add-rtds``
    adds it installed instead). Only if missing; True when added."""
    with instance.uow_factory(read_only=True) as uow:
        if uow.inventory.get(RTDS_CHF) is not None:
            return False
    now = instance.clock.now()
    cause = "RTDS test hub delivered by the DCC (simulated logistics)"
    with instance.uow_factory() as uow:
        for device_id, kind in ((RTDS_CHF, DeviceType.CHF), (RTDS_GPF, DeviceType.GPF)):
            uow.inventory.add(Device(
                device_id=device_id, device_type=kind, status=SmiStatus.PENDING, status_at=now,
                manufacturer="DB12", model="CH000001", chf_id=RTDS_CHF if kind is DeviceType.GPF else None,
                associated_gpf_id=RTDS_GPF if kind is DeviceType.CHF else None, csp_region="North",
                history=(StatusChange(SmiStatus.PENDING, now, cause),)))
        uow.commit()
    return True

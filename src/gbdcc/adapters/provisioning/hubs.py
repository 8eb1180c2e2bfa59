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

"""The Smart Metering Inventory (SMI): devices, SMI statuses and the transitions the DCC allows.

Sources: DUIS 5.4 XSD (``sr:DeviceStatus``, ``sr:DeviceType``, ``UpdateDeviceStatusExceptCH``,
``UpdateDeviceStatusCH``), the IEWP (R-SMI-1, R-SMI-2), DOMAIN.md §4. Transitions marked (unverified)
in DOMAIN.md are kept in one table here so they can be corrected in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from gbdcc.domain.cos import CosCell
from gbdcc.domain.errors import InvalidStatusTransition
from gbdcc.domain.ids import Eui64


class DeviceType(StrEnum):
    """DUIS device types. GBCS device type numbers are in ``gbcs_number``."""

    ESME = "ESME"
    GSME = "GSME"
    GPF = "GPF"
    CHF = "CHF"
    HCALCS = "HCALCS"
    PPMID = "PPMID"
    IHD = "IHD"
    CAD = "CAD"

    @property
    def is_type2(self) -> bool:
        """Type 2 devices (IHD, CAD) hold no certificates and have no SMI status of consequence."""
        return self in (DeviceType.IHD, DeviceType.CAD)

    @property
    def is_comms_hub(self) -> bool:
        return self in (DeviceType.CHF, DeviceType.GPF)

    @property
    def gbcs_number(self) -> int:
        return {"GSME": 0, "ESME": 1, "CHF": 2, "GPF": 3, "HCALCS": 4, "PPMID": 5}.get(self.value, 6)


class SmiStatus(StrEnum):
    PENDING = "Pending"
    WHITELISTED = "Whitelisted"
    INSTALLED_NOT_COMMISSIONED = "InstalledNotCommissioned"
    COMMISSIONED = "Commissioned"
    DECOMMISSIONED = "Decommissioned"
    WITHDRAWN = "Withdrawn"
    SUSPENDED = "Suspended"
    RECOVERY = "Recovery"
    RECOVERED = "Recovered"


S = SmiStatus
#: Which status may follow which (any cause). Final states have no successors; 8.4 DeleteDevice removes
#: a Pending device outright.
ALLOWED_TRANSITIONS: dict[SmiStatus, frozenset[SmiStatus]] = {
    S.PENDING: frozenset({S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.WITHDRAWN}),
    S.WHITELISTED: frozenset({S.PENDING, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.DECOMMISSIONED,
                              S.WITHDRAWN}),
    S.INSTALLED_NOT_COMMISSIONED: frozenset({S.PENDING, S.COMMISSIONED, S.DECOMMISSIONED, S.WITHDRAWN,
                                             S.SUSPENDED}),
    S.COMMISSIONED: frozenset({S.INSTALLED_NOT_COMMISSIONED, S.DECOMMISSIONED, S.WITHDRAWN, S.SUSPENDED,
                               S.RECOVERY}),
    S.SUSPENDED: frozenset({S.COMMISSIONED, S.INSTALLED_NOT_COMMISSIONED, S.DECOMMISSIONED}),
    S.RECOVERY: frozenset({S.RECOVERED, S.DECOMMISSIONED}),
    S.RECOVERED: frozenset({S.COMMISSIONED, S.DECOMMISSIONED}),
    S.DECOMMISSIONED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: 8.4 Update Inventory may set only these (DUIS 5.4 XSD enumerations).
UPDATE_INVENTORY_TARGETS_EXCEPT_CH = frozenset({S.PENDING, S.INSTALLED_NOT_COMMISSIONED})
UPDATE_INVENTORY_TARGETS_CH = frozenset({S.COMMISSIONED, S.WITHDRAWN, S.INSTALLED_NOT_COMMISSIONED})
#: States from which 8.3 Decommission Device is accepted.
DECOMMISSIONABLE = frozenset({S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED, S.COMMISSIONED, S.SUSPENDED,
                              S.RECOVERED})


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a device's SMI status history."""

    status: SmiStatus
    at: datetime
    cause: str


@dataclass(frozen=True, slots=True)
class Device:
    """A device in the SMI. Immutable: every change returns a new value."""

    device_id: Eui64
    device_type: DeviceType
    status: SmiStatus
    status_at: datetime
    manufacturer: str | None = None
    model: str | None = None
    smets_chts_version: str | None = None
    firmware_version: str | None = None
    esme_variant: str | None = None
    import_mpxn: str | None = None
    secondary_import_mpan: str | None = None
    export_mpan: str | None = None
    uprn: str | None = None
    postcode: str | None = None
    address_identifier: str | None = None
    csp_region: str | None = None
    chf_id: Eui64 | None = None
    associated_gpf_id: Eui64 | None = None
    date_commissioned: date | None = None
    history: tuple[StatusChange, ...] = field(default_factory=tuple)
    #: The organisations whose certificates the device's supplier / network-operator trust anchor cells
    #: hold (its Device Security Credentials as the SMI records them: R-SMI-3, R-SR-2). Set when the
    #: device is made for / handed over to a supplier, updated when a credential change succeeds.
    supplier_credentials: Eui64 | None = None
    network_operator_credentials: Eui64 | None = None
    #: Whose certificate the device's Transitional CoS trust-anchor cell holds (R-COS-2): TCoS until the
    #: ECoS migration campaign replaces it and the device confirms.
    cos_cell: CosCell = CosCell.TCOS

    @property
    def credentials_populated(self) -> bool:
        """R-SMI-3 (IEWP 3.1): the supplier's Organisation Certificates are on the device."""
        return self.supplier_credentials is not None

    @property
    def credential_holders(self) -> frozenset[Eui64]:
        return frozenset(e for e in (self.supplier_credentials, self.network_operator_credentials) if e)

    def change_status(self, new: SmiStatus, at: datetime, cause: str) -> Device:
        """Apply a status change if ``ALLOWED_TRANSITIONS`` permits it, recording it in the history."""
        if new == self.status:
            return self
        if new not in ALLOWED_TRANSITIONS[self.status]:
            raise InvalidStatusTransition(
                f"device {self.device_id} ({self.device_type}) cannot go from {self.status} to {new} "
                f"({cause})"
            )
        commissioned = self.date_commissioned
        if new == S.COMMISSIONED and commissioned is None:
            commissioned = at.date()
        return replace(
            self,
            status=new,
            status_at=at,
            date_commissioned=commissioned,
            history=(*self.history, StatusChange(new, at, cause)),
        )


def prenotified_device(
    device_id: Eui64, device_type: DeviceType, at: datetime, **details: str | None
) -> Device:
    """A device added by 12.2 Device Pre-notification: status Pending (DOMAIN.md §4)."""
    return Device(
        device_id=device_id,
        device_type=device_type,
        status=S.PENDING,
        status_at=at,
        history=(StatusChange(S.PENDING, at, "12.2 Device Pre-notification"),),
        **details,  # type: ignore[arg-type]
    )

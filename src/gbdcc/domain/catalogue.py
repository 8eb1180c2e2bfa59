"""The Service Reference Variant catalogue (DUIS 5.4 §3, request matrix) and Command Variant rules.

Facts per SRV come from ``_srv_data``. Command Variants (DUIS 3.4, DOMAIN.md §2):
1 non-critical via WAN, 2 non-critical local delivery, 3 both; 4 critical → Pre-Command (Transform);
5 Signed Pre-Command via WAN, 6 local, 7 both; 8 Non-Device request answered by the DCC.
Web services (DCC Boxed paths): Send Command ``serviceS`` (1, 3, 5, 7), Transform ``serviceT`` (4),
Non-Device / DCC only ``serviceD`` (2, 6, 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from gbdcc.domain._srv_data import SRV_ROWS
from gbdcc.domain._srv_devices import SRV_DEVICE_TYPES
from gbdcc.domain.errors import InvalidCommandVariant, UnknownServiceReference, WrongWebService
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.parties import UserRole


class FutureDating(StrEnum):
    """Future Dated Response Pattern: who holds a future-dated request until its execution date."""

    NO = "No"
    DEVICE = "Device"
    DSP = "DSP"
    DSP_AND_DEVICE = "DSP & Device"


class WebService(Enum):
    """The three DUIS web services, with their DCC Boxed paths."""

    SEND_COMMAND = "serviceS"
    TRANSFORM = "serviceT"
    NON_DEVICE = "serviceD"

    @property
    def path(self) -> str:
        return f"/api/v1/{self.value}"


_CV_WEB_SERVICE: dict[int, WebService] = {
    1: WebService.SEND_COMMAND,
    3: WebService.SEND_COMMAND,
    5: WebService.SEND_COMMAND,
    7: WebService.SEND_COMMAND,
    4: WebService.TRANSFORM,
    2: WebService.NON_DEVICE,
    6: WebService.NON_DEVICE,
    8: WebService.NON_DEVICE,
}


def web_service_for(command_variant: int) -> WebService:
    """The web service a Command Variant must be sent to (DUIS 3.4)."""
    try:
        return _CV_WEB_SERVICE[command_variant]
    except KeyError:
        raise InvalidCommandVariant(f"Command Variant {command_variant} does not exist (1-8)") from None


@dataclass(frozen=True, slots=True)
class ServiceReferenceVariant:
    """One SRV of the DUIS request matrix."""

    srv: str
    service_reference: str
    name: str
    critical: bool
    on_demand: bool
    future_dating: FutureDating
    dcc_schedulable: bool
    non_device: bool
    eligible_roles: frozenset[UserRole]
    #: Device types a Device SRV may target (E11; ``_srv_devices``); empty for Non-Device SRVs.
    device_types: frozenset[DeviceType] = frozenset()

    @property
    def command_variants(self) -> frozenset[int]:
        """CVs a User may send this SRV with (DUIS 3.4)."""
        if self.non_device:
            return frozenset({8})
        if self.critical:
            return frozenset({4, 5, 6, 7})
        return frozenset({1, 2, 3})

    def check_command_variant(self, command_variant: int, web_service: WebService) -> None:
        """Refuse a CV the SRV does not take (E12) or a web service that does not take the CV (E13)."""
        expected = web_service_for(command_variant)
        if command_variant not in self.command_variants:
            raise InvalidCommandVariant(
                f"SRV {self.srv} ({self.name}) takes Command Variant "
                f"{sorted(self.command_variants)}, not {command_variant}"
            )
        if expected is not web_service:
            raise WrongWebService(
                f"Command Variant {command_variant} must be sent to {expected.path}, not {web_service.path}"
            )


def _load() -> dict[str, ServiceReferenceVariant]:
    out: dict[str, ServiceReferenceVariant] = {}
    for srv, ref, name, crit, on_demand, fd, sched, non_device, roles in SRV_ROWS:
        out[srv] = ServiceReferenceVariant(
            srv=srv,
            service_reference=ref,
            name=name,
            critical=crit,
            on_demand=on_demand,
            future_dating=FutureDating(fd),
            dcc_schedulable=sched,
            non_device=non_device,
            eligible_roles=frozenset(UserRole(r) for r in roles),
            device_types=frozenset(DeviceType(t) for t in SRV_DEVICE_TYPES.get(srv, ())),
        )
    return out


CATALOGUE: dict[str, ServiceReferenceVariant] = _load()


def lookup(srv: str, service_reference: str | None = None) -> ServiceReferenceVariant:
    """Find an SRV; if ``service_reference`` is given it must match the SRV's (DUIS header check)."""
    try:
        entry = CATALOGUE[srv]
    except KeyError:
        raise UnknownServiceReference(f"unknown Service Reference Variant {srv!r}") from None
    if service_reference is not None and service_reference != entry.service_reference:
        raise UnknownServiceReference(
            f"ServiceReference {service_reference!r} does not match ServiceReferenceVariant {srv!r} "
            f"(expected {entry.service_reference!r})"
        )
    return entry

"""Access control: one pure function, :func:`authorise`, deciding each Service Request (SEC H3; R-SR-1).

Checks, in order (DESIGN.md step 3), the first failure deciding:

1. the User and its role are valid at that time — unknown User E1, no active role E3 (R-USER-1);
2. one of its active roles is eligible for the SRV — E2 (R-SR-1);
3. for Device requests, the target device is in the Smart Metering Inventory — E19. (E4 is decided on
   the device's metering points, so it needs the device: an unknown device is E19, not E4);
4. the User is the registered supplier / network operator, in that role, of a metering point of the
   device *at that instant* (Registration Data, time-sliced) — E4 (R-SR-1). Other Users and
   Registered Supplier Agents are not named in Registration Data and are not checked here;
5. the device's SMI status allows the request — E5;
6. the device type is one the SRV applies to — E11;
7. before a command to a Smart Meter, GPF or Type 1 Device, its Device Security Credentials are
   populated (the SMI records whose Organisation Certificates its supplier trust anchor holds) — E5
   (R-SMI-3);
8. exception (H3.6, R-SR-2): a critical request rectifying Device Security Credentials that wrongly hold
   data from the requesting User's Organisation Certificates is let through steps 2 and 4 when the
   device's trust anchors name that User.

Which SMI statuses admit a request is gbdcc's rule set (the per-SRV status tables of DUIS are not in our
sources): Commissioned and InstalledNotCommissioned devices take every SRV that applies to their type;
Suspended devices only security-credential and firmware SRVs; other statuses none. Type 2 devices (IHD,
CAD) take requests in any status but Decommissioned and Withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from gbdcc.domain.catalogue import ServiceReferenceVariant
from gbdcc.domain.errors import (
    DeviceStatusIncompatible,
    DeviceTypeIncompatible,
    DeviceUnknown,
    GbdccError,
    NoDeviceSecurityCredentials,
    NotAuthorisedForDevice,
    RoleNotEligible,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import User, UserRole, check_user_may_send
from gbdcc.domain.registration import RegistrationPeriod, registered_at
from gbdcc.domain.requests import Decision

#: Roles Registration Data names; requests in other roles (OU, RSA) are not checked against it (E4).
REGISTERED_ROLES = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER,
                              UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_TRANSPORTER})
#: Smart Meters, GPFs and Type 1 Devices: the targets R-SMI-3 gates.
CREDENTIAL_GATED_TYPES = frozenset({DeviceType.ESME, DeviceType.GSME, DeviceType.GPF, DeviceType.PPMID,
                                    DeviceType.HCALCS})
#: SRVs that rectify Device Security Credentials (SRPD 17.1) and so fall under the H3.6 exception.
CREDENTIAL_RECTIFICATION_SRVS = frozenset({"6.15.1", "6.15.2"})
#: SRVs a Suspended device still takes: security credentials and firmware.
SUSPENDED_SRVS = frozenset({"6.15.1", "6.15.2", "6.17", "6.24.1", "6.24.2", "11.2", "11.3"})
ACTIVE_STATUSES = frozenset({SmiStatus.COMMISSIONED, SmiStatus.INSTALLED_NOT_COMMISSIONED})
_TYPE2 = frozenset({DeviceType.IHD, DeviceType.CAD})

#: Which roles each metering point of a meter can be registered in.
_ELECTRICITY_IMPORT = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR})
_ELECTRICITY_EXPORT = frozenset({UserRole.EXPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR})
_GAS = frozenset({UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER})


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """What the caller looked up about the target for one decision (all at the request's instant).

    ``hub_devices``: the other devices on the target's Communications Hub (for a CHF, GPF, PPMID,
    HCALCS or Type 2 target, whose metering points are those of the meters there). ``body_mpxn``: an
    MPxN the request itself names for the device it concerns (8.11 ``ImportMPxN``). ``registrations``:
    Registration Data periods of every MPxN involved. The device's Device Security Credentials (R-SMI-3,
    R-SR-2) are read from the SMI record itself.
    """

    device: Device | None
    hub_devices: Sequence[Device] = ()
    body_mpxn: str | None = None
    registrations: Sequence[RegistrationPeriod] = ()


@dataclass(frozen=True, slots=True)
class AccessDecision:
    """The outcome: the role the User acts in (when allowed), the decision with its rule, and the
    error to refuse with (``None`` when allowed)."""

    decision: Decision
    role: UserRole | None = None
    error: GbdccError | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def allowed(self) -> bool:
        return self.error is None

    def raise_if_refused(self) -> None:
        if self.error is not None:
            raise self.error


def eligible_role(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, day: date) -> UserRole:
    """The role the User acts in for this SRV on ``day`` (steps 1 and 2).

    Unknown User → E1, no active role → E3 (R-USER-1); none of its active roles eligible → E2 (R-SR-1).
    When several roles are eligible (a supplier ID shared across IS/GS/ES, R-USER-2) the first in the
    order IS, ES, GS, ED, GT, OU, RSA is reported; device requests refine it with Registration Data.
    """
    return _eligible_roles(user, user_id, srv, day)[0]


def _eligible_roles(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, day: date
                    ) -> list[UserRole]:
    usable = check_user_may_send(user, user_id, srv.eligible_roles, day)
    if not usable:
        assert user is not None  # check_user_may_send refused unknown Users
        held = ", ".join(sorted(user.roles_on(day))) or "none"
        allowed = ", ".join(sorted(srv.eligible_roles)) or "none (DCC-initiated only)"
        raise RoleNotEligible(
            f"SRV {srv.srv} ({srv.name}) may be sent by {allowed}; {user_id} acts as {held} on {day}",
            rule="R-SR-1",
        )
    return [r for r in UserRole if r in usable]


def metering_points(device: Device, hub_devices: Sequence[Device], body_mpxn: str | None
                    ) -> dict[str, frozenset[UserRole]]:
    """The MPxNs whose registered parties may address ``device``, each with the roles that count.

    A meter's own MPAN / MPRN; for the other devices of a premises (CHF, GPF, PPMID, HCALCS, Type 2)
    those of the meters on the same Communications Hub (a GPF: the gas meters only); plus an MPxN the
    request names for the device it adds (8.11).
    """
    out: dict[str, set[UserRole]] = {}

    def add(mpxn: str | None, roles: frozenset[UserRole]) -> None:
        if mpxn:
            out.setdefault(mpxn, set()).update(roles)

    def meter(d: Device) -> None:
        if d.device_type is DeviceType.ESME:
            add(d.import_mpxn, _ELECTRICITY_IMPORT)
            add(d.secondary_import_mpan, _ELECTRICITY_IMPORT)
            add(d.export_mpan, _ELECTRICITY_EXPORT)
        elif d.device_type is DeviceType.GSME:
            add(d.import_mpxn, _GAS)

    if device.device_type in (DeviceType.ESME, DeviceType.GSME):
        meter(device)
    else:
        gas_only = device.device_type is DeviceType.GPF
        for other in hub_devices:
            if other.device_id != device.device_id and (not gas_only or other.device_type is DeviceType.GSME):
                meter(other)
    if body_mpxn:
        add(body_mpxn, _GAS if not (len(body_mpxn) == 13 and body_mpxn.isdigit())
            else _ELECTRICITY_IMPORT | _ELECTRICITY_EXPORT)
    return {mpxn: frozenset(roles) for mpxn, roles in out.items()}


def authorise(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, at: datetime,
              facts: DeviceFacts | None = None) -> AccessDecision:
    """Decide a Service Request (see the module docstring). ``facts`` is required for Device SRVs."""
    try:
        return _authorise(user, user_id, srv, at, facts)
    except GbdccError as err:
        return AccessDecision(Decision(err.response_code, err.rule, err.reason), error=err)


def _authorise(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, at: datetime,
               facts: DeviceFacts | None) -> AccessDecision:
    day = at.date()
    try:
        roles = _eligible_roles(user, user_id, srv, day)
    except RoleNotEligible:
        exception = _rectification_exception(user, user_id, srv, day, facts)
        if exception is None:
            raise
        return _exception_decision(user_id, exception, srv, facts)
    if srv.non_device:
        return AccessDecision(Decision("I0", "R-SR-1", f"{user_id} acts as {roles[0]}"), roles[0])
    device = _known_device(srv, facts)
    assert facts is not None
    try:
        role = _registered_role(user_id, roles, srv, at, facts)
    except NotAuthorisedForDevice:
        exception = _rectification_exception(user, user_id, srv, day, facts)
        if exception is None:
            raise
        return _exception_decision(user_id, exception, srv, facts)
    _check_device(device, srv, facts)
    return AccessDecision(Decision("I99", "R-SR-1", f"{user_id} acts as {role} for {device.device_id}"), role)


def _known_device(srv: ServiceReferenceVariant, facts: DeviceFacts | None) -> Device:
    """Step 3 (E19)."""
    if facts is None or facts.device is None:
        raise DeviceUnknown(f"{srv.srv}: the target device is not in the Smart Metering Inventory",
                            rule="R-SR-1")
    return facts.device


def _check_device(device: Device, srv: ServiceReferenceVariant, facts: DeviceFacts) -> None:
    """Steps 5-7: SMI status (E5), device type (E11), Device Security Credentials (R-SMI-3)."""
    _check_status(device, srv)
    if srv.device_types and device.device_type not in srv.device_types:
        raise DeviceTypeIncompatible(
            f"{srv.srv} ({srv.name}) applies to {', '.join(sorted(srv.device_types))}; device "
            f"{device.device_id} is {device.device_type}", rule="R-SR-1")
    if device.device_type in CREDENTIAL_GATED_TYPES and not device.credentials_populated:
        raise NoDeviceSecurityCredentials(
            f"the Device Security Credentials of {device.device_type} {device.device_id} are not populated "
            "(its supplier trust anchor holds no Organisation Certificate, IEWP 3.1): no command may be sent "
            "to it", rule="R-SMI-3")


def _exception_decision(user_id: Eui64, role: UserRole, srv: ServiceReferenceVariant,
                        facts: DeviceFacts | None) -> AccessDecision:
    """Step 8 (R-SR-2): the request goes on past E2 / E4; the device checks still apply."""
    device = _known_device(srv, facts)
    assert facts is not None
    _check_device(device, srv, facts)
    return AccessDecision(
        Decision("I99", "R-SR-2", f"{user_id} is not an Eligible User but rectifies Device Security "
                                  f"Credentials of {device.device_id} that hold its Organisation "
                                  "Certificates (H3.6, SRPD 17.1)"), role)


def _registered_role(user_id: Eui64, roles: list[UserRole], srv: ServiceReferenceVariant, at: datetime,
                     facts: DeviceFacts) -> UserRole:
    """Step 4: the first eligible role in which the User is registered for a metering point of the device."""
    assert facts.device is not None
    unregistered = [r for r in roles if r not in REGISTERED_ROLES]
    points = metering_points(facts.device, facts.hub_devices, facts.body_mpxn)
    by_mpxn: dict[str, list[RegistrationPeriod]] = {}
    for p in facts.registrations:
        by_mpxn.setdefault(p.mpxn, []).append(p)
    for role in roles:
        if role not in REGISTERED_ROLES:
            continue
        for mpxn, point_roles in points.items():
            if role in point_roles and user_id in registered_at(by_mpxn.get(mpxn, ()), at).get(role, ()):
                return role
    if unregistered:
        return unregistered[0]
    device = facts.device
    if not points:
        raise NotAuthorisedForDevice(
            f"{device.device_type} {device.device_id} has no metering point in the SMI, so Registration Data "
            f"names no registered party for it; {user_id} may not send {srv.srv}", rule="R-SR-1")
    held = ", ".join(str(r) for r in roles)
    raise NotAuthorisedForDevice(
        f"{user_id} ({held}) is not the registered party of {', '.join(sorted(points))} at "
        f"{at.isoformat()}, so may not send {srv.srv} to {device.device_id}", rule="R-SR-1")


def _check_status(device: Device, srv: ServiceReferenceVariant) -> None:
    """Step 5 (E5), gbdcc's status rules (module docstring)."""
    status = device.status
    if device.device_type in _TYPE2:
        ok = status not in (SmiStatus.DECOMMISSIONED, SmiStatus.WITHDRAWN)
    elif status is SmiStatus.SUSPENDED:
        ok = srv.srv in SUSPENDED_SRVS
    else:
        ok = status in ACTIVE_STATUSES
    if not ok:
        raise DeviceStatusIncompatible(
            f"{device.device_type} {device.device_id} is {status} in the SMI; {srv.srv} ({srv.name}) needs "
            f"{' or '.join(sorted(ACTIVE_STATUSES))}", rule="SMI-STATUS")


def _rectification_exception(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, day: date,
                             facts: DeviceFacts | None) -> UserRole | None:
    """R-SR-2 (H3.6): the role to act in when the exception applies, else None."""
    if (srv.srv not in CREDENTIAL_RECTIFICATION_SRVS or not srv.critical or facts is None
            or facts.device is None or user_id not in facts.device.credential_holders):
        return None
    active = check_user_may_send(user, user_id, frozenset(UserRole), day)  # E1 / E3 still apply
    return next((r for r in UserRole if r in active), None)


def responsible_parties(device: Device, hub_devices: Sequence[Device],
                        registrations: Sequence[RegistrationPeriod], at: datetime
                        ) -> Mapping[UserRole, frozenset[Eui64]]:
    """Who is registered, per role, for the metering points of ``device`` at ``at`` — the Users its
    alerts go to (suppliers; network operators for supply events)."""
    points = metering_points(device, hub_devices, None)
    by_mpxn: dict[str, list[RegistrationPeriod]] = {}
    for p in registrations:
        by_mpxn.setdefault(p.mpxn, []).append(p)
    out: dict[UserRole, set[Eui64]] = {}
    for mpxn, roles in points.items():
        for role, parties in registered_at(by_mpxn.get(mpxn, ()), at).items():
            if role in roles:
                out.setdefault(role, set()).update(parties)
    return {role: frozenset(parties) for role, parties in out.items()}

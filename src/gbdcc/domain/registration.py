"""Registration Data: who is registered for each MPAN / MPRN, and from when (SEC H3, R-SR-1; DOMAIN.md §9).

Registration Data Providers tell the DCC, per metering point, the registered Import / Export / Gas
Supplier and the Electricity Distributor / Gas Transporter, each with an effective-from and optional
effective-to instant. Access control (E4) asks it *time-sliced*: who held the role at the instant the
request is processed — so a supplier that lost the customer yesterday is refused today, and one that
gains it tomorrow is refused until then.

gbdcc keys a period by the registered User ID (the EUI-64 of the User the Party acts through in that
role) rather than by the market participant id the RDP files carry; the RDP interface (a later issue)
resolves participant ids to User IDs when it loads a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole


class MeteringPointKind(StrEnum):
    ELECTRICITY = "MPAN"
    GAS = "MPRN"


#: The User Roles Registration Data names for each kind of metering point.
REGISTERED_ROLES: dict[MeteringPointKind, frozenset[UserRole]] = {
    MeteringPointKind.ELECTRICITY: frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER,
                                              UserRole.ELECTRICITY_DISTRIBUTOR}),
    MeteringPointKind.GAS: frozenset({UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER}),
}


def metering_point_kind(mpxn: str) -> MeteringPointKind:
    """An MPAN core is 13 digits; anything else DUIS allows in ``ImportMPxN`` is an MPRN."""
    return MeteringPointKind.ELECTRICITY if len(mpxn) == 13 and mpxn.isascii() and mpxn.isdigit() \
        else MeteringPointKind.GAS


@dataclass(frozen=True, slots=True)
class RegistrationPeriod:
    """``party`` is registered in ``role`` for ``mpxn`` over ``[effective_from, effective_to)``."""

    mpxn: str
    role: UserRole
    party: Eui64
    effective_from: datetime
    effective_to: datetime | None = None

    def __post_init__(self) -> None:
        if self.role not in REGISTERED_ROLES[metering_point_kind(self.mpxn)]:
            raise InvalidIdentifier(
                f"{self.role} is not a role Registration Data names for {metering_point_kind(self.mpxn)} "
                f"{self.mpxn!r}", rule="R-SR-1")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise InvalidIdentifier(
                f"registration of {self.mpxn} to {self.party} ends ({self.effective_to}) before it starts "
                f"({self.effective_from})", rule="R-SR-1")

    def effective_at(self, at: datetime) -> bool:
        return self.effective_from <= at and (self.effective_to is None or at < self.effective_to)


def registered_at(periods: Iterable[RegistrationPeriod], at: datetime) -> dict[UserRole, frozenset[Eui64]]:
    """Who holds each role at ``at`` (normally one party per role; overlaps are reported, not hidden)."""
    out: dict[UserRole, set[Eui64]] = {}
    for p in periods:
        if p.effective_at(at):
            out.setdefault(p.role, set()).add(p.party)
    return {role: frozenset(parties) for role, parties in out.items()}

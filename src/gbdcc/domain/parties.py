"""SEC Parties, User Roles and User IDs (SEC H1; R-USER-1, R-USER-2).

A Party becomes a User in a role on its user-entry date (R-USER-1); before it, its Service Requests are
refused (E3). One User ID per User Role per Party, but one ID may be shared across Import, Gas and
Export Supplier (R-USER-2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from gbdcc.domain.errors import GbdccError, UnknownUser, UserNotActive
from gbdcc.domain.ids import Eui64


class UserRole(StrEnum):
    """DUIS User Role codes."""

    IMPORT_SUPPLIER = "IS"
    EXPORT_SUPPLIER = "ES"
    GAS_SUPPLIER = "GS"
    ELECTRICITY_DISTRIBUTOR = "ED"
    GAS_TRANSPORTER = "GT"
    OTHER_USER = "OU"
    REGISTERED_SUPPLIER_AGENT = "RSA"

    @property
    def is_supplier(self) -> bool:
        return self in SUPPLIER_ROLES


SUPPLIER_ROLES = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER})


class RoleConflict(GbdccError):
    """A User ID would be shared across roles that R-USER-2 keeps apart."""

    code = "GBDCC-110"
    default_rule = "R-USER-2"


@dataclass(frozen=True, slots=True)
class UserRoleEntry:
    """A User ID in one User Role from its user-entry date (R-USER-1); ``exit_date`` ends it."""

    role: UserRole
    entry_date: date
    exit_date: date | None = None

    def active_on(self, day: date) -> bool:
        return self.entry_date <= day and (self.exit_date is None or day < self.exit_date)


@dataclass(frozen=True, slots=True)
class User:
    """A User ID (EUI-64) of a Party, with the roles it holds and where its async responses go."""

    user_id: Eui64
    name: str
    roles: tuple[UserRoleEntry, ...] = field(default_factory=tuple)
    response_url: str | None = None

    def with_role(self, entry: UserRoleEntry) -> User:
        """Add a role, enforcing R-USER-2 (only IS/GS/ES may share one User ID)."""
        roles = {r.role for r in self.roles} | {entry.role}
        if len(roles) > 1 and not roles <= SUPPLIER_ROLES:
            raise RoleConflict(
                f"User ID {self.user_id} cannot hold {sorted(roles)}: only IS, GS and ES may share a User ID"
            )
        kept = tuple(r for r in self.roles if r.role != entry.role)
        return User(self.user_id, self.name, (*kept, entry), self.response_url)

    def roles_on(self, day: date) -> frozenset[UserRole]:
        return frozenset(r.role for r in self.roles if r.active_on(day))


def check_user_may_send(
    user: User | None, user_id: Eui64, eligible: frozenset[UserRole], day: date
) -> frozenset[UserRole]:
    """The User's active roles on ``day`` that may send a request with ``eligible`` roles.

    Unknown User → E1 (R-USER-1); a User with no active role on that day → E3 (R-USER-1).
    Role eligibility (E2) is the caller's next check (``access``).
    """
    if user is None:
        raise UnknownUser(f"{user_id} is not a registered DCC User", rule="R-USER-1")
    active = user.roles_on(day)
    if not active:
        held = ", ".join(f"{r.role} from {r.entry_date}" for r in user.roles) or "none"
        raise UserNotActive(
            f"{user_id} is not a User in any role on {day} (roles: {held})", rule="R-USER-1"
        )
    return active & eligible

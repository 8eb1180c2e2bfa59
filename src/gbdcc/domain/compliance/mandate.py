"""The User mandate (R-MANDATE-1): which User Role(s) each Party must hold by which date, and whether it did.

- A **large supplier** (≥ 250,000 domestic premises on 15 Feb 2015) must be a User by 16 Feb 2017 — absolute,
  not "reasonable steps" — as Import Supplier if it holds an electricity supply licence and as Gas Supplier if
  it holds a gas supply licence.
- Every **other domestic supplier** must be a User in those roles by 17 Aug 2017; a **new entrant** (one that
  starts supplying domestic customers after that date) must be one *before* it first supplies a domestic
  customer: by the day before its first domestic supply date.
- A **DNO** (Distribution Service Provider) must be an Electricity Distributor User by 28 Apr 2017 — absolute.

"By" a date means on or before it (a role entered on the date complies). The date a role was entered is the
earliest user-entry date of that role over the Party's User IDs (R-USER-1). As of a report instant a mandate
is *complied* (entered on or before its due date, and on or before the instant), *not yet due* (not entered
yet and the due date not passed) or *not complied* (entered late, or not entered and the due date passed).
All dates are configuration (:class:`MandateDates`, ``GBDCC_MANDATE_*``) with these defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gbdcc.domain.compliance.parties import PartyProfile, PartyType
from gbdcc.domain.parties import User, UserRole

RULE = "R-MANDATE-1"


@dataclass(frozen=True, slots=True)
class MandateDates:
    """The due dates of R-MANDATE-1 (SEC-RULES defaults)."""

    large_supplier_by: date = date(2017, 2, 16)
    domestic_supplier_by: date = date(2017, 8, 17)
    dno_by: date = date(2017, 4, 28)


class MandateStatus(StrEnum):
    COMPLIED = "complied"
    NOT_COMPLIED = "not complied"
    NOT_YET_DUE = "not yet due"


@dataclass(frozen=True, slots=True)
class Mandate:
    """One Party's obligation to hold one User Role by ``due_by``, assessed as of a day."""

    party: str
    party_type: PartyType
    role: UserRole
    due_by: date
    basis: str  # why that date: "large supplier", "domestic supplier", "new entrant", "DNO"
    entered_on: date | None  # earliest entry date of the role over the Party's User IDs (any, even future)
    status: MandateStatus

    @property
    def days_late(self) -> int | None:
        """Days after the due date the role was entered (None when on time or not entered)."""
        if self.entered_on is None or self.entered_on <= self.due_by:
            return None
        return (self.entered_on - self.due_by).days


def first_entries(users: Iterable[User]) -> dict[UserRole, date]:
    """The earliest user-entry date of each role over ``users`` (a Party's User IDs)."""
    out: dict[UserRole, date] = {}
    for user in users:
        for entry in user.roles:
            if entry.role not in out or entry.entry_date < out[entry.role]:
                out[entry.role] = entry.entry_date
    return out


def obligation(profile: PartyProfile, dates: MandateDates) -> tuple[tuple[UserRole, ...], date, str] | None:
    """The roles ``profile`` must hold, by when, and the basis; None for a Party the mandate does not bind."""
    supplier_roles = tuple(role for role, held in ((UserRole.IMPORT_SUPPLIER, profile.electricity_licence),
                                                  (UserRole.GAS_SUPPLIER, profile.gas_licence)) if held)
    if profile.party_type is PartyType.LARGE_SUPPLIER:
        return supplier_roles, dates.large_supplier_by, "large supplier"
    if profile.party_type is PartyType.DOMESTIC_SUPPLIER:
        start = profile.domestic_supply_from
        if start is not None and start > dates.domestic_supplier_by:
            return supplier_roles, start - timedelta(days=1), f"new entrant (supplies from {start.isoformat()})"
        return supplier_roles, dates.domestic_supplier_by, "domestic supplier"
    if profile.party_type is PartyType.DNO:
        return (UserRole.ELECTRICITY_DISTRIBUTOR,), dates.dno_by, "DNO"
    return None


def status_of(due_by: date, entered_on: date | None, as_of: date) -> MandateStatus:
    """Complied / not yet due / not complied as of ``as_of`` (module docstring)."""
    entered = entered_on if entered_on is not None and entered_on <= as_of else None
    if entered is not None and entered <= due_by:
        return MandateStatus.COMPLIED
    if entered is None and as_of <= due_by:
        return MandateStatus.NOT_YET_DUE
    return MandateStatus.NOT_COMPLIED


def assess(profile: PartyProfile, entries: Mapping[UserRole, date], as_of: date,
           dates: MandateDates = MandateDates()) -> list[Mandate]:
    """The Party's mandates as of ``as_of`` (R-MANDATE-1): one per role it must hold, none if unbound."""
    found = obligation(profile, dates)
    if found is None:
        return []
    roles, due_by, basis = found
    return [Mandate(profile.name, profile.party_type, role, due_by, basis, entries.get(role),
                    status_of(due_by, entries.get(role), as_of)) for role in roles]

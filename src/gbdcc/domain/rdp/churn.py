"""User / non-User churn (R-CHURN-1): Registration Data that moves an enrolled meter to a supplier that is
not (yet) a DCC User.

Until a supplier becomes a User it is exempt from making half-hourly consumption data available to
non-domestic customers with DCC-enrolled meters, and before contracting with such a customer it must tell
them of that loss of service. The DCC knows which supplier is a User in which role on each date (its
Users' entry and exit dates, R-USER-1), so for each record of a file it can tell whether the record moves
a metering point with an enrolled meter (Enrolled or Suspended in the status file's terms) to a supplier
that is not a User in the fuel's supplier role on the effective date. Such a record is flagged; for a
non-domestic premises the half-hourly-data exemption applies and the customer must be told.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole
from gbdcc.domain.rdp.model import Fuel, RegRecord
from gbdcc.domain.registration import RegistrationPeriod, registered_at


def is_user_on(user: User | None, role: UserRole, day: date) -> bool:
    """Is ``user`` a DCC User in ``role`` on ``day`` (R-USER-1)?"""
    return user is not None and role in user.roles_on(day)


def user_from(user: User | None, role: UserRole, day: date) -> date | None:
    """The first date from ``day`` on when ``user`` is a User in ``role``, if one is known (an entry date
    already agreed); None when it never is."""
    if user is None:
        return None
    starts = [r.entry_date for r in user.roles if r.role is role and (r.exit_date is None or r.exit_date > day)]
    return max(day, min(starts)) if starts else None


@dataclass(frozen=True, slots=True)
class ChurnFlag:
    """A record moving the enrolled meter(s) ``devices`` at ``mpxn`` to ``new_supplier``, not a User on
    ``effective_from`` (``user_from``: when it will be one, if known)."""

    mpxn: str
    line: int
    new_supplier: Eui64
    previous_supplier: Eui64 | None
    effective_from: datetime
    domestic: bool
    devices: tuple[Eui64, ...]
    user_from: date | None = None

    @property
    def half_hourly_exempt(self) -> bool:
        """The supplier is exempt from making half-hourly data available (non-domestic premises only)."""
        return not self.domestic

    @property
    def customer_must_be_told(self) -> bool:
        """The supplier must tell the customer of that loss of service before contracting (R-CHURN-1)."""
        return not self.domestic


@dataclass(frozen=True, slots=True)
class RecordedChurn:
    """A flag as the DCC records it: with the RDP and the file it came from."""

    rdp_id: str
    file_id: int
    flag: ChurnFlag


def non_user_records(records: Iterable[RegRecord], fuel: Fuel, users: Mapping[Eui64, User]) -> list[RegRecord]:
    """The records whose supplier is not a User in the fuel's supplier role on the effective date."""
    role = fuel.supplier_role
    return [r for r in records if not is_user_on(users.get(r.supplier), role, r.effective_from.date())]


def churn_flags(candidates: Iterable[RegRecord], fuel: Fuel, current: Mapping[str, Sequence[RegistrationPeriod]],
                enrolled: Mapping[str, Sequence[Eui64]], users: Mapping[Eui64, User]) -> tuple[ChurnFlag, ...]:
    """R-CHURN-1 flags among ``candidates`` (from :func:`non_user_records`): those at a metering point with
    an enrolled meter (``enrolled``: MPxN → its enrolled meters) that change its supplier from who holds
    the role at the effective date in ``current`` (the periods before the file applies)."""
    role = fuel.supplier_role
    out = []
    for r in candidates:
        devices = tuple(enrolled.get(r.mpxn, ()))
        if not devices:
            continue
        holders = registered_at(current.get(r.mpxn, ()), r.effective_from).get(role, frozenset())
        if holders == {r.supplier}:
            continue
        previous = min(holders) if holders else None
        out.append(ChurnFlag(r.mpxn, r.line, r.supplier, previous, r.effective_from, r.domestic, devices,
                             user_from(users.get(r.supplier), role, r.effective_from.date())))
    return tuple(out)

"""Who is registered for a metering point at an instant (SEC H3, R-SR-1) — what access control's E4 check
reads, and what a Change of Supplier flow asks before acting for the incoming supplier (R-COS-1)."""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import registered_at
from gbdcc.service.ports import UnitOfWork


def registered_parties(uow: UnitOfWork, mpxn: str, at: datetime) -> dict[UserRole, frozenset[Eui64]]:
    """Per role, the parties registered for ``mpxn`` at ``at`` (normally one each)."""
    return registered_at(uow.registration.for_mpxns([mpxn]), at)


def is_registered(uow: UnitOfWork, mpxn: str, role: UserRole, party: Eui64, at: datetime) -> bool:
    """Is ``party`` registered in ``role`` for ``mpxn`` at ``at``?"""
    return party in registered_parties(uow, mpxn, at).get(role, frozenset())

"""Recording market-party profiles (``gbdcc parties``, ``/admin/v1/parties``; R-MANDATE-1, R-ERO-1)."""

from __future__ import annotations

from collections.abc import Sequence

from gbdcc.domain.compliance.parties import PartyProfile
from gbdcc.domain.errors import PartyMemberTaken, PartyUnknown
from gbdcc.service.ports import UnitOfWorkFactory


def record_profile(uow_factory: UnitOfWorkFactory, profile: PartyProfile) -> PartyProfile:
    """Insert or replace ``profile``; :class:`PartyMemberTaken` (nothing written) if one of its User IDs is
    another Party's. A member need not be registered as a User yet (a new entrant records its IDs first)."""
    with uow_factory() as uow:
        owners = uow.party_profiles.party_of(profile.members)
        taken = {str(user_id): name for user_id, name in owners.items() if name != profile.name}
        if taken:
            listed = ", ".join(f"{user_id} ({name})" for user_id, name in sorted(taken.items()))
            raise PartyMemberTaken(f"{profile.name}: User IDs already another Party's: {listed}")
        uow.party_profiles.put(profile)
        uow.commit()
    return profile


def get_profile(uow_factory: UnitOfWorkFactory, name: str) -> PartyProfile:
    with uow_factory(read_only=True) as uow:
        profile = uow.party_profiles.get(name)
    if profile is None:
        raise PartyUnknown(f"no market-party profile named {name!r}")
    return profile


def list_profiles(uow_factory: UnitOfWorkFactory) -> Sequence[PartyProfile]:
    with uow_factory(read_only=True) as uow:
        return uow.party_profiles.list()

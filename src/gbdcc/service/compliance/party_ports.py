"""Port of the market-party profiles (R-MANDATE-1, R-ERO-1): ``UnitOfWork.party_profiles``.

Implemented by ``adapters/db/sql_party_profiles.py`` (tables ``party_profiles``, ``party_members``) and its
in-memory twin. The two ERO queries are set-based (one statement per Party, whatever its size): a large
supplier has millions of metering points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.compliance.parties import PartyProfile
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.parties import UserRole


class PartyProfileRepository(Protocol):
    def get(self, name: str) -> PartyProfile | None: ...
    def put(self, profile: PartyProfile) -> None:
        """Insert or replace the profile and its whole member list (the caller checks that no member is
        another Party's: :meth:`party_of`)."""
        ...
    def list(self) -> Sequence[PartyProfile]:
        """Every profile, by name."""
        ...
    def party_of(self, user_ids: Sequence[Eui64]) -> dict[Eui64, str]:
        """The Party each of ``user_ids`` belongs to (those in no profile absent)."""
        ...
    def meter_points(self, name: str, at: datetime) -> Mapping[UserRole, int]:
        """Distinct MPANs for which one of the Party's User IDs is the registered Import Supplier at ``at``
        (key IS) and MPRNs for which one is the registered Gas Supplier (key GS); roles without any absent."""
        ...
    def meters_commissioned(self, name: str, until: datetime) -> Mapping[DeviceType, int]:
        """ESMEs / GSMEs whose first Commissioned entry in the SMI status history is before ``until`` and whose
        ImportMPxN one of the Party's User IDs was registered for (IS for an ESME, GS for a GSME) at that
        instant; types without any absent."""
        ...

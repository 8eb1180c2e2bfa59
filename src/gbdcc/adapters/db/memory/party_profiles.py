"""In-memory market-party profiles and the ERO queries, computed by scanning the state (tests, demos)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.compliance.parties import PartyProfile
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole

_ROLE_OF = {DeviceType.ESME: UserRole.IMPORT_SUPPLIER, DeviceType.GSME: UserRole.GAS_SUPPLIER}


class InMemoryPartyProfileRepository(Repository):
    def get(self, name: str) -> PartyProfile | None:
        return self._s().party_profiles.get(name)

    def put(self, profile: PartyProfile) -> None:
        self._s().party_profiles[profile.name] = profile

    def list(self) -> Sequence[PartyProfile]:
        return [p for _, p in sorted(self._s().party_profiles.items())]

    def party_of(self, user_ids: Sequence[Eui64]) -> dict[Eui64, str]:
        wanted = set(user_ids)
        return {m: p.name for p in self._s().party_profiles.values() for m in p.members if m in wanted}

    def _members(self, name: str) -> frozenset[Eui64]:
        profile = self._s().party_profiles.get(name)
        return frozenset(profile.members) if profile else frozenset()

    def meter_points(self, name: str, at: datetime) -> Mapping[UserRole, int]:
        at, members = utc(at, "at"), self._members(name)
        points: dict[UserRole, set[str]] = {}
        for p in self._s().registration.values():
            if p.role in _ROLE_OF.values() and p.party in members and p.effective_at(at):
                points.setdefault(p.role, set()).add(p.mpxn)
        return {role: len(mpxns) for role, mpxns in points.items()}

    def meters_commissioned(self, name: str, until: datetime) -> Mapping[DeviceType, int]:
        until, members = utc(until, "until"), self._members(name)
        state = self._s()
        out: dict[DeviceType, int] = {}
        for device in state.devices.values():
            role = _ROLE_OF.get(device.device_type)
            first = next((c.at for c in device.history if c.status is SmiStatus.COMMISSIONED), None)
            if role is None or first is None or first >= until or device.import_mpxn is None:
                continue
            if any(p.mpxn == device.import_mpxn and p.role is role and p.party in members and p.effective_at(first)
                   for p in state.registration.values()):
                out[device.device_type] = out.get(device.device_type, 0) + 1
        return out

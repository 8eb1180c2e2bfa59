"""SQL repository for market-party profiles and the two set-based ERO queries (R-MANDATE-1, R-ERO-1).

At national scale a large supplier has millions of metering points and meters, so each ERO figure is one
statement per Party, driven by its User IDs (``ix_party_members_party_user_id``) through the party index of
``registration_periods``, the ImportMPxN index of ``devices`` and the primary key of
``device_status_history``: work proportional to that Party's own registrations, no per-device round trip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, or_, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import upsert_insert
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.sql_registration import chunked
from gbdcc.adapters.db.tables import device_status_history as hist
from gbdcc.adapters.db.tables import devices, party_members, party_profiles
from gbdcc.adapters.db.tables import registration_periods as reg
from gbdcc.domain.compliance.parties import PartyProfile, PartyType
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole

_IS, _GS = UserRole.IMPORT_SUPPLIER.value, UserRole.GAS_SUPPLIER.value
_COMMISSIONED = SmiStatus.COMMISSIONED.value


def _registered_at(at: Any) -> Any:
    """The period is effective at ``at`` (a bound instant or a column): ``[effective_from, effective_to)``."""
    return and_(reg.c.effective_from <= at, or_(reg.c.effective_to.is_(None), reg.c.effective_to > at))


def _profile(row: Any, members: Sequence[Eui64]) -> PartyProfile:
    return PartyProfile(row.name, PartyType(row.party_type), row.domestic_premises, bool(row.electricity_licence),
                        bool(row.gas_licence), row.domestic_supply_from, row.notes, tuple(members))


class SqlPartyProfileRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, name: str) -> PartyProfile | None:
        row = self._conn.execute(select(party_profiles).where(party_profiles.c.name == name)).first()
        if row is None:
            return None
        members = self._conn.execute(select(party_members.c.user_id).where(party_members.c.party == name)
                                     .order_by(party_members.c.position)).scalars().all()
        return _profile(row, members)

    def put(self, profile: PartyProfile) -> None:
        values = {"name": profile.name, "party_type": profile.party_type.value,
                  "domestic_premises": profile.domestic_premises, "electricity_licence": profile.electricity_licence,
                  "gas_licence": profile.gas_licence, "domestic_supply_from": profile.domestic_supply_from,
                  "notes": profile.notes}
        ins = upsert_insert(self._conn, party_profiles).values(**values)
        self._conn.execute(ins.on_conflict_do_update(
            index_elements=[party_profiles.c.name],
            set_={k: getattr(ins.excluded, k) for k in values if k != "name"}))
        self._conn.execute(delete(party_members).where(party_members.c.party == profile.name))
        if profile.members:
            self._conn.execute(insert(party_members), [{"user_id": m, "party": profile.name, "position": i}
                                                       for i, m in enumerate(profile.members)])

    def list(self) -> Sequence[PartyProfile]:
        """Every profile by name (two queries, whatever the number of Parties)."""
        members: dict[str, list[Eui64]] = defaultdict(list)
        for m in self._conn.execute(select(party_members).order_by(party_members.c.party, party_members.c.position)):
            members[m.party].append(m.user_id)
        rows = self._conn.execute(select(party_profiles).order_by(party_profiles.c.name)).all()
        return [_profile(r, members.get(r.name, ())) for r in rows]

    def party_of(self, user_ids: Sequence[Eui64]) -> dict[Eui64, str]:
        out: dict[Eui64, str] = {}
        for batch in chunked(sorted(set(user_ids))):
            stmt = select(party_members.c.user_id, party_members.c.party).where(party_members.c.user_id.in_(batch))
            out.update({r.user_id: r.party for r in self._conn.execute(stmt)})
        return out

    def meter_points(self, name: str, at: datetime) -> Mapping[UserRole, int]:
        at = utc(at, "at")
        stmt = (select(reg.c.role, func.count(func.distinct(reg.c.mpxn)))
                .select_from(party_members.join(reg, reg.c.party == party_members.c.user_id))
                .where(party_members.c.party == name, reg.c.role.in_([_IS, _GS]), _registered_at(at))
                .group_by(reg.c.role))
        return {UserRole(role): int(n) for role, n in self._conn.execute(stmt)}

    def meters_commissioned(self, name: str, until: datetime) -> Mapping[DeviceType, int]:
        until = utc(until, "until")
        earlier = hist.alias("earlier")
        first_commissioned = ~exists().where(earlier.c.device_id == hist.c.device_id,
                                             earlier.c.status == _COMMISSIONED, earlier.c.seq < hist.c.seq)
        meter_of_role = or_(and_(reg.c.role == _IS, devices.c.device_type == DeviceType.ESME.value),
                            and_(reg.c.role == _GS, devices.c.device_type == DeviceType.GSME.value))
        stmt = (select(devices.c.device_type, func.count(func.distinct(devices.c.device_id)))
                .select_from(party_members
                             .join(reg, reg.c.party == party_members.c.user_id)
                             .join(devices, and_(devices.c.import_mpxn == reg.c.mpxn, meter_of_role))
                             .join(hist, and_(hist.c.device_id == devices.c.device_id,
                                              hist.c.status == _COMMISSIONED)))
                .where(party_members.c.party == name, reg.c.role.in_([_IS, _GS]), hist.c.at < until,
                       _registered_at(hist.c.at), first_commissioned)
                .group_by(devices.c.device_type))
        return {DeviceType(t): int(n) for t, n in self._conn.execute(stmt)}

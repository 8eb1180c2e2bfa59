"""A GENERATED (simulated) energy market for the User mandate and ERO reports (R-MANDATE-1, R-ERO-1).

Deterministic for a seed: Parties with their profiles, User IDs and roles with entry dates, Registration Data
(MPANs / MPRNs registered to each supplier, with churn before and after the date it became a User) and SMETS2
meters in the SMI with their status histories. The *counts* come from the :class:`SupplierSpec` s — so a
report over the market can be checked against figures computed by hand from the spec — and the seed decides
the identifiers, instants and which premises get which meter. Nothing here is real market data.

``gbdcc parties generate`` loads :data:`DEMO_MARKET`; tests build their own specs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from gbdcc.domain.compliance.parties import PartyProfile, PartyType, make_profile
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.service.ports import UnitOfWork

#: The supplier premises move to when a generated churn takes them from a Party (in no profile).
OUTSIDER = Eui64(0x90B3D51F3FFF0001)
_USER_BASE = 0x90B3D51F30A00000
_ERO_END = datetime(2017, 2, 18, tzinfo=UTC)  # generated installs fall before the default ERO day ends


@dataclass(frozen=True, slots=True)
class SupplierSpec:
    """One generated Party. ``roles``: (role, entry date) per User ID — several tuples, several IDs.

    Counts at the date it became a User (its earliest IS / GS entry): ``electricity_only`` / ``gas_only`` /
    ``dual_fuel`` premises registered to it; ``lost_before`` points it had lost by then and ``gained_after``
    points it gains later (neither counts). ``esme_installed`` / ``gsme_installed`` meters it commissions at
    its points by the end of 17 Feb 2017, ``late`` ESMEs commissioned after that day; ``churned`` of its
    installed meters' premises move to :data:`OUTSIDER` after the install, and ``recommissioned`` of its
    installed meters are suspended and commissioned again after the ERO day.
    """

    name: str
    roles: tuple[tuple[tuple[UserRole, date], ...], ...] = ()
    party_type: PartyType | None = None  # decided from the size when None
    domestic_premises: int = 0
    electricity_licence: bool = True
    gas_licence: bool = False
    domestic_supply_from: date | None = None
    electricity_only: int = 0
    gas_only: int = 0
    dual_fuel: int = 0
    lost_before: int = 0
    gained_after: int = 0
    esme_installed: int = 0
    gsme_installed: int = 0
    late: int = 0
    churned: int = 0
    recommissioned: int = 0


@dataclass(slots=True)
class Market:
    profiles: list[PartyProfile] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    periods: list[RegistrationPeriod] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)


class _Ids:
    """Unique seeded identifiers: MPANs (13 digits), MPRNs (10 digits), device EUI-64s."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[int] = set()

    def _number(self, low: int, high: int) -> int:
        while (value := self._rng.randrange(low, high)) in self._seen:
            pass
        self._seen.add(value)
        return value

    def mpan(self) -> str:
        return str(self._number(10**12, 10**13))

    def mprn(self) -> str:
        return str(self._number(10**9, 10**10))

    def device(self) -> Eui64:
        return Eui64(self._number(0x00DB_0000_0000_0000, 0x00DB_0100_0000_0000))


def _instant(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A whole second in ``[start, end)``."""
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def _meter(ids: _Ids, kind: DeviceType, mpxn: str, at: datetime, *, resume: datetime | None = None) -> Device:
    """A meter pre-notified a week before ``at``, installed an hour before, Commissioned at ``at``; with
    ``resume`` also Suspended a day after and Commissioned again at ``resume``."""
    history = [StatusChange(SmiStatus.PENDING, at - timedelta(days=7), "12.2 Device Pre-notification"),
               StatusChange(SmiStatus.INSTALLED_NOT_COMMISSIONED, at - timedelta(hours=1), "8.14.1 install"),
               StatusChange(SmiStatus.COMMISSIONED, at, "commissioned")]
    if resume is not None:
        history += [StatusChange(SmiStatus.SUSPENDED, at + timedelta(days=1), "suspended (generated)"),
                    StatusChange(SmiStatus.COMMISSIONED, resume, "commissioned again")]
    last = history[-1]
    return Device(ids.device(), kind, last.status, last.at, manufacturer="Generated", model="SMETS2",
                  smets_chts_version="SMETS2", import_mpxn=mpxn, date_commissioned=at.date(), history=tuple(history))


def generate_market(specs: Sequence[SupplierSpec], seed: int = 1) -> Market:
    """The market of ``specs`` (module docstring): the same specs and seed give the same market."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    market = Market()
    for index, spec in enumerate(specs):
        members = []
        for k, roles in enumerate(spec.roles):
            user_id = Eui64(_USER_BASE + index * 16 + k)
            members.append(user_id)
            market.users.append(User(user_id, spec.name, tuple(UserRoleEntry(r, d) for r, d in roles)))
        market.profiles.append(make_profile(
            spec.name, party_type=spec.party_type, domestic_premises=spec.domestic_premises,
            electricity_licence=spec.electricity_licence, gas_licence=spec.gas_licence,
            domestic_supply_from=spec.domestic_supply_from, members=members))
        _supply(spec, members, rng, ids, market)
    return market


def _supply(spec: SupplierSpec, members: list[Eui64], rng: random.Random, ids: _Ids, market: Market) -> None:
    """The Registration Data and meters of one supplier spec."""
    by_role = {r: members[k] for k, roles in enumerate(spec.roles) for r, _ in roles}
    entries = [d for roles in spec.roles for r, d in roles if r in (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER)]
    if not entries:
        return
    user_at = datetime.combine(min(entries), time(0), tzinfo=UTC)
    is_id = by_role.get(UserRole.IMPORT_SUPPLIER, members[0])
    gs_id = by_role.get(UserRole.GAS_SUPPLIER, members[0])
    since = datetime(2010, 1, 1, tzinfo=UTC)
    elec: list[str] = []
    gas: list[str] = []
    for premises in range(spec.electricity_only + spec.gas_only + spec.dual_fuel):
        fuels = ("E" if premises < spec.electricity_only else "G" if premises < spec.electricity_only + spec.gas_only
                 else "EG")
        for fuel in fuels:
            mpxn = ids.mpan() if fuel == "E" else ids.mprn()
            (elec if fuel == "E" else gas).append(mpxn)
            market.periods.append(RegistrationPeriod(mpxn, UserRole.IMPORT_SUPPLIER if fuel == "E"
                                                     else UserRole.GAS_SUPPLIER, is_id if fuel == "E" else gs_id,
                                                     _instant(rng, since, user_at)))
    for _ in range(spec.lost_before):  # ended before the User date: not counted
        start = _instant(rng, since, user_at - timedelta(days=30))
        market.periods.append(RegistrationPeriod(ids.mpan(), UserRole.IMPORT_SUPPLIER, is_id, start,
                                                 _instant(rng, start + timedelta(days=1), user_at)))
    for _ in range(spec.gained_after):  # starts after the User date: not counted
        market.periods.append(RegistrationPeriod(ids.mpan(), UserRole.IMPORT_SUPPLIER, is_id,
                                                 _instant(rng, user_at + timedelta(seconds=1),
                                                          user_at + timedelta(days=60))))
    _install(spec, rng, ids, market, elec, gas, user_at)


def _install(spec: SupplierSpec, rng: random.Random, ids: _Ids, market: Market, elec: list[str], gas: list[str],
             user_at: datetime) -> None:
    if spec.esme_installed + spec.late > len(elec) or spec.gsme_installed > len(gas):
        raise ValueError(f"{spec.name}: more meters than metering points")
    sites = rng.sample(elec, spec.esme_installed + spec.late)
    gas_sites = rng.sample(gas, spec.gsme_installed)
    start = max(user_at, datetime(2016, 1, 1, tzinfo=UTC))
    if spec.esme_installed + spec.gsme_installed and start >= _ERO_END - timedelta(days=2):
        raise ValueError(f"{spec.name}: becomes a User too late to install meters by the ERO day")
    installed: list[Device] = []
    for n, mpxn in enumerate([*sites[:spec.esme_installed], *gas_sites]):
        kind = DeviceType.ESME if n < spec.esme_installed else DeviceType.GSME
        at = _instant(rng, start, min(_ERO_END, start + timedelta(days=400)) - timedelta(days=1))
        resume = _instant(rng, _ERO_END + timedelta(days=2), _ERO_END + timedelta(days=90)) \
            if n < spec.recommissioned else None
        installed.append(_meter(ids, kind, mpxn, at, resume=resume))
    for mpxn in sites[spec.esme_installed:]:  # commissioned after the ERO day: not counted
        installed.append(_meter(ids, DeviceType.ESME, mpxn, _instant(rng, _ERO_END, _ERO_END + timedelta(days=90))))
    market.devices.extend(installed)
    for device in installed[:spec.churned]:  # the premises moves on a day after the install: still counted
        assert device.import_mpxn is not None
        role = UserRole.IMPORT_SUPPLIER if device.device_type is DeviceType.ESME else UserRole.GAS_SUPPLIER
        i, old = next((i, p) for i, p in enumerate(market.periods) if p.mpxn == device.import_mpxn and p.role is role)
        move = device.history[2].at + timedelta(days=1)
        market.periods[i] = RegistrationPeriod(old.mpxn, role, old.party, old.effective_from, move)
        market.periods.append(RegistrationPeriod(old.mpxn, role, OUTSIDER, move))


def load_market(uow: UnitOfWork, market: Market) -> None:
    """Write the market in the unit (Registration Data through the bulk path); the caller commits."""
    for user in market.users:
        uow.users.put(user)
    uow.registration.apply([], market.periods, [])
    for device in market.devices:
        uow.inventory.add(device)
    for profile in market.profiles:
        uow.party_profiles.put(profile)


def _d(text: str) -> date:
    return date.fromisoformat(text)


IS, GS, ED, OU = (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR,
                  UserRole.OTHER_USER)
#: The demo market of ``gbdcc parties generate`` (small: targets are a handful of meters).
DEMO_MARKET: tuple[SupplierSpec, ...] = (
    SupplierSpec("Big Energy plc", (((IS, _d("2016-11-01")),), ((GS, _d("2016-12-01")),)),
                 domestic_premises=300_000, gas_licence=True, electricity_only=1_001, dual_fuel=1_500,
                 lost_before=100, gained_after=40, esme_installed=1, gsme_installed=1, late=3, churned=1,
                 recommissioned=1),
    SupplierSpec("Volt Supply Ltd", (((IS, _d("2017-01-10")),),), domestic_premises=250_000,
                 electricity_only=4_000, lost_before=50, gained_after=30, late=2),
    SupplierSpec("Late Power Ltd", (((IS, _d("2017-03-01")), (GS, _d("2017-03-01"))),), domestic_premises=260_000,
                 gas_licence=True, electricity_only=400),
    SupplierSpec("Small Gas Co", (((GS, _d("2017-08-17")),),), domestic_premises=20_000, electricity_licence=False,
                 gas_licence=True, gas_only=80),
    SupplierSpec("Slow Supply Ltd", (), domestic_premises=5_000),
    SupplierSpec("Newco Energy", (((IS, _d("2017-09-20")),),), domestic_supply_from=_d("2017-10-01")),
    SupplierSpec("Northern Wires", (((ED, _d("2017-04-28")),),), party_type=PartyType.DNO,
                 electricity_licence=False),
    SupplierSpec("Southern Wires", (((ED, _d("2017-05-02")),),), party_type=PartyType.DNO,
                 electricity_licence=False),
    SupplierSpec("Acme Services", (((OU, _d("2018-01-01")),),), electricity_licence=False),
)

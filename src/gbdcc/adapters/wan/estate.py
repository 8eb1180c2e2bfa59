"""The estate generator: premises with Communications Hubs, meters and HAN devices for the SMI.

SIMULATION. Builds a synthetic national estate, deterministic from a seed, as
:class:`gbdcc.domain.inventory.Device` values:

* a fuel mix (defaults ~50% dual fuel, 35% electricity only, 15% gas only) and ~15% prepayment;
* per premises: a Communications Hub (CHF, plus a GPF when there is gas — DOMAIN.md §1), an ESME with a
  valid MPAN core (check digit, :class:`gbdcc.domain.ids.Mpan`), a GSME with a valid MPRN
  (:class:`gbdcc.domain.ids.Mprn`), an IHD and, for prepayment, a PPMID;
* EUI-64s allocated deterministically from each (fictional, locally administered) manufacturer OUI:
  ``OUI << 40 | premises_index * 8 + slot`` — unique for any mix of manufacturers;
* UPRN, postcode, CSP region (:mod:`gbdcc.adapters.wan.coverage`), SMI status Commissioned with a
  configurable share InstalledNotCommissioned / Pending.

No per-device key is stored: device keys are derived on demand (``smki.device_keys``).
Generation streams (one premises at a time); :func:`run_estate_generation` persists it in batches through
the unit of work's inventory repository, or through :func:`persist_bulk` (SQLAlchemy Core ``insert``
executemany on ``adapters/db/tables.py``) which is what national volumes need.
"""

from __future__ import annotations

import random
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION, CspRegion
from gbdcc.domain.ids import Eui64, mpan_check_digit, mprn_check_digits
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.service.ports import UnitOfWorkFactory

if TYPE_CHECKING:
    from sqlalchemy import Engine

GENERATION_CAUSE = "estate generation (simulated)"
MAX_PREMISES = 10**8  # MPRNs here have 8 leading digits


class Fuel(StrEnum):
    DUAL = "dual"
    ELECTRICITY = "electricity"
    GAS = "gas"


@dataclass(frozen=True, slots=True)
class EstateMix:
    """Shares of the estate. ``dual + electricity_only + gas_only`` must be 1."""

    dual_fuel: float = 0.50
    electricity_only: float = 0.35
    gas_only: float = 0.15
    prepayment: float = 0.15
    installed_not_commissioned: float = 0.03
    pending: float = 0.02
    with_ihd: float = 1.0

    def __post_init__(self) -> None:
        if abs(self.dual_fuel + self.electricity_only + self.gas_only - 1.0) > 1e-9:
            raise ValueError("fuel shares must add up to 1")
        if self.installed_not_commissioned + self.pending > 1.0:
            raise ValueError("status shares exceed 1")


@dataclass(frozen=True, slots=True)
class Manufacturer:
    """A fictional device maker: name, OUI (locally administered, so never a real vendor's) and the
    model / firmware / SMETS-CHTS version of what it makes."""

    name: str
    oui: int
    model: str
    firmware: str
    smets_chts_version: str = "SMETS2"


#: Illustrative makers per device type (the estate picks one per premises per type).
MANUFACTURERS: dict[DeviceType, tuple[Manufacturer, ...]] = {
    DeviceType.CHF: (Manufacturer("SimHub Ltd (simulated)", 0x02A001, "SH-CH-4G", "2.1.0", "CHTS"),
                     Manufacturer("Example Comms (simulated)", 0x02A002, "EC-CH-LR", "1.9.3", "CHTS")),
    DeviceType.ESME: (Manufacturer("SimMeter Ltd (simulated)", 0x02B001, "SM-E1P", "5.2.1"),
                      Manufacturer("Demo Metering (simulated)", 0x02B002, "DM-E100", "3.0.7")),
    DeviceType.GSME: (Manufacturer("SimGas Ltd (simulated)", 0x02C001, "SG-G4", "4.4.0"),),
    DeviceType.IHD: (Manufacturer("SimDisplay Ltd (simulated)", 0x02D001, "SD-IHD3", "1.2.0", "SMETS2"),),
    DeviceType.PPMID: (Manufacturer("SimDisplay Ltd (simulated)", 0x02D001, "SD-PPMID2", "1.1.4"),),
}

#: EUI slot per device type within a premises (serial = premises_index * 8 + slot).
_SLOT = {DeviceType.CHF: 0, DeviceType.GPF: 1, DeviceType.ESME: 2, DeviceType.GSME: 3,
         DeviceType.IHD: 4, DeviceType.PPMID: 5}

#: Electricity distributor IDs (MPAN core's first two digits) per CSP region (approximate).
_DISTRIBUTORS = {CspRegion.NORTH: (13, 15, 16, 17, 18, 23), CspRegion.CENTRAL: (10, 11, 14, 21),
                 CspRegion.SOUTH: (12, 19, 20, 22)}
_AREAS = tuple(sorted(POSTCODE_AREA_REGION))
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # inward codes never use C I K M O V


@dataclass(frozen=True, slots=True)
class Premises:
    """One generated premises and its devices (CHF first)."""

    index: int
    uprn: str
    postcode: str
    address_identifier: str
    csp_region: CspRegion
    fuel: Fuel
    prepayment: bool
    status: SmiStatus
    mpan: str | None
    mprn: str | None
    devices: tuple[Device, ...]

    def device(self, device_type: DeviceType) -> Device | None:
        return next((d for d in self.devices if d.device_type == device_type), None)


def make_mpan(distributor: int, serial: int) -> str:
    """A 13-digit MPAN core with a valid check digit (DOMAIN.md §5)."""
    first12 = f"{distributor:02d}{serial:010d}"
    return f"{first12}{mpan_check_digit(first12)}"


def make_mprn(serial: int) -> str:
    """A 10-digit MPRN: 8 leading digits and the two check digits (DOMAIN.md §5, unverified rule)."""
    leading = f"{serial:08d}"
    return leading + mprn_check_digits(leading)


def premises_uprn(index: int) -> str:
    """The UPRN of generated premises ``index`` (whatever the seed: indexes, not seeds, keep estates apart)."""
    return str(10_000_000_000 + index)


def generate_estate(
    n_premises: int,
    seed: int,
    *,
    mix: EstateMix = EstateMix(),
    start_index: int = 0,
    at: datetime = datetime(2025, 1, 1, tzinfo=UTC),
    install_window_days: int = 3 * 365,
) -> Iterator[Premises]:
    """Yield ``n_premises`` premises, deterministic from ``seed`` and ``start_index`` (use a new
    ``start_index`` to append to an existing estate without clashing IDs). Installation instants fall in
    the ``install_window_days`` before ``at`` (no clock is read)."""
    if start_index < 0 or start_index + n_premises > MAX_PREMISES:
        raise ValueError(f"premises indexes must stay within [0, {MAX_PREMISES})")
    rng = random.Random(f"gbdcc-estate:{seed}:{start_index}")
    cum_elec = mix.dual_fuel + mix.electricity_only
    for index in range(start_index, start_index + n_premises):
        u = rng.random()
        fuel = Fuel.DUAL if u < mix.dual_fuel else Fuel.ELECTRICITY if u < cum_elec else Fuel.GAS
        yield _premises(index, fuel, rng, mix, at, install_window_days)


def _premises(index: int, fuel: Fuel, rng: random.Random, mix: EstateMix, at: datetime,
              window_days: int) -> Premises:
    area = _AREAS[rng.randrange(len(_AREAS))]
    region = POSTCODE_AREA_REGION[area]
    postcode = (f"{area}{rng.randint(1, 29)} {rng.randint(0, 9)}"
                f"{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}")
    house = str(rng.randint(1, 250))
    uprn = premises_uprn(index)
    prepayment = rng.random() < mix.prepayment
    s = rng.random()
    status = (SmiStatus.PENDING if s < mix.pending
              else SmiStatus.INSTALLED_NOT_COMMISSIONED if s < mix.pending + mix.installed_not_commissioned
              else SmiStatus.COMMISSIONED)
    installed = at - timedelta(seconds=rng.randrange(max(1, window_days) * 86_400))
    commissioned = installed.date() if status == SmiStatus.COMMISSIONED else None
    history = (StatusChange(status, installed, GENERATION_CAUSE),)
    has_elec = fuel != Fuel.GAS
    has_gas = fuel != Fuel.ELECTRICITY
    mpan = make_mpan(rng.choice(_DISTRIBUTORS[region]), index) if has_elec else None
    mprn = make_mprn(index) if has_gas else None
    serial = index * 8

    def pick(t: DeviceType) -> Manufacturer:
        makers = MANUFACTURERS[t]
        return makers[rng.randrange(len(makers))] if len(makers) > 1 else makers[0]

    common: dict[str, Any] = {"status": status, "status_at": installed, "uprn": uprn, "postcode": postcode,
                              "address_identifier": house, "csp_region": region.value,
                              "date_commissioned": commissioned, "history": history}

    def device(t: DeviceType, maker: Manufacturer, **extra: Any) -> Device:
        return Device(device_id=Eui64(maker.oui << 40 | serial + _SLOT[t]), device_type=t,
                      manufacturer=maker.name, model=maker.model, firmware_version=maker.firmware,
                      smets_chts_version=maker.smets_chts_version, **common, **extra)

    hub_maker = pick(DeviceType.CHF)
    chf = device(DeviceType.CHF, hub_maker)
    devices = [chf]
    gpf = None
    if has_gas:
        gpf = device(DeviceType.GPF, hub_maker, chf_id=chf.device_id)
        devices.append(gpf)
    if has_elec:
        devices.append(device(DeviceType.ESME, pick(DeviceType.ESME), chf_id=chf.device_id,
                              import_mpxn=mpan, esme_variant="A"))
    if gpf is not None:
        devices.append(device(DeviceType.GSME, pick(DeviceType.GSME), chf_id=chf.device_id,
                              associated_gpf_id=gpf.device_id, import_mpxn=mprn))
    if rng.random() < mix.with_ihd:
        devices.append(device(DeviceType.IHD, pick(DeviceType.IHD), chf_id=chf.device_id))
    if prepayment:
        devices.append(device(DeviceType.PPMID, pick(DeviceType.PPMID), chf_id=chf.device_id))
    return Premises(index, uprn, postcode, house, region, fuel, prepayment, status, mpan, mprn,
                    tuple(devices))


# --- who the estate belongs to --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EstateParties:
    """The supplier and network operator a generated estate is registered to (SIMULATION: one of each for
    the whole estate), from ``effective_from``; their Organisation Certificates are on every device."""

    supplier: Eui64
    network_operator: Eui64
    effective_from: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    gas_transporter: Eui64 | None = None  # default: the network operator (one party for both networks)

    def registrations(self, p: Premises) -> list[RegistrationPeriod]:
        """Registration Data of the premises' MPAN (IS, ED) and MPRN (GS, GT)."""
        out = []
        for mpxn, roles in ((p.mpan, (UserRole.IMPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR)),
                            (p.mprn, (UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER))):
            if mpxn is None:
                continue
            for role in roles:
                party = {UserRole.IMPORT_SUPPLIER: self.supplier, UserRole.GAS_SUPPLIER: self.supplier,
                         UserRole.ELECTRICITY_DISTRIBUTOR: self.network_operator,
                         UserRole.GAS_TRANSPORTER: self.gas_transporter or self.network_operator}[role]
                out.append(RegistrationPeriod(mpxn, role, party, self.effective_from))
        return out

    def credentialed(self, p: Premises) -> Premises:
        """The premises with the parties' certificates in every device's trust anchors (R-SMI-3)."""
        devices = tuple(replace(d, supplier_credentials=self.supplier,
                                network_operator_credentials=self.network_operator) for d in p.devices)
        return replace(p, devices=devices)


# --- persistence -------------------------------------------------------------------------------------


@dataclass
class EstateReport:
    """What a generation run produced and what it cost."""

    premises: int = 0
    devices: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_region: Counter[str] = field(default_factory=Counter)
    by_fuel: Counter[str] = field(default_factory=Counter)
    prepayment: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    path: str = "uow"

    @property
    def premises_per_second(self) -> float:
        return self.premises / self.seconds if self.seconds else 0.0

    @property
    def devices_per_second(self) -> float:
        return self.devices / self.seconds if self.seconds else 0.0

    @property
    def rate(self) -> float:
        return self.premises_per_second

    def count(self, p: Premises) -> None:
        self.premises += 1
        self.devices += len(p.devices)
        self.by_region[p.csp_region.value] += 1
        self.by_fuel[p.fuel.value] += 1
        self.prepayment += p.prepayment
        self.by_status[p.status.value] += 1
        for d in p.devices:
            self.by_type[d.device_type.value] += 1


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _batches(premises: Iterator[Premises], batch_devices: int) -> Iterator[list[Premises]]:
    batch: list[Premises] = []
    size = 0
    for p in premises:
        batch.append(p)
        size += len(p.devices)
        if size >= batch_devices:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def run_estate_generation(
    uow_factory: UnitOfWorkFactory | None,
    n: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    *,
    mix: EstateMix = EstateMix(),
    start_index: int = 0,
    at: datetime = datetime(2025, 1, 1, tzinfo=UTC),
    batch_devices: int = 5_000,
    bulk_engine: Engine | None = None,
    parties: EstateParties | None = None,
) -> EstateReport:
    """Generate ``n`` premises and persist them, ``batch_devices`` devices per transaction.

    With ``bulk_engine`` the rows go straight to ``adapters/db/tables.py`` through SQLAlchemy Core
    (:func:`persist_bulk`, ~an order of magnitude faster); otherwise through ``uow.inventory.add``.
    With ``parties`` the premises are registered to them (Registration Data, written through the unit
    of work) and their devices hold their certificates. ``progress`` is called after each batch with the
    cumulative number of premises done.
    """
    if uow_factory is None and bulk_engine is None:
        raise ValueError("need a unit of work factory or a bulk engine")
    report = EstateReport(path="bulk" if bulk_engine is not None else "uow")
    started = time.perf_counter()
    estate = generate_estate(n, seed, mix=mix, start_index=start_index, at=at)
    if parties is not None and uow_factory is None:
        raise ValueError("registering an estate to parties needs a unit of work factory")
    for batch in _batches(estate, batch_devices):
        if parties is not None:
            batch = [parties.credentialed(p) for p in batch]
            assert uow_factory is not None
            with uow_factory() as uow:
                for p in batch:
                    for period in parties.registrations(p):
                        uow.registration.put(period)
                uow.commit()
        if bulk_engine is not None:
            persist_bulk(bulk_engine, batch)
        else:
            assert uow_factory is not None
            with uow_factory() as uow:
                for p in batch:
                    for d in p.devices:
                        uow.inventory.add(d)
                uow.commit()
        for p in batch:
            report.count(p)
        if progress is not None:
            progress(report.premises)
    report.seconds = time.perf_counter() - started
    report.peak_rss_mb = peak_rss_mb()
    return report


def persist_bulk(engine: Engine, batch: Sequence[Premises]) -> int:
    """Insert the devices (and their status history) of ``batch`` in one transaction with Core
    ``insert()`` executemany. Returns the number of devices written."""
    from gbdcc.adapters.db.tables import device_status_history, devices

    rows: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for p in batch:
        for d in p.devices:
            rows.append({
                "device_id": d.device_id, "device_type": d.device_type.value, "status": d.status.value,
                "status_at": d.status_at, "manufacturer": d.manufacturer, "model": d.model,
                "smets_chts_version": d.smets_chts_version, "firmware_version": d.firmware_version,
                "esme_variant": d.esme_variant, "import_mpxn": d.import_mpxn,
                "secondary_import_mpan": None, "export_mpan": None, "uprn": d.uprn, "postcode": d.postcode,
                "address_identifier": d.address_identifier, "csp_region": d.csp_region,
                "chf_id": d.chf_id, "associated_gpf_id": d.associated_gpf_id,
                "date_commissioned": d.date_commissioned,
                "supplier_credentials": d.supplier_credentials,
                "network_operator_credentials": d.network_operator_credentials,
            })
            history.extend({"device_id": d.device_id, "seq": i, "status": h.status.value, "at": h.at,
                            "cause": h.cause} for i, h in enumerate(d.history))
    with engine.begin() as conn:
        conn.execute(devices.insert(), rows)
        if history:
            conn.execute(device_status_history.insert(), history)
    return len(rows)

"""The estate generator: mix, identifier validity, associations, determinism, streaming, persistence."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from types import TracebackType
from typing import Self

import pytest
from sqlalchemy import create_engine, func, select

from gbdcc.adapters.wan.coverage import region_for_postcode
from gbdcc.adapters.wan.estate import (
    EstateMix,
    Fuel,
    generate_estate,
    make_mpan,
    make_mprn,
    run_estate_generation,
)
from gbdcc.domain.ids import Eui64, Mpan, Mprn
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus


def test_mix_matches_configured_shares() -> None:
    estate = list(generate_estate(5000, seed=11))
    fuels = Counter(p.fuel for p in estate)
    assert abs(fuels[Fuel.DUAL] / 5000 - 0.50) < 0.03
    assert abs(fuels[Fuel.ELECTRICITY] / 5000 - 0.35) < 0.03
    assert abs(fuels[Fuel.GAS] / 5000 - 0.15) < 0.02
    assert abs(sum(p.prepayment for p in estate) / 5000 - 0.15) < 0.02
    statuses = Counter(p.status for p in estate)
    assert statuses[SmiStatus.COMMISSIONED] / 5000 > 0.9
    assert statuses[SmiStatus.PENDING] > 0 and statuses[SmiStatus.INSTALLED_NOT_COMMISSIONED] > 0


def test_identifiers_are_valid_and_unique_and_devices_associated() -> None:
    euis: set[Eui64] = set()
    mpxns: set[str] = set()
    for p in generate_estate(3000, seed=5):
        chf = p.device(DeviceType.CHF)
        assert chf is not None and p.devices[0] is chf
        assert region_for_postcode(p.postcode) == p.csp_region
        esme, gsme, gpf = (p.device(t) for t in (DeviceType.ESME, DeviceType.GSME, DeviceType.GPF))
        assert (esme is not None) == (p.fuel != Fuel.GAS)
        assert (gsme is not None) == (gpf is not None) == (p.fuel != Fuel.ELECTRICITY)
        assert (p.device(DeviceType.PPMID) is not None) == p.prepayment
        if esme is not None:
            assert str(Mpan.parse(esme.import_mpxn or "")) == p.mpan  # strict: check digit valid
        if gsme is not None and gpf is not None:
            assert str(Mprn.parse(gsme.import_mpxn or "")) == p.mprn
            assert gsme.associated_gpf_id == gpf.device_id
            assert gpf.device_id.value >> 40 == chf.device_id.value >> 40  # one hub, one maker
        for d in p.devices:
            assert d.device_id not in euis
            euis.add(d.device_id)
            assert d.uprn == p.uprn and d.csp_region == p.csp_region.value
            assert d.status == p.status and d.history[-1].status == p.status
            assert (d.date_commissioned is not None) == (p.status == SmiStatus.COMMISSIONED)
            assert d.manufacturer and d.model and d.firmware_version
            if d.device_type != DeviceType.CHF:
                assert d.chf_id == chf.device_id
        for m in (p.mpan, p.mprn):
            if m:
                assert m not in mpxns
                mpxns.add(m)


def test_identifier_helpers() -> None:
    assert Mpan.parse(make_mpan(13, 123)).value.startswith("13")
    assert len(make_mprn(42)) == 10 and Mprn.parse(make_mprn(42))


def test_deterministic_and_appendable() -> None:
    a = [p.devices for p in generate_estate(200, seed=9)]
    b = [p.devices for p in generate_estate(200, seed=9)]
    c = [p.devices for p in generate_estate(200, seed=10)]
    assert a == b and a != c
    first = {d.device_id for p in generate_estate(100, seed=9) for d in p.devices}
    more = {d.device_id for p in generate_estate(100, seed=9, start_index=100) for d in p.devices}
    assert not first & more


def test_custom_mix_and_validation() -> None:
    estate = list(generate_estate(300, 1, mix=EstateMix(1.0, 0.0, 0.0, prepayment=0.0, pending=0.0,
                                                        installed_not_commissioned=0.0, with_ihd=0.0)))
    assert {p.fuel for p in estate} == {Fuel.DUAL}
    assert all(len(p.devices) == 4 for p in estate)  # CHF, GPF, ESME, GSME
    with pytest.raises(ValueError):
        EstateMix(0.5, 0.5, 0.5)


def test_generation_streams_in_flat_memory() -> None:
    tracemalloc.start()
    try:
        devices = 0
        for p in generate_estate(20_000, seed=3):
            devices += len(p.devices)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert devices > 80_000
    assert peak < 2_000_000  # a whole 20k estate as Device values would be ~60 MB


class _Inventory:
    def __init__(self, store: dict[Eui64, Device]) -> None:
        self.store = store
        self.pending: dict[Eui64, Device] = {}

    def add(self, device: Device) -> None:
        assert device.device_id not in self.store and device.device_id not in self.pending
        self.pending[device.device_id] = device


class _Uow:
    """Just enough of the UnitOfWork port for the generator (the db adapter's own is contract-tested)."""

    commits = 0

    def __init__(self, store: dict[Eui64, Device]) -> None:
        self.inventory = _Inventory(store)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.inventory.pending.clear()

    def commit(self) -> None:
        _Uow.commits += 1
        self.inventory.store.update(self.inventory.pending)
        self.inventory.pending.clear()


def test_run_through_unit_of_work_in_batches_with_progress() -> None:
    store: dict[Eui64, Device] = {}
    seen: list[int] = []
    _Uow.commits = 0
    report = run_estate_generation(lambda: _Uow(store), 1000, 4, seen.append,  # type: ignore[arg-type,return-value]
                                   batch_devices=500)
    assert report.premises == 1000 and report.devices == len(store)
    assert sum(report.by_type.values()) == report.devices
    assert seen[-1] == 1000 and seen == sorted(seen) and len(seen) == _Uow.commits >= 8
    assert report.seconds > 0 and report.rate > 0 and report.peak_rss_mb > 0
    assert report.by_type["CHF"] == 1000


def test_bulk_path_into_sqlite() -> None:
    from gbdcc.adapters.db.tables import device_status_history, devices, metadata

    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    report = run_estate_generation(None, 500, 2, bulk_engine=engine, batch_devices=700)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(devices)) == report.devices
        assert conn.scalar(select(func.count()).select_from(device_status_history)) == report.devices
        row = conn.execute(select(devices).where(devices.c.device_type == "GSME").limit(1)).one()
        assert isinstance(row.device_id, Eui64) and row.associated_gpf_id is not None
    assert report.path == "bulk"

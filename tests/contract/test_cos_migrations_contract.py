"""The CosMigrationRepository contract on every backend (memory, SQLite, PostgreSQL): campaign entries round-trip
every field, change only by compare-and-set, a failed one is replaced when queued again; candidates are the
meters on a hub still on TCoS; the SMI's CoS cell round-trips (absent = TCoS) and is counted (R-COS-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.cos import CosCell, CosMigration, MigrationState
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0, device

HUB = Eui64(0x00DB_1234_5600_0100)


def entry(device_id: Eui64, **kw: object) -> CosMigration:
    values: dict[str, object] = {"device_id": device_id, "target": CosCell.ECOS, "state": MigrationState.PENDING,
                                 "queued_at": T0, "updated_at": T0}
    values.update(kw)
    return CosMigration(**values)  # type: ignore[arg-type]


def test_an_entry_round_trips_every_field_and_changes_only_by_compare_and_set(uow_factory: UnitOfWorkFactory) -> None:
    full = entry(BIG, target=CosCell.NULL, state=MigrationState.SENT, attempts=2, counter=(1 << 64) - 2,
                 sent_at=T0 + timedelta(seconds=1), done_at=T0 + timedelta(seconds=2), last_error="no response ✓")
    bare = entry(Eui64(1))
    with uow_factory() as uow:
        uow.cos_migrations.put(full)
        uow.cos_migrations.put(bare)
        uow.commit()
    with uow_factory() as uow:
        assert (uow.cos_migrations.get(BIG), uow.cos_migrations.get(Eui64(1))) == (full, bare)
        assert uow.cos_migrations.get(Eui64(2)) is None
        sent = bare.sent(5, T0 + timedelta(minutes=1))
        assert not uow.cos_migrations.update(sent, MigrationState.SENT)  # it is pending
        assert uow.cos_migrations.update(sent, MigrationState.PENDING)
        assert not uow.cos_migrations.update(sent, MigrationState.PENDING)  # not twice
        assert not uow.cos_migrations.update(entry(Eui64(3)), MigrationState.PENDING)  # not stored
        uow.cos_migrations.put(replace(full, state=MigrationState.PENDING, attempts=0))  # queued again
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.cos_migrations.get(Eui64(1)) == sent
        assert uow.cos_migrations.get(BIG) == replace(full, state=MigrationState.PENDING, attempts=0)
        assert uow.cos_migrations.counts() == {MigrationState.SENT: 1, MigrationState.PENDING: 1}
        assert [m.device_id for m in uow.cos_migrations.entries(None, 10)] == [Eui64(1), BIG]  # latest first
        assert uow.cos_migrations.entries(MigrationState.PENDING, 10) == [uow.cos_migrations.get(BIG)]
        assert uow.cos_migrations.entries(None, 0) == []


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.cos_migrations.put(entry(Eui64(1), sent_at=T0.replace(tzinfo=None)))


def test_the_cos_cell_round_trips_and_candidates_are_meters_on_a_hub_still_on_tcos(
    uow_factory: UnitOfWorkFactory
) -> None:
    on_hub = {"status": SmiStatus.COMMISSIONED, "chf_id": HUB}
    devices = [device(1, **on_hub), device(2, **on_hub, cos_cell=CosCell.ECOS),
               device(3, **on_hub, cos_cell=CosCell.NULL), device(4, **on_hub, device_type=DeviceType.GSME),
               device(5, **on_hub), device(6, **on_hub), device(7, chf_id=HUB),  # 7 Pending: not yet
               device(8, status=SmiStatus.COMMISSIONED),  # 8 on no hub
               device(9, **on_hub, device_type=DeviceType.CHF), device(10, chf_id=HUB, status=SmiStatus.DECOMMISSIONED)]
    with uow_factory() as uow:
        for d in devices:
            uow.inventory.add(d)
        uow.cos_migrations.put(entry(devices[4].device_id))  # 5 queued
        uow.cos_migrations.put(entry(devices[5].device_id, state=MigrationState.FAILED))  # 6 failed: again
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [uow.inventory.get(d.device_id).cos_cell for d in devices[:3]] == [  # type: ignore[union-attr]
            CosCell.TCOS, CosCell.ECOS, CosCell.NULL]
        ids = [d.device_id for d in devices]
        assert uow.cos_migrations.candidates(10) == [ids[0], ids[3], ids[5]]
        assert uow.cos_migrations.candidates(2) == [ids[0], ids[3]]
        assert uow.cos_migrations.candidates(0) == []
        assert uow.cos_migrations.cells() == {CosCell.TCOS: 7, CosCell.ECOS: 1, CosCell.NULL: 1}  # meters only
    with uow_factory() as uow:
        uow.inventory.update(replace(devices[1], cos_cell=CosCell.TCOS))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.inventory.get(devices[1].device_id).cos_cell is CosCell.TCOS  # type: ignore[union-attr]

"""The ScheduleRepository contract on every backend (memory, SQLite, PostgreSQL): DCC schedules round-trip every
field, get increasing IDs never reused, change only what their life changes, and map each run's RequestID back
to its schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.errors import DuplicateServiceRequest
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.schedules import ReadPeriodOffset, Schedule, ScheduleFrequency, ScheduleRun, ScheduleState
from gbdcc.service.ports import UnitOfWorkFactory


def schedule(s: SimpleNamespace, **kw: object) -> Schedule:
    values: dict[str, object] = {
        "schedule_id": 0, "user_id": s.SUPPLIER, "role": UserRole.IMPORT_SUPPLIER, "device_id": s.ESME,
        "srv": "4.6.1", "frequency": ScheduleFrequency.DAILY, "start_date": date(2026, 3, 2),
        "body": "DSPRetrieveImportDailyReadLog", "created_at": s.T0, "updated_at": s.T0,
        "offsets": ReadPeriodOffset(-1, 0, 0, 0), "next_run_at": s.T0 + timedelta(hours=15)}
    values.update(kw)
    return Schedule(**values)  # type: ignore[arg-type]


def test_a_schedule_round_trips_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    full = schedule(s, user_id=s.BIG, device_id=Eui64(0x00DB_FFFF_FFFF_FF01), frequency=ScheduleFrequency.HALF_YEARLY,
                    start_date=date(2026, 8, 31), end_date=date(2030, 2, 28), execution_time=-1800,
                    offsets=ReadPeriodOffset(-400, -3600, 0, 90_000), ka_credential="MIIBdTCCARugAwIBAgIQ",
                    runs=7, role=UserRole.GAS_SUPPLIER)
    bare = schedule(s, srv="4.12.1", body="DSPReadMaximumDemandImportRegisters", offsets=None, next_run_at=None,
                    state=ScheduleState.ENDED)
    with uow_factory() as uow:
        stored = [uow.schedules.add(full), uow.schedules.add(bare)]
        uow.commit()
    with uow_factory(read_only=True) as uow:
        read = [uow.schedules.get(x.schedule_id) for x in stored]
    assert read == stored
    assert read[0] == replace(full, schedule_id=stored[0].schedule_id)
    assert stored[0].schedule_id < stored[1].schedule_id


def test_ids_increase_and_are_not_reused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        first = uow.schedules.add(schedule(s)).schedule_id
        uow.rollback()
    with uow_factory() as uow:
        second = uow.schedules.add(schedule(s)).schedule_id
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.schedules.get(second) is not None
        assert first == second or uow.schedules.get(first) is None  # a rolled-back ID is gone either way
    with uow_factory() as uow:
        third = uow.schedules.add(schedule(s)).schedule_id
        uow.commit()
    assert third > second > 0


def test_update_changes_state_next_run_and_runs_only(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        stored = uow.schedules.add(schedule(s))
        uow.commit()
    later = s.T0 + timedelta(days=1)
    changed = replace(stored, runs=1, next_run_at=later + timedelta(days=1), updated_at=later,
                      frequency=ScheduleFrequency.YEARLY)  # the frequency is fixed at creation
    with uow_factory() as uow:
        uow.schedules.update(changed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        got = uow.schedules.get(stored.schedule_id)
    assert got == replace(changed, frequency=ScheduleFrequency.DAILY)
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.schedules.update(replace(stored, schedule_id=stored.schedule_id + 1000))


def test_of_user_lists_the_active_schedules_of_a_user_by_device(uow_factory: UnitOfWorkFactory,
                                                               s: SimpleNamespace) -> None:
    other_device, other_user = Eui64(0x00DB_0000_0000_0042), Eui64(0x90B3D51F30030000)
    with uow_factory() as uow:
        a = uow.schedules.add(schedule(s))
        b = uow.schedules.add(schedule(s, device_id=other_device))
        c = uow.schedules.add(schedule(s))
        uow.schedules.add(schedule(s, user_id=other_user))
        uow.schedules.update(c.stopped(ScheduleState.DELETED, s.T0))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [x.schedule_id for x in uow.schedules.of_user(s.SUPPLIER, s.ESME, 99)] == [a.schedule_id]
        assert [x.schedule_id for x in uow.schedules.of_user(s.SUPPLIER, None, 99)] == [a.schedule_id, b.schedule_id]
        assert [x.schedule_id for x in uow.schedules.of_user(s.SUPPLIER, None, 1)] == [a.schedule_id]
        assert uow.schedules.of_user(s.SUPPLIER, None, 0) == []


def test_a_run_maps_its_request_id_to_its_schedule_once(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        stored = uow.schedules.add(schedule(s))
        uow.commit()
    rid = RequestId(s.SUPPLIER, s.ESME, 1_780_358_400_000)
    run = ScheduleRun(stored.schedule_id, rid, s.T0)
    with uow_factory() as uow:
        uow.schedules.add_run(run)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.schedules.run_of(rid) == run
        assert uow.schedules.run_of(RequestId(s.SUPPLIER, s.ESME, 1_780_358_400_001)) is None
    with uow_factory() as uow, pytest.raises(DuplicateServiceRequest):
        uow.schedules.add_run(run)
    big = RequestId(s.BIG, s.ESME, 2**64 - 1)
    with uow_factory() as uow:
        uow.schedules.add_run(ScheduleRun(stored.schedule_id, big, s.T0))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.schedules.run_of(big)
    assert found is not None and found.request_id == big


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.schedules.add(schedule(s, created_at=datetime(2026, 3, 1, 9)))
    with uow_factory() as uow:
        stored = uow.schedules.add(schedule(s))
        with pytest.raises(NaiveDatetime):
            uow.schedules.add_run(ScheduleRun(stored.schedule_id, RequestId(s.SUPPLIER, s.ESME, 1),
                                              datetime(2026, 3, 1)))

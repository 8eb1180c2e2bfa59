"""The DCC-schedule handlers (5.1-5.3) and the run stage called directly over the in-memory unit of work, with
the real codec, DCC request writer and GBCS use-case table (no HTTP, no pipeline): what each stores, queues and
refuses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gbdcc import bootstrap
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.scheduled import XmlDccRequestWriter
from gbdcc.adapters.gbcs.transformer import GbcsTransformer
from gbdcc.adapters.provisioning.demo import DemoParties, ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.delivery import DeliveryState, MessageKind
from gbdcc.domain.errors import (
    DeviceTypeIncompatible,
    RoleNotEligible,
    ScheduleNotOwned,
    ScheduleRefused,
    ScheduleUnknown,
)
from gbdcc.domain.events import RequestAdmitted, ScheduleRunDue
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.domain.schedules import Schedule, ScheduleState
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import InboundRequest, ScheduleIdPayload, SchedulesReadPayload
from gbdcc.service.ports import OutboxEntry, UnitOfWorkFactory
from gbdcc.service.schedules import RunPlanner, ScheduleRunStage, schedule_handlers

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
DAILY_READ = {"StartDateOffset": "-1", "StartTime": "00:00:00Z", "EndDateOffset": "0", "EndTime": "00:00:00Z"}


def create_body(device: Eui64, *, srv: str = "4.6.1", reference: str = "4.6", element: str =
                "DSPRetrieveImportDailyReadLog", fields: Mapping[str, str] | None = None,
                **extra: str) -> dict[str, Any]:
    body: dict[str, Any] = {"ScheduleFrequency": "Daily", "ScheduleStartDate": "2026-06-02", **extra,
                            "DSPScheduledServiceReference": reference, "DSPScheduledServiceReferenceVariant": srv,
                            "DeviceID": str(device), element: dict(DAILY_READ if fields is None else fields)}
    return body


@dataclass
class Harness:
    factory: UnitOfWorkFactory
    clock: VirtualClock
    demo: DemoParties
    handlers: dict[str, Any]
    stage: ScheduleRunStage
    esme: Device
    counter: int = 100

    def call(self, srv: str, body: Mapping[str, Any], *, user: Eui64 | None = None,
             role: UserRole = UserRole.IMPORT_SUPPLIER) -> HandlerResult:
        """Run the handler as the gateway does: one unit of work, the result's events into the outbox."""
        self.counter += 1
        entry = lookup(srv)
        names = {"5.1": "CreateSchedule", "5.2": "ReadSchedule", "5.3": "DeleteSchedule"}
        request = InboundRequest(b"", RequestId(user or self.demo.supplier, ACB, self.counter), 8,
                                 entry.service_reference, srv, names[srv], body, "CN=X", 1)
        with self.factory() as uow:
            result: HandlerResult = self.handlers[srv](uow, RequestContext(request, entry, role, self.clock.now(),
                                                                           False))
            for event, at in result.events:
                uow.outbox.add(event, at)
            uow.commit()
        return result

    def create(self, **kw: Any) -> int:
        result = self.call("5.1", create_body(self.esme.device_id, **kw))
        assert isinstance(result.payload, ScheduleIdPayload)
        return result.payload.schedule_id

    def due(self) -> list[OutboxEntry]:
        with self.factory() as uow:
            entries = list(uow.outbox.due(self.clock.now(), [ScheduleRunDue.topic], 100))
            uow.commit()
        return entries

    def run_due(self) -> int:
        entries = self.due()
        for entry in entries:
            event = ScheduleRunDue(**entry.payload)
            self.stage(entry, event)
        return len(entries)

    def schedule(self, schedule_id: int) -> Schedule:
        with self.factory(read_only=True) as uow:
            found = uow.schedules.get(schedule_id)
        assert found is not None
        return found

    def admitted(self) -> list[str]:
        with self.factory(read_only=True) as uow:
            return sorted(e.payload["request_id"] for e in uow.outbox.due(self.clock.now() + timedelta(days=999),
                                                                          [RequestAdmitted.topic], 100))


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    clock = VirtualClock(T0)
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, in_memory=True,
                                       scheduler=VirtualScheduler(clock))
    demo = ensure_demo_parties(instance)
    ensure_estate(instance, 6, parties=demo.estate)
    identity = instance.identity
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert)
    transformer = GbcsTransformer(identity.acb_ka_key, instance.device_keys.ka_public_key, acb=identity.eui)
    planner = RunPlanner(XmlDccRequestWriter(identity.xml_signing_key, identity.xml_signing_cert), codec, transformer)
    stage = ScheduleRunStage(instance.uow_factory, planner, Outbound(codec, identity.eui), clock)
    esme = next(d for p in generate_estate(6, 1) if (d := p.device(DeviceType.ESME)) and p.status.value ==
                "Commissioned")
    with instance.uow_factory(read_only=True) as uow:
        stored = uow.inventory.get(esme.device_id)
    assert stored is not None
    yield Harness(instance.uow_factory, clock, demo, schedule_handlers(planner), stage, stored)


def test_5_1_stores_the_schedule_with_its_first_run_and_queues_it(h: Harness) -> None:
    result = h.call("5.1", create_body(h.esme.device_id))
    assert isinstance(result.payload, ScheduleIdPayload) and result.response_code == "I0"
    first = datetime(2026, 6, 2, tzinfo=UTC)
    assert result.events == ((ScheduleRunDue(result.payload.schedule_id, first.isoformat()), first),)
    schedule = h.schedule(result.payload.schedule_id)
    assert (schedule.role, schedule.next_run_at, schedule.state, schedule.runs) == (
        UserRole.IMPORT_SUPPLIER, first, ScheduleState.ACTIVE, 0)
    assert "ECS21a" in result.note  # the GBCS use case the runs will send


@pytest.mark.parametrize(("changes", "error"), [
    ({"srv": "4.2", "reference": "4.2", "element": "DSPReadInstantaneousExportRegisters", "fields": {}},
     ScheduleRefused),  # in the XSD's list, but not DCC-schedulable in the catalogue
    ({"srv": "4.8.1", "reference": "4.8"}, ScheduleRefused),  # a 4.6.1 body for 4.8.1
    ({"reference": "4.8"}, ScheduleRefused),
    ({"fields": {**DAILY_READ, "StartDateOffset": "0", "EndDateOffset": "-1"}}, ScheduleRefused),
    ({"ScheduleEndDate": "2026-05-01"}, ScheduleRefused),
    ({"srv": "14.1", "reference": "14.1", "element": "DSPRecordNetworkDataGAS", "fields": {}},
     RoleNotEligible),  # the supplier may not send 14.1 (GT only): E2
])
def test_5_1_refusals(h: Harness, changes: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        h.call("5.1", create_body(h.esme.device_id, **changes))


def test_5_1_on_a_device_the_srv_does_not_apply_to_is_e11(h: Harness) -> None:
    assert h.esme.chf_id is not None
    with pytest.raises(DeviceTypeIncompatible) as err:
        h.call("5.1", create_body(h.esme.chf_id))
    assert err.value.response_code == "E11"


def test_5_2_reads_only_the_owners_schedules_by_id_or_device(h: Harness) -> None:
    a, b = h.create(), h.create(ScheduleFrequency="Weekly")
    by_id = h.call("5.2", {"DSPScheduleID": str(a)})
    assert isinstance(by_id.payload, SchedulesReadPayload) and [s.schedule_id for s in by_id.payload.schedules] == [a]
    by_device = h.call("5.2", {"DeviceID": str(h.esme.device_id)})
    assert isinstance(by_device.payload, SchedulesReadPayload)
    assert [(s.schedule_id, s.frequency.value) for s in by_device.payload.schedules] == [(a, "Daily"), (b, "Weekly")]
    with pytest.raises(ScheduleNotOwned):
        h.call("5.2", {"DSPScheduleID": str(a)}, user=h.demo.network_operator, role=UserRole.ELECTRICITY_DISTRIBUTOR)
    with pytest.raises(ScheduleUnknown):
        h.call("5.2", {"DeviceID": str(h.esme.device_id)}, user=h.demo.network_operator,
               role=UserRole.ELECTRICITY_DISTRIBUTOR)
    with pytest.raises(ScheduleUnknown):
        h.call("5.2", {"DSPScheduleID": "999"})


def test_5_3_stops_future_runs_owner_only(h: Harness) -> None:
    schedule_id = h.create()
    with pytest.raises(ScheduleNotOwned):
        h.call("5.3", {"DSPScheduleID": str(schedule_id)}, user=h.demo.network_operator,
               role=UserRole.ELECTRICITY_DISTRIBUTOR)
    assert h.call("5.3", {"DSPScheduleID": str(schedule_id)}).response_code == "I0"
    assert h.schedule(schedule_id).state is ScheduleState.DELETED
    h.clock.set(datetime(2026, 6, 2, tzinfo=UTC))
    assert h.run_due() == 1 and h.admitted() == []  # the queued run is ignored
    with pytest.raises(ScheduleUnknown):
        h.call("5.3", {"DSPScheduleID": str(schedule_id)})


def test_a_due_run_makes_the_request_and_queues_the_next_run(h: Harness) -> None:
    schedule_id = h.create()
    assert h.run_due() == 0  # not yet due
    run_at = datetime(2026, 6, 2, tzinfo=UTC)
    h.clock.set(run_at + timedelta(seconds=2))
    assert h.run_due() == 1
    counter = int(run_at.timestamp() * 1000)
    rid = RequestId(h.demo.supplier, h.esme.device_id, counter)
    assert h.admitted() == [str(rid)]
    with h.factory(read_only=True) as uow:
        request = uow.requests.get(rid)
        run = uow.schedules.run_of(rid)
        last = uow.counters.last(h.demo.supplier, h.esme.device_id)
        queued = list(uow.outbox.due(run_at + timedelta(days=2), [ScheduleRunDue.topic], 10))
    assert request is not None and request.state is RequestState.ADMITTED and request.srv == "4.6.1"
    assert request.hub_id == h.esme.chf_id and request.role is UserRole.IMPORT_SUPPLIER
    assert b"2026-06-01T00:00:00Z" in request.raw and b"ds:Signature" in request.raw  # signed by the DCC
    assert run is not None and (run.schedule_id, run.run_at) == (schedule_id, run_at)
    assert last == counter  # the counter is spent for (User, device)
    assert [e.payload["run_at"] for e in queued] == [datetime(2026, 6, 3, tzinfo=UTC).isoformat()]
    assert h.run_due() == 0  # handled once


def test_a_run_takes_a_counter_above_the_users_own(h: Harness) -> None:
    h.create()
    with h.factory() as uow:
        assert uow.counters.advance(h.demo.supplier, h.esme.device_id, 9 * 10**15)
        uow.commit()
    h.clock.set(datetime(2026, 6, 2, tzinfo=UTC))
    h.run_due()
    assert h.admitted() == [f"{h.demo.supplier}:{h.esme.device_id}:{9 * 10**15 + 1}"]


def test_runs_missed_while_down_are_made_once_for_the_latest(h: Harness) -> None:
    schedule_id = h.create()
    h.clock.set(datetime(2026, 6, 5, 7, tzinfo=UTC))  # the runs of 2, 3, 4 and 5 June are all past
    assert h.run_due() == 1
    assert h.admitted() == [f"{h.demo.supplier}:{h.esme.device_id}:"
                            f"{int(datetime(2026, 6, 5, tzinfo=UTC).timestamp() * 1000)}"]
    schedule = h.schedule(schedule_id)
    assert schedule.runs == 1 and schedule.next_run_at == datetime(2026, 6, 6, tzinfo=UTC)


def test_e4_at_a_run_removes_the_schedule_with_its_dcc_alert(h: Harness) -> None:
    schedule_id = h.create()
    assert h.esme.import_mpxn is not None
    with h.factory() as uow:
        uow.registration.end(h.esme.import_mpxn, UserRole.IMPORT_SUPPLIER, datetime(2026, 6, 1, 12, tzinfo=UTC))
        uow.commit()
    h.clock.set(datetime(2026, 6, 2, tzinfo=UTC))
    h.run_due()
    assert h.admitted() == [] and h.schedule(schedule_id).state is ScheduleState.REMOVED
    with h.factory(read_only=True) as uow:
        [alert] = uow.messages.by_state(DeliveryState.PENDING, h.demo.supplier, 10)
        queued = list(uow.outbox.due(datetime(2027, 1, 1, tzinfo=UTC), [ScheduleRunDue.topic], 10))
    assert alert.kind is MessageKind.DCC_ALERT and b"DSPScheduleRemoval" in alert.body
    assert f"<sr:DSPScheduleID>{schedule_id}</sr:DSPScheduleID>".encode() in alert.body
    assert queued == []  # no run after removal


def test_a_run_refused_for_another_reason_is_stored_rejected_reported_and_the_schedule_goes_on(h: Harness) -> None:
    schedule_id = h.create()
    with h.factory() as uow:
        uow.inventory.update(h.esme.change_status(SmiStatus.SUSPENDED, T0, "test"))
        uow.commit()
    h.clock.set(datetime(2026, 6, 2, tzinfo=UTC))
    h.run_due()
    assert h.admitted() == []
    rid = RequestId(h.demo.supplier, h.esme.device_id, int(datetime(2026, 6, 2, tzinfo=UTC).timestamp() * 1000))
    with h.factory(read_only=True) as uow:
        request = uow.requests.get(rid)
        [failure] = uow.messages.for_request(str(rid))
    assert request is not None and request.state is RequestState.REJECTED and request.response_code == "E5"
    assert failure.kind is MessageKind.DCC_ALERT and failure.response_code == "E5"
    assert b"CommandFailure" in failure.body and f"{schedule_id}</sr:DSPScheduleID>".encode() in failure.body
    schedule = h.schedule(schedule_id)
    assert schedule.active and schedule.runs == 1
    assert schedule.next_run_at == datetime(2026, 6, 3, tzinfo=UTC)

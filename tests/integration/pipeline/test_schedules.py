"""DCC schedules end to end in virtual time (issue 7 "Show": a schedule (5.1) delivers its responses daily; 5.3
stops them): runs made by the DCC on the supplier's behalf through the real pipeline to a simulated ESME, each
response a signed, XSD-valid ``DSPScheduledMessage``; 5.2 reads the schedule back; a supplier that loses the
registration has its schedule removed with a DCC alert; a restart loses no run and makes up a missed one once."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from gbdcc.adapters.duis.sign_tool import sign_request
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.service.gateway import GatewayReply

from .conftest import NS, Dcc, code

ACB = "90-B3-D5-1F-30-00-00-02"
DAY = timedelta(days=1)
ECS21A = 0x0033  # RetrieveImportDailyReadLog (ESME)


def create_body(device: Device, start: str, frequency: str = "Daily", extra: str = "") -> str:
    return (f"<sr:CreateSchedule><sr:ScheduleFrequency>{frequency}</sr:ScheduleFrequency>"
            f"<sr:ScheduleStartDate>{start}</sr:ScheduleStartDate>{extra}"
            "<sr:DSPScheduledServiceReference>4.6</sr:DSPScheduledServiceReference>"
            "<sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant>"
            f"<sr:DeviceID>{device.device_id}</sr:DeviceID><sr:DSPRetrieveImportDailyReadLog>"
            "<sr:StartDateOffset>-1</sr:StartDateOffset><sr:StartTime>00:00:00.00Z</sr:StartTime>"
            "<sr:EndDateOffset>0</sr:EndDateOffset><sr:EndTime>00:00:00.00Z</sr:EndTime>"
            "</sr:DSPRetrieveImportDailyReadLog></sr:CreateSchedule>")


def create(dcc: Dcc, device: Device, start: str, **kw: str) -> int:
    return schedule_id_of(dcc.submit(dcc.request(dcc.supplier, ACB, "5.1", create_body(device, start, **kw), cv=8)))


def schedule_id_of(reply: GatewayReply) -> int:
    assert reply.decision.response_code == "I0", reply.decision
    text = etree.fromstring(reply.body).findtext(".//sr:ResponseMessage/sr:DSPScheduleID", namespaces=NS)
    assert text is not None
    return int(text)


def scheduled(dcc: Dcc, schedule_id: int) -> list[etree._Element]:
    """What the supplier received for the schedule: responses and alerts naming its DSPScheduleID."""
    return [r for r in dcc.received() if r.findtext(".//sr:DSPScheduleID", namespaces=NS) == str(schedule_id)]


def run_days(dcc: Dcc, days: float) -> None:
    VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_for(timedelta(days=days))


def test_a_daily_schedule_delivers_one_response_a_day_5_2_reads_it_and_5_3_stops_it(
        dcc: Dcc, duis_xsd: etree.XMLSchema) -> None:
    esme = dcc.first(DeviceType.ESME)
    schedule_id = create(dcc, esme, "2026-06-02")  # T0 is 2026-06-01 09:00 UTC: runs at each midnight after
    run_days(dcc, 3.5)

    responses = scheduled(dcc, schedule_id)
    assert len(responses) == 3
    request_ids = [RequestId.parse(r.findtext("sr:Header/sr:RequestID", namespaces=NS)) for r in responses]
    assert [r.originator for r in request_ids] == [dcc.supplier.eui] * 3
    assert [r.target for r in request_ids] == [esme.device_id] * 3
    runs = [datetime(2026, 6, d, tzinfo=UTC) for d in (2, 3, 4)]
    assert [r.counter for r in request_ids] == [int(t.timestamp() * 1000) for t in runs]  # the run instants, in ms
    response_ids = [r.findtext("sr:Header/sr:ResponseID", namespaces=NS) for r in responses]
    assert len(set(response_ids)) == 3 and all(i == f"{esme.device_id}:{dcc.supplier.eui}:{c.counter}"
                                               for i, c in zip(response_ids, request_ids, strict=True))
    for response in responses:
        assert duis_xsd.validate(response), duis_xsd.error_log
        assert code(response) == "I0"
        assert response.findtext(".//sr:ResponseMessage/sr:ServiceReferenceVariant", namespaces=NS) == "4.6.1"
        gbcs = base64.b64decode(response.findtext(".//sr:DSPScheduledMessage/sr:GBCSPayload", namespaces=NS))
        header = frame.decode_message(gbcs).header
        assert (header.message_code, header.originator, header.recipient) == (ECS21A, esme.device_id,
                                                                              dcc.supplier.eui)
    # each run's request asked for the day before its run date (offsets -1 / 0 at midnight)
    with dcc.instance.uow_factory(read_only=True) as uow:
        stored = [uow.requests.get(rid) for rid in request_ids]
        schedule = uow.schedules.get(schedule_id)
    assert all(s is not None and s.state is RequestState.RESPONDED and s.role is UserRole.IMPORT_SUPPLIER
               for s in stored)
    first = etree.fromstring(stored[0].raw if stored[0] else b"<x/>")
    assert first.findtext(".//sr:ReadLogPeriod/sr:StartDateTime", namespaces=NS) == "2026-06-01T00:00:00Z"
    assert first.findtext(".//sr:ReadLogPeriod/sr:EndDateTime", namespaces=NS) == "2026-06-02T00:00:00Z"
    assert schedule is not None and schedule.runs == 3 and schedule.next_run_at == datetime(2026, 6, 5, tzinfo=UTC)

    read = dcc.submit(dcc.request(dcc.supplier, ACB, "5.2",
                                  f"<sr:ReadSchedule><sr:DSPScheduleID>{schedule_id}</sr:DSPScheduleID>"
                                  "</sr:ReadSchedule>", cv=8))
    root = etree.fromstring(read.body)
    assert read.decision.response_code == "I0" and duis_xsd.validate(root), duis_xsd.error_log
    details = root.find(".//sr:DSPSchedulesRead/sr:DSPSchedules/sr:DSPScheduleDetails", namespaces=NS)
    assert details is not None
    assert [etree.QName(e).localname for e in details] == [
        "ScheduleFrequency", "ScheduleStartDate", "DSPScheduledServiceReference",
        "DSPScheduledServiceReferenceVariant", "DeviceID", "DSPRetrieveImportDailyReadLog"]
    assert details.findtext("sr:DSPRetrieveImportDailyReadLog/sr:StartDateOffset", namespaces=NS) == "-1"

    deleted = dcc.submit(dcc.request(dcc.supplier, ACB, "5.3",
                                     f"<sr:DeleteSchedule><sr:DSPScheduleID>{schedule_id}</sr:DSPScheduleID>"
                                     "</sr:DeleteSchedule>", cv=8))
    assert deleted.decision.response_code == "I0" and duis_xsd.validate(etree.fromstring(deleted.body))
    run_days(dcc, 3)
    assert len(scheduled(dcc, schedule_id)) == 3  # nothing after 5.3
    again = dcc.submit(dcc.request(dcc.supplier, ACB, "5.2", f"<sr:ReadSchedule><sr:DeviceID>{esme.device_id}"
                                   "</sr:DeviceID></sr:ReadSchedule>", cv=8))
    assert again.decision.response_code == "E1" and again.error is not None and again.error.code == "GBDCC-481"


def test_a_supplier_that_loses_the_registration_has_its_schedule_removed_with_a_dcc_alert(
        dcc: Dcc, duis_xsd: etree.XMLSchema) -> None:
    esme = dcc.first(DeviceType.ESME)
    schedule_id = create(dcc, esme, "2026-06-02")
    run_days(dcc, 1)
    assert [code(r) for r in scheduled(dcc, schedule_id)] == ["I0"]
    assert esme.import_mpxn is not None
    with dcc.instance.uow_factory() as uow:  # change of supplier: the registration ends at noon on 2 June
        assert uow.registration.end(esme.import_mpxn, UserRole.IMPORT_SUPPLIER, datetime(2026, 6, 2, 12,
                                                                                       tzinfo=UTC)) == 1
        uow.commit()
    run_days(dcc, 3)

    received = scheduled(dcc, schedule_id)
    assert len(received) == 2
    alert = received[1]
    assert duis_xsd.validate(alert), duis_xsd.error_log
    assert alert.findtext(".//sr:DCCAlertMessage/sr:DCCAlertCode", namespaces=NS) == "N999"
    removal = alert.find(".//sr:DCCAlert/sr:DSPScheduleRemoval", namespaces=NS)
    assert removal is not None and removal.findtext("sr:DeviceID", namespaces=NS) == str(esme.device_id)
    with dcc.instance.uow_factory(read_only=True) as uow:
        schedule = uow.schedules.get(schedule_id)
    assert schedule is not None and schedule.state.value == "removed" and schedule.next_run_at is None


def test_a_run_the_device_does_not_answer_arrives_as_a_command_failure_dcc_alert(
        dcc: Dcc, duis_xsd: etree.XMLSchema) -> None:
    from gbdcc.adapters.wan.csp import CspProfile, LatencyModel

    esme = dcc.first(DeviceType.ESME)
    schedule_id = create(dcc, esme, "2026-06-02")
    wan = dcc.instance.pipeline.sm_wan
    for region in list(wan.profiles):
        wan.profiles[region] = CspProfile(LatencyModel(1.0, 1.0), loss_probability=1.0)
    run_days(dcc, 1)
    [failure] = scheduled(dcc, schedule_id)
    assert duis_xsd.validate(failure), duis_xsd.error_log
    assert code(failure) == "E21"
    command = failure.find(".//sr:DCCAlert/sr:CommandFailure", namespaces=NS)
    assert command is not None
    rid = command.findtext("sr:CommandRequestID", namespaces=NS)
    assert rid == failure.findtext("sr:Header/sr:RequestID", namespaces=NS)
    assert command.findtext("sr:DeviceID", namespaces=NS) == str(esme.device_id)


def test_a_restart_loses_no_run_and_makes_up_runs_missed_while_down_once(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    schedule_id = create(dcc, esme, "2026-06-02")
    dcc.reopen()
    run_days(dcc, 1)
    assert len(scheduled(dcc, schedule_id)) == 1  # the first run survived the restart
    dcc.reopen()
    dcc.clock.advance(3 * 86_400)  # gbdcc was down over the runs of 3, 4 and 5 June
    run_days(dcc, 0.5)
    received = scheduled(dcc, schedule_id)
    assert len(received) == 2  # one run on restart, not three
    rid = RequestId.parse(received[1].findtext("sr:Header/sr:RequestID", namespaces=NS))
    assert rid.counter == int(datetime(2026, 6, 5, tzinfo=UTC).timestamp() * 1000)  # for the latest missed run
    with dcc.instance.uow_factory(read_only=True) as uow:
        schedule = uow.schedules.get(schedule_id)
    assert schedule is not None and schedule.runs == 2 and schedule.next_run_at == datetime(2026, 6, 6, tzinfo=UTC)


def test_the_dcc_s_own_5_1_template_for_an_estate_esme_is_accepted_and_runs(
        dcc: Dcc, oracles: Path, duis_xsd: etree.XMLSchema) -> None:
    """ECS21a_5.1 as the RTDS templates write it (daily 4.6.1 from 2015-01-02, no end date), addressed to an estate
    ESME by the supplier: runs start at the first midnight from now — earlier dates are not made up."""
    esme = dcc.first(DeviceType.ESME)
    text = (oracles / "duis-templates" / "ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML").read_text()
    text = text.replace("00-DB-12-34-56-78-90-A0", str(esme.device_id))
    text = text.replace("90-B3-D5-1F-30-01-00-00:", f"{dcc.supplier.eui}:")
    dcc.supplier.counter += 1
    reply = dcc.submit(sign_request(text.encode(), dcc.supplier.xml_key, dcc.supplier.xml_cert,
                                    counter=dcc.supplier.counter))
    assert duis_xsd.validate(etree.fromstring(reply.body)), duis_xsd.error_log
    schedule_id = schedule_id_of(reply)
    run_days(dcc, 1)
    [response] = scheduled(dcc, schedule_id)
    assert code(response) == "I0" and response.find(".//sr:DSPScheduledMessage", namespaces=NS) is not None


@pytest.mark.parametrize(("body", "error"), [
    (lambda d: create_body(d, "2026-06-02", extra="<sr:ScheduleEndDate>2026-05-01</sr:ScheduleEndDate>"),
     "GBDCC-480"),
    (lambda d: create_body(d, "2026-05-01", extra="<sr:ScheduleEndDate>2026-05-20</sr:ScheduleEndDate>"),
     "GBDCC-480"),
])
def test_a_schedule_without_a_run_is_refused(dcc: Dcc, body: object, error: str) -> None:
    esme = dcc.first(DeviceType.ESME)
    reply = dcc.submit(dcc.request(dcc.supplier, ACB, "5.1", body(esme), cv=8))  # type: ignore[operator]
    assert reply.error is not None and reply.error.code == error, reply.decision


def test_5_1_is_decided_as_the_scheduled_request_would_be(dcc: Dcc) -> None:
    """Access control for the scheduled SRV on that device: the network operator may not schedule 4.6.1 (E2);
    the supplier may not schedule a device it is not registered for (E4)."""
    esme = dcc.first(DeviceType.ESME)
    other = Device(Eui64(0x00DB_0000_0000_0001), DeviceType.ESME, esme.status, esme.status_at)
    reply = dcc.submit(dcc.request(dcc.dno, ACB, "5.1", create_body(esme, "2026-06-02"), cv=8))
    assert reply.decision.response_code == "E2", reply.decision
    reply = dcc.submit(dcc.request(dcc.supplier, ACB, "5.1", create_body(other, "2026-06-02"), cv=8))
    assert reply.decision.response_code == "E19", reply.decision

"""Device Service Requests end to end in virtual time: admit → transform → dispatch → respond → deliver,
the critical flow, E20 / E21, counters per (User, target), idempotent stages and resuming after a restart."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from lxml import etree

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.header import CraFlag
from gbdcc.adapters.wan.coverage import CoverageStatus, postcode_prefixes
from gbdcc.adapters.wan.csp import CspProfile, LatencyModel, Outage
from gbdcc.domain.events import RequestAdmitted
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.requests import RequestState

from .conftest import NS, Dcc, code, gbcs

READ = "<sr:ReadInstantaneousImportRegisters/>"


def rid_of(signed: bytes) -> RequestId:
    return RequestId.parse(etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS))


def state(dcc: Dcc, signed: bytes) -> RequestState:
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(rid_of(signed))
    assert request is not None
    return request.state


def test_read_registers_end_to_end(dcc: Dcc, duis_xsd: etree.XMLSchema) -> None:
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    reply = dcc.submit(signed)
    assert reply.duis and reply.decision.response_code == "I99" and reply.decision.rule == "R-SR-1"
    assert duis_xsd.validate(etree.fromstring(reply.body)), duis_xsd.error_log
    assert state(dcc, signed) is RequestState.ADMITTED  # durable before the reply; nothing else done yet
    dcc.run()
    [response] = dcc.responses_for(signed)
    assert duis_xsd.validate(response), duis_xsd.error_log
    assert code(response) == "I0"
    assert response.findtext("sr:Header/sr:ResponseID", namespaces=NS) == (
        f"{esme.device_id}:{dcc.supplier.eui}:{rid_of(signed).counter}")
    message = decode_message(gbcs(response))
    assert message.header.cra_flag == CraFlag.RESPONSE
    assert (message.header.originator, message.header.recipient) == (esme.device_id, dcc.supplier.eui)
    assert message.header.originator_counter == rid_of(signed).counter
    assert state(dcc, signed) is RequestState.RESPONDED
    kinds = [(r.kind, r.state.value) for r in dcc.audit(signed)]
    assert kinds == [("message", "admitted"), ("message", "admitted"), ("gbcs", "transformed"), ("wan", "sent"),
                     ("wan", "responded"), ("response", "responded"), ("delivery", "completed")]


def test_critical_flow_cv4_precommand_signed_cv5_response(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    first, second = dcc.critical(dcc.supplier, esme.device_id, "7.2", "<sr:DisableSupply/>")
    assert "PreCommand" in first.body.decode()
    assert second.decision.response_code == "I99" and second.request_id == first.request_id
    dcc.run()
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(RequestId.parse(first.request_id or ""))
    assert request is not None and request.state is RequestState.RESPONDED and request.command_variant == 5
    [response] = [r for r in dcc.received() if r.findtext(".//sr:ServiceReferenceVariant", namespaces=NS) == "7.2"]
    signed = decode_message(gbcs(response))
    assert signed.signature is not None  # the device signs its response to a critical command (GBCS)


@pytest.mark.parametrize("offset", [-1, -70, 30])
def test_signed_precommand_one_byte_off_is_refused_and_nothing_is_sent(dcc: Dcc, offset: int) -> None:
    esme = dcc.first(DeviceType.ESME)
    cv4 = dcc.request(dcc.supplier, esme.device_id, "7.2", "<sr:DisableSupply/>", cv=4)
    first = dcc.submit(cv4)
    sent_before = dcc.instance.pipeline.sm_wan.stats.sent
    bad = dcc.submit(dcc.signed_precommand(dcc.supplier, cv4, first, tamper=offset))
    assert bad.duis and bad.decision.response_code == "E1"
    assert bad.error is not None and bad.error.code in ("GBDCC-460", "GBDCC-461")
    dcc.run()
    assert dcc.instance.pipeline.sm_wan.stats.sent == sent_before
    assert state(dcc, cv4) is RequestState.AWAITING_SIGNED_PRECOMMAND  # a refused CV5 does not spend it
    good = dcc.submit(dcc.signed_precommand(dcc.supplier, cv4, first))
    assert good.decision.response_code == "I99"
    again = dcc.submit(dcc.signed_precommand(dcc.supplier, cv4, first))
    assert again.decision.response_code == "E1" and again.error is not None and again.error.code == "GBDCC-462"
    dcc.run()
    assert dcc.instance.pipeline.sm_wan.stats.sent == sent_before + 1


def test_precommand_not_signed_in_time_expires(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    cv4 = dcc.request(dcc.supplier, esme.device_id, "7.2", "<sr:DisableSupply/>", cv=4)
    first = dcc.submit(cv4)
    dcc.run(horizon=timedelta(hours=25))
    assert state(dcc, cv4) is RequestState.EXPIRED
    late = dcc.submit(dcc.signed_precommand(dcc.supplier, cv4, first))
    assert late.error is not None and late.error.code == "GBDCC-462"


def test_counters_are_per_user_and_business_target(dcc: Dcc) -> None:
    a = dcc.first(DeviceType.ESME)
    b = next(p.device(DeviceType.ESME) for p in reversed(dcc.premises) if p.device(DeviceType.ESME))
    assert a.device_id != b.device_id
    assert dcc.submit(dcc.request(dcc.supplier, a.device_id, "4.1.1", READ, counter=500)).decision.response_code \
        == "I99"
    # a lower counter to another target is fine (the User sends to many devices in parallel) …
    assert dcc.submit(dcc.request(dcc.supplier, b.device_id, "4.1.1", READ, counter=100)).decision.response_code \
        in ("I99", "E5")
    # … a replay to the same target is not
    replay = dcc.submit(dcc.request(dcc.supplier, a.device_id, "4.1.1", READ, counter=500))
    assert replay.decision.response_code == "E1" and replay.error is not None and replay.error.code == "GBDCC-301"


def test_e20_no_sm_wan_coverage(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    hub = dcc.device(esme.chf_id)  # type: ignore[arg-type]
    assert hub.postcode is not None
    dcc.instance.pipeline.sm_wan.coverage.set(postcode_prefixes(hub.postcode)[-1], CoverageStatus.NOT_COVERED)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    assert dcc.submit(signed).decision.response_code == "I99"
    dcc.run()
    [response] = dcc.responses_for(signed)
    assert code(response) == "E20" and response.find(".//sr:GBCSPayload", NS) is None
    assert state(dcc, signed) is RequestState.FAILED
    assert any(r.decision and r.decision.rule == "DUIS-E20" for r in dcc.audit(signed))


def test_e20_csp_outage(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    now = dcc.clock.now()
    dcc.instance.pipeline.sm_wan.add_outage(Outage(now, now + timedelta(hours=1)))
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    dcc.submit(signed)
    dcc.run()
    assert [code(r) for r in dcc.responses_for(signed)] == ["E20"]


def test_e21_when_the_device_does_not_answer_in_time(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    wan = dcc.instance.pipeline.sm_wan
    for region in list(wan.profiles):
        wan.profiles[region] = CspProfile(LatencyModel(1.0, 1.0), loss_probability=1.0)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    dcc.submit(signed)
    dcc.run()
    [response] = dcc.responses_for(signed)
    assert code(response) == "E21"
    failed = [r for r in dcc.audit(signed) if r.kind == "transition"]
    assert failed and failed[-1].decision and failed[-1].decision.rule == "DUIS-E21"
    # the deadline came from the pipeline settings, in virtual time
    assert dcc.clock.now() >= failed[-1].received_at >= failed[0].received_at


def test_every_stage_is_idempotent_a_replayed_event_changes_nothing(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    dcc.submit(signed)
    dcc.run()
    before = (len(dcc.audit(signed)), dcc.instance.pipeline.sm_wan.stats.sent, len(dcc.received()))
    with dcc.instance.uow_factory() as uow:
        uow.outbox.add(RequestAdmitted(str(rid_of(signed))), dcc.clock.now())
        uow.commit()
    dcc.run()
    assert (len(dcc.audit(signed)), dcc.instance.pipeline.sm_wan.stats.sent, len(dcc.received())) == before


def test_unfinished_work_resumes_after_a_restart(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    assert dcc.submit(signed).decision.response_code == "I99"
    dcc.reopen()  # the process died after acknowledging: nothing but the database survives
    dcc.run()
    assert [code(r) for r in dcc.responses_for(signed)] == ["I0"]


def test_refusals_travel_as_duis_responses_naming_their_rule(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    dno = dcc.submit(dcc.request(dcc.dno, esme.device_id, "7.2", "<sr:DisableSupply/>", cv=4))
    assert dno.duis and dno.decision.response_code == "E2" and dno.decision.rule == "R-SR-1"
    unknown = dcc.submit(dcc.request(dcc.supplier, "00-00-00-00-00-00-00-99", "4.1.1", READ))
    assert unknown.decision.response_code == "E19"
    gsme = dcc.first(DeviceType.GSME)
    e11 = dcc.submit(dcc.request(dcc.supplier, gsme.device_id, "8.11", "<sr:UpdateHANDeviceLog><sr:DeviceID>"
                                 f"{esme.device_id}</sr:DeviceID><sr:RequestType>Remove</sr:RequestType>"
                                 "</sr:UpdateHANDeviceLog>"))
    assert e11.decision.response_code == "E11"
    with dcc.instance.uow_factory() as uow:
        uow.inventory.update(replace(uow.inventory.get(esme.device_id), supplier_credentials=None))  # type: ignore[arg-type]
        uow.commit()
    smi3 = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ))
    assert smi3.decision.response_code == "E5" and smi3.decision.rule == "R-SMI-3"
    dcc.run()
    assert dcc.received() == []  # refused requests get their answer synchronously, nothing follows

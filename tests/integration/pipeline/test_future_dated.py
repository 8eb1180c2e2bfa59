"""Future-dated requests the DCC holds (DSP pattern, DUIS 3.2.5): sent at their ExecutionDateTime, E30 when
they cannot be actioned in time; a past ExecutionDateTime runs at once; device-pattern SRVs are not held."""

from __future__ import annotations

from datetime import datetime, timedelta

from lxml import etree

from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.wan.csp import CspProfile, LatencyModel
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import RequestState

from .conftest import NS, Dcc, code


def read_at(at: datetime | str) -> str:
    text = at if isinstance(at, str) else at.strftime("%Y-%m-%dT%H:%M:%S.00Z")
    return (f"<sr:ReadInstantaneousImportRegisters><sr:ExecutionDateTime>{text}</sr:ExecutionDateTime>"
            "</sr:ReadInstantaneousImportRegisters>")


def stored(dcc: Dcc, signed: bytes) -> tuple[RequestState, datetime | None]:
    rid = RequestId.parse(etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS))
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(rid)
    assert request is not None
    return request.state, request.execute_at


def next_monday_9(now: datetime) -> datetime:
    days = (7 - now.weekday()) % 7 or 7
    return (now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


def test_a_dsp_held_4_1_1_is_sent_at_its_execution_date_time(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    at = next_monday_9(dcc.clock.now())
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at(at))
    reply = dcc.submit(signed)
    assert reply.decision.response_code == "I99" and reply.decision.rule == "DUIS-3.2.5"
    assert "held by the DCC until" in reply.decision.reason
    assert stored(dcc, signed) == (RequestState.HELD, at)

    VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_for(at - dcc.clock.now() - timedelta(minutes=1))
    # up to a minute before its time: nothing sent
    assert dcc.responses_for(signed) == [] and stored(dcc, signed)[0] is RequestState.HELD
    dcc.run(horizon=timedelta(minutes=30))
    [response] = dcc.responses_for(signed)
    assert code(response) == "I0"
    sent = [r for r in dcc.audit(signed) if r.kind == "wan" and r.state is RequestState.SENT]
    assert sent and sent[0].received_at >= at  # sent at (not before) its time
    assert [r.state.value for r in dcc.audit(signed)][:3] == ["held", "held", "transformed"]


def test_a_held_request_the_device_does_not_answer_gets_e30(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    at = dcc.clock.now() + timedelta(hours=2)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at(at))
    assert dcc.submit(signed).decision.response_code == "I99"
    wan = dcc.instance.pipeline.sm_wan
    for region in list(wan.profiles):
        wan.profiles[region] = CspProfile(LatencyModel(1.0, 1.0), loss_probability=1.0)
    dcc.run(horizon=timedelta(hours=3))
    [response] = dcc.responses_for(signed)
    assert code(response) == "E30"
    assert stored(dcc, signed)[0] is RequestState.EXPIRED
    last = [r for r in dcc.audit(signed) if r.kind == "transition"][-1]
    assert last.decision is not None and last.decision.rule == "DUIS-E30"


def test_a_held_request_not_released_within_the_window_expires_unsent_with_e30(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    at = dcc.clock.now() + timedelta(minutes=10)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at(at))
    assert dcc.submit(signed).decision.response_code == "I99"
    dcc.clock.advance(3 * 3600)  # the DCC was not running at the time (window: 1 h)
    dcc.run(horizon=timedelta(minutes=30))
    [response] = dcc.responses_for(signed)
    assert code(response) == "E30"
    assert "not released by" in [r for r in dcc.audit(signed) if r.kind == "transition"][-1].decision.reason
    assert not [r for r in dcc.audit(signed) if r.kind == "wan"]  # nothing was sent


def test_a_past_execution_date_time_runs_at_once_and_device_pattern_srvs_are_not_held(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    past = dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at("2015-01-15T09:00:00.00Z"))
    assert dcc.submit(past).decision.rule == "R-SR-1"
    assert stored(dcc, past) == (RequestState.ADMITTED, None)
    cancel = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at("3000-12-31T00:00:00.00Z")))
    assert cancel.decision.response_code != "I99" and cancel.decision.rule == "DUIS-3.2.5"
    dcc.run()
    assert [code(r) for r in dcc.responses_for(past)] == ["I0"]


def test_a_held_request_is_authorised_again_at_its_time_a_supplier_that_lost_the_meter_gets_e4(dcc: Dcc) -> None:
    """Issue 10 (time-sliced E4): for a future-dated request, the supplier registered when it is executed."""
    esme = dcc.first(DeviceType.ESME)
    assert esme.import_mpxn
    at = dcc.clock.now() + timedelta(hours=2)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", read_at(at))
    assert dcc.submit(signed).decision.response_code == "I99"
    with dcc.instance.uow_factory() as uow:  # the RDP moves the meter to another supplier in an hour
        uow.registration.end(esme.import_mpxn, UserRole.IMPORT_SUPPLIER, at - timedelta(hours=1))
        uow.registration.put(RegistrationPeriod(esme.import_mpxn, UserRole.IMPORT_SUPPLIER,
                                                Eui64.parse("90-B3-D5-1F-30-DE-00-0C"), at - timedelta(hours=1)))
        uow.commit()
    dcc.run(horizon=timedelta(hours=3))
    [response] = dcc.responses_for(signed)
    assert code(response) == "E4"
    last = [r for r in dcc.audit(signed) if r.kind == "transition"][-1]
    assert last.decision is not None and "refused at its ExecutionDateTime" in last.decision.reason
    assert not [r for r in dcc.audit(signed) if r.kind == "wan"]  # nothing was sent

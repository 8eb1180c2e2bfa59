"""Anomaly detection end to end in virtual time (SEC G6): a User over its threshold for an SRV class gets its
next request quarantined — stored, not sent, answered I99, the QuarantinedRequest DCC alert — sees it, releases
it, and it then reaches the device and its response is delivered (CV1 and the critical CV4 / CV5 flow)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.domain.errors import QuarantinedRequestNotOwned, QuarantinedRequestUnknown
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.requests import RequestState
from gbdcc.service.anomaly.quarantine import QuarantineDesk

from .conftest import NS, Dcc, code

READ = "<sr:ReadInstantaneousImportRegisters/>"


def over_threshold(dcc: Dcc, monkeypatch: pytest.MonkeyPatch, limits: dict[str, int]) -> QuarantineDesk:
    monkeypatch.setenv("GBDCC_ANOMALY_USER_LIMITS", json.dumps({str(dcc.supplier.eui): limits}))
    dcc.reopen()  # the per-User thresholds are configuration
    i = dcc.instance
    return bootstrap.quarantine_desk(i.settings, i.uow_factory, i.clock, identity=i.identity)


def state(dcc: Dcc, rid: str) -> RequestState:
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(RequestId.parse(rid))
    assert request is not None
    return request.state


def service_responses(dcc: Dcc, signed: bytes) -> list[object]:
    return [r for r in dcc.responses_for(signed) if r.find(".//sr:ResponseMessage", namespaces=NS) is not None]


def test_sec_g6_user_over_its_reads_threshold_is_quarantined_alerted_releases_and_the_request_completes(
        dcc: Dcc, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = over_threshold(dcc, monkeypatch, {"reads": 1})
    esme = dcc.first(DeviceType.ESME)
    first, second = (dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ) for _ in range(2))
    assert dcc.submit(first).decision.response_code == "I99"
    held = dcc.submit(second)
    assert (held.decision.response_code, held.decision.rule) == ("I99", "SEC-G6")
    assert "quarantined" in held.decision.reason and "threshold is 1" in held.decision.reason
    assert held.request_id is not None and state(dcc, held.request_id) is RequestState.QUARANTINED
    sent = dcc.instance.pipeline.sm_wan.stats.sent
    dcc.run()
    assert dcc.instance.pipeline.sm_wan.stats.sent == sent + 1  # only the first went to the device
    [alert] = [r for r in dcc.responses_for(second) if r.find(".//sr:ADUserThresholdBreach", namespaces=NS) is not None]
    assert alert.findtext(".//sr:ADUserThresholdBreach/sr:RequestID", namespaces=NS) == held.request_id
    assert service_responses(dcc, second) == []

    [seen] = desk.list(dcc.supplier.eui)
    assert str(seen.request_id) == held.request_id and seen.rule == "SEC-G6"
    assert desk.list(dcc.dno.eui) == []
    with pytest.raises(QuarantinedRequestNotOwned):
        desk.release(dcc.dno.eui, seen.request_id)
    released = desk.release(dcc.supplier.eui, seen.request_id)
    assert released.state is RequestState.ADMITTED
    with pytest.raises(QuarantinedRequestUnknown):
        desk.release(dcc.supplier.eui, seen.request_id)  # once
    dcc.run()
    [response] = service_responses(dcc, second)
    assert code(response) == "I0" and state(dcc, held.request_id) is RequestState.RESPONDED
    kinds = [(r.kind, r.state.value) for r in dcc.audit(second)]
    assert ("transition", "admitted") in kinds and kinds[-1] == ("delivery", "completed")
    assert desk.list(dcc.supplier.eui) == []


def test_sec_g6_critical_request_over_threshold_is_quarantined_at_its_signed_precommand_then_released(
        dcc: Dcc, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = over_threshold(dcc, monkeypatch, {"critical": 0})
    esme = dcc.first(DeviceType.ESME)
    precommand, signed = dcc.critical(dcc.supplier, esme.device_id, "7.2", "<sr:DisableSupply/>")
    assert "PreCommand" in precommand.body.decode()  # the Pre-Command is still issued: nothing is sent by it
    assert (signed.decision.response_code, signed.decision.rule) == ("I99", "SEC-G6")
    rid = signed.request_id or ""
    assert state(dcc, rid) is RequestState.QUARANTINED
    dcc.run()
    assert [r for r in dcc.received() if r.findtext(".//sr:ServiceReferenceVariant", namespaces=NS) == "7.2"] == []
    desk.release(dcc.supplier.eui, RequestId.parse(rid))
    dcc.run()
    [response] = [r for r in dcc.received() if r.findtext(".//sr:ServiceReferenceVariant", namespaces=NS) == "7.2"]
    assert code(response) == "I0" and state(dcc, rid) is RequestState.RESPONDED


def test_sec_g6_admin_api_lists_and_releases_a_users_quarantined_request(
        dcc: Dcc, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GBDCC_ADMIN_TOKEN", "s3cret")
    over_threshold(dcc, monkeypatch, {"reads": 0})
    esme = dcc.first(DeviceType.ESME)
    signed = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    rid = dcc.submit(signed).request_id
    client = TestClient(bootstrap.build_app(dcc.instance))
    auth = {"Authorization": "Bearer s3cret"}
    assert client.get("/admin/v1/quarantine").status_code == 401
    listing = client.get("/admin/v1/quarantine", params={"user": str(dcc.supplier.eui)}, headers=auth).json()
    assert [q["request_id"] for q in listing["quarantined"]] == [rid]
    refused = client.post(f"/admin/v1/quarantine/{rid}/release", params={"user": str(dcc.dno.eui)}, headers=auth)
    assert refused.status_code == 403 and refused.json()["detail"]["code"] == "GBDCC-872"
    ok = client.post(f"/admin/v1/quarantine/{rid}/release", params={"user": str(dcc.supplier.eui)}, headers=auth)
    assert ok.status_code == 200 and ok.json()["released"]["state"] == "admitted"
    again = client.post(f"/admin/v1/quarantine/{rid}/release", params={"user": str(dcc.supplier.eui)}, headers=auth)
    assert again.status_code == 404 and again.json()["detail"]["code"] == "GBDCC-871"
    dcc.run()
    [response] = service_responses(dcc, signed)
    assert code(response) == "I0"

"""Local delivery end to end (issue 7 item 6): a command returned for local delivery (CV2, CV6) is carried to the
simulated device by hand — here, handed to its Communications Hub's HAN — and the device's response comes back by
8.13 Return Local Command Response, processed as if it had come over the SM WAN: the User receives the Service
Response of the original RequestID, a locally commissioned meter becomes Commissioned, and every refusal is
named."""

from __future__ import annotations

import base64
from datetime import UTC
from typing import Any

import pytest
from lxml import etree

from gbdcc.adapters.duis.client import cv5_request
from gbdcc.adapters.duis.sign_tool import sign_request
from gbdcc.adapters.gbcs import frame
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.requests import RequestState

from .conftest import NS, Dcc, code, gbcs

ACB = "90-B3-D5-1F-30-00-00-02"
READ = "<sr:ReadInstantaneousImportRegisters/>"


def rid_of(signed: bytes) -> str:
    text = etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS)
    assert text is not None
    return text


def local_command(reply: Any) -> bytes:
    assert reply.decision.response_code == "I0", reply.decision
    return base64.b64decode(etree.fromstring(reply.body).findtext(".//sr:LocalCommand/sr:GBCSPayload",
                                                                  namespaces=NS))


def deliver_locally(dcc: Dcc, device: Device, command: bytes) -> bytes:
    """What an installer's hand-held terminal does: give the command to the device, read its response."""
    assert device.chf_id is not None
    hub = dcc.instance.pipeline.wan.hub(device.chf_id)
    assert hub is not None
    result = hub.receive(command, dcc.clock.now())
    assert result.response is not None
    return result.response


def return_response(dcc: Dcc, response: bytes, original: str | None) -> Any:
    named = f"<sr:OriginalRequestID>{original}</sr:OriginalRequestID>" if original else ""
    body = (f"<sr:ReturnLocalCommandResponse>{named}<sr:DeviceGBCSResponse>"
            f"{base64.b64encode(response).decode()}</sr:DeviceGBCSResponse></sr:ReturnLocalCommandResponse>")
    return dcc.submit(dcc.request(dcc.supplier, ACB, "8.13", body, cv=8))


def stored_state(dcc: Dcc, rid: str) -> RequestState:
    with dcc.instance.uow_factory(read_only=True) as uow:
        request = uow.requests.get(RequestId.parse(rid))
    assert request is not None
    return request.state


def test_8_13_after_a_cv2_read_delivers_the_device_response_of_the_original_request(
        dcc: Dcc, duis_xsd: etree.XMLSchema) -> None:
    esme = dcc.first(DeviceType.ESME)
    cv2 = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ, cv=2)
    command = local_command(dcc.submit(cv2))
    assert stored_state(dcc, rid_of(cv2)) is RequestState.RETURNED_FOR_LOCAL_DELIVERY
    response = deliver_locally(dcc, esme, command)

    reply = return_response(dcc, response, rid_of(cv2))
    assert reply.decision.response_code == "I0" and reply.decision.rule == "DUIS-8.13", reply.decision
    assert "not checkable by the DCC" in reply.decision.reason  # MAC'd for the User, as over the WAN
    dcc.run()
    [delivered] = dcc.responses_for(cv2)
    assert duis_xsd.validate(delivered), duis_xsd.error_log
    assert code(delivered) == "I0" and gbcs(delivered) == response
    assert delivered.findtext(".//sr:ServiceReferenceVariant", namespaces=NS) == "4.1.1"
    assert stored_state(dcc, rid_of(cv2)) is RequestState.RESPONDED

    again = return_response(dcc, response, rid_of(cv2))
    assert again.error is not None and again.error.code == "GBDCC-486"


def test_8_13_without_an_original_request_id_is_matched_by_the_command(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    cv2 = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ, cv=2)
    response = deliver_locally(dcc, esme, local_command(dcc.submit(cv2)))
    assert return_response(dcc, response, None).decision.response_code == "I0"
    assert stored_state(dcc, rid_of(cv2)) is RequestState.RESPONDED


def test_8_13_refuses_an_unknown_request_a_wrong_device_and_a_request_sent_over_the_wan(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    other = next(d for p in dcc.premises if (d := p.device(DeviceType.ESME)) is not None
                 and d.device_id != esme.device_id and dcc.device(d.device_id).status is SmiStatus.COMMISSIONED)
    cv2 = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ, cv=2)
    local_command(dcc.submit(cv2))
    theirs = dcc.request(dcc.supplier, other.device_id, "4.1.1", READ, cv=2)
    from_other = deliver_locally(dcc, dcc.device(other.device_id), local_command(dcc.submit(theirs)))

    unknown = return_response(dcc, from_other, f"{dcc.supplier.eui}:{esme.device_id}:999999")
    assert unknown.error is not None and unknown.error.code == "GBDCC-483", unknown.decision
    wrong = return_response(dcc, from_other, rid_of(cv2))
    assert wrong.error is not None and wrong.error.code == "GBDCC-484", wrong.decision
    cv1 = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    assert dcc.submit(cv1).decision.response_code == "I99"
    over_wan = return_response(dcc, from_other, rid_of(cv1))
    assert over_wan.error is not None and over_wan.error.code == "GBDCC-483", over_wan.decision
    assert stored_state(dcc, rid_of(cv2)) is RequestState.RETURNED_FOR_LOCAL_DELIVERY  # untouched


@pytest.fixture
def installed(dcc: Dcc) -> Device:
    """An ESME the supplier set back to InstalledNotCommissioned (8.4), to commission it locally."""
    esme = dcc.first(DeviceType.ESME)
    reply = dcc.submit(dcc.request(dcc.supplier, ACB, "8.4", (
        f"<sr:UpdateInventory><sr:DeviceID>{esme.device_id}</sr:DeviceID><sr:UpdateDeviceStatusExceptCH>"
        "InstalledNotCommissioned</sr:UpdateDeviceStatusExceptCH></sr:UpdateInventory>"), cv=8))
    assert reply.decision.response_code == "I0", reply.decision
    return dcc.device(esme.device_id)


def commission_locally(dcc: Dcc, device: Device) -> tuple[str, bytes]:
    """8.1.1 as CV4 → Pre-Command → signed and returned as CV6 → the command for local delivery."""
    now = dcc.clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.00Z")
    cv4 = dcc.request(dcc.supplier, device.device_id, "8.1.1", (
        f"<sr:CommissionDeviceSynchroniseClock><sr:CurrentDateTime>{now}</sr:CurrentDateTime>"
        "<sr:TolerancePeriod>60</sr:TolerancePeriod></sr:CommissionDeviceSynchroniseClock>"), cv=4)
    first = dcc.submit(cv4)
    cv5 = etree.fromstring(dcc.signed_precommand(dcc.supplier, cv4, first))
    signed = base64.b64decode(cv5.findtext(".//sr:SignedPreCommand/sr:GBCSPayload", namespaces=NS))
    cv6 = cv5_request(cv4, signed).replace(b"<sr:CommandVariant>5<", b"<sr:CommandVariant>6<")
    reply = dcc.submit(sign_request(cv6, dcc.supplier.xml_key, dcc.supplier.xml_cert, preserve_counter=True))
    return rid_of(cv4), local_command(reply)


def test_a_meter_commissioned_locally_cv6_then_8_13_is_commissioned_in_the_smi(dcc: Dcc, installed: Device) -> None:
    assert installed.status is SmiStatus.INSTALLED_NOT_COMMISSIONED
    rid, command = commission_locally(dcc, installed)
    response = deliver_locally(dcc, installed, command)
    assert frame.decode_message(response).kind is frame.FrameKind.SIGNED  # a critical command's: device-signed

    reply = return_response(dcc, response, rid)
    assert reply.decision.response_code == "I0", reply.decision
    assert "signature / MAC verified" in reply.decision.reason
    assert dcc.device(installed.device_id).status is SmiStatus.COMMISSIONED
    dcc.run()
    assert [code(r) for r in dcc.received() if r.findtext("sr:Header/sr:RequestID", namespaces=NS) == rid] == ["I0"]


def test_8_13_refuses_a_response_whose_device_signature_does_not_verify(dcc: Dcc, installed: Device) -> None:
    rid, command = commission_locally(dcc, installed)
    response = bytearray(deliver_locally(dcc, installed, command))
    response[-1] ^= 0x01  # the last byte of the device's ECDSA signature
    reply = return_response(dcc, bytes(response), rid)
    assert reply.error is not None and reply.error.code == "GBDCC-485", reply.decision
    assert stored_state(dcc, rid) is RequestState.RETURNED_FOR_LOCAL_DELIVERY
    assert dcc.device(installed.device_id).status is SmiStatus.INSTALLED_NOT_COMMISSIONED

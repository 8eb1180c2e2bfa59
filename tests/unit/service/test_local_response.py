"""8.13 Return Local Command Response called directly over the in-memory unit of work (the real GBCS transformer
and the simulated device behind the hub give the command and its response): matching, and what is refused."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.gbcs.response_check import GbcsResponseAuthenticator, device_signing_keys
from gbdcc.adapters.gbcs.transformer import GbcsTransformer
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService, lookup
from gbdcc.domain.errors import HeaderInvalid, LocalResponseUnmatched
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.service.device.inventory_rules import InventoryRules
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import InboundRequest
from gbdcc.service.non_device.local_response import ReturnLocalCommandResponse

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")


@dataclass
class Local:
    instance: bootstrap.Instance
    handler: ReturnLocalCommandResponse
    supplier: Eui64
    esme: Device
    counter: int = 100

    def cv2(self) -> tuple[RequestId, bytes]:
        """A CV2 4.1.1 through the gateway: its RequestID and the command returned for local delivery."""
        self.counter += 1
        rid = RequestId(self.supplier, self.esme.device_id, self.counter)
        keys = self.instance.settings.data_dir / "demo" / "supplier"
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{rid}</sr:RequestID>'
               "<sr:CommandVariant>2</sr:CommandVariant><sr:ServiceReference>4.1</sr:ServiceReference>"
               "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
               "<sr:ReadInstantaneousImportRegisters/></sr:Body></sr:Request>").encode()
        signed = sign_request(xml, load_signing_key((keys / "xml-sign.key").read_bytes()),
                              load_certificate((keys / "xml-sign.pem").read_bytes()), preserve_counter=True)
        reply = self.instance.gateway.submit(signed, WebService.NON_DEVICE)
        assert reply.decision.response_code == "I0", reply.decision
        payload = etree.fromstring(reply.body).findtext(f".//{{{SR}}}LocalCommand/{{{SR}}}GBCSPayload")
        return rid, base64.b64decode(payload or "")

    def locally(self, command: bytes) -> bytes:
        assert self.esme.chf_id is not None
        hub = self.instance.pipeline.wan.hub(self.esme.chf_id)
        assert hub is not None
        response = hub.receive(command, self.instance.clock.now()).response
        assert response is not None
        return response

    def return_(self, body: dict[str, str], user: Eui64 | None = None) -> HandlerResult:
        self.counter += 1
        entry = lookup("8.13")
        request = InboundRequest(b"", RequestId(user or self.supplier, ACB, self.counter), 8, "8.13", "8.13",
                                 "ReturnLocalCommandResponse", body, "CN=X", 1)
        with self.instance.uow_factory() as uow:
            result = self.handler(uow, RequestContext(request, entry, UserRole.IMPORT_SUPPLIER, T0, False))
            uow.commit()
        return result

    def state(self, rid: RequestId) -> RequestState:
        with self.instance.uow_factory(read_only=True) as uow:
            request = uow.requests.get(rid)
        assert request is not None
        return request.state


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Local]:
    clock = VirtualClock(T0)
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, scheduler=VirtualScheduler(clock),
                                       in_memory=True)
    demo = ensure_demo_parties(instance)
    ensure_estate(instance, 6, parties=demo.estate)
    identity = instance.identity
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert)
    keys = instance.device_keys
    handler = ReturnLocalCommandResponse(
        GbcsTransformer(identity.acb_ka_key, keys.ka_public_key, acb=identity.eui),
        GbcsResponseAuthenticator(identity.acb_ka_key, keys.ka_public_key,
                                  device_signing_keys(instance.uow_factory, keys.seed)),
        InventoryRules(codec), Outbound(codec, identity.eui))
    esme = next(d for p in generate_estate(6, 1) if (d := p.device(DeviceType.ESME)) and p.status.value ==
                "Commissioned")
    with instance.uow_factory(read_only=True) as uow:
        stored = uow.inventory.get(esme.device_id)
    assert stored is not None
    yield Local(instance, handler, demo.supplier, stored)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_the_response_is_matched_by_its_command_and_queued_for_the_user(local: Local) -> None:
    rid, command = local.cv2()
    result = local.return_({"DeviceGBCSResponse": b64(local.locally(command))})
    assert result.response_code == "I0" and str(rid) in result.note
    assert local.state(rid) is RequestState.RESPONDED
    with local.instance.uow_factory(read_only=True) as uow:
        [message] = uow.messages.for_request(str(rid))
    assert message.response_code == "I0"
    assert message.response_id == f"{local.esme.device_id}:{local.supplier}:{rid.counter}"


def test_what_is_not_a_device_response_is_refused(local: Local) -> None:
    rid, command = local.cv2()
    with pytest.raises(HeaderInvalid):
        local.return_({"DeviceGBCSResponse": "not base64!"})
    with pytest.raises(LocalResponseUnmatched, match="not a response"):
        local.return_({"DeviceGBCSResponse": b64(command)})  # the command itself
    with pytest.raises(LocalResponseUnmatched, match="not a GBCS message"):
        local.return_({"DeviceGBCSResponse": b64(b"\x01\x02\x03")})
    assert local.state(rid) is RequestState.RETURNED_FOR_LOCAL_DELIVERY


def test_another_users_request_is_not_matched(local: Local) -> None:
    rid, command = local.cv2()
    response = local.locally(command)
    with pytest.raises(LocalResponseUnmatched) as err:
        local.return_({"OriginalRequestID": str(rid), "DeviceGBCSResponse": b64(response)},
                      user=Eui64.parse("90-B3-D5-1F-30-DE-00-02"))
    assert err.value.code == "GBDCC-483"
    assert local.state(rid) is RequestState.RETURNED_FOR_LOCAL_DELIVERY

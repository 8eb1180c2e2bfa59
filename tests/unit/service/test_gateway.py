"""The gateway and the pipeline's stages called directly — no HTTP — over the in-memory unit of work, the
real codec and GBCS, the simulated WAN in virtual time, and in-memory receivers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService
from gbdcc.domain.delivery import DeliveryState, MessageKind
from gbdcc.domain.events import MessageQueued, UplinkReceived
from gbdcc.domain.inventory import DeviceType
from gbdcc.service.messagebus import MessageBus, OutboxRelay

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
URL = "http://receiver.test/"


class Memory:
    def __init__(self, data_dir: Path) -> None:
        self.clock = VirtualClock(T0)
        self.scheduler = VirtualScheduler(self.clock)
        self.receivers = RecordingReceivers()
        self.instance = bootstrap.open_instance(Settings(data_dir=data_dir, demo_response_url=URL), clock=self.clock,
                                                scheduler=self.scheduler, delivery=self.receivers, in_memory=True)
        self.demo = ensure_demo_parties(self.instance)
        ensure_estate(self.instance, 8, parties=self.demo.estate)
        keys = self.demo.supplier_keys
        self.key = load_signing_key((keys / "xml-sign.key").read_bytes())
        self.cert = load_certificate((keys / "xml-sign.pem").read_bytes())
        self.esme = next(p.device(DeviceType.ESME) for p in generate_estate(8, 1)
                         if p.device(DeviceType.ESME) and p.status.value == "Commissioned")
        assert self.esme is not None

    def read(self, counter: int) -> bytes:
        assert self.esme is not None
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{self.demo.supplier}:'
               f"{self.esme.device_id}:{counter}</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant>"
               "<sr:ServiceReference>4.1</sr:ServiceReference><sr:ServiceReferenceVariant>4.1.1"
               "</sr:ServiceReferenceVariant></sr:Header><sr:Body><sr:ReadInstantaneousImportRegisters/></sr:Body>"
               "</sr:Request>").encode()
        return sign_request(xml, self.key, self.cert, preserve_counter=True)

    def run(self, horizon: timedelta = timedelta(minutes=30)) -> int:
        return VirtualPipeline(self.instance.pipeline.relays, self.scheduler).run_until_idle(horizon)


def responses(mem: Memory) -> list[bytes]:
    return [raw for raw in mem.receivers.received[URL] if b"ResponseMessage" in raw]


@pytest.fixture
def mem(tmp_path: Path) -> Iterator[Memory]:
    yield Memory(tmp_path)


def test_gateway_admits_durably_and_the_stages_answer(mem: Memory) -> None:
    reply = mem.instance.gateway.submit(mem.read(1), WebService.SEND_COMMAND)
    assert reply.duis and reply.decision.response_code == "I99"
    with mem.instance.uow_factory(read_only=True) as uow:
        assert uow.outbox.depth() == {"request.admitted": 1}
    assert mem.run() >= 4
    assert len(responses(mem)) == 1  # (device alerts the meter raised on the way may come too)
    with mem.instance.uow_factory(read_only=True) as uow:
        assert uow.outbox.depth() == {}


def test_wrong_web_service_is_refused_with_e13_over_a_duis_response(mem: Memory) -> None:
    reply = mem.instance.gateway.submit(mem.read(2), WebService.NON_DEVICE)
    assert reply.duis and reply.decision.response_code == "E13" and reply.error is not None


def test_relay_keeps_and_retries_an_event_whose_handler_fails(mem: Memory) -> None:
    calls: list[int] = []

    def flaky(entry: object, event: MessageQueued) -> None:
        calls.append(event.message_id)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        with mem.instance.uow_factory() as uow:
            uow.outbox.done(entry.seq)  # type: ignore[attr-defined]
            uow.commit()

    relay = OutboxRelay(mem.instance.uow_factory, MessageBus({MessageQueued.topic: flaky}), mem.clock)
    with mem.instance.uow_factory() as uow:
        uow.outbox.add(MessageQueued(7), mem.clock.now())
        uow.commit()
    assert relay.drain() == 1 and relay.failures == 1
    assert relay.drain() == 0  # backed off, not lost
    mem.clock.advance(2)
    assert relay.drain() == 1 and calls == [7, 7]


def test_a_restarted_relay_takes_back_at_once_what_its_killed_predecessor_had_leased(mem: Memory) -> None:
    seen: list[int] = []

    def handle(entry: object, event: MessageQueued) -> None:
        seen.append(event.message_id)
        with mem.instance.uow_factory() as uow:
            uow.outbox.done(entry.seq)  # type: ignore[attr-defined]
            uow.commit()

    with mem.instance.uow_factory() as uow:
        uow.outbox.add(MessageQueued(8), mem.clock.now())
        uow.commit()
        # the previous run leased it and was killed before handling it
        assert len(list(uow.outbox.due(mem.clock.now(), None, 10, claimed_by="delivery-0",
                                       lease_seconds=60))) == 1
        uow.commit()
    relay = OutboxRelay(mem.instance.uow_factory, MessageBus({MessageQueued.topic: handle}), mem.clock,
                        name="delivery-0", batch=4)
    assert relay.drain() == 0  # still leased: without the release it would wait 60 s
    assert relay.release_held() == 1
    assert relay.drain() == 1 and seen == [8]


def test_delivery_retries_then_the_failed_queue_then_redelivery(mem: Memory) -> None:
    mem.receivers.down.add(URL)
    mem.instance.gateway.submit(mem.read(3), WebService.SEND_COMMAND)
    mem.run(horizon=timedelta(minutes=10))
    with mem.instance.uow_factory(read_only=True) as uow:
        [failed] = [m for m in uow.messages.by_state(DeliveryState.FAILED, None, 10) if m.kind is MessageKind.RESPONSE]
    assert failed.attempts >= 6
    assert failed.failed_at is not None and failed.first_attempt_at is not None
    assert failed.failed_at - failed.first_attempt_at <= timedelta(seconds=300)
    mem.receivers.down.clear()
    assert mem.instance.pipeline.delivery.redeliver([failed.message_id or 0]) == 1
    mem.run()
    assert len(responses(mem)) == 1
    with mem.instance.uow_factory(read_only=True) as uow:
        assert uow.messages.get(failed.message_id or 0).state is DeliveryState.DELIVERED  # type: ignore[union-attr]


def test_failed_messages_leave_the_queue_after_two_days(mem: Memory) -> None:
    mem.receivers.down.add(URL)
    mem.instance.gateway.submit(mem.read(4), WebService.SEND_COMMAND)
    mem.run(horizon=timedelta(minutes=10))
    assert mem.instance.pipeline.delivery.discard_expired() == 0
    with mem.instance.uow_factory(read_only=True) as uow:
        failed = len(uow.messages.by_state(DeliveryState.FAILED, None, 100))
    assert failed >= 1
    mem.clock.advance(2 * 86_400)
    assert mem.instance.pipeline.delivery.discard_expired() == failed


def test_an_uplink_matching_no_command_is_recorded_and_dropped(mem: Memory) -> None:
    with mem.instance.uow_factory() as uow:
        uow.outbox.add(UplinkReceived("00-00-00-00-00-00-00-01", "deadbeef", T0.isoformat()), T0)
        uow.commit()
    mem.run()
    with mem.instance.uow_factory(read_only=True) as uow:
        [record] = [r for r in uow.audit.recent(5) if r.kind == "wan"]
    assert record.decision is not None and "not a GBCS message" in record.decision.reason


def test_a_user_without_a_receive_address_gets_its_messages_queued_as_failed(mem: Memory) -> None:
    with mem.instance.uow_factory() as uow:
        user = uow.users.get(mem.demo.supplier)
        assert user is not None
        uow.users.put(replace(user, response_url=None))
        uow.commit()
    mem.instance.gateway.submit(mem.read(5), WebService.SEND_COMMAND)
    mem.run(horizon=timedelta(minutes=10))
    with mem.instance.uow_factory(read_only=True) as uow:
        [failed] = [m for m in uow.messages.by_state(DeliveryState.FAILED, mem.demo.supplier, 10)
                    if m.kind is MessageKind.RESPONSE]
    assert failed.last_error is not None and "no receive-response address" in failed.last_error

"""A DCC in virtual time for the device pipeline tests: a real instance (SQLite, real crypto, the simulated
SM WAN and devices) driven by a ``VirtualScheduler``, its Users' receivers in memory (the HTTP journeys in
``tests/integration/test_journeys_http.py`` use real ones). Nothing sleeps; each test's clock starts at T0."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.duis.client import cv5_request
from gbdcc.adapters.duis.journeys import Journeys, SyncReply
from gbdcc.adapters.duis.journeys import Party as JourneyParty
from gbdcc.adapters.duis.receiver import ReceivedMessage, read_message
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.correlate import correlate
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.provisioning.demo import DemoParties, ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import lookup, web_service_for
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.requests import AuditRecord
from gbdcc.service.gateway import GatewayReply

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
NS = {"sr": SR}
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SUPPLIER_URL, DNO_URL, GT_URL = "http://supplier.test/duis", "http://dno.test/duis", "http://gt.test/duis"


class Party:
    def __init__(self, eui: Eui64, keys: Path, url: str) -> None:
        self.eui = eui
        self.url = url
        self.xml_key = load_signing_key((keys / "xml-sign.key").read_bytes())
        self.xml_cert = load_certificate((keys / "xml-sign.pem").read_bytes())
        self.ds_key: ec.EllipticCurvePrivateKey = load_signing_key((keys / f"{eui.hex}-ds.key").read_bytes())
        self.keys = keys
        self.counter = 1000


class Dcc:
    """The harness: build requests, submit them, run the pipeline, read what Users received."""

    def __init__(self, data_dir: Path, *, premises: int = 20, start: datetime = T0) -> None:
        self.data_dir = data_dir
        self.clock = VirtualClock(start)
        self.scheduler = VirtualScheduler(self.clock)
        self.receivers = RecordingReceivers()
        self.instance = self._open()
        self.demo: DemoParties = ensure_demo_parties(self.instance)
        self._set_url(self.demo.supplier, SUPPLIER_URL)
        self._set_url(self.demo.network_operator, DNO_URL)
        self._set_url(self.demo.gas_transporter, GT_URL)
        ensure_estate(self.instance, premises, parties=self.demo.estate)
        self.supplier = Party(self.demo.supplier, self.demo.supplier_keys, SUPPLIER_URL)
        self.dno = Party(self.demo.network_operator, self.demo.network_operator_keys, DNO_URL)
        self.premises = list(generate_estate(premises, 1))

    def _open(self) -> bootstrap.Instance:
        return bootstrap.open_instance(Settings(data_dir=self.data_dir), clock=self.clock, scheduler=self.scheduler,
                                       delivery=self.receivers)

    def reopen(self) -> None:
        """A restart: a new instance on the same data dir (and a new simulated WAN)."""
        if self.instance.engine is not None:
            self.instance.engine.dispose()
        self.scheduler = VirtualScheduler(self.clock)
        self.instance = self._open()

    def _set_url(self, eui: Eui64, url: str) -> None:
        with self.instance.uow_factory() as uow:
            user = uow.users.get(eui)
            assert user is not None
            uow.users.put(replace(user, response_url=url))
            uow.commit()

    # -- the estate --------------------------------------------------------------------------------
    def device(self, eui: Eui64) -> Device:
        with self.instance.uow_factory(read_only=True) as uow:
            found = uow.inventory.get(eui)
        assert found is not None, eui
        return found

    def first(self, kind: DeviceType, *, prepayment: bool | None = None, commissioned: bool = True) -> Device:
        for p in self.premises:
            d = p.device(kind)
            if d is None or (prepayment is not None and p.prepayment != prepayment):
                continue
            current = self.device(d.device_id)
            if not commissioned or current.status.value == "Commissioned":
                return current
        raise AssertionError(f"no {kind} in the estate")

    # -- requests ----------------------------------------------------------------------------------
    def request(self, party: Party, target: Eui64 | str, srv: str, body: str, *, cv: int | None = None,
                counter: int | None = None) -> bytes:
        entry = lookup(srv)
        if cv is None:
            cv = 4 if entry.critical else 1
        if counter is None:
            party.counter += 1
            counter = party.counter
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{party.eui}:{target}:'
               f"{counter}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant><sr:ServiceReference>"
               f"{entry.service_reference}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
               f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>").encode()
        return sign_request(xml, party.xml_key, party.xml_cert, preserve_counter=True)

    def submit(self, signed: bytes) -> GatewayReply:
        cv = int(etree.fromstring(signed).findtext("sr:Header/sr:CommandVariant", namespaces=NS))
        return self.instance.gateway.submit(signed, web_service_for(cv))

    def signed_precommand(self, party: Party, cv4: bytes, reply: GatewayReply, *, tamper: int | None = None) -> bytes:
        pre = base64.b64decode(etree.fromstring(reply.body).findtext(".//sr:PreCommand/sr:GBCSPayload",
                                                                     namespaces=NS))
        correlate(cv4, pre)
        signed = bytearray(frame.sign_precommand(pre, party.ds_key))
        if tamper is not None:
            signed[tamper] ^= 0x01
        return sign_request(cv5_request(cv4, bytes(signed)), party.xml_key, party.xml_cert, preserve_counter=True)

    def critical(self, party: Party, target: Eui64 | str, srv: str, body: str) -> tuple[GatewayReply, GatewayReply]:
        cv4 = self.request(party, target, srv, body, cv=4)
        first = self.submit(cv4)
        assert first.decision.response_code == "I0", first.decision
        return first, self.submit(self.signed_precommand(party, cv4, first))

    def run(self, horizon: timedelta = timedelta(minutes=30)) -> int:
        return VirtualPipeline(self.instance.pipeline.relays, self.scheduler).run_until_idle(horizon)

    # -- what came back ----------------------------------------------------------------------------
    def received(self, url: str = SUPPLIER_URL) -> list[etree._Element]:
        cert = self.instance.identity.xml_signing_cert
        out = []
        for raw in self.receivers.received[url]:
            root = etree.fromstring(raw)
            verify_signature(root, cert)
            out.append(root)
        return out

    def responses_for(self, signed: bytes, url: str = SUPPLIER_URL) -> list[etree._Element]:
        rid = etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS)
        return [r for r in self.received(url) if r.findtext("sr:Header/sr:RequestID", namespaces=NS) == rid]

    def audit(self, signed: bytes) -> list[AuditRecord]:
        rid = etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS)
        with self.instance.uow_factory(read_only=True) as uow:
            return list(uow.audit.for_request(rid))

    @property
    def dcc_certificate(self) -> x509.Certificate:
        return self.instance.identity.xml_signing_cert


def code(root: etree._Element) -> str | None:
    return root.findtext("sr:Header/sr:ResponseCode", namespaces=NS)


def gbcs(root: etree._Element) -> bytes:
    return base64.b64decode(root.findtext(".//sr:GBCSPayload", namespaces=NS))


class VirtualTransport:
    """The journeys' transport over the harness: the gateway in-process, the pipeline in virtual time."""

    def __init__(self, dcc: Dcc, url: str = SUPPLIER_URL) -> None:
        self.dcc = dcc
        self.url = url

    def submit(self, signed: bytes) -> SyncReply:
        reply = self.dcc.submit(signed)
        return SyncReply(reply.decision.response_code, reply.body, reply.decision.rule, reply.decision.reason)

    def responses(self, request_id: str, timeout_s: float) -> list[ReceivedMessage]:
        self.dcc.run(horizon=timedelta(seconds=timeout_s))
        return [m for m in self.received() if m.request_id == request_id]

    def received(self) -> list[ReceivedMessage]:
        return [read_message(raw, self.dcc.dcc_certificate) for raw in self.dcc.receivers.received[self.url]]

    def wait(self, seconds: float) -> None:
        VirtualPipeline(self.dcc.instance.pipeline.relays, self.dcc.scheduler).run_for(timedelta(seconds=seconds))


def journeys(dcc: Dcc, party: Party | None = None, url: str = SUPPLIER_URL) -> Journeys:
    party = party or dcc.supplier
    return Journeys(VirtualTransport(dcc, url), JourneyParty(party.eui, party.xml_key, party.xml_cert, party.ds_key,
                                                             counter=party.counter + 10_000),
                    clock=dcc.clock.now, trace=print)


@pytest.fixture
def dcc(tmp_path: Path) -> Any:
    harness = Dcc(tmp_path / "var")
    yield harness
    if harness.instance.engine is not None:
        harness.instance.engine.dispose()

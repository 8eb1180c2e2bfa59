"""A live ``gbdcc up``-like server for the portal's browser tests: ``bootstrap.build_app`` on an instance in a
temp dir, served by uvicorn on a thread (``BackgroundServer``), with the pipeline's relays running, two Users with
portal accounts, and real signed DUIS requests from each in the audit trail.

Also there: a DCC alert for the supplier (``Outbound.dcc_alert`` — the quarantine alert anomaly detection sends,
raised here directly) whose delivery fails for real: the supplier's response URL is a closed port and the retry
window is 1 s, so the delivery relay moves it to the failed-delivery queue. Devices and WAN are SIMULATED.

Chromium is the system one (``/usr/bin/chromium``, apt package ``chromium``; ``.ci/run`` installs it). When it is
missing the tests FAIL — they never skip.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from pathlib import Path
from typing import Any

import httpx
import pytest

from gbdcc import bootstrap
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.http.background import BackgroundServer, free_port
from gbdcc.adapters.provisioning.hubs import RTDS_CHF, deliver_rtds_hub
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.config import Settings
from gbdcc.domain.delivery import DeliveryPolicy, DeliveryState
from gbdcc.domain.ids import Eui64
from gbdcc.service.device.alerts import GBDCC_DCC_ALERT
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.device.settings import PipelineSettings

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "portal-screenshots"
SUPPLIER = "90-B3-D5-1F-30-01-00-00"
NETWORK_OPERATOR = "90-B3-D5-1F-30-02-00-00"
LOCKABLE = "90-B3-D5-1F-30-04-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"
PASSWORD = {SUPPLIER: "supplier portal passphrase", NETWORK_OPERATOR: "network operator passphrase",
            LOCKABLE: "lockable account passphrase"}
ESME = "00-DB-12-34-56-78-90-B0"
PRENOTIFY = (f"<sr:DevicePrenotification><sr:DeviceID>{ESME}</sr:DeviceID><sr:DeviceManufacturer>AB01"
             "</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
             "</sr:DeviceType><sr:FirmwareVersion>0002012F</sr:FirmwareVersion></sr:DevicePrenotification>")


def read_inventory(device: str) -> str:
    return f"<sr:ReadInventory><sr:DeviceID>{device}</sr:DeviceID></sr:ReadInventory>"


@dataclass
class Portal:
    base: str
    instance: bootstrap.Instance
    request_ids: dict[str, list[str]]  # per User: the RequestIDs it sent
    alert_ids: list[str]  # the supplier's alert ResponseIDs


def _sign(keys: Path, eui: str, srv: str, body: str, n: int) -> tuple[str, bytes]:
    key = load_signing_key((keys / "xml-sign.key").read_bytes())
    cert = load_certificate((keys / "xml-sign.pem").read_bytes())
    ref = srv if srv.count(".") == 1 else srv.rsplit(".", 1)[0]
    request_id = f"{eui}:{ACB}:{n}"
    xml = (f'<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4"><sr:Header>'
           f"<sr:RequestID>{request_id}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant>"
           f"<sr:ServiceReference>{ref}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
           f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>").encode()
    return request_id, sign_request(xml, key, cert, counter=n)


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    tmp = tmp_path_factory.mktemp("portal")
    fast = PipelineSettings(delivery=DeliveryPolicy(retry_window=timedelta(seconds=1),
                                                    first_backoff=timedelta(milliseconds=200),
                                                    attempt_timeout=timedelta(seconds=1)))
    instance = bootstrap.open_instance(Settings(data_dir=tmp / "var"), pipeline_settings=fast)
    deliver_rtds_hub(instance)
    closed = f"http://127.0.0.1:{free_port()}/duis"  # nothing listens: every delivery attempt fails
    keys: dict[str, Path] = {}
    for eui, roles in ((SUPPLIER, ["IS", "GS"]), (NETWORK_OPERATOR, ["ED"]), (LOCKABLE, ["IS"])):
        keys[eui] = tmp / f"keys-{eui}"
        for i, role in enumerate(roles):
            register_user(instance, eui=eui, role=role, name=f"User {eui}", response_url=closed,
                          issue_keys_to=keys[eui] if i == 0 else None,
                          certificate_pem=(keys[eui] / "xml-sign.pem").read_bytes() if i else None)
    accounts = bootstrap.build_portal_accounts(instance.settings, instance.uow_factory, instance.clock)
    for eui, password in PASSWORD.items():
        accounts.add(Eui64.parse(eui), password)
    server = BackgroundServer(bootstrap.build_app(instance), name="portal-test").start()
    runner = bootstrap.start_pipeline(instance)
    base = f"http://127.0.0.1:{server.port}"
    counters = count(1)
    sent: dict[str, list[str]] = {SUPPLIER: [], NETWORK_OPERATOR: []}
    plan = [(SUPPLIER, "12.2", PRENOTIFY), (SUPPLIER, "8.2", read_inventory(ESME)),
            (SUPPLIER, "8.2", read_inventory("00-DB-12-34-56-78-90-FF")),  # an unknown device: refused
            (NETWORK_OPERATOR, "8.2", read_inventory(str(RTDS_CHF)))]
    for eui, srv, body in plan:
        request_id, signed = _sign(keys[eui], eui, srv, body, next(counters))
        reply = httpx.post(f"{base}/api/v1/serviceD", content=signed, headers={"Content-Type": "application/xml"})
        assert reply.status_code == 200, reply.text
        sent[eui].append(request_id)
    outbound = Outbound(XmlDuisCodec(instance.identity.xml_signing_key, instance.identity.xml_signing_cert),
                        instance.identity.eui)
    with instance.uow_factory() as uow:
        alert = outbound.dcc_alert(uow, Eui64.parse(SUPPLIER), GBDCC_DCC_ALERT, "QuarantinedRequest",
                                   {"ADUserThresholdBreach": {"RequestID": sent[SUPPLIER][0],
                                                              "QuarantineEventRef": "1"}},
                                   instance.clock.now(), "R-ANOMALY", "portal test alert", request_id=sent[SUPPLIER][0])
        uow.commit()
    instance.pipeline.notifier.notify()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the alert's delivery fails for real and lands in the failed queue
        with instance.uow_factory(read_only=True) as uow:
            if uow.messages.by_state(DeliveryState.FAILED, Eui64.parse(SUPPLIER), 10):
                break
        time.sleep(0.2)
    else:
        pytest.fail("the alert never reached the failed-delivery queue")
    try:
        yield Portal(base, instance, sent, [alert.response_id])
    finally:
        runner.stop()
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API runs an event loop on this thread while it is open, and a test of
    another module calling ``asyncio.run`` on the same worker must not find one (pytest tears a module fixture
    down before the next module's tests)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `apt-get install -y chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

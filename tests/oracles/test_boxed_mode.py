"""Issue 9 acceptance: in boxed mode a DCC Boxed client's own tools accept what gbdcc sends.

The DCC signing tool's ``Validate`` with no certificate argument — what the Smart DCC Node-RED client calls
— looks the response's signer up in the certificate library compiled into the jar. After
``gbdcc smki import keystore.json --boxed`` gbdcc signs with DCC Boxed's DSP key, so every synchronous and
asynchronous response must validate that way. The client's sequence is played with the DCC tool only:
sign a template as the keystore's supplier, send, validate; CV4 → sign the Pre-Command with the keystore's
supplier key → CV5 with the same RequestID (signed by the tool) → asynchronous response validated. The
SMKI service then serves the device certificate that verifies the response's MAC.
"""

from __future__ import annotations

import base64
import json
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import load_der_x509_certificate
from fastapi.testclient import TestClient
from lxml import etree
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.duis.client import cv5_request
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.cli.main import app as cli
from gbdcc.domain.catalogue import web_service_for

pytestmark = pytest.mark.oracle
SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
NS = {"sr": SR}
URL = "http://boxed-client.test/duis"
SUPPLIER = "90b3d51f30010000"
ESME = "00-DB-12-34-56-78-90-A0"
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


class BoxedDcc:
    def __init__(self, data_dir: Path) -> None:
        self.clock = VirtualClock(T0)
        self.scheduler = VirtualScheduler(self.clock)
        self.receivers = RecordingReceivers()
        self.instance = bootstrap.open_instance(bootstrap.settings(data_dir), clock=self.clock,
                                                scheduler=self.scheduler, delivery=self.receivers)

    def submit(self, signed: bytes) -> bytes:
        cv = int(etree.fromstring(signed).findtext("sr:Header/sr:CommandVariant", namespaces=NS))
        reply = self.instance.gateway.submit(signed, web_service_for(cv))
        return reply.body

    def run(self) -> None:
        VirtualPipeline(self.instance.pipeline.relays, self.scheduler).run_until_idle(timedelta(minutes=10))


@pytest.fixture(scope="module")
def keystore(oracles: Path) -> Path:
    return oracles / "keys" / "boxed-keystore" / "keystore.json"


@pytest.fixture(scope="module")
def boxed(keystore: Path, tmp_path_factory: pytest.TempPathFactory) -> BoxedDcc:
    data_dir = tmp_path_factory.mktemp("boxed")
    result = CliRunner().invoke(cli, ["smki", "import", str(keystore), "--boxed", "--response-url", URL,
                                      "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "xml-sign" in result.output and "90-B3-D5-1F-30-01-00-00 IS" in result.output
    return BoxedDcc(data_dir)


def _keystore_key(keystore: Path, eui: str, usage: str, name: str) -> ec.EllipticCurvePrivateKey:
    entries = json.loads(keystore.read_text())[eui][usage]
    [pem] = [e["privateKey"] for e in entries.values() if e.get("name") == name]
    key = serialization.load_pem_private_key(pem.encode(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def _template(oracles: Path, name: str, counter: int) -> str:
    text = (oracles / "duis-templates" / name).read_text()
    return re.sub(r"(<sr:RequestID>[0-9A-F-]+:[0-9A-F-]+:)\d+", rf"\g<1>{counter}", text)


def _tool(dcc_tool: Any, mode: str, texts: dict[str, bytes], tmp: Path) -> dict[str, tuple[str, bytes]]:
    """Sign or validate ``texts`` with the DCC tool in one JVM; {name: (result code, output bytes)}."""
    tmp = Path(tempfile.mkdtemp(prefix=f"{mode}-", dir=tmp))
    files = {}
    for name, data in texts.items():
        files[name] = tmp / f"{len(files):03d}-{name}"
        files[name].write_bytes(data)
    out = dcc_tool(mode, list(files.values()), tmp)
    return {name: (out[path][0], out[path][1].read_bytes()) for name, path in files.items()}


def test_the_boxed_client_sequence_validates_with_the_tools_built_in_library(
    boxed: BoxedDcc, oracles: Path, keystore: Path, dcc_tool: Any, tmp_path: Path, duis_xsd: etree.XMLSchema
) -> None:
    templates = {"8.2": ("8.2_READ_INVENTORY_REQUEST_DUIS.XML", 101),
                 "4.1.1": ("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 102),
                 "7.2 CV4": ("ECS43_7.2_SUCCESS_REQUEST_DUIS.XML", 103),
                 "4.1.1 CV2": ("ECS17b_4.1.1_REQUEST_DUIS.XML", 104)}
    signed = _tool(dcc_tool, "sign", {k: _template(oracles, n, c).encode() for k, (n, c) in templates.items()},
                   tmp_path)
    assert {k: code for k, (code, _) in signed.items()} == dict.fromkeys(templates, "SUCCESS")

    sync = {k: boxed.submit(raw) for k, (_, raw) in signed.items()}
    codes = {k: etree.fromstring(body).findtext("sr:Header/sr:ResponseCode", namespaces=NS) for k, body in sync.items()}
    assert codes == {"8.2": "I0", "4.1.1": "I99", "7.2 CV4": "I0", "4.1.1 CV2": "I0"}

    # CV4 → the Pre-Command signed with the keystore supplier's GBCS key → CV5, same RequestID, tool-signed
    pre = base64.b64decode(etree.fromstring(sync["7.2 CV4"]).findtext(".//sr:PreCommand/sr:GBCSPayload",
                                                                       namespaces=NS))
    supplier_ds = _keystore_key(keystore, SUPPLIER, "digitalSignature", "Z1-supplier-ds")
    cv5 = cv5_request(signed["7.2 CV4"][1], frame.sign_precommand(pre, supplier_ds))
    [(cv5_code, cv5_signed)] = _tool(dcc_tool, "sign", {"7.2 CV5": cv5}, tmp_path).values()
    assert cv5_code == "SUCCESS"
    sync["7.2 CV5"] = boxed.submit(cv5_signed)
    assert etree.fromstring(sync["7.2 CV5"]).findtext("sr:Header/sr:ResponseCode", namespaces=NS) == "I99", \
        sync["7.2 CV5"]

    boxed.run()
    delivered = boxed.receivers.received[URL]
    asynchronous = {f"async-{i}": raw for i, raw in enumerate(delivered)}
    answers = {(etree.fromstring(raw).findtext("sr:Header/sr:RequestID", namespaces=NS) or "").rsplit(":", 1)[-1]:
               etree.fromstring(raw) for raw in delivered}
    for counter in ("102", "103"):  # 4.1.1 and the 7.2 CV5: executed by the device, its GBCS response back
        assert answers[counter].findtext("sr:Header/sr:ResponseCode", namespaces=NS) == "I0"
        assert answers[counter].find(".//sr:GBCSPayload", namespaces=NS) is not None
    for raw in [*sync.values(), *asynchronous.values()]:
        duis_xsd.assertValid(etree.fromstring(raw))

    validated = _tool(dcc_tool, "validate", {**{k.replace(" ", "_"): v for k, v in sync.items()}, **asynchronous},
                      tmp_path)
    assert {k: code for k, (code, _) in validated.items()} == dict.fromkeys(validated, "SUCCESS")


def test_the_smki_service_serves_the_device_certificate_that_verifies_its_response_mac(
    boxed: BoxedDcc, oracles: Path, keystore: Path, dcc_tool: Any, tmp_path: Path
) -> None:
    template = _template(oracles, "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", 201)
    [(code, signed)] = _tool(dcc_tool, "sign", {"4.1.1": template.encode()}, tmp_path).values()
    assert code == "SUCCESS"
    boxed.submit(signed)
    boxed.run()
    [response] = [etree.fromstring(raw) for raw in boxed.receivers.received[URL]
                  if (etree.fromstring(raw).findtext("sr:Header/sr:RequestID", namespaces=NS) or "").endswith(":201")]
    gbcs = base64.b64decode(response.findtext(".//sr:GBCSPayload", namespaces=NS))

    smki = TestClient(bootstrap.build_smki_app(boxed.instance))
    key = {"apikey": "u3bg9gt38htd0j2"}  # boxed mode: DCC Boxed's published SMKI key
    found = smki.post("/services/certificatesearch", params=key, headers={"content-type": "application/xml"},
                      content=f"<CertificateSearchRequest><CertificateSubjectAltName>{ESME}"
                              "</CertificateSubjectAltName></CertificateSearchRequest>")
    assert found.status_code == 200 and found.headers["content-type"].startswith("application/xml")
    results = etree.fromstring(found.content).findall("Result")
    ka = [r for r in results if r.findtext("CertificateUsage") == "KA"]
    assert len(results) == 2 and len(ka) == 1 and ka[0].findtext("CertificateStatus") == "I"
    got = smki.post("/services/retrievecertificate", params=key,
                    content=f"<CertificateDataRequest><CertificateSerial>{ka[0].findtext('CertificateSerial')}"
                            "</CertificateSerial></CertificateDataRequest>")
    assert got.status_code == 200
    body = etree.fromstring(got.content).findtext("CertificateResponse/CertificateBody")
    device_ka = load_der_x509_certificate(base64.b64decode(body)).public_key()
    assert isinstance(device_ka, ec.EllipticCurvePublicKey)

    supplier_ka = _keystore_key(keystore, SUPPLIER, "keyAgreement", "Z1-supplier-ka")
    assert frame.verify_mac(gbcs, (supplier_ka, device_ka))
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    assert not frame.verify_mac(gbcs, (supplier_ka, other))  # the MAC depends on the device's key

    assert smki.post("/services/certificatesearch", content="<CertificateSearchRequest><CertificateSubjectAltName>"
                     f"{ESME}</CertificateSubjectAltName></CertificateSearchRequest>").status_code == 401  # no apikey


def test_the_node_red_clients_request_style_is_accepted(
    boxed: BoxedDcc, oracles: Path, dcc_tool: Any, tmp_path: Path
) -> None:
    """The Node-RED client sends ``schemaVersion="5.2"``, lower-case EUIs and millisecond-timestamp counters;
    the answer still declares 5.4 and validates with the tool's built-in library."""
    text = _template(oracles, "8.2_READ_INVENTORY_REQUEST_DUIS.XML", 1_780_000_000_123)
    text = text.replace('schemaVersion="5.4"', 'schemaVersion="5.2"')
    text = re.sub(r"<sr:RequestID>([^<]+)</sr:RequestID>", lambda m: f"<sr:RequestID>{m[1].lower()}</sr:RequestID>",
                  text)
    [(code, signed)] = _tool(dcc_tool, "sign", {"8.2": text.encode()}, tmp_path).values()
    assert code == "SUCCESS"
    answer = boxed.submit(signed)
    root = etree.fromstring(answer)
    assert root.get("schemaVersion") == "5.4"
    assert root.findtext("sr:Header/sr:ResponseCode", namespaces=NS) == "I0"
    [(valid, _)] = _tool(dcc_tool, "validate", {"8.2-answer": answer}, tmp_path).values()
    assert valid == "SUCCESS"


@pytest.mark.parametrize("offset", [20, -1])  # a byte of the command, the last byte of the signature
def test_a_signed_precommand_one_byte_off_from_ours_is_refused_and_nothing_is_sent(
    boxed: BoxedDcc, oracles: Path, keystore: Path, dcc_tool: Any, tmp_path: Path, offset: int
) -> None:
    """The critical flow with the DCC test keys (the keystore's supplier key is the RTDS one)."""
    counter = 301 if offset > 0 else 302
    [(code, cv4)] = _tool(dcc_tool, "sign", {"7.2": _template(oracles, "ECS43_7.2_SUCCESS_REQUEST_DUIS.XML",
                                                              counter).encode()}, tmp_path).values()
    assert code == "SUCCESS"
    pre = base64.b64decode(etree.fromstring(boxed.submit(cv4)).findtext(".//sr:PreCommand/sr:GBCSPayload",
                                                                        namespaces=NS))
    signed = bytearray(frame.sign_precommand(pre, _keystore_key(keystore, SUPPLIER, "digitalSignature",
                                                                "Z1-supplier-ds")))
    signed[offset] ^= 0x01
    [(code, cv5)] = _tool(dcc_tool, "sign", {"cv5": cv5_request(cv4, bytes(signed))}, tmp_path).values()
    assert code == "SUCCESS"
    answer = etree.fromstring(boxed.submit(cv5))
    assert answer.findtext("sr:Header/sr:ResponseCode", namespaces=NS) not in ("I0", "I99")
    rid = etree.fromstring(cv4).findtext("sr:Header/sr:RequestID", namespaces=NS)
    before = len(boxed.receivers.received[URL])
    boxed.run()
    with boxed.instance.uow_factory(read_only=True) as uow:
        steps = list(uow.audit.for_request(rid))
    assert not [s for s in steps if s.kind == "wan"]  # nothing was sent to the device
    assert not [raw for raw in boxed.receivers.received[URL][before:]
                if etree.fromstring(raw).findtext("sr:Header/sr:RequestID", namespaces=NS) == rid]

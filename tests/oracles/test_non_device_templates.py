"""Issue #2 acceptance: the DCC's own Non-Device request templates, signed by the DCC's own Java tool as the
RTDS test Users, are accepted by gbdcc (no signature or schema refusal) and every response validates against
the DUIS 5.4 XSD and verifies against the certificate ``gbdcc smki dcc-xml-cert`` prints — with our verifier
and with the independent one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from lxml import etree
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.adapters.provisioning.hubs import deliver_rtds_hub
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.cli.main import app as cli
from gbdcc.config import Settings
from gbdcc.domain.catalogue import web_service_for

pytestmark = pytest.mark.oracle
NS = {"sr": "http://www.dccinterface.co.uk/ServiceUserGateway"}

#: Template → the outcome gbdcc must give, in this order (the templates share the RTDS test estate:
#: ESME …A0 pre-notified by 12.2, the demo estate's hub CHF …A2 / GPF …A3).
SEQUENCE: list[tuple[str, str, str | None]] = [
    ("12.2_DEVICE_PRE_NOTIFICATION_REQUEST_DUIS.XML", "I0", None),
    ("8.2_READ_INVENTORY_REQUEST_DUIS.XML", "I0", None),
    ("READ_A0", "I0", None),  # 8.2 for the pre-notified ESME: Pending
    ("8.14.2_COMMUNICATIONS_HUB_STATUS_UPDATE_INSTALL_NO_SM_WAN_REQUEST_DUIS.XML", "I0", None),
    ("8.14.1_COMMUNICATIONS_HUB_STATUS_UPDATE_INSTALL_SUCCESS_REQUEST_DUIS.XML", "I0", None),
    ("8.3_DECOMMISSION_DEVICE_REQUEST_DUIS.XML", "E5", "DUIS-8.3"),  # the ESME is still Pending
    ("8.4_UPDATE_INVENTORY_REQUEST_DUIS.XML", "I0", None),  # DeleteDevice of the Pending ESME
    ("8.14.3_COMMUNICATIONS_HUB_STATUS_UPDATE_FAULT_RETURN_REQUEST_DUIS.XML", "I0", None),
    ("8.14.4_COMMUNICATIONS_HUB_STATUS_UPDATE_NO_FAULT_RETURN_REQUEST_DUIS.XML", "I0", None),
    ("8.6_SERVICE_OPTIN_REQUEST_DUIS.XML", "E2", "R-SR-1"),  # no User Role may send 8.6
    ("12.1_REQUEST_WAN_MATRIX_ADDRESS_REQUEST_DUIS.XML", "I0", None),
    ("5.2_READ_SCHEDULE_REQUEST_DUIS.XML", "E1", "DUIS-5.2"),  # GBDCC-481: no DCC schedule 123
    ("5.3_DELETE_SCHEDULE_REQUEST_DUIS.XML", "E1", "DUIS-5.3"),  # GBDCC-481: no DCC schedule 123
    ("ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML", "E19", "R-SR-1"),  # its ESME …A0 was deleted by 8.4 above
    ("8.13_RETURN_LOCAL_COMMAND_RESPONSE_CS06_REQUEST_DUIS.XML", "E1", "DUIS-8.13"),  # GBDCC-483: …:1000 unknown
    ("11.1_UPDATE_FIRMWARE_REQUEST_DUIS.XML", "E12", "GBDCC-SCOPE"),
    ("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.XML", "E12", "GBDCC-SCOPE"),
]


@pytest.fixture(scope="module")
def dcc_signed(oracles: Path, dcc_tool: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every template of SEQUENCE with counters 1, 2, … (in order), signed by the DCC tool in one JVM."""
    src = tmp_path_factory.mktemp("templates")
    files = []
    for n, (name, _, _) in enumerate(SEQUENCE, start=1):
        if name == "READ_A0":
            text = (oracles / "duis-templates" / "8.2_READ_INVENTORY_REQUEST_DUIS.XML").read_text()
            text = text.replace("00-DB-12-34-56-78-90-A2", "00-DB-12-34-56-78-90-A0")
        else:
            text = (oracles / "duis-templates" / name).read_text()
        text = re.sub(r"(<sr:RequestID>[0-9A-F-]+:[0-9A-F-]+:)\d+", rf"\g<1>{n}", text)
        path = src / f"{n:02d}-{name}"
        path.write_text(text)
        files.append(path)
    results = dcc_tool("sign", files, tmp_path_factory.mktemp("signed"))
    signed = {}
    for (name, _, _), path in zip(SEQUENCE, files, strict=True):
        code, out = results[path]
        assert code == "SUCCESS", f"DCC tool could not sign {name}: {code}"
        signed[name] = out.read_bytes()
    return signed


def _rtds_hub(instance: bootstrap.Instance) -> bootstrap.Instance:
    deliver_rtds_hub(instance)
    return instance


@pytest.fixture
def test_pki_instance(tmp_path: Path, oracles: Path) -> bootstrap.Instance:
    instance = _rtds_hub(bootstrap.open_instance(Settings(data_dir=tmp_path / "var", test_pki=True)))
    keys = oracles / "keys" / "duis-xml-sign"
    for role in ("IS", "GS"):
        register_user(instance, eui="90-B3-D5-1F-30-01-00-00", role=role, name="RTDS supplier",
                                certificate_pem=(keys / "xml-sign-90B3D51F30010000-ds.pem").read_bytes())
    register_user(instance, eui="90-B3-D5-1F-30-02-00-00", role="ED", name="RTDS network operator",
                            certificate_pem=(keys / "xml-sign-90B3D51F30020000-ds.pem").read_bytes())
    return instance


def test_dcc_signed_non_device_templates_are_accepted(
    test_pki_instance: bootstrap.Instance,
    dcc_signed: dict[str, bytes],
    duis_xsd: etree.XMLSchema,
    independent_verify: Callable[[bytes, x509.Certificate], None],
    tmp_path: Path,
) -> None:
    pem = CliRunner().invoke(cli, ["smki", "dcc-xml-cert", "--data-dir", str(tmp_path / "var")]).stdout
    dcc_cert = x509.load_pem_x509_certificate(pem.encode())
    outcomes = []
    with TestClient(bootstrap.build_app(test_pki_instance)) as client:
        for name, _code, _rule in SEQUENCE:
            raw = dcc_signed[name]
            cv = int(etree.fromstring(raw).findtext("sr:Header/sr:CommandVariant", namespaces=NS))
            reply = client.post(web_service_for(cv).path, content=raw, headers={"Content-Type": "application/xml"})
            # never a parse, schema or authentication refusal
            assert not reply.headers.get("X-GBDCC-Error-Code", "").startswith(("GBDCC-2", "GBDCC-3")), (
                name, reply.headers)
            root = etree.fromstring(reply.content)
            assert duis_xsd.validate(root), (name, duis_xsd.error_log)
            verify_signature(root, dcc_cert)
            independent_verify(reply.content, dcc_cert)
            code = root.findtext("sr:Header/sr:ResponseCode", namespaces=NS)
            outcomes.append((name, code, reply.headers.get("X-GBDCC-Rule")))
            if name == "READ_A0":
                assert root.findtext(".//sr:DSPInventory/sr:Device/sr:DeviceStatus", namespaces=NS) == "Pending"
                assert root.findtext(".//sr:DSPInventory/sr:Device/sr:DeviceID", namespaces=NS) == (
                    "00-DB-12-34-56-78-90-A0")
    assert [(n, c, r if e is not None else None) for (n, c, r), (_, _, e) in zip(outcomes, SEQUENCE, strict=True)] \
        == list(SEQUENCE)

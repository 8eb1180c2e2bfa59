"""Issue 10 acceptance: a supplier change driven entirely by an RDP file plus a 6.23 request, against
``estate add-rtds`` with the RTDS second supplier as a User (R-COS-1).

Before the effective time of the RDP's record the new supplier gets E4 on 4.1.1 and on 6.23; after it the
6.23 succeeds, the meter's Supplier trust-anchor cell holds the new supplier's certificates, the new
supplier's 4.1.1 succeeds and the old supplier's gets E4.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.messaging.virtual import VirtualPipeline
from gbdcc.adapters.provisioning.rtds import MPAN_2, NETWORK_OPERATOR, SUPPLIER, SUPPLIER_2
from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_bytes
from gbdcc.domain.ids import Eui64
from gbdcc.domain.rdp.cadence import default_cadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.domain.smki import RemotePartyRole
from gbdcc.service.registration import RegistrationLoad
from gbdcc.service.registration.rdps import add_rdp

from .device_template_support import NS, SR, RtdsDcc

pytestmark = pytest.mark.oracle
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
#: The second RTDS ESME: one MPAN (…A0 also has an export MPAN its supplier keeps as Export Supplier, which
#: still lets it address the meter — RDP files name Import Suppliers and Distributors only).
ESME = Eui64.parse("00-DB-12-34-56-78-90-A6")
READ = "<sr:ReadInstantaneousImportRegisters/>"
COS_TEMPLATE = "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS_REQUEST_DUIS.XML"


class User:
    """An RTDS User signing its own requests (the DCC tool has no key for supplier 2)."""

    def __init__(self, eui: Eui64, xml_pem: Path, xml_key: Path) -> None:
        self.eui = eui
        self.cert = load_certificate(xml_pem.read_bytes())
        self.key = load_signing_key(xml_key.read_bytes())
        self.counter = 5000

    def request(self, srv: str, ref: str, body: str, target: Eui64 = ESME) -> bytes:
        self.counter += 1
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{self.eui}:{target}:'
               f"{self.counter}</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>{ref}"
               f"</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
               f"<sr:Body>{body}</sr:Body></sr:Request>").encode()
        return sign_request(xml, self.key, self.cert, preserve_counter=True)


def _der64(path: Path) -> str:
    return base64.b64encode(x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(Encoding.DER)).decode()


def cos_body(oracles: Path) -> str:
    """6.23 with supplier 2's own Organisation Certificates (the RTDS key folder's) and the template's
    certification path."""
    rtds = oracles / "keys" / "rtds"
    template = (oracles / "duis-templates" / COS_TEMPLATE).read_text()
    path = re.search(r"<sr:Certificate>([^<]+)</sr:Certificate>", template)
    assert path is not None
    s2 = SUPPLIER_2.hex
    return ("<sr:UpdateSecurityCredentialsCoS><sr:SupplierFloorSeqNumber>0</sr:SupplierFloorSeqNumber>"
            "<sr:SupplierPrepaymentTopUpFloorSeqNumber>0</sr:SupplierPrepaymentTopUpFloorSeqNumber>"
            "<sr:SupplierReplacementCertificates>"
            f"<sr:DigitalSigningCertificate>{_der64(rtds / f'{s2}-ds.pem')}</sr:DigitalSigningCertificate>"
            f"<sr:KeyAgreementCertificate>{_der64(rtds / f'{s2}-ka.pem')}</sr:KeyAgreementCertificate>"
            f"<sr:KeyAgreementTopUpCertificate>{_der64(rtds / f'{s2}-pp-ka.pem')}</sr:KeyAgreementTopUpCertificate>"
            "</sr:SupplierReplacementCertificates><sr:CertificationPathCertificates>"
            f"<sr:Certificate>{path[1]}</sr:Certificate></sr:CertificationPathCertificates>"
            f"<sr:ApplyTimeBasedCPVChecks>false</sr:ApplyTimeBasedCPVChecks><sr:ImportMPxN>{MPAN_2}</sr:ImportMPxN>"
            "</sr:UpdateSecurityCredentialsCoS>")


@pytest.fixture
def dcc(oracles: Path, tmp_path: Path) -> Any:
    harness = RtdsDcc(tmp_path / "var", oracles, T0)
    yield harness
    harness.close()


def _code(raw: bytes) -> str | None:
    return etree.fromstring(raw).findtext("sr:Header/sr:ResponseCode", namespaces=NS)


def _answers(dcc: RtdsDcc, signed: bytes) -> list[bytes]:
    rid = etree.fromstring(signed).findtext("sr:Header/sr:RequestID", namespaces=NS)
    return [raw for bodies in dcc.receivers.received.values() for raw in bodies
            if etree.fromstring(raw).findtext("sr:Header/sr:RequestID", namespaces=NS) == rid
            and etree.fromstring(raw).find(".//sr:ResponseMessage", namespaces=NS) is not None]


def _supplier_cell(dcc: RtdsDcc) -> Eui64 | None:
    cell = dcc.simulated(ESME).security.anchors.get(RemotePartyRole.SUPPLIER)
    return None if cell is None else cell.eui


def test_a_supplier_change_by_an_rdp_file_and_6_23_against_the_rtds_premises(dcc: RtdsDcc, oracles: Path) -> None:
    keys = oracles / "keys" / "duis-xml-sign"
    old = User(SUPPLIER, keys / "xml-sign-90B3D51F30010000-ds.pem", keys / "xml-sign-90B3D51F30010000-ds.key")
    new = User(SUPPLIER_2, keys / "Z1-supplier2-ds.pem", keys / "Z1-supplier2-ds.key")

    # the RDP's file: supplier 2 is the Registered Import Supplier of the ESME's MPAN from an hour on
    effective = T0 + timedelta(hours=1)
    add_rdp(dcc.instance.uow_factory, "RTDSE", Fuel.ELECTRICITY, "RTDS electricity RDP", default_cadences(T0.date()),
            added_on=T0.date())
    text = (f"HDR,RTDSE,UPDATE,1,{T0.isoformat().replace('+00:00', 'Z')}\n"
            f"REG,{MPAN_2},E,{SUPPLIER_2},{NETWORK_OPERATOR},{effective.isoformat().replace('+00:00', 'Z')},Y\n"
            "TRL,1\n")
    loaded = RegistrationLoad(dcc.instance.uow_factory, dcc.clock, CsvRegistrationFiles(), lenient=True)(
        read_bytes(text.encode(), source="test"))
    assert loaded.outcome.accepted, loaded.response.decode()

    # before the effective time: the new supplier is refused both, the old one still reads
    for signed in (new.request("4.1.1", "4.1", READ), new.request("6.23", "6.23", cos_body(oracles))):
        reply = dcc.submit(signed)
        assert (reply.decision.response_code, reply.decision.rule) == ("E4", "R-SR-1"), reply.decision
    assert dcc.submit(old.request("4.1.1", "4.1", READ)).decision.response_code == "I99"
    dcc.run(timedelta(minutes=5))
    assert _supplier_cell(dcc) == SUPPLIER

    # after it: 6.23 succeeds and the meter trusts supplier 2
    VirtualPipeline(dcc.instance.pipeline.relays, dcc.scheduler).run_for(effective + timedelta(minutes=1)
                                                                         - dcc.clock.now())
    cos = new.request("6.23", "6.23", cos_body(oracles))
    assert dcc.submit(cos).decision.response_code == "I99"
    dcc.run(timedelta(minutes=5))
    assert [_code(a) for a in _answers(dcc, cos)] == ["I0"]
    assert _supplier_cell(dcc) == SUPPLIER_2
    with dcc.instance.uow_factory(read_only=True) as uow:
        device = uow.inventory.get(ESME)
    assert device is not None and device.supplier_credentials == SUPPLIER_2

    new_read = new.request("4.1.1", "4.1", READ)
    assert dcc.submit(new_read).decision.response_code == "I99"
    refused = dcc.submit(old.request("4.1.1", "4.1", READ))
    assert (refused.decision.response_code, refused.decision.rule) == ("E4", "R-SR-1")
    dcc.run(timedelta(minutes=5))
    assert [_code(a) for a in _answers(dcc, new_read)] == ["I0"]

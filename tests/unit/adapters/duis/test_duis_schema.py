"""Every request is validated against the DUIS 5.4 XSD bundled with the package (issue 8, class 3): the bundled
files are the DCC's, every RTDS template signed by the DCC's own tool passes, so does a DCC Boxed (duis-parser /
Node-RED) style 5.2 request, and the compiled schema is built once and safe to share between threads."""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.schema import XSD_DIR, duis_schema
from gbdcc.adapters.http.app import status_for_error
from gbdcc.domain.errors import SchemaInvalid

if TYPE_CHECKING:
    from conftest import DccBatch, Signer

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"

#: What the DCC Boxed clients send (duis-parser's ``constructDuis``, used by the Node-RED nodes): compact, an
#: ``xsi`` declaration, an earlier 5.x schemaVersion, lower-case EUIs, a millisecond-timestamp counter and an
#: empty body element.
BOXED_CLIENT = (
    '<?xml version="1.0" encoding="UTF-8"?><sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="5.2"><sr:Header>'
    "<sr:RequestID>90-b3-d5-1f-30-01-00-00:00-db-12-34-56-78-90-a0:1767225600123</sr:RequestID>"
    "<sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>4.1</sr:ServiceReference>"
    "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
    "<sr:ReadInstantaneousImportRegisters></sr:ReadInstantaneousImportRegisters></sr:Body></sr:Request>"
)


@pytest.mark.oracle
def test_bundled_schema_is_the_dccs(oracles: Path) -> None:
    bundled = sorted(p.name for p in XSD_DIR.glob("*.xsd"))
    assert bundled == ["DUIS_Schema_V5.4.xsd", "MMC_Schema_V5.4.xsd", "xmldsig-core-schema.xsd"]
    for name in bundled:
        assert (XSD_DIR / name).read_bytes() == (oracles / "duis-xsd" / name).read_bytes(), name
    note = (XSD_DIR / "LICENCE-NOTE.md").read_text()
    for name in bundled:
        assert f"{hashlib.sha256((XSD_DIR / name).read_bytes()).hexdigest()}  {name}" in note


def test_schema_is_built_once() -> None:
    assert duis_schema() is duis_schema()


def test_refusal_names_the_first_schema_error() -> None:
    raw = BOXED_CLIENT.replace("<sr:CommandVariant>1<", "<sr:CommandVariant>0<")
    with pytest.raises(SchemaInvalid) as exc:
        duis_schema().validate(parse_xml(raw.encode()))
    assert re.match(r"does not conform to the DUIS 5\.4 schema: line 1: Element '\{[^}]+\}CommandVariant'",
                    exc.value.reason), exc.value.reason
    assert (exc.value.code, exc.value.response_code, status_for_error(exc.value)) == ("GBDCC-203", "E1", 400)


def test_concurrent_validations_keep_their_own_results() -> None:
    good = parse_xml(BOXED_CLIENT.replace("</sr:Request>", _SIGNATURE + "</sr:Request>").encode())
    bad = parse_xml(BOXED_CLIENT.encode())  # no ds:Signature: the schema requires one

    def check(i: int) -> bool:
        try:
            duis_schema().validate(bad if i % 2 else good)
        except SchemaInvalid as err:
            return "Signature" in err.reason
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(check, range(400)))


_SIGNATURE = (
    '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>'
    '<ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
    "<ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue>"
    "</ds:Signature>"
)


@pytest.fixture(scope="module")
def dcc_signed_templates(templates: Path, dcc_tool: DccBatch,
                         tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every RTDS template signed by the DCC's own Java tool in one JVM (the tool has no key for the
    originators of 2 of them)."""
    files = sorted(templates.glob("*.XML"))
    results = dcc_tool("sign", files, tmp_path_factory.mktemp("dcc-signed-all"))
    signed = {f.name: out.read_bytes() for f, (rc, out) in results.items() if rc == "SUCCESS"}
    assert len(files) == 297 and len(signed) == 295, {f.name: rc for f, (rc, _) in results.items() if rc != "SUCCESS"}
    return signed


@pytest.mark.oracle
def test_every_dcc_signed_template_passes_the_schema_and_verifies(
    dcc_signed_templates: dict[str, bytes], cert_by_serial: dict[int, x509.Certificate], dcc: Signer
) -> None:
    codec = XmlDuisCodec(dcc.key, dcc.cert)
    verified = 0
    for name, raw in dcc_signed_templates.items():
        inbound = codec.parse(raw)  # safe parse, limits, XSD, header, KeyInfo
        assert f"<sr:ServiceReferenceVariant>{inbound.srv}<".encode() in raw, name
        cert = cert_by_serial.get(inbound.signer_serial)
        if cert is not None:  # the DCC test certificates are expired today: verify as of their start
            codec.verify_signature(inbound, cert.public_bytes(Encoding.DER), cert.not_valid_before_utc)
            verified += 1
    assert verified == len(dcc_signed_templates)


@pytest.mark.oracle
def test_dcc_boxed_client_request_is_accepted(dcc_tool: DccBatch, tmp_path: Path, dcc: Signer,
                                              cert_by_serial: dict[int, x509.Certificate]) -> None:
    source = tmp_path / "boxed.xml"
    source.write_text(BOXED_CLIENT)
    (tmp_path / "out").mkdir()
    code, out = dcc_tool("sign", [source], tmp_path / "out")[source]
    assert code == "SUCCESS"
    codec = XmlDuisCodec(dcc.key, dcc.cert)
    inbound = codec.parse(out.read_bytes())
    assert (str(inbound.request_id), inbound.srv, inbound.body_name) == (
        "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1767225600123", "4.1.1", "ReadInstantaneousImportRegisters")
    assert parse_request(out.read_bytes()).schema_version == "5.2"
    cert = cert_by_serial[inbound.signer_serial]
    codec.verify_signature(inbound, cert.public_bytes(Encoding.DER), cert.not_valid_before_utc)
    assert etree.QName(parse_xml(out.read_bytes())).namespace == SR

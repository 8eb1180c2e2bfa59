"""Interoperability with the DCC's own tools and signed samples (oracles).

* templates signed by the DCC Java tool verify with our verifier against the right User certificate;
* requests signed by ``sign_request`` pass the DCC Java tool's ``Validate``;
* the DCC-signed response samples verify (good ones) or fail with the right reason (bad ones).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography import x509

from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import sign_request
from gbdcc.adapters.duis.signature import signature_key_info, verify_signature
from gbdcc.domain.errors import AuthenticationFailed, CertificateInvalid, HostileXml

if TYPE_CHECKING:
    from conftest import DccBatch, Signer

pytestmark = pytest.mark.oracle

SUPPLIER_ID = "90-B3-D5-1F-30-01-00-00"
NETWORK_OPERATOR_ID = "90-B3-D5-1F-30-02-00-00"
EXTRA = [
    "CCS01_8.11_SUCCESS_REQUEST_DUIS.XML",
    "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS_REQUEST_DUIS.XML",
    "ECS21a_5.1._DCC_SCHEDULED_REQUEST_DUIS.XML",
    "CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML",
    "ECS17a_4.2_SUCCESS_REQUEST_DUIS.XML",
]


@pytest.fixture(scope="module")
def subset(templates: Path) -> list[Path]:
    """The 16 Non-Device (CV 8) templates plus device requests of both test Users."""
    cv8 = [f for f in sorted(templates.glob("*.XML")) if b"<sr:CommandVariant>8<" in f.read_bytes()]
    assert len(cv8) == 16
    return cv8 + [templates / name for name in EXTRA]


@pytest.fixture(scope="module")
def dcc_signed(subset: list[Path], dcc_tool: DccBatch, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    results = dcc_tool("sign", subset, tmp_path_factory.mktemp("dcc-signed"))
    assert {rc for rc, _ in results.values()} == {"SUCCESS"}, results
    return {f: out.read_bytes() for f, (_, out) in results.items()}


def _user(raw: bytes, supplier: Signer, network_operator: Signer) -> tuple[Signer, Signer]:
    """(the right signer, a wrong one) for a request, from its originator."""
    originator = str(parse_request(raw).originator)
    assert originator in {SUPPLIER_ID, NETWORK_OPERATOR_ID}
    return (supplier, network_operator) if originator == SUPPLIER_ID else (network_operator, supplier)


def test_dcc_signed_templates_verify(
    dcc_signed: dict[Path, bytes], supplier: Signer, network_operator: Signer
) -> None:
    originators = set()
    for name, raw in dcc_signed.items():
        right, wrong = _user(raw, supplier, network_operator)
        req = parse_request(raw)
        originators.add(str(req.originator))
        assert signature_key_info(req.root) == ("CN=Z1,OU=07", right.cert.serial_number), name
        assert verify_signature(req.root, right.cert).root is req.root
        with pytest.raises(CertificateInvalid):
            verify_signature(req.root, wrong.cert)
    assert originators == {SUPPLIER_ID, NETWORK_OPERATOR_ID}


def test_dcc_signed_template_tampered_is_refused(dcc_signed: dict[Path, bytes], supplier: Signer) -> None:
    raw = next(r for r in dcc_signed.values() if b"<sr:ReadInventory>" in r)
    tampered = raw.replace(b"00-DB-12-34-56-78-90-A2</sr:DeviceID>", b"00-DB-12-34-56-78-90-A0</sr:DeviceID>")
    assert tampered != raw
    with pytest.raises(AuthenticationFailed, match="digest mismatch"):
        verify_signature(parse_xml(tampered), supplier.cert)


def test_our_signatures_pass_the_dcc_validator(
    subset: list[Path], dcc_tool: DccBatch, supplier: Signer, network_operator: Signer, tmp_path: Path
) -> None:
    files = []
    for i, template in enumerate(subset):
        raw = template.read_bytes()
        right, _ = _user(raw, supplier, network_operator)
        out = tmp_path / template.name
        out.write_bytes(sign_request(raw, right.key, right.cert, counter=1_000_000 + i))
        files.append(out)
    # control: a tampered copy must fail, proving the validator really checks
    bad = tmp_path / "tampered.xml"
    bad.write_bytes(files[0].read_bytes().replace(b":1000000<", b":1000001<"))
    (tmp_path / "v").mkdir()
    results = dcc_tool("validate", [*files, bad], tmp_path / "v")
    assert results.pop(bad)[0] == "VALIDATION_FAIL"
    assert {f.name: rc for f, (rc, _) in results.items() if rc != "SUCCESS"} == {}


def _at(root_raw: bytes) -> datetime:
    root = parse_xml(root_raw)
    text = root.findtext("{http://www.dccinterface.co.uk/ServiceUserGateway}Header/"
                         "{http://www.dccinterface.co.uk/ServiceUserGateway}ResponseDateTime")
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


GOOD_SAMPLES = [
    "message.xml",
    "readfw-response.xml",
    "readfw-response-resigned.xml",
    "ECS52_11.2_SUCCESS_RESPONSE_DUIS.XML",
    "read-inventory-response-5.4.xml",
    "read-inventory-response-4g.xml",
]


@pytest.mark.parametrize("name", GOOD_SAMPLES)
def test_dcc_signed_samples_verify(oracles: Path, cert_by_serial: dict[int, x509.Certificate], name: str) -> None:
    raw = (oracles / "duis-responses" / name).read_bytes()
    root = parse_xml(raw)
    issuer, serial = signature_key_info(root)
    assert issuer == "CN=Z1,OU=07"
    result = verify_signature(root, cert_by_serial[serial], at=_at(raw))
    assert result.root is root


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("readfw-response-badsignature.xml", "SignatureValue does not verify"),
        ("readfw-response-invalid.xml", "digest mismatch"),
        ("readfw-response-no-serial.xml", "KeyInfo"),
        ("readfw-response-no-signature.xml", "no ds:Signature"),
        ("message2.xml", "no ds:Signature"),
    ],
)
def test_bad_samples_fail_with_reasons(
    oracles: Path, cert_by_serial: dict[int, x509.Certificate], name: str, reason: str
) -> None:
    raw = (oracles / "duis-responses" / name).read_bytes()
    root = parse_xml(raw)
    dsp_cert = cert_by_serial[50669612984035780968362471400449834504]
    cert = dsp_cert
    with contextlib.suppress(AuthenticationFailed):
        cert = cert_by_serial.get(signature_key_info(root)[1], dsp_cert)
    with pytest.raises(AuthenticationFailed, match=reason):
        verify_signature(root, cert, at=_at(raw))


def test_unknown_serial_sample(oracles: Path, cert_by_serial: dict[int, x509.Certificate]) -> None:
    root = parse_xml((oracles / "duis-responses" / "readfw-response-nonexist-serial.xml").read_bytes())
    _issuer, serial = signature_key_info(root)
    assert serial == 217636141832862931915946451229571981153 and serial not in cert_by_serial
    with pytest.raises(CertificateInvalid, match="serial"):
        verify_signature(root, cert_by_serial[117636141832862931915946451229571981153])


def test_xxe_sample_never_reaches_the_verifier(oracles: Path) -> None:
    with pytest.raises(HostileXml):
        parse_xml((oracles / "duis-responses" / "duis-xxe.xml").read_bytes())

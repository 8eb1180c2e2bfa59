"""Fixtures of the DUIS adapter tests: DCC test keys, the DUIS 5.4 XSD, the DCC tool run in one JVM, and an
independent XML-DSig verifier written with plain lxml C14N + ``cryptography`` (no signxml).

The independent verifier follows XML-DSig: SignedInfo in the CanonicalizationMethod (exclusive C14N); the
``URI=""`` reference is the document minus the enveloped signature, turned into octets by the explicit C14N
transform if any, otherwise by inclusive C14N 1.0 (XML-DSig §4.3.3.2), as the DCC tool does.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key

HERE = Path(__file__).resolve().parent
BATCH_JAVA = HERE / "DccToolBatch.java"

SUPPLIER = "xml-sign-90B3D51F30010000-ds"
NETWORK_OPERATOR = "xml-sign-90B3D51F30020000-ds"
DCC = "dsp-xml-sign-90B3D51F30000002-ds"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS}


@dataclass(frozen=True)
class Signer:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _signer(oracles: Path, stem: str) -> Signer:
    d = oracles / "keys" / "duis-xml-sign"
    return Signer(load_signing_key((d / f"{stem}.key").read_bytes()),
                  load_certificate((d / f"{stem}.pem").read_bytes()))


@pytest.fixture(scope="session")
def supplier(oracles: Path) -> Signer:
    return _signer(oracles, SUPPLIER)


@pytest.fixture(scope="session")
def network_operator(oracles: Path) -> Signer:
    return _signer(oracles, NETWORK_OPERATOR)


@pytest.fixture(scope="session")
def dcc(oracles: Path) -> Signer:
    return _signer(oracles, DCC)


@pytest.fixture(scope="session")
def cert_by_serial(oracles: Path) -> dict[int, x509.Certificate]:
    """Every DUIS XML-signing certificate of the oracles, by serial number."""
    out = {}
    for pem in (oracles / "keys" / "duis-xml-sign").glob("*.pem"):
        if pem.name.endswith(".key.pem"):
            continue
        cert = load_certificate(pem.read_bytes())
        out[cert.serial_number] = cert
    return out


@pytest.fixture(scope="session")
def duis_xsd(oracles: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(oracles / "duis-xsd" / "DUIS_Schema_V5.4.xsd")))


@pytest.fixture(scope="session")
def templates(oracles: Path) -> Path:
    return oracles / "duis-templates"


DccBatch = Callable[[str, Sequence[Path], Path], dict[Path, tuple[str, Path]]]


@pytest.fixture(scope="session")
def dcc_tool(sign_tool: Path) -> DccBatch:
    """Run the DCC's ``Sign`` (with ``--preserveCounter``) or ``Validate`` on many files in one JVM.

    Returns ``{input: (ResultCode name, output file)}``.
    """

    def run(mode: str, files: Sequence[Path], out_dir: Path) -> dict[Path, tuple[str, Path]]:
        args: list[str] = []
        outs = {}
        for i, f in enumerate(files):
            out = out_dir / f"{i:03d}-{f.name}.{mode}.out"
            outs[f] = out
            args += [str(f), str(out)]
        proc = subprocess.run(
            ["java", "-cp", str(sign_tool), str(BATCH_JAVA), mode, *args],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert proc.returncode == 0, proc.stderr
        results = dict(line.split("\t") for line in proc.stdout.splitlines() if "\t" in line)
        return {f: (results.get(str(f), "MISSING"), outs[f]) for f in files}

    return run



def _independent_verify(signed: bytes, cert: x509.Certificate) -> None:
    """Raise (AssertionError or cryptography's InvalidSignature) unless ``signed`` verifies."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(signed, parser)
    sig = root[-1]
    assert sig.tag == f"{{{DS}}}Signature"
    signed_info = sig.find("ds:SignedInfo", NS)
    assert signed_info.find("ds:CanonicalizationMethod", NS).get("Algorithm") == (
        "http://www.w3.org/2001/10/xml-exc-c14n#"
    )
    refs = signed_info.findall("ds:Reference", NS)
    assert len(refs) == 1 and refs[0].get("URI") == ""
    transforms = [t.get("Algorithm") for t in refs[0].findall("ds:Transforms/ds:Transform", NS)]
    assert transforms[0] == "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    exclusive = transforms[1:] == ["http://www.w3.org/2001/10/xml-exc-c14n#"]

    doc = copy.deepcopy(root)
    doc.remove(doc[-1])
    digest = hashlib.sha256(etree.tostring(doc, method="c14n", exclusive=exclusive)).digest()
    assert base64.b64decode(refs[0].findtext("ds:DigestValue", namespaces=NS)) == digest, "digest mismatch"

    raw = base64.b64decode("".join(sig.findtext("ds:SignatureValue", namespaces=NS).split()))
    half = len(raw) // 2
    der = encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(der, etree.tostring(signed_info, method="c14n", exclusive=True), ec.ECDSA(hashes.SHA256()))


@pytest.fixture(scope="session")
def independent_verify() -> Callable[[bytes, x509.Certificate], None]:
    return _independent_verify

"""Fixtures shared by every test package.

The DCC artefacts (GPL data) are read from ``../shared/oracles`` — never copied into the repository.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GBDCC_SHARED_DIR", REPO.parent / "shared"))
ORACLES = SHARED / "oracles"
SIGN_TOOL = REPO / ".tools/duis-sign/node_modules/@smartdcc/duis-sign-wrap/dist/tool.jar"
BATCH_JAVA = REPO / "tests" / "support" / "DccToolBatch.java"
DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS}


@pytest.fixture(scope="session")
def oracles() -> Path:
    """Path of ``../shared/oracles``; tests that need it fail loudly if it is missing."""
    if not ORACLES.is_dir():
        pytest.fail(f"DCC oracle artefacts not found at {ORACLES} (set GBDCC_SHARED_DIR)")
    return ORACLES


@pytest.fixture(scope="session")
def sign_tool() -> Path:
    """DCC's Java signing/validation tool, installed by ``make test`` (``make sign-tool``)."""
    if not SIGN_TOOL.is_file():
        pytest.fail(f"DCC signing tool missing at {SIGN_TOOL}: run `make sign-tool`")
    return SIGN_TOOL


@pytest.fixture(scope="session")
def duis_xsd(oracles: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(oracles / "duis-xsd" / "DUIS_Schema_V5.4.xsd")))


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

"""Fixtures of the DUIS adapter tests: DCC test keys, the DUIS 5.4 XSD, the DCC tool run in one JVM."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key

HERE = Path(__file__).resolve().parent
BATCH_JAVA = HERE / "DccToolBatch.java"

SUPPLIER = "xml-sign-90B3D51F30010000-ds"
NETWORK_OPERATOR = "xml-sign-90B3D51F30020000-ds"
DCC = "dsp-xml-sign-90B3D51F30000002-ds"


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

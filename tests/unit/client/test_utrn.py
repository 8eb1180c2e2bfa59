"""UTRNs made on the User side (R-SEC-4, GBCS 14): the RTDS CS01a UTRN reproduced, the simulated meter's check
accepts what the client makes, and no DCC-side module imports the UTRN signer."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from typer.testing import CliRunner

from gbdcc.adapters.wan.devices import prepayment as meter
from gbdcc.cli.main import app
from gbdcc.client.utrn import PENCE, POUNDS, check_digit, make_utrn
from gbdcc.domain.errors import UtrnRefused
from gbdcc.domain.ids import Eui64

SRC = Path(__file__).resolve().parents[3] / "src" / "gbdcc"
SUPPLIER, ESME = Eui64.parse("90-B3-D5-1F-30-01-00-00"), Eui64.parse("00-DB-12-34-56-78-90-A0")
RTDS_UTRN = "73946144332040217315"  # the RTDS 4.5.0 CS01a_2.2_SUCCESS command's UTRN: £10, counter 3·2^32


def _rtds_keys(oracles: Path) -> tuple[ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey]:
    keys = oracles / "keys" / "rtds"
    private = serialization.load_pem_private_key((keys / "90b3d51f30010000-pp-ka.key").read_bytes(), None)
    device = x509.load_pem_x509_certificate((keys / "00db1234567890a0-ka.pem").read_bytes()).public_key()
    assert isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(device, ec.EllipticCurvePublicKey)
    return private, device


@pytest.mark.oracle
def test_r_sec_4_user_side_utrn_reproduces_the_rtds_vector(oracles: Path) -> None:
    private, device = _rtds_keys(oracles)
    assert make_utrn(private, device, SUPPLIER, ESME, 3 << 32, 10, POUNDS) == RTDS_UTRN
    assert check_digit(RTDS_UTRN[:-1]) == RTDS_UTRN[-1]


@pytest.mark.oracle
def test_r_sec_4_gbdcc_utrn_command_prints_the_rtds_utrn(oracles: Path) -> None:
    keys = oracles / "keys" / "rtds"
    out = CliRunner().invoke(app, ["utrn", "--key", str(keys / "90b3d51f30010000-pp-ka.key"), "--device-cert",
                                   str(keys / "00db1234567890a0-ka.pem"), "--supplier", str(SUPPLIER), "--device",
                                   str(ESME), "--sequence", "3", "--value", "10", "--pounds"])
    assert out.exit_code == 0 and out.output.strip() == RTDS_UTRN
    bad = CliRunner().invoke(app, ["utrn", "--key", str(keys / "90b3d51f30010000-pp-ka.key"), "--device-cert",
                                   str(keys / "00db1234567890a0-ka.pem"), "--supplier", str(SUPPLIER), "--device",
                                   str(ESME), "--sequence", "1024" + "0" * 20, "--value", "10"])
    assert bad.exit_code == 2 and "GBDCC-888" in bad.output


def test_r_sec_4_simulated_meter_accepts_a_client_utrn_and_refuses_a_wrong_key() -> None:
    top_up, device = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    utrn = make_utrn(top_up, device.public_key(), SUPPLIER, ESME, 7 << 32, 1234, PENCE)
    guard = meter.UtrnGuard()
    token, counter = meter.verify_utrn(utrn, device_ka=device, top_up_key=top_up.public_key(), supplier=SUPPLIER,
                                       device=ESME, guard=guard)
    assert (token.value, token.value_class, counter) == (1234, PENCE, 7 << 32)
    forged = make_utrn(ec.generate_private_key(ec.SECP256R1()), device.public_key(), SUPPLIER, ESME, 8 << 32, 1)
    with pytest.raises(ValueError) as refused:
        meter.verify_utrn(forged, device_ka=device, top_up_key=top_up.public_key(), supplier=SUPPLIER, device=ESME,
                          guard=guard)
    assert refused.value.args[0] == meter.ALERT_UTRN_NOT_AUTHENTIC
    rng = random.Random(4)
    for _ in range(200):
        digits = str(rng.randrange(10**18, 10**19))
        assert check_digit(digits) == meter.check_digit(digits)


def test_r_sec_4_bad_inputs_refused() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    for value, counter in ((8192, 1 << 32), (1, 0), (1, (1 << 32) + 1)):
        with pytest.raises(UtrnRefused):
            make_utrn(key, key.public_key(), SUPPLIER, ESME, counter, value)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_r_sec_4_no_dcc_side_module_imports_the_utrn_signer() -> None:
    server = [p for part in ("domain", "service", "adapters") for p in (SRC / part).rglob("*.py")]
    server += [SRC / "bootstrap.py", *(SRC / "wiring").rglob("*.py")]  # the composition root
    assert len(server) > 100
    offenders = [str(p.relative_to(SRC)) for p in server
                 if any(n == "gbdcc.client" or n.startswith("gbdcc.client.") for n in _imports(p))]
    assert offenders == []
    assert "gbdcc.client.utrn" in _imports(SRC / "cli" / "utrn_cmd.py")  # the checker sees such an import

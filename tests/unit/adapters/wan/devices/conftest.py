"""Fixtures of the simulated-device tests: RTDS organisation keys (ACB, supplier), a generated premises'
hub, and RTDS 4.5.0 commands re-addressed to our simulated devices (SIMULATION)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from gbdcc.adapters.gbcs.frame import (
    GbcsMessage,
    decode_message,
    encode_general_signing,
    encode_mac_command,
    mac_signed_precommand,
    sign_precommand,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.factory import simulate_premises
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
SEED = b"wan-device-tests-seed-0123456789"


class Keys:
    def __init__(self, rtds: Path) -> None:
        def priv(name: str) -> ec.EllipticCurvePrivateKey:
            k = load_pem_private_key((rtds / name).read_bytes(), None)
            assert isinstance(k, ec.EllipticCurvePrivateKey)
            return k

        self.acb_ka = priv("90b3d51f30000002-ka.key")
        self.sup_ka = priv("90b3d51f30010000-ka.key")
        self.sup_ds = priv("90b3d51f30010000-ds.key")
        certs = [x509.load_pem_x509_certificate((rtds / n).read_bytes()) for n in (
            "90b3d51f30000002-ka.pem", "90b3d51f30010000-ds.pem", "90b3d51f30010000-ka.pem")]
        self.anchors = TrustAnchors.from_certificates(certs)


@pytest.fixture(scope="session")
def keys(oracles: Path) -> Keys:
    return Keys(oracles / "keys" / "rtds")


@pytest.fixture()
def hub(keys: Keys) -> CommunicationsHub:
    premises = next(p for p in generate_estate(200, seed=1)
                    if p.device(DeviceType.GSME) and p.device(DeviceType.ESME) and p.prepayment)
    return simulate_premises(premises, derived_keys(SEED), keys.anchors, T0, instrumented=True)


def device_of(hub: CommunicationsHub, device_type: DeviceType) -> SimDevice:
    return next(d for d in hub.devices.values() if d.device_type == device_type)


Vector = Callable[[str, str], tuple[GbcsMessage, GbcsMessage]]
Send = Callable[[SimDevice, GbcsMessage, datetime], HanResult]


@pytest.fixture()
def rtds(oracles: Path) -> Vector:
    """``(folder, stem)`` → the RTDS command and response messages."""

    def load(folder: str, stem: str) -> tuple[GbcsMessage, GbcsMessage]:
        base = oracles / "rtds-gbcs" / folder
        return tuple(decode_message(bytes.fromhex((base / f"{stem}_{kind}_GBCS.HEX").read_text().strip()))
                     for kind in ("COMMAND", "RESPONSE"))  # type: ignore[return-value]

    return load


@pytest.fixture()
def send(keys: Keys, hub: CommunicationsHub) -> Send:
    """Re-address an RTDS command payload to our device (supplier originator, ACB MAC, supplier
    signature when the RTDS command is signed) and pass it to the hub."""

    def go(device: SimDevice, rtds_cmd: GbcsMessage, at: datetime) -> HanResult:
        ka = device.security.ka_key.public_key()
        header = GroupingHeader(CraFlag.COMMAND, rtds_cmd.header.originator_counter, SUPPLIER, device.eui,
                                rtds_cmd.header.other_information)
        if rtds_cmd.signature is not None:
            pre = encode_general_signing(header, rtds_cmd.payload, signature_length_byte=False)
            raw = mac_signed_precommand(sign_precommand(pre, keys.sup_ds), (keys.acb_ka, ka))
        else:
            raw = encode_mac_command(header, rtds_cmd.payload, (keys.acb_ka, ka))
        return hub.receive(raw, at)

    return go

"""Shared fixtures of the WAN / simulated-device tests: the RTDS organisation keys (ACB, supplier, network
operator; the trust anchors hold no network operator cell) and a generated premises' instrumented hub."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from gbdcc.adapters.wan.devices.factory import simulate_premises
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.domain.inventory import DeviceType

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # the hub's start
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
        self.no_ds = priv("90b3d51f30020000-ds.key")
        certs = [x509.load_pem_x509_certificate((rtds / n).read_bytes()) for n in (
            "90b3d51f30000002-ka.pem", "90b3d51f30010000-ds.pem", "90b3d51f30010000-ka.pem")]
        self.anchors = TrustAnchors.from_certificates(certs)  # no network operator cell


@pytest.fixture(scope="session")
def keys(oracles: Path) -> Keys:
    return Keys(oracles / "keys" / "rtds")


@pytest.fixture()
def hub(keys: Keys) -> CommunicationsHub:
    premises = next(p for p in generate_estate(200, seed=1)
                    if p.device(DeviceType.GSME) and p.device(DeviceType.ESME) and p.prepayment)
    return simulate_premises(premises, derived_keys(SEED), keys.anchors, T0, instrumented=True)

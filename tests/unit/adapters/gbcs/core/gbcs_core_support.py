"""Shared constants of the GBCS core tests (imported by conftest and the tests)."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.domain.ids import Eui64

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
ESME = Eui64.parse("00-DB-12-34-56-78-90-A0")


@dataclass(frozen=True)
class Party:
    eui: Eui64
    ds: ec.EllipticCurvePrivateKey
    ka: ec.EllipticCurvePrivateKey

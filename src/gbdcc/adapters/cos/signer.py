"""A CoS Party's signing key: ECDSA P-256 / SHA-256 over a CS02b command (GBCS 7.2.8; R-COS-1)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import crypto
from gbdcc.domain.ids import Eui64


class KeySigner:
    """Holds one CoS Party's private key; nothing else in gbdcc is given it."""

    def __init__(self, party: Eui64, key: ec.EllipticCurvePrivateKey) -> None:
        self._party = party
        self._key = key

    @property
    def party(self) -> Eui64:
        return self._party

    def sign(self, data: bytes) -> bytes:
        return crypto.sign(self._key, data)

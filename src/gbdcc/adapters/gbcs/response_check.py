"""What the DCC can check of a device response it did not receive itself (8.13 Return Local Command Response).

Implements ``service.non_device.local_response.ResponseAuthenticator`` (GBCS 4.3, 7.2):

* a signed response (to a critical command: General-Signing, GBCS 7.2.8) — its ECDSA signature must verify
  with the device's digital-signing key, from its Device Certificate in the SMKI repository or, for a
  SIMULATED device, derived from the estate seed as the device's own key is (``smki.device_keys``);
* a MAC'd response addressed to the ACB — its MAC must verify with the ACB's key-agreement key and the
  device's;
* a MAC'd response addressed to the User (a non-critical command's) cannot be checked by the DCC, which
  holds neither key of that pair (as over the SM WAN): ``None``.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.transform import ACB_EUI
from gbdcc.adapters.smki.device_keys import derive_device_key
from gbdcc.adapters.smki.key_cache import ec_public_key
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage
from gbdcc.service.ports import UnitOfWorkFactory

#: A device's public key by EUI-64 (None when the DCC has none).
DeviceKey = Callable[[Eui64], ec.EllipticCurvePublicKey | None]


class GbcsResponseAuthenticator:
    def __init__(self, acb_ka_key: ec.EllipticCurvePrivateKey, device_ka: DeviceKey, device_ds: DeviceKey, *,
                 acb: Eui64 = ACB_EUI) -> None:
        self._acb_ka = acb_ka_key
        self._device_ka = device_ka
        self._device_ds = device_ds
        self._acb = acb

    def authentic(self, raw: bytes, device_id: Eui64) -> bool | None:
        """True / False when the DCC can check the response's signature or MAC, None when it cannot."""
        try:
            msg = frame.decode_message(raw)
        except GbdccError:
            return False
        if msg.signature is not None:
            ds = self._device_ds(device_id)
            return None if ds is None else frame.verify_signed(msg, ds)
        if msg.kind is frame.FrameKind.MAC and msg.header.recipient == self._acb:
            ka = self._device_ka(device_id)
            return None if ka is None else frame.verify_mac(msg, (self._acb_ka, ka))
        return None


def device_signing_keys(uow_factory: UnitOfWorkFactory, estate_seed: bytes) -> DeviceKey:
    """Device digital-signing public keys: a Device Certificate in the SMKI repository wins; any other device
    is one of the simulated estate, whose key derives from the seed. Of stored ones the newest not revoked;
    none when all are revoked (R-PKI-1)."""

    def lookup(eui: Eui64) -> ec.EllipticCurvePublicKey | None:
        with uow_factory(read_only=True) as uow:
            stored = [r for r in uow.certificates.by_eui_usage(eui, KeyUsage.DIGITAL_SIGNATURE)
                      if r.kind is CertificateKind.DEVICE]
        if stored:  # newest first; a revoked one is never used (R-PKI-1)
            usable = [r for r in stored if not r.revoked]
            return ec_public_key(usable[0].der) if usable else None
        return derive_device_key(estate_seed, eui, KeyUsage.DIGITAL_SIGNATURE).public_key()

    return lookup

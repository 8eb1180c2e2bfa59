"""The ``CommandTransformer`` port over the GBCS adapter (DUIS 3.5 Transform; GBCS 4.3, 7.2).

Wraps :mod:`.transform` (the use-case table) with the DCC's keys: the ACB's key-agreement private key MACs
every command for the device (ECDH with the device's key-agreement key, from the SMKI repository or the
simulated estate's derived keys); DCC-originated use cases take their originator counter from the
pipeline (``DccCounter``). Also the checks the DCC makes on GBCS it relays: correlating a signed
Pre-Command with the one issued, and reading the header of what comes up the SM WAN (alerts to the ACB
have their MAC verified; responses to Users cannot be, they are MAC'd for the User).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import crypto, frame
from gbdcc.adapters.gbcs.alerts import decode_alert
from gbdcc.adapters.gbcs.cos_countersign import countersign_with
from gbdcc.adapters.gbcs.header import CraFlag
from gbdcc.adapters.gbcs.keys import KeyEntry, KeyRing
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.transform import (
    ACB_EUI,
    TRANSCOS_EUI,
    TransformContext,
    is_critical,
    select,
)
from gbdcc.adapters.gbcs.transform import (
    transform as build_command,
)
from gbdcc.adapters.smki import key_cache
from gbdcc.domain.errors import (
    CryptoError,
    GbcsError,
    GbdccError,
    PreCommandMismatch,
    SignedPreCommandInvalid,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.smki import KeyUsage
from gbdcc.service.cos.ports import CosCountersigner
from gbdcc.service.device.ports import DccCounter, TransformedCommand, TransformTarget, UplinkHeader, UplinkKind
from gbdcc.service.messages import InboundRequest

#: A device's key-agreement public key by EUI-64 (None when the DCC holds no Device Certificate for it).
DeviceKeyLookup = Callable[[Eui64], ec.EllipticCurvePublicKey | None]

#: The remote-party role a User Role signs and is addressed as (GBCS 4.3.2; the use-case table's names).
ROLE_NAMES = {UserRole.IMPORT_SUPPLIER: "SUPPLIER", UserRole.EXPORT_SUPPLIER: "SUPPLIER",
              UserRole.GAS_SUPPLIER: "SUPPLIER", UserRole.ELECTRICITY_DISTRIBUTOR: "NETWORK_OPERATOR",
              UserRole.GAS_TRANSPORTER: "NETWORK_OPERATOR", UserRole.OTHER_USER: "OTHER",
              UserRole.REGISTERED_SUPPLIER_AGENT: "OTHER"}


class GbcsTransformer:
    """Implements :class:`gbdcc.service.device.ports.CommandTransformer`."""

    def __init__(self, acb_ka_key: ec.EllipticCurvePrivateKey, device_keys: DeviceKeyLookup, *,
                 acb: Eui64 = ACB_EUI, transcos: Eui64 = TRANSCOS_EUI,
                 acb_ds_key: ec.EllipticCurvePrivateKey | None = None,
                 cos_party: Callable[[Eui64], CosCountersigner | None] | None = None) -> None:
        """``cos_party``: the CoS Party whose certificate a device trusts (R-COS-1 / R-COS-2), which signs
        that device's 6.23 credential replacement; the transformer holds no CoS key."""
        self._acb_ka = acb_ka_key
        self._acb_ds = acb_ds_key
        self._device_keys = device_keys
        self._acb = acb
        self._transcos = transcos
        self._cos_party = cos_party or (lambda _device: None)

    # -- transform ---------------------------------------------------------------------------------

    def plan(self, request: InboundRequest, target: TransformTarget) -> str:
        uc, _variant = select(_native(request), target.device_type, ROLE_NAMES.get(target.role),
                              target.device_facts)
        return uc.name

    def transform(self, request: InboundRequest, target: TransformTarget, dcc_counter: DccCounter
                  ) -> TransformedCommand:
        native = _native(request)
        role = ROLE_NAMES.get(target.role)
        uc, variant = select(native, target.device_type, role, target.device_facts)
        base = variant.mode.split("+")[0]
        counter = None
        transcos, countersign = self._transcos, None
        if base == "acb" or (base == "user" and "srp" in variant.mode and target.remote_party is not None):
            counter = dcc_counter(self._acb, target.device_id, 1)
        elif base == "transcos":
            party = self._cos_party(target.device_id)
            if party is None:
                raise CryptoError(f"no CoS Party is configured to sign the credential replacement for "
                                  f"{target.device_id}", rule="R-COS-1")
            transcos = party.party
            countersign = countersign_with(party, request.request_id, target.device_id)
            counter = dcc_counter(transcos, target.device_id, 1)
        ctx = TransformContext(keys=self._keyring(target.device_id), counter=counter,
                               device_type=target.device_type, acb=self._acb, transcos=transcos,
                               user_role=role, device_facts=target.device_facts, remote_party=target.remote_party,
                               countersign=countersign)
        try:
            gbcs = build_command(native, ctx)
        except (ValueError, KeyError, IndexError) as exc:  # a body value the template cannot encode
            raise GbcsError(f"{uc.name}: the request cannot be encoded as GBCS ({exc})", rule="GBCS") from exc
        header = frame.decode_message(gbcs).header
        return TransformedCommand(
            gbcs=gbcs, precommand=is_critical(request.srv) and variant.mode == "user",
            originator=header.originator, counter=header.originator_counter, message_code=uc.message_code,
            use_case=uc.name)

    def _keyring(self, device_id: Eui64) -> KeyRing:
        device_ka = self._device_keys(device_id)
        if device_ka is None:
            raise CryptoError(f"the DCC holds no key-agreement Device Certificate for {device_id}: it cannot MAC "
                              "a command to it", rule="SMKI")
        entries = [KeyEntry(self._acb, KeyUsage.KEY_AGREEMENT, self._acb_ka.public_key(), private_key=self._acb_ka),
                   KeyEntry(device_id, KeyUsage.KEY_AGREEMENT, device_ka)]
        if self._acb_ds is not None:  # DCC-signed use cases (e.g. CS03A2 non-critical join, GBCS 13.3)
            entries.append(KeyEntry(self._acb, KeyUsage.DIGITAL_SIGNATURE, self._acb_ds.public_key(),
                                    private_key=self._acb_ds))
        return KeyRing(entries)

    # -- the critical flow -------------------------------------------------------------------------

    def check_signed_precommand(self, signed: bytes, precommand: bytes,
                                signer_certificates_der: Sequence[bytes]) -> None:
        try:
            issued = frame.decode_message(precommand)
        except GbdccError as err:  # our own Pre-Command: cannot happen unless storage was tampered with
            raise SignedPreCommandInvalid(f"the stored Pre-Command cannot be read: {err.reason}") from None
        ours = issued.general_signing[: issued.content_end]
        theirs = signed[: len(ours)]
        if theirs != ours:
            at = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), len(theirs))
            raise PreCommandMismatch(
                f"the signed Pre-Command differs from the one issued for this RequestID at byte {at} (of "
                f"{len(ours)}): nothing is sent")
        try:
            msg = frame.decode_message(signed)
        except GbdccError as err:
            raise SignedPreCommandInvalid(f"the signed Pre-Command is not a GBCS message: {err.reason}") from None
        if (msg.kind is not frame.FrameKind.SIGNED or msg.signature is None
                or msg.general_signing[: msg.content_end] != ours or len(msg.raw) != len(signed)):
            raise SignedPreCommandInvalid("the signed Pre-Command is not the issued Pre-Command followed by one "
                                          "64-byte ECDSA signature (General-Signing, GBCS 7.2.8)")
        signature = msg.signature
        keys = [key_cache.ec_public_key(der) for der in signer_certificates_der]  # parsed once per DER
        if not any(k is not None and crypto.verify(k, msg.signed_data, signature) for k in keys):
            raise SignedPreCommandInvalid(f"the signature on the Pre-Command does not verify with any of the User's "
                                          f"{len(keys)} SMKI digital-signing Organisation Certificate(s): nothing is "
                                          "sent")

    def protect_signed_precommand(self, signed: bytes, device_id: Eui64) -> bytes:
        device_ka = self._device_keys(device_id)
        if device_ka is None:
            raise CryptoError(f"no key-agreement Device Certificate for {device_id}", rule="SMKI")
        return frame.mac_signed_precommand(signed, (self._acb_ka, device_ka))

    # -- uplinks -----------------------------------------------------------------------------------

    def inspect_uplink(self, raw: bytes) -> UplinkHeader:
        msg = frame.decode_message(raw)
        h = msg.header
        if h.cra_flag == CraFlag.ALERT:
            alert = decode_alert(msg.payload)
            authentic = None
            if h.recipient == self._acb:
                device_ka = self._device_keys(h.originator)
                authentic = device_ka is not None and msg.mac is not None and frame.verify_mac(
                    msg, (self._acb_ka, device_ka))
            return UplinkHeader(UplinkKind.ALERT, h.originator, h.recipient, h.originator_counter, h.message_code,
                                alert_code=alert.alert_code, authentic=authentic, subject=_named_device(alert.data))
        kind = UplinkKind.RESPONSE if h.cra_flag == CraFlag.RESPONSE else UplinkKind.COMMAND
        return UplinkHeader(kind, h.originator, h.recipient, h.originator_counter, h.message_code,
                            success=_succeeded(msg.payload))


def _native(request: InboundRequest) -> object:
    if request.native is None:
        raise GbcsError("the request was not parsed by the DUIS adapter")
    return request.native


def _succeeded(payload: bytes) -> bool | None:
    """True / False for a DLMS access-response (every item success or not); None when not decodable
    here (encrypted, GBZ, ASN.1)."""
    if payload[:1] != bytes([dlms_apdu.ACCESS_RESPONSE]):
        return None
    try:
        response = dlms_apdu.decode_response(payload)
    except GbdccError:
        return None
    return all(result == 0 for _kind, result in response.results)


def _named_device(data: bytes) -> Eui64 | None:
    """The EUI-64 an alert's specific data names (a DLMS octet-string of 8 bytes ``09 08 …``), if any."""
    at = data.find(b"\x09\x08")
    if at < 0 or len(data) < at + 10:
        return None
    return Eui64.from_bytes(data[at + 2: at + 10])

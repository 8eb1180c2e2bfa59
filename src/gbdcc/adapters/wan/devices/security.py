"""GBCS security of a simulated device: authenticate commands, sign/MAC responses and alerts.

SIMULATION of the device side of GBCS 4.3 and 7.2 (using the real crypto of ``adapters/gbcs``):

* a command must be addressed to this device, be a General-Ciphering message whose MAC verifies with
  the key agreed between the **ACB**'s key-agreement key (trust anchor cell) and the device's KA key
  (GBCS 4.3.3; checked against the RTDS 4.5.0 vectors);
* a command that carries a signature (critical command) must verify with the digital-signing key of
  the trust anchor cell whose EUI is the originator; a critical use case without a signature is refused;
* the originator must hold a trust anchor cell on the device, and its originator counter must be
  strictly greater than the last one accepted from it (GBCS 4.3.1 replay protection);
* refusals raise :class:`~gbdcc.adapters.wan.errors.DeviceRefusal` carrying the alert the device
  raises (codes from ``gbcs-codes.json``): 0x8F1E integrity check of content or format failed,
  0x8F3D Trusted Source Authentication Failure (MAC or signature), 0x8F30 Source does not have
  Authority for Command (no trust anchor / unsigned critical command), 0x8F53 Failed Authentication or
  Authorisation not covered by other codes (replayed counter);
* responses carry the command's counter, CRA flag 2 and are MAC'd with the device KA key and the
  recipient's KA key (its trust anchor cell), or — for critical commands — signed with the device's
  digital-signing key (as the RTDS vectors do); sensitive data (ECS17b / ECS22b / GCS13a / GCS17
  replies) is encrypted for the recipient with :meth:`DeviceSecurity.encrypt_for`; alerts (CRA flag
  3, own counter, message code 0x1001 "Generic Non Critical Alert") are DLMS data-notifications MAC'd for the ACB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.frame import (
    FrameKind,
    GbcsMessage,
    decode_message,
    encode_general_signing,
    encode_mac_command,
    verify_mac,
    verify_signed,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.payload import dlms_data
from gbdcc.adapters.gbcs.payload.dlms_apdu import invoke_id
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import RemotePartyRole

ALERT_INTEGRITY_FAILED = 0x8F1E  # Integrity check of content or format of command failed
ALERT_NO_AUTHORITY = 0x8F30  # Source Does not have Authority for Command
ALERT_AUTHENTICATION_FAILURE = 0x8F3D  # Trusted Source Authentication Failure
ALERT_OTHER_AUTH_FAILURE = 0x8F53  # Failed Authentication or Authorisation not covered by other codes
GENERIC_NON_CRITICAL_ALERT = 0x1001
GENERIC_CRITICAL_ALERT = 0x1000

#: Message codes of critical use cases this simulation executes (must be signed by a trust anchor).
CRITICAL_MESSAGE_CODES = frozenset({0x0019, 0x004F, 0x0050, 0x0051, 0x0062, 0x007F, 0x0081, 0x0085})


@dataclass(frozen=True, slots=True)
class SecurityEvent:
    at: datetime
    alert_code: int | None
    detail: str


@dataclass
class DeviceSecurity:
    """The keys, trust anchors and counters of one device."""

    eui: Eui64
    ds_key: ec.EllipticCurvePrivateKey
    ka_key: ec.EllipticCurvePrivateKey
    anchors: TrustAnchors
    counters: dict[Eui64, int] = field(default_factory=dict)  # last accepted counter per originator
    alert_counter: int = 0
    log: list[SecurityEvent] = field(default_factory=list)  # the device's security log

    # --- inbound
    def authenticate(self, raw: bytes, at: datetime) -> GbcsMessage:
        """Check a command (see module docstring); record and raise a :class:`DeviceRefusal` if it fails."""
        try:
            msg = decode_message(raw)
        except GbdccError as e:
            raise self._refuse(at, ALERT_INTEGRITY_FAILED, f"malformed GBCS message: {e.reason}") from e
        h = msg.header
        if h.cra_flag != CraFlag.COMMAND or h.recipient != self.eui:
            raise self._refuse(at, ALERT_INTEGRITY_FAILED, "not a command for this device")
        if msg.kind != FrameKind.MAC:
            raise self._refuse(at, ALERT_INTEGRITY_FAILED, "command without a GBCS MAC")
        originator = self.anchors.by_eui(h.originator)
        if originator is None:
            raise self._refuse(at, ALERT_NO_AUTHORITY, f"originator {h.originator} holds no trust anchor")
        acb = self.anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER)
        if acb is None or acb.ka is None or not verify_mac(msg, (self.ka_key, acb.ka)):
            raise self._refuse(at, ALERT_AUTHENTICATION_FAILURE, "MAC does not verify (ACB KA key)")
        if msg.signature is not None:
            if originator.ds is None or not verify_signed(msg, originator.ds):
                raise self._refuse(at, ALERT_AUTHENTICATION_FAILURE,
                                   f"signature of {h.originator} does not verify")
        elif h.message_code in CRITICAL_MESSAGE_CODES:
            raise self._refuse(at, ALERT_NO_AUTHORITY, f"critical 0x{h.message_code:04X} not signed")
        last = self.counters.get(h.originator)
        if last is not None and h.originator_counter <= last:
            raise self._refuse(at, ALERT_OTHER_AUTH_FAILURE,
                               f"originator counter {h.originator_counter} not above {last} (replay)")
        self.counters[h.originator] = h.originator_counter
        return msg

    def _refuse(self, at: datetime, alert: int, detail: str) -> DeviceRefusal:
        self.log.append(SecurityEvent(at, alert, detail))
        return DeviceRefusal(f"device {self.eui}: {detail}", alert_code=alert, rule="GBCS-4.3")

    # --- outbound
    def response(self, command: GbcsMessage, payload: bytes) -> bytes:
        """The response to ``command``: signed if the command was, else MAC'd for its originator."""
        h = command.header
        header = GroupingHeader(CraFlag.RESPONSE, h.originator_counter, self.eui, h.originator,
                                h.other_information)
        if command.signature is not None:
            signed = encode_general_signing(header, payload)
            body = signed[: -1]  # drop the null signature-length byte, then sign bytes after DF
            return body + bytes([crypto.SIGNATURE_LENGTH]) + crypto.sign(self.ds_key, body[1:])
        peer = self.anchors.by_eui(h.originator)
        if peer is None or peer.ka is None:
            raise DeviceRefusal(f"no KA key for {h.originator} to MAC the response",
                                alert_code=ALERT_OTHER_AUTH_FAILURE)
        return encode_mac_command(header, payload, (self.ka_key, peer.ka))

    def encrypt_for(self, command: GbcsMessage, plaintext: bytes) -> bytes:
        """A GBCS encrypted block ``31 00000000 ‖ ciphertext ‖ tag`` for the response to ``command``:
        AES-GCM with the encryption KDF (transaction type 4) of this device's KA key and the KA key of
        the command's originator (GBCS 7.2.4, 4.3.3) — what ``gbdcc parse --keys`` decrypts."""
        h = command.header
        peer = self.anchors.by_eui(h.originator)
        if peer is None or peer.ka is None:
            raise DeviceRefusal(f"no KA key for {h.originator} to encrypt the response",
                                alert_code=ALERT_OTHER_AUTH_FAILURE)
        header = GroupingHeader(CraFlag.RESPONSE, h.originator_counter, self.eui, h.originator,
                                h.other_information)
        key = crypto.encryption_key((self.ka_key, peer.ka), header)
        return bytes([crypto.SC_ENCRYPTED, 0, 0, 0, 0]) + crypto.encrypt_payload(key, self.eui, plaintext)

    def alert(self, code: int, at: datetime, *, extra: tuple[dlms_data.DlmsValue, ...] = ()) -> bytes:
        """A device alert for the ACB (GBCS 7.2.12 data-notification), MAC'd with the ACB KA key."""
        acb = self.anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER)
        if acb is None or acb.ka is None:
            raise DeviceRefusal("no ACB trust anchor to address alerts to", alert_code=code)
        self.alert_counter += 1
        body = dlms_data.structure(dlms_data.DlmsValue("long-unsigned", code),
                                   dlms_data.octets(dlms_data.date_time(at)), *extra)
        payload = (bytes([0x0F]) + invoke_id(self.alert_counter).to_bytes(4, "big") + b"\x00"
                   + dlms_data.encode(body))
        header = GroupingHeader(CraFlag.ALERT, self.alert_counter, self.eui, acb.eui,
                                OtherInformation(GENERIC_NON_CRITICAL_ALERT))
        return encode_mac_command(header, payload, (self.ka_key, acb.ka))


KeySource = Callable[[Eui64], tuple[ec.EllipticCurvePrivateKey, ec.EllipticCurvePrivateKey]]
"""Gives a device's (digital signing, key agreement) private keys — e.g. derived from the estate seed."""


def derived_keys(seed: bytes) -> KeySource:
    """Keys from ``smki.device_keys.derive_device_key`` (nothing stored per device)."""
    from gbdcc.adapters.smki.device_keys import derive_device_key
    from gbdcc.domain.smki import KeyUsage

    def source(eui: Eui64) -> tuple[ec.EllipticCurvePrivateKey, ec.EllipticCurvePrivateKey]:
        return (derive_device_key(seed, eui, KeyUsage.DIGITAL_SIGNATURE),
                derive_device_key(seed, eui, KeyUsage.KEY_AGREEMENT))

    return source

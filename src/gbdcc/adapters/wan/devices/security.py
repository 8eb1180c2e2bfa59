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
  digital-signing key (as the RTDS vectors do); a response to a remote party follows GBCS 7.2.8
  (:meth:`DeviceSecurity.response_header`); sensitive data (ECS17b / ECS22b / GCS13a / GCS17
  replies) is encrypted for the remote party with :meth:`DeviceSecurity.encrypt_for`; alerts (CRA
  flag 3, own counter, message code 0x1001 "Generic Non Critical Alert") are DLMS data-notifications
  MAC'd for the ACB; other device-originated messages go through :meth:`DeviceSecurity.notification`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from cryptography import x509
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
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation, encode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_data
from gbdcc.adapters.gbcs.payload.dlms_apdu import invoke_id
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

ALERT_INTEGRITY_FAILED = 0x8F1E  # Integrity check of content or format of command failed
ALERT_NO_AUTHORITY = 0x8F30  # Source Does not have Authority for Command
ALERT_AUTHENTICATION_FAILURE = 0x8F3D  # Trusted Source Authentication Failure
ALERT_OTHER_AUTH_FAILURE = 0x8F53  # Failed Authentication or Authorisation not covered by other codes
GENERIC_NON_CRITICAL_ALERT = 0x1001
GENERIC_CRITICAL_ALERT = 0x1000

#: Message codes of critical use cases (GBCS Table 13.3: the command must be signed by the originator's
#: digital-signing trust anchor). ESME / any-device codes as the RTDS 4.5.0 vectors sign them; GSME ones
#: (0x006B…, 0x007C…, 0x0081, 0x0085…) likewise. CS02a / UC011B (0x0008 / 0x011B) may be signed or not.
CRITICAL_MESSAGE_CODES = frozenset({
    # ESME (ECS…, UC01xx)
    0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F, 0x0020, 0x0043, 0x0046, 0x004B, 0x004F,
    0x0050, 0x0051, 0x0053, 0x0054, 0x0055, 0x0062, 0x0068, 0x00A2, 0x00B3, 0x00B7, 0x00C7, 0x00D7,
    0x00DB, 0x00DE, 0x011A, 0x011E, 0x011F,
    # any device: CS02b-g (credentials), CS03A1 / CS04AC (join / unjoin), CS06 (activate firmware)
    0x000A, 0x000B, 0x000C, 0x000D, 0x000F, 0x0012, 0x0102, 0x0103, 0x0105, 0x0106, 0x0107, 0x0108,
    0x0125, 0x0126,
    # GSME / GPF
    0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x007C, 0x007D, 0x007E, 0x007F, 0x0081, 0x0085,
    0x0086, 0x00A3, 0x00AB, 0x00AF, 0x00B4, 0x00C0, 0x00C2, 0x00D8, 0x00FC,
})

#: Responses that carry the device's date-time in the grouping header (as every RTDS 4.5.0 response
#: of these message codes does): future-datable commands, current-value reads and top-ups.
RESPONSE_DATE_TIME_CODES = frozenset({
    0x0007, 0x0012, 0x0019, 0x001A, 0x001B, 0x001F, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B,
    0x002C, 0x002D, 0x0039, 0x0043, 0x0054, 0x006B, 0x006C, 0x006D, 0x006F, 0x0074, 0x0075, 0x0097,
    0x00A2, 0x00A3, 0x00B6, 0x00B7, 0x00B8, 0x00BC, 0x00C7, 0x00DE, 0x0102, 0x0103, 0x0104, 0x0105,
    0x0106, 0x0107, 0x0108, 0x0109, 0x011A, 0x0125, 0x0126, 0x012A,
})

#: Responses to a remote party's certificate that carry the device's own counter (supplementary
#: originator counter): ECS21b and GCS16b "URP", as the RTDS 4.5.0 responses; the RTDS GCS61 one does not.
URP_COUNTER_CODES = frozenset({0x0034, 0x0096})

#: Responses a device signs even when the command was only MAC'd (CS02b ACB-by-ACB / contingency).
SIGNED_RESPONSE_CODES = frozenset({0x0104, 0x0109})


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
    #: floor of the Supplier's prepayment top-up (UTRN) counters, set by CS02b (GBCS 13.3.5)
    prepayment_floor: int = 0
    #: the device's own certificates (DER) by key usage; CS02d replaces them, CS02e returns them
    certificates: dict[KeyUsage, bytes] = field(default_factory=dict)
    #: issues a device certificate when none is held (default: a simulation Device CA)
    certificate_source: Callable[[Eui64, KeyUsage, ec.EllipticCurvePublicKey], bytes] | None = None

    def certificate(self, usage: KeyUsage) -> bytes:
        """This device's certificate (DER) for ``usage``, issued on first use when none is held."""
        held = self.certificates.get(usage)
        if held is None:
            from gbdcc.adapters.wan.devices.credentials import simulation_certificate

            key = (self.ds_key if usage == KeyUsage.DIGITAL_SIGNATURE else self.ka_key).public_key()
            held = (self.certificate_source or simulation_certificate)(self.eui, usage, key)
            self.certificates[usage] = held
        return held

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
    def response(self, command: GbcsMessage, payload: bytes, *, at: datetime | None = None,
                 signed: bool | None = None, header: GroupingHeader | None = None) -> bytes:
        """The response to ``command``: signed if the command was (or the use case's responses always
        are, :data:`SIGNED_RESPONSE_CODES`), else MAC'd for its originator. ``header``: the one
        :meth:`response_header` gave for the command (made here when None); ``at`` (the device's time)
        is stamped in it for the message codes of :data:`RESPONSE_DATE_TIME_CODES`."""
        h = command.header
        if header is None:
            header = self.response_header(command)
        if at is not None and h.message_code in RESPONSE_DATE_TIME_CODES:
            header = replace(header, date_time=encode_dlms_datetime(at))
        if signed is None:
            signed = command.signature is not None or h.message_code in SIGNED_RESPONSE_CODES
        if signed:
            return self.sign(header, payload)
        peer = self.anchors.by_eui(h.originator)
        if peer is None or peer.ka is None:
            raise DeviceRefusal(f"no KA key for {h.originator} to MAC the response",
                                alert_code=ALERT_OTHER_AUTH_FAILURE)
        return encode_mac_command(header, payload, (self.ka_key, peer.ka))

    def sign(self, header: GroupingHeader, payload: bytes) -> bytes:
        """A General-Signing message signed with the device's digital-signing key (GBCS 7.2.6)."""
        body = encode_general_signing(header, payload)[:-1]  # drop the null signature-length byte
        return body + bytes([crypto.SIGNATURE_LENGTH]) + crypto.sign(self.ds_key, body[1:])  # after DF

    def response_header(self, command: GbcsMessage) -> GroupingHeader:
        """The grouping header of the response to ``command`` (GBCS 7.2.8): the command's counter and
        other-information, except that a command naming a remote party with its KA certificate (ECS21b /
        GCS16b "URP", GCS61) is answered without the certificate — and, for the use cases of
        :data:`URP_COUNTER_CODES`, with the device's own next counter as the supplementary originator
        counter, which the encryption KDF then uses. Call once per command."""
        h = command.header
        other = h.other_information
        if other.supplementary_remote_party_ka_certificate is not None:
            own: int | None = None
            if h.message_code in URP_COUNTER_CODES:
                self.alert_counter += 1
                own = self.alert_counter
            other = OtherInformation(other.message_code, other.supplementary_remote_party_id,
                                     other.supplementary_remote_party_counter, own)
        return GroupingHeader(CraFlag.RESPONSE, h.originator_counter, self.eui, h.originator, other)

    def remote_party_key(self, command: GbcsMessage) -> ec.EllipticCurvePublicKey:
        """The KA key a response's sensitive data is encrypted for (GBCS 7.2.4, 7.2.8): the remote
        party's certificate key (URP), else its trust anchor cell's, else — no remote party named — the
        originator's."""
        other = command.header.other_information
        if other.supplementary_remote_party_ka_certificate is not None:
            try:
                key = x509.load_der_x509_certificate(other.supplementary_remote_party_ka_certificate).public_key()
            except ValueError as e:
                raise DeviceRefusal(f"remote party certificate unreadable: {e}", alert_code=ALERT_INTEGRITY_FAILED) \
                    from e
            if isinstance(key, ec.EllipticCurvePublicKey):
                return key
        party = other.supplementary_remote_party_id or command.header.originator
        cell = self.anchors.by_eui(party)
        if cell is None or cell.ka is None:
            raise DeviceRefusal(f"no KA key for {party} to encrypt the response", alert_code=ALERT_OTHER_AUTH_FAILURE)
        return cell.ka

    def encrypt_for(self, command: GbcsMessage, plaintext: bytes, header: GroupingHeader) -> bytes:
        """A GBCS encrypted block ``31 00000000 ‖ ciphertext ‖ tag`` for the response (``header``, from
        :meth:`response_header`) to ``command``: AES-GCM with the encryption KDF (transaction type 4)
        of this device's KA key and :meth:`remote_party_key` (GBCS 7.2.4, 4.3.3) — what
        ``gbdcc parse --keys`` decrypts."""
        aes = crypto.encryption_key((self.ka_key, self.remote_party_key(command)), header)
        return bytes([crypto.SC_ENCRYPTED, 0, 0, 0, 0]) + crypto.encrypt_payload(aes, self.eui, plaintext)

    def alert(self, code: int, at: datetime, *, extra: tuple[dlms_data.DlmsValue, ...] = (),
              recipient: Eui64 | None = None, critical: bool = False, message_code: int | None = None) -> bytes:
        """A device alert (GBCS 7.2.12 data-notification ``{ code, date-time, extra… }``): by default for
        the ACB, MAC'd with its KA key (message code 0x1001 Generic Non Critical Alert, or the use
        case's ``message_code`` — the CHF's CS14 0x0018, DBCH07-09); ``recipient`` addresses a remote
        party's cell instead (as RTDS alerts go to the supplier); ``critical`` signs it (0x1000 Generic
        Critical Alert, no MAC — GBCS 7.2.12, RTDS ``GCA-DLMS``)."""
        self.alert_counter += 1
        body = dlms_data.structure(dlms_data.DlmsValue("long-unsigned", code),
                                   dlms_data.octets(dlms_data.date_time(at)), *extra)
        payload = (bytes([0x0F]) + invoke_id(self.alert_counter).to_bytes(4, "big") + b"\x00"
                   + dlms_data.encode(body))
        if message_code is None:
            message_code = GENERIC_CRITICAL_ALERT if critical else GENERIC_NON_CRITICAL_ALERT
        return self.notification(message_code, payload, recipient=recipient, signed=critical,
                                 counter=self.alert_counter, fallback_code=code)

    def notification(self, message_code: int, payload: bytes, *, recipient: Eui64 | None = None,
                     signed: bool = False, counter: int | None = None, fallback_code: int = 0) -> bytes:
        """Any device-originated alert message (CRA flag 3, own counter): signed with the device's DS key
        (critical alerts, future-dated execution alerts 0x00CA / 0x00CB / 0x00CC) or MAC'd with the
        recipient's KA key. ``recipient`` defaults to the ACB."""
        if counter is None:
            self.alert_counter += 1
            counter = self.alert_counter
        peer_ka: ec.EllipticCurvePublicKey | None
        if recipient is None:
            acb = self.anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER)
            if acb is None or acb.ka is None:
                raise DeviceRefusal("no ACB trust anchor to address alerts to", alert_code=fallback_code)
            recipient, peer_ka = acb.eui, acb.ka
        else:
            cell = self.anchors.by_eui(recipient)
            peer_ka = cell.ka if cell is not None else None
        header = GroupingHeader(CraFlag.ALERT, counter, self.eui, recipient, OtherInformation(message_code))
        if signed:
            return self.sign(header, payload)
        if peer_ka is None:
            raise DeviceRefusal(f"no KA key for {recipient} to MAC an alert", alert_code=fallback_code)
        return encode_mac_command(header, payload, (self.ka_key, peer_ka))


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

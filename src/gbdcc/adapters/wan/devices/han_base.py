"""What the simulated GSME, GPF, CHF, PPMID and HCALCS add to :class:`~.base.SimDevice` — SIMULATION.

Command handling (authentication, the CS02 credentials, held future-dated work, alerts raised
unasked) is the base's; a HAN device adds:

* **Responses to a supplementary remote party** (GBCS 7.2.8): a command the ACB originates on a
  User's behalf names that User in other-information; an *unknown* remote party (URP, e.g. GCS16b /
  GCS61 from a User that is not the registered supplier) also sends its key-agreement certificate.
  The response echoes the remote party ID and counter; to a URP it carries the device's own counter
  as supplementary originator counter instead of the certificate (RTDS GCS16b URP response). Data
  the GBCS classes as sensitive is encrypted for the remote party (its certificate's key, else its
  trust anchor cell), else for the originator — :meth:`HanDevice.encrypt_for`. The response itself is
  :meth:`DeviceSecurity.response`'s (signed / MAC'd, the device's date-time where GBCS puts one).
* **Alerts in the device's own format** (the base's ``alert_message`` hook): GBZ alerts for the GSME
  (:mod:`.gas_alerts`), ASN.1 for the GPF device log alert, the CHF's DLMS ones with their use case's
  message code.
* Every alert raised unasked is kept in :attr:`HanDevice.raised` (tests and the lead's runtime can
  inspect what a device sent, whether or not a push path was attached).
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.frame import GbcsMessage, encode_general_signing, encode_mac_command
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.security import ALERT_INTEGRITY_FAILED, ALERT_OTHER_AUTH_FAILURE, DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import RemotePartyRole


def sign_message(header: GroupingHeader, payload: bytes, ds_key: ec.EllipticCurvePrivateKey) -> bytes:
    """A General-Signing message signed with the device's digital-signing key (GBCS 7.2.6)."""
    body = encode_general_signing(header, payload)[:-1]
    return body + bytes([crypto.SIGNATURE_LENGTH]) + crypto.sign(ds_key, body[1:])


def originated(security: DeviceSecurity, to: Eui64, message_code: int, payload: bytes, *,
               signed: bool = False) -> bytes:
    """A message the device originates (an alert, CRA flag 3) with its own counter: signed with its
    digital-signing key, or MAC'd with its KA key and the recipient's trust anchor cell."""
    security.alert_counter += 1
    header = GroupingHeader(CraFlag.ALERT, security.alert_counter, security.eui, to, OtherInformation(message_code))
    if signed:
        return sign_message(header, payload, security.ds_key)
    cell = security.anchors.by_eui(to)
    if cell is None or cell.ka is None:
        raise DeviceRefusal(f"no KA key for {to} to MAC an alert", alert_code=ALERT_OTHER_AUTH_FAILURE)
    return encode_mac_command(header, payload, (security.ka_key, cell.ka))


def acb_of(security: DeviceSecurity) -> Eui64:
    cell = security.anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER)
    if cell is None:
        raise DeviceRefusal("no ACB trust anchor to address alerts to", alert_code=ALERT_OTHER_AUTH_FAILURE)
    return cell.eui


class HanDevice(SimDevice):
    """A SimDevice answering remote parties as GBCS 7.2.8 says and alerting in its own format."""

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "1.0.0") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.raised: list[bytes] = []
        self._header: tuple[GbcsMessage, GroupingHeader] | None = None

    # --- responses
    def response_header(self, command: GbcsMessage) -> GroupingHeader:
        """The response's grouping header (computed once per command: a URP response takes a counter)."""
        if self._header is not None and self._header[0] is command:
            return self._header[1]
        header = self._new_response_header(command)
        self._header = (command, header)
        return header

    def _new_response_header(self, command: GbcsMessage) -> GroupingHeader:
        h = command.header
        other = h.other_information
        if other.supplementary_remote_party_ka_certificate is not None and other.supplementary_remote_party_id \
                and self.security.anchors.by_eui(other.supplementary_remote_party_id) is None:
            self.security.alert_counter += 1
            other = OtherInformation(other.message_code, other.supplementary_remote_party_id,
                                     other.supplementary_remote_party_counter, self.security.alert_counter)
        elif other.supplementary_remote_party_ka_certificate is not None:
            other = OtherInformation(other.message_code, other.supplementary_remote_party_id,
                                     other.supplementary_remote_party_counter)
        return GroupingHeader(CraFlag.RESPONSE, h.originator_counter, self.eui, h.originator, other)

    def respond_to(self, msg: GbcsMessage, payload: bytes, at: datetime) -> bytes:
        """The response (:meth:`DeviceSecurity.response`) with this command's response header."""
        try:
            return self.security.response(msg, payload, at=self.clock(at), header=self.response_header(msg))
        finally:
            self._header = None

    def encrypt_for(self, command: GbcsMessage, header: GroupingHeader, plaintext: bytes) -> bytes:
        """A GBCS encrypted block ``31 00000000 ‖ ciphertext ‖ tag`` for the remote party of the
        response (GBCS 7.2.4, 4.3.3)."""
        key = crypto.encryption_key((self.security.ka_key, self.remote_party_key(command)), header)
        return bytes([crypto.SC_ENCRYPTED, 0, 0, 0, 0]) + crypto.encrypt_payload(key, self.eui, plaintext)

    def remote_party_key(self, command: GbcsMessage) -> ec.EllipticCurvePublicKey:
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
        cell = self.security.anchors.by_eui(party)
        if cell is None or cell.ka is None:
            raise DeviceRefusal(f"no KA key for {party} to encrypt the response", alert_code=ALERT_OTHER_AUTH_FAILURE)
        return cell.ka

    # --- alerts
    def emit(self, raw: bytes) -> None:
        self.raised.append(raw)
        super().emit(raw)

    def push(self, raw: bytes) -> bytes:
        """Send an alert built elsewhere unasked (kept in :attr:`raised`)."""
        self.emit(raw)
        return raw

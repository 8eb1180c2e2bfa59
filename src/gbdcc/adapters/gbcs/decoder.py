"""Describe a GBCS message for people and tools (the GBCS half of DCC "Parse & Correlate").

``describe(raw, keyring)`` decodes the frame (``frame.py``), names the use case from the message code,
checks the MAC and signature with the keys the key ring holds, decodes alerts (``alerts.py``), and asks
the payload codec (``gbdcc.adapters.gbcs.payload``, imported lazily) for the payload. A payload nobody
can decode is reported as ``unsupported`` with its hex: the decoder never guesses.

Encrypted data (GBCS 7.3.4 "encrypted" response data, e.g. ECS17b prepayment values): a block is
``31 00000000`` ‖ ciphertext ‖ 12-byte tag, preceded by its length — a DLMS octet-string length
(``09 <len>``) or a GBZ 2-byte ciphered-information length. Blocks whose declared length fits are
listed; with the recipient's (or supplementary remote party's) KA key they are decrypted, and only a
verifying GCM tag makes a block ``decrypted``.

Statuses: ``verified`` / ``failed`` (keys present, check failed) / ``no-key`` / ``absent`` (the message
carries no MAC or no signature).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from gbdcc.adapters.gbcs import parse_detail
from gbdcc.adapters.gbcs.alerts import AlertPayload, decode_alert
from gbdcc.adapters.gbcs.crypto import MAC_LENGTH, SC_ENCRYPTED, InvalidMac, decrypt_payload, encryption_key
from gbdcc.adapters.gbcs.frame import GbcsMessage, decode_message, split_messages, verify_mac, verify_signed
from gbdcc.adapters.gbcs.header import CraFlag, decode_length
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.errors import GbcsError
from gbdcc.domain.smki import KeyUsage

VERIFIED, FAILED, NO_KEY, ABSENT = "verified", "failed", "no-key", "absent"


@dataclass(frozen=True, slots=True)
class EncryptedBlock:
    """Encrypted data inside a payload: ``offset`` of its security header, ``data`` = ciphertext ‖ tag."""

    offset: int
    data: bytes
    status: str = NO_KEY  # decrypted / failed / no-key
    plaintext: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        return {"offset": self.offset, "status": self.status, "ciphertext": self.data.hex().upper(),
                "plaintext": None if self.plaintext is None else self.plaintext.hex().upper()}


_ENC_HEADER = bytes([SC_ENCRYPTED, 0, 0, 0, 0])


def find_encrypted_blocks(payload: bytes) -> list[EncryptedBlock]:
    """Blocks ``31 00000000 …`` whose preceding DLMS / GBZ length covers header, ciphertext and tag."""
    blocks: list[EncryptedBlock] = []
    start = 0
    while (i := payload.find(_ENC_HEADER, start)) >= 0:
        start = i + 1
        declared: list[int] = []
        for width in (1, 2, 3):  # DLMS octet-string: 09 <A-XDR length>
            j = i - width
            if j >= 1 and payload[j - 1] == 0x09:
                try:
                    n, after = decode_length(payload, j)
                except GbcsError:
                    continue
                if after == i:
                    declared.append(n)
        if i >= 2:  # GBZ ciphered information length (uint16)
            declared.append(int.from_bytes(payload[i - 2 : i], "big"))
        for n in declared:
            if n >= len(_ENC_HEADER) + MAC_LENGTH and i + n <= len(payload):
                blocks.append(EncryptedBlock(i, payload[i + len(_ENC_HEADER) : i + n]))
                start = i + n
                break
    return blocks


def decrypt_blocks(message: GbcsMessage, keyring: KeyRing | None) -> list[EncryptedBlock]:
    """Decrypt the payload's encrypted blocks with the KA pair of originator and (supplementary) recipient."""
    blocks = find_encrypted_blocks(message.payload)
    if not blocks or keyring is None:
        return blocks
    h = message.header
    pair = keyring.key_pair(h.originator, h.other_information.supplementary_remote_party_id or h.recipient)
    if pair is None:
        return blocks
    key = encryption_key(pair, h)
    out = []
    for b in blocks:
        try:
            out.append(replace(b, status="decrypted", plaintext=decrypt_payload(key, h.originator, b.data)))
        except InvalidMac:
            out.append(replace(b, status=FAILED))
    return out


@dataclass(frozen=True, slots=True)
class DecodedMessage:
    """Everything ``gbdcc parse`` shows about one message."""

    message: GbcsMessage
    use_case: str | None
    mac_status: str
    signature_status: str
    payload_status: str  # decoded / unsupported / malformed
    payload: dict[str, Any] | None = None
    payload_error: str | None = None
    alert: AlertPayload | None = None
    encrypted: list[EncryptedBlock] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """No check failed and at least one check verified."""
        statuses = (self.mac_status, self.signature_status)
        return FAILED not in statuses and VERIFIED in statuses

    def to_json(self) -> dict[str, Any]:
        m, h = self.message, self.message.header
        oi = h.other_information
        dt = h.date_time_value
        out: dict[str, Any] = {
            "kind": m.kind.value,
            "cra_flag": h.cra_flag.name.lower(),
            "originator_counter": h.originator_counter,
            "originator": str(h.originator),
            "recipient": str(h.recipient),
            "date_time": None if h.date_time is None else h.date_time.hex().upper(),
            "date_time_utc": None if dt is None else dt.isoformat(),
            "message_code": f"0x{h.message_code:04X}",
            "use_case": self.use_case,
            "mac": {"status": self.mac_status, "value": m.mac.hex().upper() if m.mac else None},
            "signature": {"status": self.signature_status,
                          "value": m.signature.hex().upper() if m.signature else None},
            "payload": {"status": self.payload_status, "hex": m.payload.hex().upper(),
                        "decoded": self.payload, "error": self.payload_error},
        }
        if oi.supplementary_remote_party_id is not None:
            out["supplementary_remote_party_id"] = str(oi.supplementary_remote_party_id)
        if oi.supplementary_remote_party_counter is not None:
            out["supplementary_remote_party_counter"] = oi.supplementary_remote_party_counter
        if oi.supplementary_originator_counter is not None:
            out["supplementary_originator_counter"] = oi.supplementary_originator_counter
        if oi.supplementary_remote_party_ka_certificate is not None:
            out["supplementary_remote_party_ka_certificate"] = oi.supplementary_remote_party_ka_certificate.hex()
        if self.alert is not None:
            a = self.alert
            out["alert"] = {
                "format": a.format.value, "code": f"0x{a.alert_code:04X}", "name": a.name,
                "timestamp": None if a.timestamp is None else a.timestamp.isoformat(),
                "data": a.data.hex().upper(),
            }
        out.update(_details(self))
        if self.encrypted:
            out["encrypted"] = [b.to_json() for b in self.encrypted]
            decoded = parse_detail.plaintext_fields(m.payload, self.payload, [b.plaintext for b in self.encrypted])
            for block, dec in zip(out["encrypted"], decoded, strict=True):
                block["decoded"] = dec
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def _details(d: DecodedMessage) -> dict[str, Any]:
    """Future-dated fields and ZCL fields (``parse_detail.py``), only where the message has them."""
    out: dict[str, Any] = {}
    fd = parse_detail.future_dated_fields(d.message.message_code, d.payload)
    if fd is not None:
        out["future_dated"] = fd
    zcl = parse_detail.zcl_fields(d.payload)
    if zcl:
        out["zcl"] = zcl
    return out


def mac_status(message: GbcsMessage, keyring: KeyRing | None) -> str:
    if message.mac is None:
        return ABSENT
    pairs = keyring.mac_key_pairs(message.header) if keyring is not None else []
    if not pairs:
        return NO_KEY
    return VERIFIED if any(verify_mac(message, p) for p in pairs) else FAILED


def signature_status(message: GbcsMessage, keyring: KeyRing | None) -> str:
    if message.signature is None:
        return ABSENT
    key = keyring.public_key(message.header.originator, KeyUsage.DIGITAL_SIGNATURE) if keyring else None
    if key is None:
        return NO_KEY
    return VERIFIED if verify_signed(message, key) else FAILED


def _decode_payload(message: GbcsMessage) -> tuple[str, dict[str, Any] | None, str | None]:
    try:
        from gbdcc.adapters.gbcs.payload.registry import decode_payload
    except ImportError:
        return "unsupported", None, "payload codec not available"
    try:
        decoded = decode_payload(message.message_code, int(message.cra_flag), message.payload)
    except GbcsError as exc:
        return "malformed", None, exc.reason
    except (ValueError, IndexError) as exc:  # defensive: a codec bug must not hide the frame
        return "malformed", None, f"{type(exc).__name__}: {exc}"
    if decoded is None:
        return "unsupported", None, None
    return "decoded", decoded, None


def use_case_name(message_code: int) -> str | None:
    """GBCS message code → use case (``parse_detail.message_code_name``: no placeholder ids)."""
    return parse_detail.message_code_name(message_code)


def describe_message(message: GbcsMessage, keyring: KeyRing | None = None) -> DecodedMessage:
    notes: list[str] = []
    alert: AlertPayload | None = None
    if message.cra_flag == CraFlag.ALERT:
        try:
            alert = decode_alert(message.payload)
        except GbcsError as exc:
            notes.append(f"alert payload not decoded: {exc.reason}")
    status, payload, error = _decode_payload(message)
    return DecodedMessage(
        message=message,
        use_case=use_case_name(message.message_code),
        mac_status=mac_status(message, keyring),
        signature_status=signature_status(message, keyring),
        payload_status=status,
        payload=payload,
        payload_error=error,
        alert=alert,
        encrypted=decrypt_blocks(message, keyring),
        notes=notes,
    )


def describe(raw: bytes, keyring: KeyRing | None = None) -> DecodedMessage:
    """Describe exactly one GBCS message; raises :class:`GbcsError` if the frame is malformed."""
    return describe_message(decode_message(raw), keyring)


def describe_all(raw: bytes, keyring: KeyRing | None = None) -> list[DecodedMessage]:
    """Describe every message of a (possibly concatenated) input."""
    return [describe(part, keyring) for part in split_messages(raw)]

"""GBCS message framing: General-Ciphering (MAC'd) and General-Signing APDUs (GBCS 7.2, 7.3).

General-Signing (GBCS 7.2.8)::

    <grouping header: DF …, see header.py> <len> <content> [<len> <signature>]

The signature (ECDSA P-256, raw r ‖ s, length byte ``0x40``) covers the bytes after ``DF`` up to the
end of the content. A Pre-Command is a General-Signing APDU without a signature: GBCS writes a null
signature-length byte ``00``, the RTDS 4.5.0 Pre-Commands (and DCC Boxed) omit it. We *encode* the
RTDS form and *decode* both. Inside a MAC'd message the byte is always there (``00`` or ``40 …``).

General-Ciphering with MAC only (GBCS 7.2.4; every DD vector of RTDS 4.5.0 has this form)::

    DD 00 00 00 00 00 00          tag, empty transaction-id / originator / recipient / date-time /
                                  other-information, key-info absent
    <len>                         ciphered-content length (DLMS length)
    11 00000000                   security header: SC (authentication only, suite 1) ‖ IC
    <General-Signing APDU>        with its signature-length byte
    <12-byte MAC>                 AES-128-GCM tag (see crypto.py)

MAC: ``GMAC(K, IV = originator system title ‖ IC, AAD = SC ‖ IC ‖ 00 ‖ General-Signing APDU)``, K from
the KDF with the grouping header's CRA flag, originator counter, originator and recipient. Commands are
MAC'd by the ACB (ACB KA key + device KA key); responses and alerts by the device with the recipient.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.crypto import KeyPair, PrivateKey, PublicKey
from gbdcc.adapters.gbcs.header import (
    GENERAL_SIGNING_TAG,
    CraFlag,
    GroupingHeader,
    decode_length,
    encode_length,
    take,
)
from gbdcc.domain.errors import GbcsError

GENERAL_CIPHERING_TAG = 0xDD
GENERAL_CIPHERING_PREFIX = bytes([GENERAL_CIPHERING_TAG, 0, 0, 0, 0, 0, 0])
SECURITY_HEADER_LENGTH = 5
MAC_AAD_SEPARATOR = b"\x00"


class FrameKind(StrEnum):
    MAC = "general-ciphering"  # DD 00: MAC'd (the inner APDU may also be signed: critical command)
    SIGNED = "general-signing"  # DF with a signature (critical responses/alerts, signed Pre-Commands)
    PRECOMMAND = "pre-command"  # DF without signature (RTDS form or with the null length byte)


@dataclass(frozen=True, slots=True)
class GbcsMessage:
    """One decoded GBCS message."""

    kind: FrameKind
    header: GroupingHeader
    payload: bytes  # the General-Signing content (DLMS / ZigBee / ASN.1 use-case payload)
    raw: bytes
    general_signing: bytes  # the DF APDU as carried (inside the MAC for DD messages)
    content_end: int  # offset in general_signing just after the content
    signature: bytes | None = None
    mac: bytes | None = None
    security_header: bytes | None = None
    null_signature_byte: bool = False  # DF carried an explicit ``00`` signature length

    @property
    def signed_data(self) -> bytes:
        """What the signature covers: General-Signing bytes after ``DF`` to the end of the content."""
        return self.general_signing[1 : self.content_end]

    @property
    def mac_aad(self) -> bytes:
        """AAD of the MAC (only for MAC'd messages)."""
        if self.security_header is None:
            raise GbcsError("message carries no MAC")
        return self.security_header + MAC_AAD_SEPARATOR + self.general_signing

    @property
    def message_code(self) -> int:
        return self.header.message_code

    @property
    def cra_flag(self) -> CraFlag:
        return self.header.cra_flag

    @property
    def invocation_counter(self) -> int:
        return 0 if self.security_header is None else int.from_bytes(self.security_header[1:5], "big")


# --- decoding -------------------------------------------------------------------------------------


def _decode_general_signing(data: bytes, offset: int, *, allow_bare: bool) -> tuple[dict[str, object], int]:
    header, pos = GroupingHeader.decode_prefix(data, offset)
    content_len, pos = decode_length(data, pos)
    payload, pos = take(data, pos, content_len, "content")
    content_end = pos
    signature: bytes | None = None
    null_byte = False
    if pos == len(data) or (allow_bare and data[pos] in (GENERAL_CIPHERING_TAG, GENERAL_SIGNING_TAG)):
        if not allow_bare:
            raise GbcsError("General-Signing APDU lacks its signature length inside a MAC'd message")
    else:
        sig_len, pos = decode_length(data, pos)
        if sig_len == 0:
            null_byte = True
        elif sig_len != crypto.SIGNATURE_LENGTH:
            raise GbcsError(f"signature length must be 0 or 64, got {sig_len}")
        else:
            signature, pos = take(data, pos, sig_len, "signature")
    return {
        "header": header,
        "payload": payload,
        "content_end": content_end - offset,
        "signature": signature,
        "null_signature_byte": null_byte,
    }, pos


def _decode_at(raw: bytes, offset: int) -> tuple[GbcsMessage, int]:
    if offset >= len(raw):
        raise GbcsError("empty GBCS message")
    tag = raw[offset]
    if tag == GENERAL_SIGNING_TAG:
        fields, end = _decode_general_signing(raw, offset, allow_bare=True)
        kind = FrameKind.PRECOMMAND if fields["signature"] is None else FrameKind.SIGNED
        apdu = raw[offset:end]
        return GbcsMessage(kind=kind, raw=apdu, general_signing=apdu, **fields), end  # type: ignore[arg-type]
    if tag == GENERAL_CIPHERING_TAG:
        prefix, pos = take(raw, offset, len(GENERAL_CIPHERING_PREFIX), "General-Ciphering header")
        if prefix != GENERAL_CIPHERING_PREFIX:
            raise GbcsError(
                f"unsupported General-Ciphering header {prefix.hex().upper()} (GBCS uses DD000000000000)"
            )
        length, pos = decode_length(raw, pos)
        body, end = take(raw, pos, length, "ciphered content")
        if length < SECURITY_HEADER_LENGTH + crypto.MAC_LENGTH + 1:
            raise GbcsError("ciphered content too short")
        security_header = body[:SECURITY_HEADER_LENGTH]
        if security_header[0] != crypto.SC_AUTHENTICATED:
            raise GbcsError(f"unsupported security control 0x{security_header[0]:02X} (expected 0x11)")
        apdu = body[SECURITY_HEADER_LENGTH : -crypto.MAC_LENGTH]
        fields, inner_end = _decode_general_signing(apdu, 0, allow_bare=False)
        if inner_end != len(apdu):
            raise GbcsError(f"{len(apdu) - inner_end} stray bytes after the General-Signing APDU")
        msg = GbcsMessage(
            kind=FrameKind.MAC,
            raw=raw[offset:end],
            general_signing=apdu,
            mac=body[-crypto.MAC_LENGTH :],
            security_header=security_header,
            **fields,  # type: ignore[arg-type]
        )
        return msg, end
    raise GbcsError(f"not a GBCS message: starts with 0x{tag:02X} (expected 0xDD or 0xDF)")


def decode_message(raw: bytes) -> GbcsMessage:
    """Decode exactly one GBCS message (General-Ciphering ``DD 00`` or General-Signing ``DF``)."""
    msg, end = _decode_at(bytes(raw), 0)
    if end != len(raw):
        raise GbcsError(f"{len(raw) - end} bytes after the message: use split_messages for concatenations")
    return msg


def split_messages(raw: bytes) -> list[bytes]:
    """Split concatenated GBCS messages (as some vector files hold) into single messages."""
    raw = bytes(raw)
    out: list[bytes] = []
    pos = 0
    while pos < len(raw):
        _, end = _decode_at(raw, pos)
        out.append(raw[pos:end])
        pos = end
    if not out:
        raise GbcsError("no GBCS message in the input")
    return out


def decode_messages(raw: bytes) -> list[GbcsMessage]:
    return [decode_message(part) for part in split_messages(raw)]


# --- encoding -------------------------------------------------------------------------------------


def encode_general_signing(
    header: GroupingHeader,
    payload: bytes,
    signature: bytes | None = None,
    *,
    signature_length_byte: bool = True,
) -> bytes:
    """General-Signing APDU; no signature gives ``00`` (or nothing with ``signature_length_byte=False``)."""
    out = header.encode() + encode_length(len(payload)) + payload
    if signature is not None:
        if len(signature) != crypto.SIGNATURE_LENGTH:
            raise GbcsError(f"a GBCS signature is 64 bytes, got {len(signature)}")
        return out + bytes([crypto.SIGNATURE_LENGTH]) + signature
    return out + (b"\x00" if signature_length_byte else b"")


def encode_precommand(header: GroupingHeader, payload: bytes) -> bytes:
    """A Pre-Command in the RTDS / DCC Boxed form (no signature-length byte) — DUIS CV4 payload."""
    if header.cra_flag != CraFlag.COMMAND:
        raise GbcsError("a Pre-Command is a command (CRA flag 1)")
    return encode_general_signing(header, payload, signature_length_byte=False)


def _unsigned_apdu(precommand: bytes) -> tuple[GbcsMessage, bytes]:
    msg = decode_message(precommand)
    if msg.kind != FrameKind.PRECOMMAND:
        raise GbcsError("expected an unsigned Pre-Command (General-Signing without signature)")
    return msg, msg.general_signing[: msg.content_end]


def sign_precommand(precommand: bytes, private_key: PrivateKey) -> bytes:
    """Sign a Pre-Command (either form) with the User's DS key: returns the signed General-Signing APDU."""
    msg, body = _unsigned_apdu(precommand)
    return body + bytes([crypto.SIGNATURE_LENGTH]) + crypto.sign(private_key, msg.signed_data)


def _resolve_key(key: bytes | KeyPair, header: GroupingHeader) -> bytes:
    if isinstance(key, bytes | bytearray):
        return bytes(key)
    return crypto.mac_key(key, header)


def encode_general_ciphering(general_signing: bytes, key: bytes | KeyPair, invocation_counter: int = 0) -> bytes:
    """Wrap a General-Signing APDU (signed, or unsigned with/without ``00``) with the GBCS MAC.

    ``key`` is the derived 16-byte AES key, or ``(own KA private key, peer KA public key)``.
    """
    inner = decode_message(general_signing)
    if inner.kind == FrameKind.MAC:
        raise GbcsError("already a MAC'd message")
    apdu = inner.general_signing
    if inner.kind == FrameKind.PRECOMMAND and not inner.null_signature_byte:
        apdu = apdu + b"\x00"
    security_header = bytes([crypto.SC_AUTHENTICATED]) + invocation_counter.to_bytes(4, "big")
    aes_key = _resolve_key(key, inner.header)
    mac = crypto.gmac(
        aes_key,
        crypto.gcm_iv(inner.header.originator, invocation_counter),
        security_header + MAC_AAD_SEPARATOR + apdu,
    )
    body = security_header + apdu + mac
    return GENERAL_CIPHERING_PREFIX + encode_length(len(body)) + body


def encode_mac_command(
    header: GroupingHeader, payload: bytes, key: bytes | KeyPair, *, signature: bytes | None = None
) -> bytes:
    """A MAC'd message (command, response or alert); ``signature`` for critical commands."""
    return encode_general_ciphering(encode_general_signing(header, payload, signature), key)


def mac_signed_precommand(signed_precommand: bytes, key: bytes | KeyPair) -> bytes:
    """The ACB step for a critical command: MAC the User's signed Pre-Command (DUIS CV5)."""
    return encode_general_ciphering(signed_precommand, key)


# --- verification ---------------------------------------------------------------------------------


def _as_message(message: GbcsMessage | bytes) -> GbcsMessage:
    return message if isinstance(message, GbcsMessage) else decode_message(message)


def verify_signed(message_bytes: GbcsMessage | bytes, public_key: PublicKey) -> bool:
    """True iff the message (General-Signing, or MAC'd with a signed APDU) has a valid signature."""
    msg = _as_message(message_bytes)
    if msg.signature is None:
        return False
    return crypto.verify(public_key, msg.signed_data, msg.signature)


def verify_mac(message: GbcsMessage | bytes, key: bytes | KeyPair) -> bool:
    """True iff the MAC of a General-Ciphering message verifies under ``key`` (AES key or KA pair)."""
    msg = _as_message(message)
    if msg.mac is None:
        return False
    aes_key = _resolve_key(key, msg.header)
    return crypto.gmac_matches(
        aes_key, crypto.gcm_iv(msg.header.originator, msg.invocation_counter), msg.mac_aad, msg.mac
    )

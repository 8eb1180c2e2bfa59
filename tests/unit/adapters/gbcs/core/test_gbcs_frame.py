"""General-Ciphering / General-Signing framing (GBCS 7.2.4, 7.2.8)."""

from __future__ import annotations

import pytest
from gbcs_core_support import ESME, SUPPLIER, Party

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.frame import (
    FrameKind,
    decode_message,
    decode_messages,
    encode_general_signing,
    encode_mac_command,
    encode_precommand,
    mac_signed_precommand,
    sign_precommand,
    split_messages,
    verify_mac,
    verify_signed,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.domain.errors import GbcsError

PAYLOAD = bytes.fromhex("D92000000003EA000302006F0001130000FF02")


def _header(cra: CraFlag = CraFlag.COMMAND, counter: int = 1002) -> GroupingHeader:
    orig, recip = (SUPPLIER, ESME) if cra == CraFlag.COMMAND else (ESME, SUPPLIER)
    return GroupingHeader(cra, counter, orig, recip, OtherInformation(0x001A))


def test_precommand_rtds_form_and_both_forms_decode() -> None:
    pre = encode_precommand(_header(), PAYLOAD)
    assert pre.endswith(PAYLOAD)  # RTDS: no null signature-length byte
    msg = decode_message(pre)
    assert msg.kind == FrameKind.PRECOMMAND and msg.payload == PAYLOAD and msg.signature is None
    assert msg.header == _header() and msg.raw == pre
    gbcs_form = decode_message(pre + b"\x00")
    assert gbcs_form.kind == FrameKind.PRECOMMAND and gbcs_form.null_signature_byte
    assert gbcs_form.signed_data == msg.signed_data == pre[1:]


def test_sign_precommand_and_verify(parties: dict[str, Party]) -> None:
    sup = parties["supplier"]
    pre = encode_precommand(_header(), PAYLOAD)
    signed = sign_precommand(pre, sup.ds)
    assert signed[: len(pre)] == pre and signed[len(pre)] == 0x40 and len(signed) == len(pre) + 65
    assert sign_precommand(pre + b"\x00", sup.ds)[: len(pre) + 1] == signed[: len(pre) + 1]
    msg = decode_message(signed)
    assert msg.kind == FrameKind.SIGNED
    assert verify_signed(signed, sup.ds.public_key())
    assert not verify_signed(signed, parties["acb"].ds.public_key())
    tampered = signed[:-70] + bytes([signed[-70] ^ 1]) + signed[-69:]
    assert not verify_signed(tampered, sup.ds.public_key())
    assert not verify_signed(pre, sup.ds.public_key())
    with pytest.raises(GbcsError):
        sign_precommand(signed, sup.ds)


def test_mac_command_acb_and_device_agree(parties: dict[str, Party]) -> None:
    acb, esme = parties["acb"], parties["esme"]
    raw = encode_mac_command(_header(), PAYLOAD, (acb.ka, esme.ka.public_key()))
    assert raw[:7] == bytes.fromhex("DD000000000000") and raw[8:13] == bytes.fromhex("1100000000")
    msg = decode_message(raw)
    assert msg.kind == FrameKind.MAC and msg.payload == PAYLOAD and len(msg.mac or b"") == 12
    assert msg.general_signing.endswith(b"\x00")  # null signature length inside the MAC
    assert verify_mac(msg, (esme.ka, acb.ka.public_key()))  # what the device checks
    assert not verify_mac(msg, (esme.ka, parties["supplier"].ka.public_key()))
    key = crypto.mac_key((acb.ka, esme.ka.public_key()), msg.header)
    assert verify_mac(raw, key)
    flipped = bytearray(raw)
    flipped[-20] ^= 0x01
    assert not verify_mac(bytes(flipped), key)


def test_critical_command_signed_then_maced(parties: dict[str, Party]) -> None:
    sup, acb, esme = parties["supplier"], parties["acb"], parties["esme"]
    signed = sign_precommand(encode_precommand(_header(), PAYLOAD), sup.ds)
    raw = mac_signed_precommand(signed, (acb.ka, esme.ka.public_key()))
    msg = decode_message(raw)
    assert msg.kind == FrameKind.MAC and msg.signature is not None
    assert msg.general_signing == signed
    assert verify_signed(msg, sup.ds.public_key()) and verify_mac(msg, (esme.ka, acb.ka.public_key()))
    same = encode_mac_command(_header(), PAYLOAD, (acb.ka, esme.ka.public_key()), signature=msg.signature)
    assert same == raw


def test_response_mac_by_device_with_recipient(parties: dict[str, Party]) -> None:
    sup, esme = parties["supplier"], parties["esme"]
    h = _header(CraFlag.RESPONSE)
    raw = encode_mac_command(h, b"\xda\x20\x00", (esme.ka, sup.ka.public_key()))
    assert verify_mac(raw, (sup.ka, esme.ka.public_key()))


def test_split_concatenated_messages(parties: dict[str, Party]) -> None:
    acb, esme, sup = parties["acb"], parties["esme"], parties["supplier"]
    a = encode_mac_command(_header(), PAYLOAD, (acb.ka, esme.ka.public_key()))
    b = sign_precommand(encode_precommand(_header(counter=5), PAYLOAD), sup.ds)
    c = encode_precommand(_header(counter=6), PAYLOAD)
    d = encode_general_signing(_header(CraFlag.RESPONSE), b"\x01", crypto.sign(esme.ds, b"x"))
    assert split_messages(a + b + c + d) == [a, b, c, d]
    assert [m.kind for m in decode_messages(a + c + b)] == [FrameKind.MAC, FrameKind.PRECOMMAND, FrameKind.SIGNED]
    with pytest.raises(GbcsError):
        decode_message(a + b)


def test_long_payload_uses_long_length(parties: dict[str, Party]) -> None:
    acb, esme = parties["acb"], parties["esme"]
    payload = bytes(300)
    raw = encode_mac_command(_header(), payload, (acb.ka, esme.ka.public_key()))
    assert raw[7] == 0x82
    assert decode_message(raw).payload == payload


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x00\x01", bytes.fromhex("DD01000000000000"), bytes.fromhex("DD00000000000005110000000000")],
)
def test_malformed_rejected(bad: bytes) -> None:
    with pytest.raises(GbcsError):
        decode_message(bad)


def test_wrong_security_control_rejected(parties: dict[str, Party]) -> None:
    acb, esme = parties["acb"], parties["esme"]
    raw = bytearray(encode_mac_command(_header(), PAYLOAD, (acb.ka, esme.ka.public_key())))
    raw[8] = 0x31
    with pytest.raises(GbcsError):
        decode_message(bytes(raw))

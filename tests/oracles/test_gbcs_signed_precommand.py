"""Signed Pre-Commands from either Pre-Command form (GBCS 7.2.x; issue #3 step 2): the RTDS form without the
null signature-length byte and the GBCS text's form with it sign the same bytes, and both signatures verify
with the User's certificate — as does the signature inside the RTDS signed command."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbdcc.adapters.gbcs.frame import FrameKind, decode_message, sign_precommand, verify_signed
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage

pytestmark = pytest.mark.oracle
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")


def test_both_precommand_forms_sign_the_same_bytes(oracles: Path) -> None:
    ring = KeyRing.load(oracles / "keys" / "rtds")
    key = ring.private_key(SUPPLIER, KeyUsage.DIGITAL_SIGNATURE)
    public = ring.public_key(SUPPLIER, KeyUsage.DIGITAL_SIGNATURE)
    assert key is not None and public is not None
    rtds_form = bytes.fromhex((oracles / "rtds-gbcs" / "7.1_ECS42" / "ECS42_7.1_SUCCESS_PRECOMMAND_GBCS.HEX")
                              .read_text().strip())
    text_form = rtds_form + b"\x00"
    assert decode_message(rtds_form).kind == FrameKind.PRECOMMAND
    assert decode_message(text_form).kind == FrameKind.PRECOMMAND
    signed_a, signed_b = sign_precommand(rtds_form, key), sign_precommand(text_form, key)
    assert signed_a[:-64] == signed_b[:-64] == rtds_form + b"\x40"
    assert verify_signed(signed_a, public) and verify_signed(signed_b, public)
    tampered = bytearray(signed_a)
    tampered[len(rtds_form) - 1] ^= 0x01  # last payload byte
    assert not verify_signed(bytes(tampered), public)

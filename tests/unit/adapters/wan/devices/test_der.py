"""The devices' DER reader / writer (SIMULATION helper): what the writers encode reads back through
:func:`der.parse`, element by element, with each element's own encoding kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.wan.devices import der


def test_written_elements_read_back_with_their_encodings() -> None:
    at = datetime(2015, 3, 20, 12, 0, 5, tzinfo=UTC)
    inner = der.sequence(der.octets(b"\x00\xdb"), der.integer(-129))
    raw = der.sequence(der.integer(1300), der.enumerated(10), der.bit_string(b"\x07\x80"), der.null(),
                       der.generalized_time(at), inner, der.tlv(0x83, b"\x05\x14"))
    top = der.parse(raw)
    assert top.der == raw and top.shape() == (der.SEQUENCE, (
        der.INTEGER, der.ENUMERATED, der.BIT_STRING, der.NULL_TAG, der.GENERALIZED_TIME,
        (der.SEQUENCE, (der.OCTET_STRING, der.INTEGER)), 0x83))
    assert [top.child(i).as_int() for i in (0, 1)] == [1300, 10]
    assert top.child(2).bits() == b"\x07\x80" and top.child(4).time() == at
    assert top.child(5).der == inner and top.child(5).child(1).as_int() == -129
    assert top.tagged(3) is not None and top.tagged(3).as_int() == 0x0514  # type: ignore[union-attr]
    assert der.parse_all(der.integer(1) + der.null()) == (der.parse(der.integer(1)), der.parse(der.null()))


def test_long_form_lengths_and_malformed_input() -> None:
    content = bytes(200)
    assert der.tlv_long(der.SEQUENCE, content)[:4] == bytes([0x30, 0x82, 0x00, 200])
    assert der.tlv_long(der.SEQUENCE, b"\x05\x00") == der.sequence(der.null())
    assert der.parse(der.tlv_long(der.OCTET_STRING, content)).content == content
    with pytest.raises(PayloadError):
        der.parse(der.octets(b"\x01")).as_int()  # an OCTET STRING is not an INTEGER
    with pytest.raises(PayloadError):
        der.parse(der.integer(1) + b"\x00")  # a byte after the element
    with pytest.raises(PayloadError):
        der.parse(der.sequence(der.null())).child(1)
    with pytest.raises(PayloadError):
        der.parse(der.tlv(der.GENERALIZED_TIME, b"2015")).time()

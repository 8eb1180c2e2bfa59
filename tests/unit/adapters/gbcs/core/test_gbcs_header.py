"""Grouping header and DLMS encodings (GBCS 7.2.8)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.adapters.gbcs.header import (
    CraFlag,
    GroupingHeader,
    OtherInformation,
    decode_dlms_datetime,
    decode_length,
    encode_dlms_datetime,
    encode_length,
)
from gbdcc.domain.errors import GbcsError
from gbdcc.domain.ids import Eui64

euis = st.integers(0, 2**64 - 1).map(Eui64)
u64 = st.integers(0, 2**64 - 1)


@st.composite
def other_infos(draw: st.DrawFn) -> OtherInformation:
    code = draw(st.integers(0, 0xFFFF))
    shape = draw(st.sampled_from(["code", "id", "id+ctr", "id+ctr+orig", "id+ctr+cert"]))
    if shape == "code":
        return OtherInformation(code)
    srp = draw(euis)
    if shape == "id":
        return OtherInformation(code, srp)
    ctr = draw(u64)
    if shape == "id+ctr":
        return OtherInformation(code, srp, ctr)
    if shape == "id+ctr+orig":
        return OtherInformation(code, srp, ctr, draw(u64))
    return OtherInformation(code, srp, ctr, supplementary_remote_party_ka_certificate=draw(
        st.binary(min_size=9, max_size=600)))


headers = st.builds(
    GroupingHeader,
    cra_flag=st.sampled_from(list(CraFlag)),
    originator_counter=u64,
    originator=euis,
    recipient=euis,
    other_information=other_infos(),
    date_time=st.one_of(st.none(), st.binary(min_size=12, max_size=12)),
)


@given(headers)
def test_header_round_trip(h: GroupingHeader) -> None:
    raw = h.encode()
    assert raw[0] == 0xDF and raw[1] == 9 and raw[2] == h.cra_flag
    assert GroupingHeader.decode(raw) == h
    decoded, end = GroupingHeader.decode_prefix(raw + b"\x05abcde")
    assert decoded == h and end == len(raw)


@given(st.integers(0, 2**32 - 1))
def test_length_round_trip(n: int) -> None:
    enc = encode_length(n)
    assert decode_length(enc + b"\xff") == (n, len(enc))
    assert (len(enc) == 1) == (n < 0x80)


def test_length_known_forms() -> None:
    assert encode_length(0x7F) == b"\x7f"
    assert encode_length(0xEF) == b"\x81\xef"
    assert encode_length(0x1A8) == b"\x82\x01\xa8"
    with pytest.raises(GbcsError):
        decode_length(b"\x82\x01")
    with pytest.raises(GbcsError):
        decode_length(b"\x80")


def test_header_layout_matches_gbcs() -> None:
    h = GroupingHeader(
        CraFlag.COMMAND, 1002, Eui64.parse("90-B3-D5-1F-30-01-00-00"), Eui64.parse("00-DB-12-34-56-78-90-A0"),
        OtherInformation(0x001A),
    )
    assert h.encode().hex().upper() == (
        "DF0901" "00000000000003EA" "0890B3D51F30010000" "0800DB1234567890A0" "00" "02001A"
    )
    assert h.transaction_id == bytes.fromhex("0100000000000003EA")


def test_other_information_supplementary_fields() -> None:
    oi = OtherInformation(0x0129, Eui64.parse("90B3D51F30010000"), 1001)
    assert oi.encode().hex().upper() == "0129" "90B3D51F30010000" "00000000000003E9"
    assert OtherInformation.decode(oi.encode()) == oi
    with pytest.raises(GbcsError):
        OtherInformation.decode(bytes(5))
    with pytest.raises(GbcsError):
        OtherInformation(1, supplementary_remote_party_counter=3)


def test_header_rejects_bad_input() -> None:
    with pytest.raises(GbcsError):
        GroupingHeader.decode(b"\xdd\x00")
    good = GroupingHeader(CraFlag.ALERT, 1, Eui64(1), Eui64(2), OtherInformation(0x00CC)).encode()
    with pytest.raises(GbcsError):
        GroupingHeader.decode(good[:-1])
    bad_cra = good[:2] + b"\x07" + good[3:]
    with pytest.raises(GbcsError):
        GroupingHeader.decode(bad_cra)


def test_dlms_datetime() -> None:
    dt = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    raw = encode_dlms_datetime(dt)
    assert raw.hex().upper() == "07EE010FFF090000008000FF"
    assert decode_dlms_datetime(raw) == dt
    assert decode_dlms_datetime(bytes.fromhex("FFFFFFFFFFFFFFFFFF8000FF")) is None
    assert decode_dlms_datetime(bytes.fromhex("0000000000000000008000FF")) is None
    h = GroupingHeader(CraFlag.RESPONSE, 1, Eui64(1), Eui64(2), OtherInformation(1), date_time=raw)
    assert h.date_time_value == dt

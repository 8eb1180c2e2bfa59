"""DLMS typed data, access-request, templates, converters and the registry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from gbdcc.adapters.gbcs.payload import converters, dlms_apdu, dlms_data, registry, usecases
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.gbcs.payload.source import BodySource, body_values

# ECS42 (enable supply) access-request of the RTDS vector: action class 9, 0-0:10.0.106.255, method 1
ECS42 = bytes.fromhex("D9200003E80001030009" "00000A006AFF" "01" "01" "120033")


def test_access_request_round_trip() -> None:
    req = dlms_apdu.decode_request(ECS42)
    assert req.invoke_id == 0x200003E8
    assert req.specs[0].class_id == 9 and dlms_apdu.obis_text(req.specs[0].obis) == "0-0:10.0.106.255"
    assert req.data == (DlmsValue("long-unsigned", 51),)
    assert req.encode() == ECS42


def test_invoke_id_keeps_low_24_bits_of_the_counter() -> None:
    assert dlms_apdu.invoke_id(0x300000000) == 0x20000000
    assert dlms_apdu.invoke_id(1000) == 0x200003E8


leaf = st.one_of(
    st.builds(DlmsValue, st.just("unsigned"), st.integers(0, 255)),
    st.builds(DlmsValue, st.just("long"), st.integers(-32768, 32767)),
    st.builds(DlmsValue, st.just("double-long-unsigned"), st.integers(0, 2**32 - 1)),
    st.builds(DlmsValue, st.just("long64"), st.integers(-(2**63), 2**63 - 1)),
    st.builds(DlmsValue, st.just("octet-string"), st.binary(max_size=300)),
    st.builds(DlmsValue, st.just("boolean"), st.booleans()),
    st.builds(DlmsValue, st.just("enum"), st.integers(0, 255)),
    st.just(DlmsValue("null-data")),
)
data = st.recursive(
    leaf,
    lambda kids: st.builds(
        DlmsValue, st.sampled_from(["array", "structure"]), st.lists(kids, max_size=4).map(tuple)
    ),
)


@given(data)
def test_dlms_data_round_trip(value: DlmsValue) -> None:
    assert dlms_data.decode(dlms_data.encode(value)) == value


def test_dlms_data_rejects_overflow_and_truncation() -> None:
    with pytest.raises(PayloadError):
        dlms_data.encode(DlmsValue("unsigned", 256))
    with pytest.raises(PayloadError):
        dlms_data.decode(bytes.fromhex("0905AABB"))


def test_execution_date_time_now_never_and_future() -> None:
    assert converters.CONVERTERS["exec_dt"]([None]) == dlms_data.NOW
    assert converters.CONVERTERS["exec_dt"](["3000-12-31T00:00:00.00Z"]) == dlms_data.NEVER
    assert converters.CONVERTERS["exec_dt"](["2030-01-15T09:00:00.00Z"]).hex() == "07ee010fff090000008000ff"


def test_body_paths_and_source() -> None:
    el = etree.fromstring(
        "<a><M><X>1</X><X>2</X></M><D>2015-01-01T00:00:00Z</D><T>60</T></a>"
    )
    assert body_values(el) == [("M/X[1]", "1"), ("M/X[2]", "2"), ("D", "2015-01-01T00:00:00Z"), ("T", "60")]
    src = BodySource(el, {"counter": 5})
    assert src.text("M/X[2]") == "2"
    assert converters.convert("dlms_dt_plus", ("D", "T"), src).hex() == "07df0101ff000100008000ff"
    assert converters.convert("enc_txid", ("@counter",), src) == b"\x04" + (5).to_bytes(8, "big")


def test_table_selects_by_device_type() -> None:
    esme = usecases.find("4.1.1", "ReadInstantaneousImportRegisters", frozenset(), "ESME")
    gsme = usecases.find("4.1.1", "ReadInstantaneousImportRegisters", frozenset(), "GSME")
    assert esme and gsme and esme[0].name == "ECS17b" and gsme[0].name == "GCS13a"


def test_registry_decodes_known_and_refuses_unknown() -> None:
    out = registry.decode_payload(0x004F, "command", ECS42)
    assert out is not None and out["apdu"] == "access-request"
    assert registry.decode_payload(0xFFFE, "command", ECS42) is None

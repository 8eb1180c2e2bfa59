"""Access-response, compact-array and GBZ alert payloads (IEC 62056-5-3 §9.3, 6-2 §4.1.6.1; GBCS 10.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.adapters.gbcs.payload import dlms_apdu, dlms_data, gbz, registry
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue

# ECS42 response of the RTDS vector: no date-time, optional request-spec absent, one null-data, action ok
ECS42_RESPONSE = bytes.fromhex("DA200003E8" "00" "00" "0100" "010300")


def test_access_response_reads_the_absent_optional_request_specification() -> None:
    resp = dlms_apdu.decode_response(ECS42_RESPONSE)
    assert resp.request_specs is None
    assert resp.data == (DlmsValue("null-data"),)
    assert resp.results == ((dlms_apdu.ACTION, 0),)
    assert resp.encode() == ECS42_RESPONSE


def test_access_response_with_the_request_specification_echoed() -> None:
    spec = dlms_apdu.Spec(dlms_apdu.GET, 8, bytes.fromhex("0000010000FF"), 2)
    resp = dlms_apdu.AccessResponse(0x20000001, (dlms_data.octets(dlms_data.NOW),), ((dlms_apdu.GET, 0),),
                                    request_specs=(spec,))
    raw = resp.encode()
    assert raw[6] == 0x01 and raw[7] == 0x01  # present, one specification
    back = dlms_apdu.decode_response(raw)
    assert back == resp
    assert back.to_json()["request_specs"][0]["obis"] == "0-0:1.0.0.255"


@pytest.mark.parametrize("bad", [ECS42_RESPONSE + b"\x00", ECS42_RESPONSE[:-1],
                                 ECS42_RESPONSE[:6] + b"\x02" + ECS42_RESPONSE[7:]])
def test_access_response_refuses_trailing_truncated_or_bad_flag(bad: bytes) -> None:
    with pytest.raises(PayloadError):
        dlms_apdu.decode_response(bad)


PROFILE_ROW = ("structure", (("octet-string",), ("double-long-unsigned",)))


def test_compact_array_of_structures() -> None:
    # ECS23-style load profile: structure {date-time octet-string, double-long-unsigned} rows
    raw = bytes.fromhex("13" "02020906" "12" "04" "01020304" "00000005" "04" "0A0B0C0D" "00000006")
    value = dlms_data.decode(raw)
    assert value.type == "compact-array"
    desc, rows = value.value
    assert desc == PROFILE_ROW
    assert rows[1] == DlmsValue("structure", (DlmsValue("octet-string", bytes.fromhex("0A0B0C0D")),
                                              DlmsValue("double-long-unsigned", 6)))
    assert dlms_data.encode(value) == raw
    assert value.to_json()["value"]["description"] == {"structure": ["octet-string", "double-long-unsigned"]}


@given(st.lists(st.tuples(st.binary(max_size=12), st.integers(0, 2**32 - 1)), max_size=6))
def test_compact_array_round_trip(rows: list[tuple[bytes, int]]) -> None:
    value = DlmsValue("compact-array", (PROFILE_ROW, tuple(
        DlmsValue("structure", (DlmsValue("octet-string", o), DlmsValue("double-long-unsigned", n))) for o, n in rows
    )))
    assert dlms_data.decode(dlms_data.encode(value)) == value


def test_compact_array_row_must_match_its_description() -> None:
    value = DlmsValue("compact-array", ((("unsigned",)), (DlmsValue("long", 1),)))
    with pytest.raises(PayloadError):
        dlms_data.encode(value)


def test_gbz_future_dated_alert() -> None:
    # GCS02 8F66: executed 0x006C with originator counter 1001, Prepayment cluster, change payment mode
    raw = bytes.fromhex("0109018F6638818890" "0E006C00000000000003E9" "0705" "01" "06")
    out = gbz.decode(raw, alert=True)
    assert out["alert_code"] == 0x8F66
    assert out["future_dated"] == {"message_code": 0x006C, "originator_counter": 1001, "cluster": 0x0705,
                                   "cluster_name": "Prepayment", "frame_control": 1, "command": 6}
    with pytest.raises(PayloadError):
        gbz.decode(raw + b"\x00", alert=True)


def test_gbz_firmware_receipt_and_opaque_alert_data() -> None:
    receipt = gbz.decode(bytes.fromhex("0109018F721C374A80" "0920" + "A1" * 32), alert=True)
    assert receipt["manufacturer_hash"] == {"type": "octet-string", "value": "A1" * 32}
    warning = gbz.decode(bytes.fromhex("01090181A01C374A80" "0005"), alert=True)
    assert warning["alert_data"] == "0005"


def test_registry_names_codes_from_the_gbcs_code_table() -> None:
    assert registry.known(0x0090) is not None and registry.known(0x0090).startswith("PCS02")
    assert registry.known(0x1000) == "Generic Critical Alert"
    assert registry.known(0xFFFE) is None

"""ZCL command decoding (``payload/zcl.py``) on hand-built payloads (ZCL r6 §2.5, Table 2-10 data types)."""

from __future__ import annotations

import pytest

from gbdcc.adapters.gbcs.payload import zcl
from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader

METERING, PREPAYMENT = 0x0702, 0x0705


def test_read_attributes_lists_ids_with_names() -> None:
    out = zcl.decode(METERING, 0x00, 0x00, bytes.fromhex("0000" "0803"))
    assert out["command_name"] == "Read Attributes"
    assert out["attributes"] == [{"id": "0x0000", "name": "CurrentSummationDelivered"},
                                 {"id": "0x0308", "name": "MeterSerialNumber"}]


def test_read_attributes_response_typed_values_little_endian() -> None:
    payload = bytes.fromhex(
        "0000" "00" "25" "393000000000"  # CurrentSummationDelivered, uint48 = 12345
        "0803" "00" "42" "03" "414243"   # MeterSerialNumber, char string "ABC"
        "0203" "C0"                      # Divisor: NOT_AVAILABLE, no type / value
    )
    out = zcl.decode(METERING, 0x18, 0x01, payload)
    assert out["direction"] == "server-to-client"
    assert out["attributes"] == [
        {"id": "0x0000", "name": "CurrentSummationDelivered", "status": "SUCCESS", "type": "uint48", "value": 12345},
        {"id": "0x0308", "name": "MeterSerialNumber", "status": "SUCCESS", "type": "char-string", "value": "ABC"},
        {"id": "0x0302", "name": "Divisor", "status": "NOT_AVAILABLE"},
    ]


def test_write_attributes_and_response() -> None:
    out = zcl.decode(PREPAYMENT, 0x00, 0x02, bytes.fromhex("3100" "2B" "FEFFFFFF"))  # int32 -2
    assert out["attributes"] == [{"id": "0x0031", "name": "LowCreditWarningLevel", "type": "int32", "value": -2}]
    ok = zcl.decode(PREPAYMENT, 0x08, 0x04, bytes.fromhex("00"))
    assert ok["attributes"] == [{"status": "SUCCESS"}]
    bad = zcl.decode(PREPAYMENT, 0x08, 0x04, bytes.fromhex("88" "3100"))
    assert bad["attributes"] == [{"status": "READ_ONLY", "id": "0x0031", "name": "LowCreditWarningLevel"}]


def test_default_response_and_cluster_specific_command() -> None:
    out = zcl.decode(0x0700, 0x18, 0x0B, bytes.fromhex("0500"))
    assert (out["command_name"], out["response_to"], out["status"]) == ("Default Response", "0x05", "SUCCESS")
    specific = zcl.decode(0x0700, 0x09, 0x05, bytes.fromhex("AABB"))
    assert specific["scope"] == "cluster-specific"
    assert specific["payload"] == "AABB"


def test_unknown_attribute_is_named_empty_not_guessed() -> None:
    out = zcl.decode(METERING, 0x00, 0x00, bytes.fromhex("FFEE"))
    assert out["attributes"] == [{"id": "0xEEFF", "name": ""}]


@pytest.mark.parametrize(("type_id", "raw", "expected"), [
    (0x10, "01", ("bool", 1)), (0x18, "81", ("bitmap8", 0x81)), (0x21, "3412", ("uint16", 0x1234)),
    (0x22, "563412", ("uint24", 0x123456)), (0x28, "FF", ("int8", -1)), (0x30, "02", ("enum8", 2)),
    (0xE2, "00E1F505", ("utc", 100_000_000)), (0x41, "02ABCD", ("octet-string", "ABCD")),
    (0x41, "FF", ("octet-string", None)),
])
def test_decode_value_types(type_id: int, raw: str, expected: tuple[str, object]) -> None:
    r = Reader(bytes.fromhex(raw))
    assert zcl.decode_value(r, type_id) == expected
    assert r.at_end()


def test_malformed_payloads_raise() -> None:
    with pytest.raises(PayloadError):
        zcl.decode(METERING, 0x18, 0x01, bytes.fromhex("0000" "00" "23" "0100"))  # uint32 truncated
    with pytest.raises(PayloadError):
        zcl.decode(METERING, 0x18, 0x01, bytes.fromhex("0000" "00" "FE" "00"))  # unknown data type
    with pytest.raises(PayloadError):
        zcl.decode(METERING, 0x18, 0x0B, bytes.fromhex("050000"))  # byte after the Default Response

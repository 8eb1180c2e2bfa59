"""``parse_detail.py``: message-code names, Future Dated alert fields, decoded plaintext (hand-built inputs)."""

from __future__ import annotations

import pytest

from gbdcc.adapters.gbcs import parse_detail as pd
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.usecases import by_message_code


def test_placeholder_use_cases_are_named_from_the_srv_catalogue() -> None:
    placeholders = [code for code, ucs in by_message_code().items() if any(pd.is_placeholder(u.name) for u in ucs)]
    assert placeholders  # the table does hold UCxxxx ids
    for code in placeholders:
        assert not pd.is_placeholder(pd.message_code_name(code)), hex(code)
    assert pd.message_code_name(0x011B) == "Retrieve Device Security Credentials (KRP) (SRV 6.24.1)"
    assert pd.message_code_name(0x011E) == "Set Auxiliary Controller State (SRV 7.13)"
    assert pd.message_code_name(0x0019) == "ECS01a Set Tariff and Price on ESME"  # the code table wins


def test_split_dlms_future_dated_payload() -> None:
    raw = bytes.fromhex("0019" "00000000000003F0" "2328" "00005E2C0200" "06")
    assert pd.split_dlms_future_dated(raw) == {
        "message_code": "0x0019", "message_name": "ECS01a Set Tariff and Price on ESME",
        "originator_counter": 1008, "class_id": 9000, "obis": "0-0:94.44.2.0", "attribute_id": 6}
    with_result = pd.split_dlms_future_dated(raw + b"\x03")
    assert with_result["result"] == "03"
    with pytest.raises(PayloadError):
        pd.split_dlms_future_dated(raw[:-3])


def test_future_dated_fields_from_dlms_and_gbz_decodes() -> None:
    fd_octets = "0019" "00000000000003F0" "2328" "00005E2C0200" "06"
    dlms = {"alert_code": 0x8F66, "body": [{"type": "structure", "value": [
        {"type": "long-unsigned", "value": 0x8F66}, {"type": "octet-string", "value": "07EE010FFF090000008000FF"},
        {"type": "octet-string", "value": fd_octets}]}]}
    assert pd.future_dated_fields(pd.DLMS_FUTURE_DATED, dlms)["obis"] == "0-0:94.44.2.0"
    gbz = {"alert_code": 0x8F67, "future_dated": {"message_code": 0x006B, "originator_counter": 1005,
                                                  "cluster": 0x0707, "cluster_name": "Calendar",
                                                  "frame_control": 9, "command": 0}}
    out = pd.future_dated_fields(pd.GBZ_FUTURE_DATED, gbz)
    assert out is not None
    assert (out["message_code"], out["cluster"], out["command_id"]) == ("0x006B", "0x0707", "0x00")
    assert out["message_name"] == pd.message_code_name(0x006B)
    assert pd.future_dated_fields(pd.DLMS_FUTURE_DATED, {"alert_code": 0x8F0A, "body": []}) is None


def test_plaintext_decoded_as_dlms_or_zcl() -> None:
    dlms_plain = bytes.fromhex("0201" "0600000064")  # structure { double-long-unsigned 100 }
    (dlms,) = pd.plaintext_fields(b"\xda", None, [dlms_plain])
    assert dlms == {"format": "dlms", "data": [{"type": "structure", "value": [
        {"type": "double-long-unsigned", "value": 100}]}]}
    gbz = {"components": [{"cluster": 0x0702, "cluster_name": "Metering", "additional_header": "0000",
                           "frame_control": 0x18, "command": 0x01}]}
    (zcl,) = pd.plaintext_fields(b"\x01\x09", gbz, [bytes.fromhex("0000" "00" "25" "393000000000")])
    assert zcl is not None
    assert zcl["format"] == "zcl"
    assert zcl["attributes"][0]["value"] == 12345
    (bad,) = pd.plaintext_fields(b"\xda", None, [b"\xfe"])
    assert bad is not None and "error" in bad
    assert pd.plaintext_fields(b"\xda", None, [None]) == [None]


def test_obis_text() -> None:
    assert pd.obis(bytes([1, 0, 1, 8, 0, 255])) == "1-0:1.8.0.255"

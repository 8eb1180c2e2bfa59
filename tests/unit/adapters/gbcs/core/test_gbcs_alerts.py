"""Alert payloads (GBCS 7.2.12): DLMS data-notification, GBZ and ASN.1 forms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gbdcc.adapters.gbcs.alerts import (
    AlertFormat,
    DeviceAlert,
    decode_alert,
    encode_asn1_alert,
    encode_dlms_alert,
    encode_gbz_alert,
)
from gbdcc.domain.errors import GbcsError

WHEN = datetime(2015, 1, 1, tzinfo=UTC)


def test_dlms_alert_layout_and_round_trip() -> None:
    extra = bytes.fromhex("090800DB1234567890A1")  # one octet-string item (device id)
    raw = encode_dlms_alert(DeviceAlert.CHF_DEVICE_LOG_CHANGED, WHEN, extra, 1, invoke_id=0x20000FA0)
    assert raw.hex().upper() == "0F20000FA0000203128F12090C07DF0101FF000000008000FF090800DB1234567890A1"
    a = decode_alert(raw)
    assert (a.format, a.alert_code, a.timestamp, a.data, a.data_items) == (
        AlertFormat.DLMS, 0x8F12, WHEN, extra, 1)
    assert a.name == "CHF Device Log Changed"
    assert a.encode() == raw
    with pytest.raises(GbcsError):
        encode_dlms_alert(0x8F12, WHEN, extra, 0)


def test_gbz_alert() -> None:
    raw = encode_gbz_alert(DeviceAlert.AUTHENTICATION_FAILURE, WHEN)
    assert raw.hex().upper() == "0109008F301C374A80"
    a = decode_alert(raw)
    assert (a.format, a.alert_code, a.timestamp, a.data) == (AlertFormat.GBZ, 0x8F30, WHEN, b"")
    with_data = encode_gbz_alert(0x8F66, datetime(2030, 1, 15, 9, tzinfo=UTC), b"\x0e\x00")
    assert with_data[2] == 1 and decode_alert(with_data).encode() == with_data


def test_asn1_alert() -> None:
    raw = encode_asn1_alert(0x8F8B, WHEN, bytes.fromhex("04041234ABCD020100"))
    assert raw.hex().upper() == "301F0203008F8B180F32303135303130313030303030305A04041234ABCD020100"
    a = decode_alert(raw)
    assert (a.format, a.alert_code, a.timestamp) == (AlertFormat.ASN1, 0x8F8B, WHEN)
    long_form = encode_asn1_alert(0x8F66, WHEN, b"\x05\x00", long_length=True)
    assert long_form[:2] == b"\x30\x82" and decode_alert(long_form).encode() == long_form


@pytest.mark.parametrize("bad", [b"", b"\x42", bytes.fromhex("0F20000FA000"), bytes.fromhex("010900"),
                                 bytes.fromhex("3003020101")])
def test_malformed_alerts(bad: bytes) -> None:
    with pytest.raises(GbcsError):
        decode_alert(bad)

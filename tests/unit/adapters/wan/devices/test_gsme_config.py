"""Configuration the GSME use cases set is stored and read back, and out-of-range or wrong-state
commands are refused as a real meter refuses them (SIMULATION)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_state import CAUSE_MODE_CHANGE
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.security import CRITICAL_MESSAGE_CODES
from gbdcc.domain.inventory import DeviceType

from .han_support import INSTALLED, answers, device, gbz_command, make_hub, readdress, sampled_data_request, vector

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=20, hours=3)


class Meter:
    """A hub's GSME driven by RTDS commands (optionally edited) with increasing counters."""

    def __init__(self) -> None:
        self.hub = make_hub()
        gsme = device(self.hub, DeviceType.GSME)
        assert isinstance(gsme, Gsme)
        self.gsme, self.counter = gsme, 100

    def send(self, folder: str, stem: str, edit: tuple[bytes, bytes] | None = None,
             at: Any = AT) -> list[tuple[dict[str, Any], bytes]]:
        cmd = vector(folder, stem, "COMMAND")[0]
        payload = cmd.payload.replace(*edit) if edit else cmd.payload
        self.counter += 1
        raw = readdress(cmd.header, payload, self.gsme, signed=cmd.signature is not None, counter=self.counter)
        return answers(self.hub.receive(raw, at), self.gsme)

    def zcl(self, code: int, cluster: int, fc: int, command: int, payload: bytes) -> list[tuple[dict[str, Any], bytes]]:
        self.counter += 1
        raw = gbz_command(self.gsme, code, [z.Component(cluster, fc, command, payload)], self.counter,
                          signed=code in CRITICAL_MESSAGE_CODES)  # critical commands are signed (GBCS 4.3)
        return answers(self.hub.receive(raw, AT), self.gsme)

    def attributes(self, code: int, cluster: int, ids: list[int]) -> dict[int, Any]:
        (_, plain), = self.zcl(code, cluster, 0x00, z.READ_ATTRIBUTES, b"".join(i.to_bytes(2, "little") for i in ids))
        return {r.attribute: r.value for r in z.decode_read_response(plain)}


def statuses(answers_: list[tuple[dict[str, Any], bytes]]) -> list[str]:
    return [plain.hex() for c, plain in answers_ if c["command"] == z.DEFAULT_RESPONSE]


def test_prices_and_standing_charge_set_by_gcs01b_are_read_back_by_gcs21f() -> None:
    m = Meter()
    m.send("1.2.1_GCS01b", "GCS01b_1.2.1_IMMEDIATE_TOU_SUCCESS", (bytes.fromhex("80250000"), bytes.fromhex("11220000")))
    values = m.attributes(0x009F, 0x0700, [0x0410, 0x0420, 0x0301])
    assert values == {0x0410: 0x2211, 0x0420: 10200, 0x0301: 0x57C1}
    (_, plain), = m.zcl(0x009F, 0x0700, 0x01, 0x00, b"\x00")  # Get Current Price → Publish Price
    assert int.from_bytes(plain[-4:], "little") == 0x2211  # tier 1 in force


def test_billing_calendar_set_by_gcs25a_is_read_back_by_gcs21k() -> None:
    m = Meter()
    assert statuses(m.zcl(0x00DA, 0x0700, 0x01, 0x0B, bytes.fromhex("00000000ffffffff0100"))) == ["0b8b"]
    m.send("6.8_GCS25a", "GCS25a_6.8_SUCCESS")
    (component, plain), = m.zcl(0x00DA, 0x0700, 0x01, 0x0B, bytes.fromhex("00000000ffffffff0100"))
    assert component["command"] == 0x09 and int.from_bytes(plain[12:15], "little") == 6  # every 6 months
    assert m.gsme.state.config.billing_start == z.from_zigbee_time(int.from_bytes(plain[8:12], "little"))


def test_gas_conversion_is_stored_and_an_out_of_range_calorific_value_refused() -> None:
    m = Meter()
    assert statuses(m.send("6.6_GCS23", "GCS23_6.6_SUCCESS")) == ["0200", "0300"]
    assert m.attributes(0x007B, 0x0700, [0x0302, 0x0304]) == {0x0302: 102264, 0x0304: 400}
    assert statuses(m.send("6.6_GCS23", "GCS23_6.6_ERROR")) == ["0200", "03c0"]  # CV 12.3 MJ/m³
    assert m.gsme.state.config.calorific_value == 400 and m.gsme.state.config.conversion_factor == 123456


def test_uncontrolled_gas_flow_settings_are_read_back() -> None:
    m = Meter()
    m.send("6.7_GCS24a", "GCS24a_6.7_SUCCESS")
    assert m.attributes(0x007B, 0x0702, [0x0B10, 0x0B13, 0x0B15]) == {0x0B10: 0xF0F0, 0x0B13: 10000, 0x0B15: 300}


def test_supplier_name_is_stored_and_a_too_long_one_refused() -> None:
    m = Meter()
    m.send("3.4_GCS44", "GCS44_3.4_SUCCESS")
    assert m.gsme.state.config.supplier_name == b"E-ON" and m.gsme.state.config.supplier_contact == b"0333 202 4650"
    head = bytes.fromhex("00000000804a371c00000000000000000000180000")  # ids, tariff type, provider, time, control
    too_long = head + bytes([17]) + b"X" * 17 + bytes([13]) + b"0333 202 4650"
    assert statuses(m.zcl(0x0088, 0x0708, 0x09, 0x01, too_long)) == ["01c0"]
    assert m.gsme.state.config.supplier_name == b"E-ON"


def test_alert_behaviour_set_by_gcs20_is_reported_by_gcs20r() -> None:
    m = Meter()
    assert statuses(m.send("6.22_GCS20", "GCS20_6.22_SUCCESS")) == ["0400"] * 4
    (_, plain), = m.send("6.2.10_GCS20r", "GCS20r_6.2.10_SUCCESS")
    report = {int.from_bytes(plain[i:i + 2], "little"): plain[i + 2] for i in range(2, len(plain), 3)}
    assert report[0x81AA] == 0x5B and report[0x810E] == 0x08 and report[0x81C6] == 0x43
    unknown = bytes.fromhex("804a371c000000005b0001") + (0x1234).to_bytes(2, "little")
    assert statuses(m.zcl(0x00AD, 0x0708, 0x09, 0x04, unknown)) == ["04c0"]


def test_block_thresholds_must_increase() -> None:
    m = Meter()
    down = bytes(16) + b"\x00\x01\x01\x02" + (300).to_bytes(6, "little") + (200).to_bytes(6, "little")
    assert statuses(m.zcl(0x006B, 0x0700, 0x09, 0x06, down)) == ["06c0"]


def test_a_failed_component_stops_the_rest_of_the_command() -> None:
    m = Meter()
    bad_seasons = (bytes.fromhex("0001ff0314ff01"), bytes.fromhex("0001ff0314ff09"))  # week 9 undefined
    out = statuses(m.send("1.1.1_GCS01a", "GCS01a_1.1.1_CANCELLATION_BLOCK_SUCCESS", bad_seasons))
    assert out[:4] == ["0000", "0100", "0200", "03c0"] and set(out[4:]) == {"ff01"}


def test_event_log_clear_keeps_the_security_log() -> None:
    m = Meter()
    m.gsme.state.log(AT - timedelta(hours=1), 0x810E)
    m.gsme.state.log(AT - timedelta(hours=1), 0x8F3D, log_id=4)
    (_, cleared), = m.zcl(0x0015, 0x0709, 0x01, 0x01, b"\x03")
    assert cleared == b"\x08" and {e.log_id for e in m.gsme.state.events} == {4}
    (_, none), = m.zcl(0x0015, 0x0709, 0x01, 0x01, b"\x04")  # the security log is never cleared remotely
    assert none == b"\x00" and any(e.event_id == 0x8F3D for e in m.gsme.state.events)


def test_network_data_recording_and_read() -> None:
    m = Meter()
    (_, started), = m.send("14.1_GCS31", "GCS31_14.1_SUCCESS")
    (_, busy), = m.send("14.1_GCS31", "GCS31_14.1_SUCCESS")
    assert started == b"\x02\x00" and busy == b"\xff\xff"
    later = AT + timedelta(minutes=61)
    (_, plain), = m.send("4.10_GCS18", "GCS18_4.10_SUCCESS", at=later)
    assert int.from_bytes(plain[7:9], "little") == 360 and int.from_bytes(plain[9:11], "little") == 10
    assert m.zcl(0x0079, 0x0702, 0x01, 0x08, sampled_data_request(7, AT, 1))[0][1] == bytes([0x08, z.STATUS_REFUSED])


def test_a_change_of_payment_mode_is_logged_for_the_billing_data_log() -> None:
    m = Meter()
    assert m.gsme.state.prepay.prepayment_mode
    (component, _), = m.send("1.6_GCS02", "GCS02_1.6_IMMEDIATE_SUCCESS")
    assert component["command"] == 0x02 and not m.gsme.state.prepay.prepayment_mode
    assert m.gsme.state.snapshots[-1].cause == CAUSE_MODE_CHANGE
    past = z.zigbee_time(AT - timedelta(days=1)).to_bytes(4, "little")
    assert statuses(m.send("1.6_GCS03", "GCS03_1.6_IMMEDIATE_SUCCESS", (bytes(4) + b"\x97\x08", past + b"\x97\x08"))) \
        == ["06c0"]  # an implementation date-time in the past


def test_debt_set_by_gcs04_and_a_recovery_rate_above_the_cap_refused() -> None:
    m = Meter()
    m.gsme.advance(AT)
    debts = m.gsme.state.prepay.time_debts
    before = debts[0].outstanding
    assert statuses(m.send("2.3_GCS04", "GCS04_2.3_SUCCESS")) == ["0200"] * 3
    assert (debts[0].outstanding, debts[0].rate, debts[1].rate) == (before + 1000000, 50000, 50000)  # incremental
    m.gsme.state.prepay.debt_recovery_cap = 10000
    assert statuses(m.send("2.3_GCS04", "GCS04_2.3_SUCCESS")) == ["02c0", "ff01", "ff01"]


def test_a_supplier_message_is_kept_for_the_displays_and_an_empty_one_refused() -> None:
    m = Meter()
    assert statuses(m.send("3.1_GCS07", "GCS07_3.1_SUCCESS")) == ["0000"]
    assert m.gsme.state.config.messages[-1][1] == b"Reset"
    m.hub.refresh_displays(AT)
    assert device(m.hub, DeviceType.PPMID).shown["messages"] == ["Reset"]  # type: ignore[attr-defined]
    assert statuses(m.zcl(0x0071, 0x0703, 0x09, 0x00, bytes.fromhex("804a371c0000000000ffff00"))) == ["00c0"]

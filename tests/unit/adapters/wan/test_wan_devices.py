"""Simulated devices: GBCS authentication (MAC, signature, trust anchors, counters), execution,
responses and alerts — with the RTDS organisation keys (ACB, supplier) and generated device keys."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs.frame import (
    FrameKind,
    decode_message,
    encode_general_signing,
    encode_mac_command,
    mac_signed_precommand,
    sign_precommand,
    verify_mac,
    verify_signed,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessRequest, Spec, invoke_id
from gbdcc.adapters.wan.csp import SmWan
from gbdcc.adapters.wan.devices.base import decode_access_response as decode_response
from gbdcc.adapters.wan.devices.base import obis
from gbdcc.adapters.wan.devices.esme import Esme, SupplyState
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

if TYPE_CHECKING:
    from conftest import Keys

pytestmark = pytest.mark.oracle

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NETWORK_OPERATOR = Eui64.parse("90-B3-D5-1F-30-02-00-00")


def esme_of(hub: CommunicationsHub) -> Esme:
    return next(d for d in hub.devices.values() if isinstance(d, Esme))


def command(originator: Eui64, recipient: Eui64, counter: int, code: int, specs: list[Spec],
            data: list[dd.DlmsValue], other: OtherInformation | None = None) -> tuple[GroupingHeader, bytes]:
    header = GroupingHeader(CraFlag.COMMAND, counter, originator, recipient, other or OtherInformation(code))
    return header, AccessRequest(invoke_id(counter), tuple(specs), tuple(data)).encode()


def read_firmware(keys: Keys, device: Eui64, device_ka: ec.EllipticCurvePublicKey, counter: int) -> bytes:
    header, payload = command(SUPPLIER, device, counter, 0x0059,
                              [Spec(dlms_apdu.GET, 1, obis("0-0:0.2.1.255"), 2)], [dd.DlmsValue("null-data")])
    return encode_mac_command(header, payload, (keys.acb_ka, device_ka))


def critical(keys: Keys, signer: ec.EllipticCurvePrivateKey, originator: Eui64, device: Eui64,
             device_ka: ec.EllipticCurvePublicKey, counter: int, code: int, script: int) -> bytes:
    header, payload = command(originator, device, counter, code,
                              [Spec(dlms_apdu.ACTION, 9, obis("0-0:10.0.106.255"), 1)],
                              [dd.DlmsValue("long-unsigned", script)])
    pre = encode_general_signing(header, payload, signature_length_byte=False)
    return mac_signed_precommand(sign_precommand(pre, signer), (keys.acb_ka, device_ka))


def alert_code(raw: bytes, keys: Keys, device_ka: ec.EllipticCurvePublicKey) -> int:
    msg = decode_message(raw)
    assert msg.header.cra_flag == CraFlag.ALERT and msg.header.recipient == ACB
    assert verify_mac(msg, (keys.acb_ka, device_ka))
    assert msg.payload[:1] == b"\x0f" and msg.payload[8] == 0x12  # data-notification, long-unsigned
    return int.from_bytes(msg.payload[9:11], "big")


def test_macd_command_executes_and_response_mac_verifies(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    result = hub.receive(read_firmware(keys, esme.eui, ka, 1000), T0)
    assert result.response is not None and result.alerts == ()
    resp = decode_message(result.response)
    assert resp.kind == FrameKind.MAC and resp.header.cra_flag == CraFlag.RESPONSE
    assert resp.header.originator_counter == 1000 and resp.header.recipient == SUPPLIER
    assert verify_mac(resp, (keys.sup_ka, ka))  # device KA ↔ supplier KA, as the RTDS vectors do
    body = decode_response(resp.payload)
    assert body.data[0].value == esme.firmware_version.encode() != b""
    assert body.results == ((dlms_apdu.GET, 0),)


def test_tampered_command_is_refused_with_authentication_failure_alert(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    raw = bytearray(read_firmware(keys, esme.eui, ka, 1001))
    raw[-1] ^= 0x01  # MAC tag
    result = hub.receive(bytes(raw), T0)
    assert result.response is None
    assert [alert_code(a, keys, ka) for a in result.alerts] == [0x8F3D]
    assert esme.security.log[-1].alert_code == 0x8F3D
    assert esme.executed == []


def test_replayed_counter_is_refused(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    cmd = read_firmware(keys, esme.eui, ka, 2000)
    assert hub.receive(cmd, T0).response is not None
    again = hub.receive(cmd, T0 + timedelta(seconds=5))
    assert again.response is None and [alert_code(a, keys, ka) for a in again.alerts] == [0x8F53]
    older = hub.receive(read_firmware(keys, esme.eui, ka, 1999), T0 + timedelta(seconds=6))
    assert [alert_code(a, keys, ka) for a in older.alerts] == [0x8F53]
    assert hub.receive(read_firmware(keys, esme.eui, ka, 2001), T0).response is not None


def test_critical_command_signed_by_supplier_executes_and_response_is_signed(
        keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    result = hub.receive(critical(keys, keys.sup_ds, SUPPLIER, esme.eui, ka, 3000, 0x0050, 52), T0)
    assert esme.supply == SupplyState.DISABLED and result.response is not None
    resp = decode_message(result.response)
    assert resp.kind == FrameKind.SIGNED
    assert verify_signed(resp, esme.security.ds_key.public_key())
    hub.receive(critical(keys, keys.sup_ds, SUPPLIER, esme.eui, ka, 3001, 0x004F, 51), T0)
    assert esme.supply == SupplyState.ENABLED


def test_command_from_party_without_trust_anchor_is_refused(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    result = hub.receive(critical(keys, keys.no_ds, NETWORK_OPERATOR, esme.eui, ka, 10, 0x0050, 52), T0)
    assert result.response is None and [alert_code(a, keys, ka) for a in result.alerts] == [0x8F30]
    assert esme.supply == SupplyState.ENABLED


def test_critical_command_signed_by_wrong_key_or_unsigned_is_refused(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    forged = hub.receive(critical(keys, keys.no_ds, SUPPLIER, esme.eui, ka, 4000, 0x0050, 52), T0)
    assert [alert_code(a, keys, ka) for a in forged.alerts] == [0x8F3D]
    header, payload = command(SUPPLIER, esme.eui, 4001, 0x0050,
                              [Spec(dlms_apdu.ACTION, 9, obis("0-0:10.0.106.255"), 1)],
                              [dd.DlmsValue("long-unsigned", 52)])
    unsigned = hub.receive(encode_mac_command(header, payload, (keys.acb_ka, ka)), T0)
    assert [alert_code(a, keys, ka) for a in unsigned.alerts] == [0x8F30]
    assert esme.supply == SupplyState.ENABLED


def test_chf_device_log_add_and_remove_raise_8f12(keys: Keys, hub: CommunicationsHub) -> None:
    chf = hub.chf
    ka = chf.security.ka_key.public_key()
    new = Eui64.parse("00-DB-12-34-56-78-90-FF")
    other = OtherInformation(0x0001, SUPPLIER, 1002)
    header, payload = command(ACB, chf.eui, 1302, 0x0001, [Spec(dlms_apdu.ACTION, 104, obis("0-0:30.3.0.255"), 1)],
                              [dd.structure(dd.octets(new.to_bytes()), dd.DlmsValue("enum", 1),
                                            dd.octets(b"0123456789ABCDEF"), dd.DlmsValue("enum", 0))], other)
    result = hub.receive(encode_mac_command(header, payload, (keys.acb_ka, ka)), T0)
    assert new in chf.device_log and chf.device_log[new].install_code == b"0123456789ABCDEF"
    assert result.response is not None and verify_mac(result.response, (keys.acb_ka, ka))
    assert [alert_code(a, keys, ka) for a in result.alerts] == [0x8F12]
    header, payload = command(ACB, chf.eui, 1303, 0x0002, [Spec(dlms_apdu.ACTION, 104, obis("0-0:30.3.0.255"), 2)],
                              [dd.octets(new.to_bytes())], OtherInformation(0x0002, SUPPLIER, 1003))
    result = hub.receive(encode_mac_command(header, payload, (keys.acb_ka, ka)), T0)
    assert new not in chf.device_log and [alert_code(a, keys, ka) for a in result.alerts] == [0x8F12]


def test_registers_and_profile_advance_with_time(keys: Keys, hub: CommunicationsHub) -> None:
    """Consumption advances with the injected clock. (Protected, encrypted reads of these registers are
    checked against the RTDS vectors in ``devices/test_esme.py``.)"""
    esme = esme_of(hub)
    esme.advance(T0)
    before = esme.import_wh
    esme.advance(T0 + timedelta(hours=24))
    day = [wh for t, wh in esme.half_hours if T0 < t <= T0 + timedelta(hours=24)]
    assert 3_000 < esme.import_wh - before < 20_000 and len(day) == 48 and all(wh > 0 for wh in day)
    assert esme.import_wh - before == pytest.approx(sum(day), abs=1)


def test_class_30_read_without_protection_parameters_is_refused(keys: Keys, hub: CommunicationsHub) -> None:
    """ECS17b without its protection parameters is not a valid GBCS command: refused with 0x8F1E."""
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    header, payload = command(SUPPLIER, esme.eui, 5000, 0x0027, [Spec(dlms_apdu.ACTION, 30, obis("0-0:43.2.8.255"), 1)],
                              [dd.DlmsValue("null-data")])
    resp = hub.receive(encode_mac_command(header, payload, (keys.acb_ka, ka)), T0 + timedelta(hours=1))
    assert resp.response is None
    assert [alert_code(a, keys, ka) for a in resp.alerts] == [0x8F1E]


def test_power_outage_and_restore_alerts(keys: Keys, hub: CommunicationsHub) -> None:
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    assert [alert_code(a, keys, ka) for a in hub.power_outage(T0)] == [0x8F57]
    before = esme.import_wh
    assert [alert_code(a, keys, ka) for a in hub.power_restored(T0 + timedelta(minutes=10))] == [0x8F36]
    assert esme.import_wh == before  # no consumption without power
    hub.power_outage(T0 + timedelta(minutes=20))
    assert [alert_code(a, keys, ka) for a in hub.power_restored(T0 + timedelta(minutes=21))] == [0x8F35]


def test_end_to_end_over_the_wan_with_instrumented_trace(keys: Keys, hub: CommunicationsHub) -> None:
    sched = VirtualScheduler(VirtualClock(T0))
    wan = SmWan(sched, random.Random(5))
    wan.attach(hub.eui, "SW1A 1AA", hub)
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()

    async def go() -> bytes:
        return (await wan.exchange(hub.eui, read_firmware(keys, esme.eui, ka, 7000), timeout_s=60)).payload

    response = asyncio.run(sched.run_async(go()))  # type: ignore[arg-type]
    assert isinstance(response, bytes) and verify_mac(response, (keys.sup_ka, ka))
    kinds = [t.kind for t in hub.trace]
    assert kinds == ["wan-in", "han-out", "han-in", "wan-out"]
    assert all(t.message_code == 0x0059 for t in hub.trace)


def test_gsme_is_reached_through_the_gpf_and_unknown_devices_are_dropped(
        keys: Keys, hub: CommunicationsHub) -> None:
    gsme = next(d for d in hub.devices.values() if d.device_type == DeviceType.GSME)
    assert hub.gpf is not None
    hub.receive(read_firmware(keys, gsme.eui, gsme.security.ka_key.public_key(), 1), T0 + timedelta(hours=1))
    assert hub.gpf.mirror["register_m3"] == round(gsme.register_m3, 3)  # the mirror serves the GSME's register
    stranger = Eui64(12345)
    assert hub.receive(read_firmware(keys, stranger, gsme.security.ka_key.public_key(), 1), T0).response is None
    assert hub.trace[-1].kind == "dropped"


@pytest.mark.parametrize(("folder", "stem"), [("8.1.1_ECS70Commission", "ECS70Commission_8.1.1_SUCCESS"),
                                              ("11.2_ECS52", "ECS52_11.2_SUCCESS"),
                                              ("7.4_ECS45", "ECS45_7.4_SUCCESS")])
def test_rtds_command_payloads_answered_in_the_rtds_response_shape(
        keys: Keys, hub: CommunicationsHub, oracles: Path, folder: str, stem: str) -> None:
    """The RTDS 4.5.0 command payload, re-addressed to our ESME, yields a response whose DLMS shape
    (data types and per-specification results) matches the RTDS response vector."""
    base = oracles / "rtds-gbcs" / folder
    rtds_cmd = decode_message(bytes.fromhex((base / f"{stem}_COMMAND_GBCS.HEX").read_text().strip()))
    rtds_resp = decode_message(bytes.fromhex((base / f"{stem}_RESPONSE_GBCS.HEX").read_text().strip()))
    esme = esme_of(hub)
    ka = esme.security.ka_key.public_key()
    header = GroupingHeader(CraFlag.COMMAND, rtds_cmd.header.originator_counter, SUPPLIER, esme.eui,
                            rtds_cmd.header.other_information)
    if rtds_cmd.signature is not None:
        pre = encode_general_signing(header, rtds_cmd.payload, signature_length_byte=False)
        raw = mac_signed_precommand(sign_precommand(pre, keys.sup_ds), (keys.acb_ka, ka))
    else:
        raw = encode_mac_command(header, rtds_cmd.payload, (keys.acb_ka, ka))
    result = hub.receive(raw, T0)
    assert result.response is not None
    ours = decode_response(decode_message(result.response).payload)
    theirs = decode_response(rtds_resp.payload)
    assert ours.invoke_id == theirs.invoke_id
    assert [d.type for d in ours.data] == [d.type for d in theirs.data]
    assert ours.results == theirs.results
    assert decode_message(result.response).kind == rtds_resp.kind

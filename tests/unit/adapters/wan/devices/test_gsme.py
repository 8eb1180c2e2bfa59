"""Simulated GSME (SIMULATION): the RTDS 4.5.0 GSME commands, re-addressed to our GSME through the
hub's GPF, are executed and answered with GBZ responses shaped like the RTDS response vectors
(message kind, message code, components, cluster / command / attribute ids, data types, statuses);
encrypted components decrypt with the supplier's KA key."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.decoder import describe
from gbdcc.adapters.gbcs.frame import FrameKind, GbcsMessage, decode_message, verify_mac, verify_signed
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import asn1, gbz
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gsme import GasSupply, Gsme
from gbdcc.domain.inventory import DeviceType

if TYPE_CHECKING:
    from conftest import Keys, Send, Vector

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # the hub fixture's start

pytestmark = pytest.mark.oracle


def gsme_of(hub: Any) -> Gsme:
    g = next(d for d in hub.devices.values() if d.device_type == DeviceType.GSME)
    assert isinstance(g, Gsme)
    return g


def plaintexts(msg: GbcsMessage, decrypt: Any) -> list[bytes]:
    """Each component's ZCL payload, decrypted when the component is encrypted."""
    out = []
    for c in gbz.decode(msg.payload)["components"]:
        raw = bytes.fromhex(c["zcl_payload"])
        if c["control"] & z.CONTROL_ENCRYPTED:
            n = int.from_bytes(raw[:2], "big")
            assert len(raw) == 2 + n and raw[2:7] == b"\x31\x00\x00\x00\x00"
            raw = decrypt(msg, raw[7:])
        out.append(raw)
    return out


def shape(msg: GbcsMessage, decrypt: Any) -> list[tuple[Any, ...]]:
    comps = gbz.decode(msg.payload)["components"]
    out: list[tuple[Any, ...]] = []
    for c, plain in zip(comps, plaintexts(msg, decrypt), strict=True):
        head = (c["control"], c["cluster"], c["frame_control"], c["command"])
        if c["command"] == z.READ_ATTRIBUTES_RESPONSE and not c["frame_control"] & 1:
            body: Any = [(r.attribute, r.status, r.zcl_type) for r in z.decode_read_response(plain)]
        elif c["command"] == z.DEFAULT_RESPONSE and not c["frame_control"] & 1:
            body = plain.hex()
        elif c["cluster"] == 0x0702 and c["command"] == 0x07:  # Get Sampled Data Response header
            body = (plain[0:2], plain[6:9], int.from_bytes(plain[9:11], "little"), (len(plain) - 11) % 3)
        else:
            body = len(plain)
        out.append((*head, body))
    return out


def ours_decrypt(keys: Keys, gsme: Gsme) -> Any:
    def run(msg: GbcsMessage, block: bytes) -> bytes:
        key = crypto.encryption_key((keys.sup_ka, gsme.security.ka_key.public_key()), msg.header)
        return crypto.decrypt_payload(key, msg.header.originator, block)

    return run


def rtds_decrypt(oracles: Path) -> Any:
    ring = KeyRing.load(oracles / "keys" / "rtds")

    def run(msg: GbcsMessage, block: bytes) -> bytes:
        blocks = describe(msg.raw, ring).encrypted
        assert blocks and blocks[0].plaintext is not None
        return blocks[0].plaintext

    return run


GSME_VECTORS = [
    ("4.1.1_GCS13a", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME", T0),
    ("4.8.1_GCS17", "GCS17_4.8.1_SUCCESS", T0),
    ("8.1.1_GCS28Commission", "GCS28Commission_8.1.1_SUCCESS", datetime(2014, 12, 31, 23, 45, tzinfo=UTC)),
    ("6.11_GCS28", "GCS28_6.11_SUCCESS", None),
    ("7.2_GCS32", "GCS32_7.2_SUCCESS", T0),
    ("7.4_GCS33", "GCS33_7.4_SUCCESS", T0),
    ("6.20.1_GCS41", "GCS41_6.20.1_SUCCESS", T0),
    ("11.2_GCS38", "GCS38_11.2_SUCCESS", T0),
]


def gcs28_window(cmd: GbcsMessage) -> datetime:
    start = asn1.decode(cmd.payload)[0]["children"][0]["value"]
    return datetime.strptime(start, "%Y%m%d%H%M%SZ").replace(tzinfo=UTC) + timedelta(minutes=1)


@pytest.mark.parametrize(("folder", "stem", "at"), GSME_VECTORS, ids=[v[1] for v in GSME_VECTORS])
def test_gsme_answers_rtds_commands_in_the_rtds_response_shape(
        keys: Keys, hub: Any, rtds: Vector, send: Send, oracles: Path,
        folder: str, stem: str, at: datetime | None) -> None:
    gsme = gsme_of(hub)
    cmd, theirs = rtds(folder, stem)
    when = at or gcs28_window(cmd)
    result = send(gsme, cmd, when)
    assert result.response is not None and result.alerts == ()
    ours = decode_message(result.response)
    assert ours.kind == theirs.kind and ours.header.message_code == theirs.header.message_code
    assert ours.header.originator == gsme.eui and ours.header.originator_counter == cmd.header.originator_counter
    if ours.kind == FrameKind.SIGNED:
        assert verify_signed(ours, gsme.security.ds_key.public_key())
    else:
        assert verify_mac(ours, (keys.sup_ka, gsme.security.ka_key.public_key()))
    if ours.payload[:1] == b"\x30":  # GCS28: ASN.1 SEQUENCE { GeneralizedTime, INTEGER }
        tags = [[c["tag"] for c in asn1.decode(m.payload)[0]["children"]] for m in (ours, theirs)]
        assert tags[0] == tags[1] == ["GeneralizedTime", "INTEGER"]
        assert asn1.decode(ours.payload)[0]["children"][1]["value"] == 0
        assert gsme.commissioned
        return
    assert gbz.decode(ours.payload)["component_count"] == gbz.decode(theirs.payload)["component_count"]
    assert shape(ours, ours_decrypt(keys, gsme)) == shape(theirs, rtds_decrypt(oracles))


def test_register_read_decrypts_to_the_gsme_register(keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    gsme = gsme_of(hub)
    cmd, _ = rtds("4.1.1_GCS13a", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME")
    result = send(gsme, cmd, T0 + timedelta(hours=10))
    ours = decode_message(result.response or b"")
    records = {r.attribute: r.value for r in z.decode_read_response(plaintexts(ours, ours_decrypt(keys, gsme))[0])}
    assert records[0x0000] == round(gsme.register_m3 * 1000) == 500  # 0.05 m³/h for 10 h, litres
    assert (records[0x0301], records[0x0302], records[0x0300]) == (1, 1000, 1)
    assert ours.payload.find(b"\x00\x00\x01\xf4") < 0  # the register is not in clear


def test_profile_returns_half_hour_volumes(keys: Keys, hub: Any, send: Send, rtds: Vector) -> None:
    gsme = gsme_of(hub)
    gsme.advance(T0 + timedelta(hours=3))
    cmd, _ = rtds("4.8.1_GCS17", "GCS17_4.8.1_SUCCESS")
    earliest = z.zigbee_time(T0 - timedelta(hours=1)).to_bytes(4, "little")
    cmd = replace(cmd, payload=cmd.payload.replace(bytes.fromhex("80a7341c"), earliest))
    result = send(gsme, cmd, T0 + timedelta(hours=3))
    plain = plaintexts(decode_message(result.response or b""), ours_decrypt(keys, gsme))[0]
    n = int.from_bytes(plain[9:11], "little")
    samples = [int.from_bytes(plain[11 + 3 * i: 14 + 3 * i], "little") for i in range(n)]
    assert n == 8 and samples == [0, 0] + [25] * 6  # 0.025 m³ per half hour from T0, none before
    assert int.from_bytes(plain[2:6], "little") == z.zigbee_time(T0 - timedelta(hours=1))


def test_disable_supply_closes_the_valve_and_mprn_is_stored(hub: Any, rtds: Vector, send: Send) -> None:
    gsme = gsme_of(hub)
    send(gsme, rtds("7.2_GCS32", "GCS32_7.2_SUCCESS")[0], T0)
    assert gsme.supply == GasSupply.OFF and not gsme.valve_open
    before = gsme.register_m3
    gsme.advance(T0 + timedelta(hours=5))
    assert gsme.register_m3 == before  # no flow with the valve closed
    send(gsme, rtds("6.20.1_GCS41", "GCS41_6.20.1_SUCCESS")[0], T0)
    assert gsme.mprn == "1234567890"


def test_gsme_commands_pass_the_gpf_and_are_authenticated(keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    gsme = gsme_of(hub)
    cmd, _ = rtds("7.4_GCS33", "GCS33_7.4_SUCCESS")
    send(gsme, cmd, T0 + timedelta(hours=1))
    assert hub.gpf is not None and hub.gpf.mirror["register_m3"] == pytest.approx(0.05)
    again = send(gsme, cmd, T0 + timedelta(hours=1))  # same counter: replay
    assert again.response is None and len(again.alerts) == 1
    assert gsme.security.log[-1].alert_code == 0x8F53


def test_gcs28_outside_the_validity_interval_does_not_commission(hub: Any, rtds: Vector, send: Send) -> None:
    gsme = gsme_of(hub)
    cmd, _ = rtds("8.1.1_GCS28Commission", "GCS28Commission_8.1.1_SUCCESS")
    result = send(gsme, cmd, T0)
    body = asn1.decode(decode_message(result.response or b"").payload)[0]["children"]
    assert body[1]["value"] == 2 and not gsme.commissioned

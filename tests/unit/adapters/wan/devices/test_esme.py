"""Simulated ESME (SIMULATION): RTDS 4.5.0 ESME commands re-addressed to our ESME are executed and
answered in the RTDS response shape; ECS17b / ECS22b replies are encrypted and decrypt with the
supplier's KA key (as ``gbdcc parse --keys`` does) to the meter's registers / profile."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.decoder import describe, find_encrypted_blocks
from gbdcc.adapters.gbcs.frame import FrameKind, GbcsMessage, decode_message, verify_mac, verify_signed
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import decode_request
from gbdcc.adapters.wan.devices.base import decode_access_response, obis
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.domain.inventory import DeviceType

if TYPE_CHECKING:
    from conftest import Keys, Send, Vector

pytestmark = pytest.mark.oracle
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # the hub fixture's start


def esme_of(hub: Any) -> Esme:
    e = next(d for d in hub.devices.values() if d.device_type == DeviceType.ESME)
    assert isinstance(e, Esme)
    return e


def types(v: dd.DlmsValue) -> Any:
    """The type tree of a DLMS value (values ignored; compact-arrays by their description)."""
    if v.type in ("structure", "array"):
        return (v.type, [types(i) for i in v.value])
    if v.type == "compact-array":
        return (v.type, v.value[0])
    return v.type


def our_plaintext(keys: Keys, esme: Esme, msg: GbcsMessage) -> dd.DlmsValue:
    blocks = find_encrypted_blocks(msg.payload)
    assert len(blocks) == 1
    key = crypto.encryption_key((keys.sup_ka, esme.security.ka_key.public_key()), msg.header)
    return dd.decode(crypto.decrypt_payload(key, msg.header.originator, blocks[0].data))


def rtds_plaintext(oracles: Path, msg: GbcsMessage) -> dd.DlmsValue:
    blocks = describe(msg.raw, KeyRing.load(oracles / "keys" / "rtds")).encrypted
    assert len(blocks) == 1 and blocks[0].plaintext is not None
    return dd.decode(blocks[0].plaintext)


def check_envelope(keys: Keys, esme: Esme, ours: GbcsMessage, theirs: GbcsMessage) -> None:
    assert ours.kind == theirs.kind and ours.header.message_code == theirs.header.message_code
    if ours.kind == FrameKind.SIGNED:
        assert verify_signed(ours, esme.security.ds_key.public_key())
    else:
        assert verify_mac(ours, (keys.sup_ka, esme.security.ka_key.public_key()))
    a, b = decode_access_response(ours.payload), decode_access_response(theirs.payload)
    assert a.invoke_id == b.invoke_id and a.results == b.results
    assert [types(d) for d in a.data] == [types(d) for d in b.data]


@pytest.mark.parametrize(("folder", "stem"), [("4.1.1_ECS17b", "ECS17b_4.1.1_SINGLE_SUCCESS"),
                                              ("4.8.1_ECS22b", "ECS22b_4.8.1_SINGLE_SUCCESS"),
                                              ("4.6.1_ECS21a", "ECS21a_4.6.1_SINGLE_SUCCESS")])
def test_protected_reads_are_encrypted_in_the_rtds_shape(
        keys: Keys, hub: Any, rtds: Vector, send: Send, oracles: Path, folder: str, stem: str) -> None:
    esme = esme_of(hub)
    cmd, theirs = rtds(folder, stem)
    result = send(esme, cmd, T0 + timedelta(hours=2))
    assert result.response is not None
    ours = decode_message(result.response)
    check_envelope(keys, esme, ours, theirs)
    ours_params = decode_access_response(ours.payload).data[0].value[0]
    theirs_params = decode_access_response(theirs.payload).data[0].value[0]
    assert ours_params == theirs_params  # protection parameters echoed, originator / recipient swapped
    assert types(our_plaintext(keys, esme, ours)) == types(rtds_plaintext(oracles, theirs))


def test_register_read_decrypts_to_the_import_register(keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    cmd, _ = rtds("4.1.1_ECS17b", "ECS17b_4.1.1_SINGLE_SUCCESS")
    ours = decode_message(send(esme, cmd, T0 + timedelta(hours=6)).response or b"")
    reg = our_plaintext(keys, esme, ours).value[0].value
    assert reg[0].value == int(esme.import_wh) > 1000
    assert (reg[1].value[1].value, reg[3].value[1].value) == (30, 32)  # Wh, varh
    assert int(esme.import_wh).to_bytes(4, "big") not in ours.payload  # not in clear


def test_profile_read_decrypts_to_the_half_hours(keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    cmd, _ = rtds("4.8.1_ECS22b", "ECS22b_4.8.1_SINGLE_SUCCESS")
    payload = (cmd.payload.replace(bytes.fromhex("07DE0C1FFF000000008000FF"), dd.date_time(T0))
               .replace(bytes.fromhex("07DF0101FF000000008000FF"), dd.date_time(T0 + timedelta(hours=2))))
    ours = decode_message(send(esme, replace(cmd, payload=payload), T0 + timedelta(hours=3)).response or b"")
    rows = our_plaintext(keys, esme, ours).value[0].value[1]
    stamps = [r.value[0].value for r in rows]
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    # installed before T0 (its SMI history): the half hour ending at T0 is in the range too
    assert stamps == [int((T0 + timedelta(minutes=30 * i) - epoch).total_seconds()) for i in range(5)]
    assert all(r.value[1].value > 0 for r in rows)
    assert [r.value[1].value for r in rows] == [wh for t, wh in esme.half_hours if T0 <= t <= T0 + timedelta(hours=2)]


DLMS_VECTORS = [
    ("6.20.1_ECS39a", "ECS39a_6.20.1_SINGLE_SUCCESS"),
    ("6.20.1_ECS39a", "ECS39a_6.20.1_TWIN_SUCCESS"),
    ("1.1.1_ECS01a", "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS"),
    ("1.1.1_ECS01a", "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS"),
    ("1.1.1_ECS01a", "ECS01a_1.1.1_FUTURE_DATED_TOU_BLOCK_SUCCESS"),
    ("1.1.1_ECS01a", "ECS01a_1.1.1_CANCELLATION_TOU_BLOCK_SUCCESS"),
    ("6.2.1_ECS26b", "ECS26b_6.2.1_SUCCESS"),
]


@pytest.mark.parametrize(("folder", "stem"), DLMS_VECTORS, ids=[v[1] for v in DLMS_VECTORS])
def test_dlms_use_cases_answer_in_the_rtds_shape(
        keys: Keys, hub: Any, rtds: Vector, send: Send, folder: str, stem: str) -> None:
    esme = esme_of(hub)
    cmd, theirs = rtds(folder, stem)
    result = send(esme, cmd, T0)
    assert result.response is not None and result.alerts == ()
    check_envelope(keys, esme, decode_message(result.response), theirs)
    assert esme.executed == [cmd.header.message_code]


def test_mpan_is_stored(hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    send(esme, rtds("6.20.1_ECS39a", "ECS39a_6.20.1_SINGLE_SUCCESS")[0], T0)
    assert esme.mpan == "1312345678333"
    send(esme, rtds("6.20.1_ECS39a", "ECS39a_6.20.1_TWIN_SUCCESS")[0], T0)
    assert esme.mpan == "1312345678111" + "1312345678222"  # twin element: both MPANs


def test_tariff_tables_hold_what_ecs01a_set(hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    cmd, _ = rtds("1.1.1_ECS01a", "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS")
    send(esme, cmd, T0)
    sent = decode_request(cmd.payload)
    tables = esme.tariff_tables
    assert len(tables) == len({(s.class_id, s.obis, s.member) for s in sent.specs})
    calendar = tables[(20, "0-0:13.0.0.255", 7)]  # activity calendar, passive season profile
    assert calendar == sent.data[0]
    assert (9000, "0-0:94.44.2.0", 4) in tables  # price matrix


def test_ecs26b_reads_what_was_configured(keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    esme.settings[(71, obis("0-0:17.0.1.255"), 4)] = dd.DlmsValue("double-long-unsigned", 287)
    cmd, _ = rtds("6.2.1_ECS26b", "ECS26b_6.2.1_SUCCESS")
    ours = decode_access_response(decode_message(send(esme, cmd, T0).response or b"").payload)
    assert ours.data[0].value == 287 and ours.data[1].value == 30


def test_ecs01a_is_critical_and_refused_unsigned(hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    cmd, _ = rtds("1.1.1_ECS01a", "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS")
    result = send(esme, replace(cmd, signature=None), T0)
    assert result.response is None and esme.security.log[-1].alert_code == 0x8F30
    assert esme.tariff_tables == {}


def test_daily_read_log_decrypts_to_the_midnight_registers(
        keys: Keys, hub: Any, rtds: Vector, send: Send) -> None:
    esme = esme_of(hub)
    cmd, _ = rtds("4.6.1_ECS21a", "ECS21a_4.6.1_SINGLE_SUCCESS")
    payload = (cmd.payload.replace(bytes.fromhex("07DE0309FF000000008000FF"), dd.date_time(T0))
               .replace(bytes.fromhex("07DE030BFF000000008000FF"), dd.date_time(T0 + timedelta(days=3))))
    ours = decode_message(send(esme, replace(cmd, payload=payload), T0 + timedelta(days=4)).response or b"")
    _desc, rows = our_plaintext(keys, esme, ours).value[0].value
    reads = [(t, wh) for t, wh in esme.daily_reads if T0 <= t <= T0 + timedelta(days=3)]
    assert len(rows) == len(reads) == 3 and esme.daily_reads[0][0] < T0  # installed before T0 (SMI history)
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    for row, (midnight, wh) in zip(rows, reads, strict=True):
        assert row.value[0].value == int((midnight - epoch).total_seconds()) and midnight.hour == 0
        assert row.value[1].value == wh == row.value[2].value[0].value
    assert rows[0].value[1].value < rows[1].value[1].value < rows[2].value[1].value

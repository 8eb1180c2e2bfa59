"""Tariffs applied to billing and configuration read back (SIMULATION): an RTDS ECS01a TOU / block tariff
sent to the simulated ESME routes each half hour's energy to the calendar's rate, charges the rate's
price and the standing charge; what a use case sets, a later read returns; refusals as a meter gives
them."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from esme_support import NOW, Rtds, access_response, dlms_command, get, new_esme, send_template

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import decode_request
from gbdcc.adapters.wan.devices.esme import EsmeVariant
from gbdcc.adapters.wan.devices.esme_objects import k

pytestmark = pytest.mark.oracle
GET, SET, ACTION = dlms_apdu.GET, dlms_apdu.SET, dlms_apdu.ACTION
NULL = dd.DlmsValue("null-data")


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


def template(rtds: Rtds, stem: str) -> Path:
    return dict(rtds.templates())[stem]


def rate_of(t):  # type: ignore[no-untyped-def]
    """The RTDS TOU tariff: winter week, weekdays 00:00 → rate 2, 07:00 → rate 3; weekends rate 1."""
    if t.weekday() >= 5:
        return 1
    return 3 if t.hour >= 7 else 2


def test_tou_tariff_routes_energy_to_the_calendar_rates_and_charges_their_prices(rtds: Rtds) -> None:
    esme = new_esme(rtds, started=NOW)
    stem = "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS"
    sent = send_template(rtds, stem, template(rtds, stem), esme)
    assert access_response(sent.result).results[0] == (SET, 0)
    tou0, balance0 = list(esme.tou), esme.balance
    esme.advance(NOW + timedelta(days=7))
    expected = {1: 0, 2: 0, 3: 0}
    for t, wh in esme.half_hours:
        if t > NOW:
            expected[rate_of(t - timedelta(minutes=30))] += wh
    assert [esme.tou[i] - tou0[i] for i in range(3)] == [expected[1], expected[2], expected[3]]
    assert all(esme.tou[i] == tou0[i] for i in range(3, 48))
    prices = {1: 2121, 2: 3127, 3: 4744}  # the template's TOU prices, scale -5 £/kWh
    cost = sum(expected[r] * prices[r] / 1000 for r in prices)  # Wh × 10^(-5-3+5)
    standing = 7 * esme._flat("0-0:19.20.4.255")
    assert abs((balance0 - esme.balance) - (cost + standing)) <= 3


def test_block_tariff_fills_blocks_by_the_thresholds(rtds: Rtds) -> None:
    esme = new_esme(rtds, started=NOW)
    send_template(rtds, "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS", template(rtds, "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS"),
                  esme)
    thresholds = [v.value for v in esme.settings[k(21, "0-0:16.0.11.255", 2)].value]
    assert thresholds[:2] == [10_000, 20_000]
    esme.advance(NOW + timedelta(days=10))
    used = esme.import_wh - esme.import_register(NOW)
    assert used > 20_000
    blocks = esme.blocks[0]
    assert sum(blocks) == used and sum(esme.block_counters[0]) == used
    assert 10_000 <= blocks[0] <= 10_000 + 1_500 and blocks[1] > 0 and blocks[2] > 0  # ≤ one half hour over
    # ECS05 resets the block counter matrix, not the registers
    r = access_response(esme.handle(dlms_command(rtds, esme, 0x001D, [
        (ACTION, 9, "0-0:10.0.100.255", 1, dd.DlmsValue("long-unsigned", 99))]), NOW + timedelta(days=10)))
    assert r.results == ((ACTION, 0),) and esme.block_counters[0] == [0] * 4 and sum(esme.blocks[0]) == used


def test_what_a_use_case_sets_a_later_read_returns(rtds: Rtds) -> None:
    esme = new_esme(rtds)
    cmd = template(rtds, "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS")
    sent = send_template(rtds, "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS", cmd, esme)
    request = decode_request(sent.command.payload)
    passive = dict(zip([(s.class_id, s.obis, s.member) for s in request.specs], request.data, strict=True))
    for attribute, active in ((7, 3), (8, 4), (9, 5)):
        status, value = get(rtds, esme, NOW, 20, "0-0:13.0.0.255", active, code=0x003A)
        assert status == 0 and value == passive[k(20, "0-0:13.0.0.255", attribute)]
    status, prices = get(rtds, esme, NOW, 113, "0-0:19.20.0.255", 5, code=0x003A)
    assert prices == passive[k(113, "0-0:19.20.0.255", 6)]
    # supplier name, MPAN, load limit, alert behaviour, thresholds: set then read
    writes = [(1, "0-0:94.44.34.11", 2, dd.octets(b"1312345678333")),
              (9000, "0-0:96.13.1.255", 2, dd.octets(b"Sim Energy Ltd")),
              (71, "0-0:17.0.1.255", 4, dd.DlmsValue("double-long-unsigned", 2530)),
              (1, "0-30:97.98.11.255", 2, dd.DlmsValue("bit-string", (256, bytes(31) + b"\x01"))),
              (21, "0-0:16.0.0.255", 2, dd.array(dd.DlmsValue("double-long-unsigned", 1000),
                                                dd.DlmsValue("double-long-unsigned", 5000)))]
    result = esme.handle(dlms_command(rtds, esme, 0x0047, [(SET, c, o, a, v) for c, o, a, v in writes]), NOW)
    assert access_response(result).results == tuple((SET, 0) for _ in writes)
    assert esme.mpan == "1312345678333"
    assert get(rtds, esme, NOW, 9000, "0-0:96.13.1.255", 2)[1] == writes[1][3]
    assert get(rtds, esme, NOW, 71, "0-0:17.0.1.255", 4)[1].value == 2530
    assert get(rtds, esme, NOW, 1, "0-30:97.98.15.255", 2)[1] == writes[3][3]  # ECS25r1 reads what ECS25a set
    assert get(rtds, esme, NOW, 21, "0-0:16.0.0.255", 2)[1] == writes[4][3]


def test_refusals_as_a_meter_gives_them(rtds: Rtds) -> None:
    esme = new_esme(rtds)  # single element, single phase
    cases = [
        ((GET, 3, "1-0:52.32.0.4", 2, NULL), 4),  # phase 2 voltage counter: polyphase only
        ((GET, 20, "0-0:13.0.1.255", 3, NULL), 4),  # secondary element calendar: twin only
        ((SET, 1, "0-0:94.44.34.11", 2, dd.octets(b"12345")), 12),  # MPAN not 13 digits
        ((SET, 71, "0-0:17.0.1.255", 4, dd.DlmsValue("long", 3)), 12),  # wrong type
        ((SET, 3, "1-0:2.8.0.255", 2, dd.DlmsValue("double-long-unsigned", 0)), 3),  # a live register
        ((ACTION, 9, "0-0:10.0.106.255", 1, dd.DlmsValue("long-unsigned", 77)), 11),  # no such script
        ((GET, 1, "0-0:99.99.99.255", 2, NULL), 4),  # no such object
    ]
    for request, code in cases:
        r = access_response(esme.handle(dlms_command(rtds, esme, 0x003B, [request]), NOW))
        assert r.results[0][1] == code, request
    # the first failure stops the command: the rest are not executed (other-reason, 250)
    r = access_response(esme.handle(dlms_command(rtds, esme, 0x0045, [
        (SET, 71, "0-0:17.0.2.255", 4, dd.DlmsValue("double-long-unsigned", 1)),
        (SET, 71, "0-0:17.0.3.255", 4, dd.DlmsValue("long", 2)),
        (SET, 71, "0-0:17.0.4.255", 4, dd.DlmsValue("double-long-unsigned", 3))]), NOW))
    assert [x[1] for x in r.results] == [0, 12, 250]
    assert esme.settings[k(71, "0-0:17.0.4.255", 4)].value == 0
    polyphase = new_esme(rtds, variant=EsmeVariant.POLYPHASE)
    assert get(rtds, polyphase, NOW, 3, "1-0:52.32.0.4", 2)[0] == 0


def test_supply_control_and_load_switch_state(rtds: Rtds) -> None:
    esme = new_esme(rtds)
    for script, state in ((52, 0), (54, 2), (51, 1)):
        code = {52: 0x0050, 54: 0x0051, 51: 0x004F}[script]
        result = esme.handle(dlms_command(rtds, esme, code, [
            (ACTION, 9, "0-0:10.0.106.255", 1, dd.DlmsValue("long-unsigned", script))]), NOW)
        assert access_response(result).results == ((ACTION, 0),)
        assert get(rtds, esme, NOW, 70, "0-0:96.3.10.255", 3, code=0x0052)[1].value == state

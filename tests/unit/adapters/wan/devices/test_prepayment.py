"""Prepayment on the simulated ESME (SIMULATION): GBCS 14 UTRNs (checked against the RTDS CS01a vector),
top-ups accepted / refused with the GBCS alerts, credit running down to the supply interruption at
the exact second, emergency credit, time- and payment-based debt."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509

sys.path.insert(0, str(Path(__file__).parent))

from esme_support import (
    NOW,
    SUPPLIER,
    Rtds,
    access_response,
    alert_codes,
    dlms_command,
    get,
    new_esme,
    top_up_command,
    utrn_for,
)

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.wan.devices.esme import SupplyState
from gbdcc.adapters.wan.devices.esme_objects import MONEY, k
from gbdcc.adapters.wan.devices.prepayment import (
    PPTD_BASE,
    VALUE_CLASS_PENCE,
    check_digit,
    decode_utrn,
    make_utrn,
)
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64

pytestmark = pytest.mark.oracle
RTDS_UTRN = "73946144332040217315"  # CS01a_2.2_SUCCESS template: £10, UTRN counter 3·2³²


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


def test_utrn_generation_reproduces_the_rtds_vector(rtds: Rtds) -> None:
    """The Supplier side (prepayment top-up private key) against the RTDS meter's KA certificate: the
    UTRN of the RTDS template, digit for digit (value, class, counter bits, GCM tag, Verhoeff digit)."""
    device = x509.load_pem_x509_certificate((rtds.keys_dir / "00db1234567890a0-ka.pem").read_bytes()).public_key()
    utrn = make_utrn(rtds.private("90b3d51f30010000-pp-ka"), device, SUPPLIER,  # type: ignore[arg-type]
                     Eui64.parse("00-DB-12-34-56-78-90-A0"), 3 << 32, 10, 1)
    assert utrn == RTDS_UTRN
    token = decode_utrn(utrn)
    assert (token.value, token.value_class, token.counter_bits, token.amount) == (10, 1, 3, 10 * MONEY)


def test_verhoeff_check_digit_catches_single_digit_and_transposition_errors() -> None:
    pptd = RTDS_UTRN[:-1]
    assert check_digit(pptd) == RTDS_UTRN[-1]
    for i in range(len(pptd)):
        wrong = pptd[:i] + str((int(pptd[i]) + 1) % 10) + pptd[i + 1:]
        assert check_digit(wrong) != RTDS_UTRN[-1]
    swapped = pptd[:3] + pptd[4] + pptd[3] + pptd[5:]
    assert swapped == pptd or check_digit(swapped) != RTDS_UTRN[-1]
    with pytest.raises(ValueError, match="check digit"):
        decode_utrn(RTDS_UTRN[:-1] + str((int(RTDS_UTRN[-1]) + 1) % 10))
    with pytest.raises(ValueError, match="20 decimal digits"):
        decode_utrn("1234")
    assert int(RTDS_UTRN[:-1]) > PPTD_BASE


def test_top_up_adds_credit_once(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=200_000, started=NOW)
    before = esme.balance
    result = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 5 << 32, 10)), NOW)
    assert access_response(result).results == ((dlms_apdu.ACTION, 0),)
    assert esme.balance == before + 10 * MONEY
    replay = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 5 << 32, 10)), NOW)
    assert access_response(replay).results == ((dlms_apdu.ACTION, 250),)
    assert alert_codes(replay.alerts) == [0x8F51]  # duplicate UTRN
    status, credits = get(rtds, esme, NOW, 7, "0-0:98.1.5.255", 2, code=0x00C9)  # ECS20d prepayment credits log
    assert status == 0 and [r.value[1].value for r in credits.value[1]] == [10 * MONEY]


def test_forged_or_foreign_utrns_are_not_authentic(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=5 * MONEY, started=NOW)
    other = new_esme(rtds, eui=Eui64.parse("00-DB-99-00-00-00-00-B0"))
    good = utrn_for(rtds, esme, 6 << 32, 20, VALUE_CLASS_PENCE)
    tampered = str(int(good[:-1]) + 1)  # the tag (low dword) changed by one, check digit recomputed
    tampered += check_digit(tampered)
    raised = str(int(good[:-1]) + (1 << 32))  # the value (20p → 21p) changed, the tag kept
    raised += check_digit(raised)
    for utrn in (tampered, raised, utrn_for(rtds, other, 6 << 32, 20), RTDS_UTRN):
        result = esme.handle(top_up_command(rtds, esme, utrn), NOW)
        assert alert_codes(result.alerts) == [0x8F63], utrn
    assert esme.utrn_guard.accepted == []
    assert alert_codes(esme.handle(top_up_command(rtds, esme, good), NOW).alerts) == []


def test_utrn_counters_out_of_order_within_the_window_but_not_below_it(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=5 * MONEY, started=NOW)
    for n in (10, 12, 11):  # 11 after 12: out of order, still new
        assert alert_codes(esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, n << 32, 1)), NOW).alerts) == []
    for n in (13, 14, 15):
        esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, n << 32, 1)), NOW)
    assert esme.utrn_guard.accepted == [n << 32 for n in (11, 12, 13, 14, 15)]
    old = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 9 << 32, 1)), NOW)
    assert alert_codes(old.alerts) == [0x8F51]  # older than the oldest remembered: a replay


def test_top_up_limits(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=10 * MONEY, started=NOW)
    big = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 20 << 32, 60)), NOW)  # £60 > £50
    assert alert_codes(big.alerts) == [0x8F5B]
    esme.balance = 240 * MONEY
    full = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 21 << 32, 20)), NOW)  # > £250
    assert alert_codes(full.alerts) == [0x8F47]


def test_credit_runs_out_at_the_exact_second_and_a_top_up_arms_the_supply(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=300_000)
    esme.advance(NOW + timedelta(days=4))
    assert esme.supply == SupplyState.DISABLED
    cut = next(e.at for e in esme.events if e.code == 0x8F0F)
    assert cut.microsecond == 0 and esme.started < cut < NOW + timedelta(days=4)
    assert {0x810D, 0x8F0F} <= set(alert_codes(esme.unsent))  # low credit, then disablement
    register = esme.import_register
    assert register(cut) == register(cut + timedelta(hours=6))  # no energy after the cut
    assert register(cut - timedelta(minutes=10)) < register(cut)
    result = esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 30 << 32, 20)), NOW + timedelta(days=4))
    assert 0x8F32 in alert_codes(result.alerts) and esme.supply == SupplyState.ENABLED


def test_credit_alerts_go_out_unasked_at_their_time_with_a_scheduler(rtds: Rtds) -> None:
    clock = VirtualClock(NOW)
    scheduler = VirtualScheduler(clock)
    pushed: list[tuple[object, bytes]] = []
    esme = new_esme(rtds, prepayment=True, credit=400_000, started=NOW)
    esme.attach(scheduler, lambda raw: pushed.append((scheduler.now(), raw)))
    esme.advance(NOW)
    scheduler.run_until(NOW + timedelta(days=5))
    codes = alert_codes([raw for _, raw in pushed])
    assert 0x8F0F in codes and esme.supply == SupplyState.DISABLED
    when = next(t for t, raw in pushed if alert_codes([raw]) == [0x8F0F])
    cut = next(e.at for e in esme.events if e.code == 0x8F0F)
    assert when - cut < timedelta(minutes=31)  # the meter woke itself: not at a later command


def test_emergency_credit(rtds: Rtds) -> None:
    esme = new_esme(rtds, prepayment=True, credit=150_000)
    esme.advance(NOW + timedelta(days=2))
    assert esme.supply == SupplyState.DISABLED
    ecs09 = dlms_command(rtds, esme, 0x0020,
                         [(dlms_apdu.ACTION, 112, "0-0:19.10.1.255", 3, dd.DlmsValue("integer", 0))])
    result = esme.handle(ecs09, NOW + timedelta(days=2))
    assert access_response(result).results == ((dlms_apdu.ACTION, 0),)
    assert 0x8168 in alert_codes(result.alerts) and esme.supply == SupplyState.ENABLED
    assert esme.ec_granted == 10 * MONEY
    esme.advance(NOW + timedelta(days=12))
    assert esme.supply == SupplyState.DISABLED and {0x81AA, 0x8F0F} <= set(alert_codes(esme.unsent))


def test_time_based_debt_is_recovered_daily_and_payment_debt_from_top_ups(rtds: Rtds) -> None:
    esme = new_esme(rtds, credit=20 * MONEY)  # credit mode: debt still recovered
    start = esme.started
    esme.debts[1] = 100_000  # £1 time debt 1
    rate = k(113, "0-0:19.20.1.255", 5)
    value = esme.settings[rate]
    esme.settings[rate] = dd.structure(value.value[0], value.value[1],
                                       dd.array(dd.structure(dd.octets(b""), dd.DlmsValue("long", 250))))  # 25p/day
    esme.advance(start + timedelta(days=2))
    assert abs(esme.debts[1] - 50_000) <= 1
    esme.advance(start + timedelta(days=5))
    assert esme.debts[1] == 0 and 0x81A7 in alert_codes(esme.unsent)
    esme.debts[3] = 2 * MONEY
    esme.settings[k(113, "0-0:19.20.3.255", 13)] = dd.DlmsValue("long-unsigned", 5000)  # 50 % of each payment
    esme.handle(top_up_command(rtds, esme, utrn_for(rtds, esme, 40 << 32, 2)), NOW + timedelta(days=5))
    assert esme.debts[3] == 1 * MONEY
    status, payments = get(rtds, esme, NOW + timedelta(days=5), 7, "0-0:98.1.4.255", 2, code=0x002E)  # ECS20a
    assert status == 0 and [r.value[1].value for r in payments.value[1]] == [1 * MONEY]

"""Simulated GSME prepayment (SIMULATION): credit runs down at the gas price, debt is recovered,
emergency credit, the valve closes at zero credit with its alert raised unasked on the scheduler,
top-ups (CS01b UTRN checks, the consumer's own), and the refusals a real meter gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_advance import slot_of
from gbdcc.adapters.wan.devices.gas_model import HALF_HOUR
from gbdcc.adapters.wan.devices.gas_state import MONEY
from gbdcc.adapters.wan.devices.gsme import GasSupply, Gsme
from gbdcc.adapters.wan.devices.prepayment import MONEY_PER_PENNY as PENNY
from gbdcc.adapters.wan.devices.prepayment import decode_utrn, encode_utrn, make_utrn
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import RemotePartyRole

from .han_support import (
    INSTALLED,
    ORACLES,
    SUPPLIER,
    alert_codes,
    answers,
    device,
    make_hub,
    send_vector,
    top_up_command,
    utrn_for,
)

pytestmark = pytest.mark.oracle

START = INSTALLED + timedelta(days=100, hours=6)
RTDS_UTRN = "73950067887105178605"  # CS01b_2.2_SUCCESS template: £12.50 for the RTDS GSME …90-A1


def prepay_gsme(balance: int = 50 * MONEY, *, habits: bool = False) -> tuple[object, Gsme]:
    hub = make_hub()
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme) and gsme.state.prepay.prepayment_mode
    gsme.model = replace(gsme.model, top_up_pennies=2000 if habits else 0, opens_armed_valve=habits)
    gsme.state.updated = slot_of(START)  # installed just now, with ``balance`` of credit
    gsme.installed = START
    gsme.state.prepay.meter_balance = balance
    return hub, gsme


def test_credit_runs_down_at_the_gas_price_plus_standing_charge_and_debt() -> None:
    _, gsme = prepay_gsme()
    p, tariff = gsme.state.prepay, gsme.state.tariff
    debts_before = [d.outstanding for d in p.time_debts]
    end = START + timedelta(days=2)
    gsme.advance(end)
    slots = [slot_of(START) + i * HALF_HOUR for i in range((slot_of(end) - slot_of(START)) // HALF_HOUR)]
    energy = sum(round(gsme.model.half_hour_kwh(t) * tariff.tou_prices[0]) for t in slots)
    debt = sum(debts_before) - sum(d.outstanding for d in p.time_debts)
    assert energy > 0 and debt > 0
    assert 50 * MONEY - p.meter_balance == pytest.approx(energy + 2 * tariff.standing_charge + debt, abs=len(slots))
    assert [e[2] for e in p.debt_payments] == [0, 1]  # both time debts recovered (their 5000 outstanding)


def test_valve_closes_at_zero_credit_with_its_alert_raised_unasked() -> None:
    hub, gsme = prepay_gsme(6 * MONEY)
    sent: list[bytes] = []
    scheduler = VirtualScheduler(VirtualClock(START))
    hub.attach_runtime(scheduler, sent.append)  # type: ignore[attr-defined]
    scheduler.run_until(START + timedelta(days=5))
    assert gsme.supply == GasSupply.OFF and gsme.state.prepay.disabled_for_credit
    codes = alert_codes(sent)
    # low credit (£5), emergency credit available (£2), debts recovered, then the valve closes
    assert codes.index(0x810D) < codes.index(0x8119) < codes.index(0x8F0F) == len(codes) - 1
    assert {0x81A7, 0x81A8} <= set(codes)
    assert scheduler.pending == 1  # one wake chain, however often the GSME was attached


def test_emergency_credit_is_refused_above_its_threshold_then_used_until_exhausted() -> None:
    hub, gsme = prepay_gsme(10 * MONEY)
    refused = send_vector(hub, gsme, "2.5_GCS06", "GCS06_2.5_SUCCESS", START, counter=10)
    assert answers(refused, gsme)[0][1] == bytes([0x00, z.STATUS_REFUSED])
    gsme.state.prepay.meter_balance = MONEY  # £1, below the £2 threshold
    accepted = send_vector(hub, gsme, "2.5_GCS06", "GCS06_2.5_SUCCESS", START, counter=11)
    assert answers(accepted, gsme)[0][1] == bytes([0x00, z.STATUS_SUCCESS])
    p = gsme.state.prepay
    assert p.emergency_credit_active and p.emergency_credit_remaining == p.emergency_credit_limit
    raised: list[bytes] = []
    gsme.attach(None, raised.append)
    gsme.advance(START + timedelta(days=20))
    assert not p.emergency_credit_active and p.emergency_credit_remaining == 0
    assert 0x81AA in alert_codes(raised) and gsme.supply == GasSupply.OFF


def test_utrn_checks_and_a_top_up_arms_a_valve_closed_for_credit() -> None:
    hub, gsme = prepay_gsme(0)
    gsme.advance(START + timedelta(hours=1))
    assert gsme.supply == GasSupply.OFF
    at = START + timedelta(hours=2)
    utrn = utrn_for(gsme, 3, 2500)
    ok = answers(hub.receive(top_up_command(gsme, utrn, 20), at), gsme)  # type: ignore[attr-defined]
    assert ok[0][1][0] == 0x00 and int.from_bytes(ok[0][1][1:5], "little", signed=True) == 2500 * PENNY
    assert gsme.supply == GasSupply.ARMED and gsme.state.prepay.top_ups[-1][0] == utrn.encode()
    again = hub.receive(top_up_command(gsme, utrn, 21), at)  # type: ignore[attr-defined]
    assert answers(again, gsme)[0][1][0] == 0x02 and alert_codes(again.alerts) == [0x8F51]
    broken = utrn[:-1] + str((int(utrn[-1]) + 1) % 10)
    bad = hub.receive(top_up_command(gsme, broken, 22), at)  # type: ignore[attr-defined]
    assert answers(bad, gsme)[0][1][0] == 0x01 and alert_codes(bad.alerts) == [0x8F63]
    big = hub.receive(top_up_command(gsme, utrn_for(gsme, 4, 8000), 23), at)  # type: ignore[attr-defined]
    assert answers(big, gsme)[0][1][0] == 0x04 and alert_codes(big.alerts) == [0x8F5B]
    with pytest.raises(ValueError, match="check digit"):
        decode_utrn("12345678910121314156")  # the RTDS error vector's UTRN
    token = decode_utrn(RTDS_UTRN)
    assert (token.counter_bits, token.amount) == (6, 1250 * PENNY)


def test_a_forged_utrn_is_refused_on_the_gas_meter() -> None:
    """GBCS 14: the PTUT tag is checked with the supplier's prepayment top-up key. A UTRN of the right
    shape (check digit, value, counter) made with another key, made for another meter, or with its tag
    changed is "UTRN not Authentic" (0x8F63) and credits nothing; the genuine one is then accepted."""
    hub, gsme = prepay_gsme(10 * MONEY)
    at = START + timedelta(hours=1)
    other_key = load_pem_private_key((ORACLES / "keys" / "rtds" / "90b3d51f30030000-pp-ka.key").read_bytes(), None)
    assert isinstance(other_key, ec.EllipticCurvePrivateKey)
    wrong_key = make_utrn(other_key, gsme.security.ka_key.public_key(), SUPPLIER, gsme.eui, 7 << 32, 1000)
    other_meter = make_utrn(other_key, gsme.security.ka_key.public_key(), SUPPLIER,
                            Eui64.parse("00-DB-12-34-56-78-90-A1"), 7 << 32, 1000)
    genuine = utrn_for(gsme, 7, 1000)
    token = decode_utrn(genuine)
    changed_tag = encode_utrn(token.high, token.tag ^ 1)
    esme = device(hub, DeviceType.ESME)
    gsme.advance(at)
    p = gsme.state.prepay
    before, debt = p.meter_balance, p.payment_debt
    for n, forged in enumerate((wrong_key, other_meter, changed_tag, utrn_for(esme, 7, 1000))):
        decode_utrn(forged)  # well formed
        refused = hub.receive(top_up_command(gsme, forged, 30 + n), at)  # type: ignore[attr-defined]
        assert answers(refused, gsme)[0][1][0] == 0x01 and alert_codes(refused.alerts) == [0x8F63]
    assert p.meter_balance == before and not p.top_ups and not p.utrn_guard.accepted
    accepted = hub.receive(top_up_command(gsme, genuine, 40), at)  # type: ignore[attr-defined]
    assert answers(accepted, gsme)[0][1][0] == 0x00
    assert p.meter_balance == before + 1000 * PENNY - min(debt, 100 * PENNY)  # 10 % recovers the payment debt
    assert p.utrn_guard.accepted == [7 << 32]


def test_without_the_suppliers_top_up_key_no_utrn_is_authentic() -> None:
    """A gas meter whose Supplier cell holds no prepayment top-up key cannot authenticate any UTRN."""
    hub, gsme = prepay_gsme(10 * MONEY)
    supplier = gsme.security.anchors.get(RemotePartyRole.SUPPLIER)
    assert supplier is not None
    gsme.security.anchors.put(replace(supplier, pp=None, pp_ski=b""))
    result = hub.receive(top_up_command(gsme, utrn_for(gsme, 1, 500), 20), START)  # type: ignore[attr-defined]
    assert answers(result, gsme)[0][1][0] == 0x01 and alert_codes(result.alerts) == [0x8F63]


def test_the_rtds_cs01b_utrn_is_the_one_gbcs_14_makes_for_the_rtds_gas_meter() -> None:
    """The same UTRN code on the gas side: the RTDS supplier's prepayment top-up key and the RTDS GSME's
    key agreement certificate give the UTRN of the CS01b template digit for digit (£12.50, counter 6·2³²)."""
    keys = ORACLES / "keys" / "rtds"
    top_up_key = load_pem_private_key((keys / "90b3d51f30010000-pp-ka.key").read_bytes(), None)
    rtds_gsme = x509.load_pem_x509_certificate((keys / "00db1234567890a1-ka.pem").read_bytes()).public_key()
    assert isinstance(top_up_key, ec.EllipticCurvePrivateKey) and isinstance(rtds_gsme, ec.EllipticCurvePublicKey)
    assert make_utrn(top_up_key, rtds_gsme, SUPPLIER, Eui64.parse("00-DB-12-34-56-78-90-A1"), 6 << 32,
                     1250) == RTDS_UTRN


def test_the_consumer_tops_up_and_reopens_the_valve() -> None:
    _, gsme = prepay_gsme(6 * MONEY, habits=True)
    gsme.advance(START + timedelta(days=10))
    p = gsme.state.prepay
    assert p.top_ups and all(v == 2000 * PENNY for _, v, _ in p.top_ups)
    assert all(t.hour == 9 for _, _, t in p.top_ups)
    assert gsme.supply == GasSupply.ON and p.meter_balance > p.disablement_threshold


def test_meter_balance_adjustment_above_the_maximum_is_refused() -> None:
    hub, gsme = prepay_gsme()
    gsme.state.prepay.max_credit_level = 51 * MONEY
    result = send_vector(hub, gsme, "1.5_GCS40c", "GCS40c_1.5_SUCCESS", START, counter=30)  # +£50 adjustment
    assert answers(result, gsme)[0][1] == bytes([0x05, z.STATUS_REFUSED]) and alert_codes(result.alerts) == [0x8F47]
    assert gsme.state.prepay.meter_balance == 50 * MONEY

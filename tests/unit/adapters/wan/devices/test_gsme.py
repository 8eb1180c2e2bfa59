"""Simulated GSME (SIMULATION): registers from the seeded gas model, encrypted reads, the profile
log, supply, MPRN, clock and authentication — behaviour beyond the RTDS response shapes (which
``test_han_sweep.py`` checks for every GSME template)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_advance import energy_per_m3, slot_of
from gbdcc.adapters.wan.devices.gas_model import HALF_HOUR, CustomerClass, GasModel
from gbdcc.adapters.wan.devices.gsme import GasSupply, Gsme
from gbdcc.domain.inventory import DeviceType

from .han_support import INSTALLED, answers, device, gbz_command, make_hub, sampled_data_request, send_vector

pytestmark = pytest.mark.oracle

DAY = INSTALLED + timedelta(days=40, hours=10)


def gsme_of(hub: object) -> Gsme:
    g = device(hub, DeviceType.GSME)  # type: ignore[arg-type]
    assert isinstance(g, Gsme)
    return g


def read(target: Gsme, hub: object, attributes: list[int], counter: int, *, code: int = 0x0074,
         cluster: int = 0x0702) -> dict[int, int | bytes | None]:
    payload = b"".join(a.to_bytes(2, "little") for a in attributes)
    result = hub.receive(gbz_command(target, code, [z.Component(cluster, 0x00, z.READ_ATTRIBUTES, payload)],  # type: ignore[attr-defined]
                                     counter), DAY)
    ((_, plain),) = answers(result, target)
    return {r.attribute: r.value for r in z.decode_read_response(plain)}


def test_the_register_is_the_sum_of_the_model_half_hours_and_a_pure_function_of_time() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    gsme.model = GasModel(42, CustomerClass.HIGH, top_up_pennies=5000)
    gsme.state.prepay.payment_control = 0x0C94  # credit mode: the valve stays open
    gsme.advance(DAY)
    per_m3 = energy_per_m3(gsme.state)
    expected = sum(gsme.model.half_hour_m3(INSTALLED + i * HALF_HOUR, per_m3)
                   for i in range((slot_of(DAY) - INSTALLED) // HALF_HOUR))
    assert gsme.register_m3 == pytest.approx(expected) and expected > 0
    assert gsme.register_m3 == pytest.approx(sum(gsme.half_hours.values()))
    twin = gsme_of(make_hub())
    twin.model, twin.state.prepay.payment_control = gsme.model, 0x0C94
    for step in range(1, 41):  # the same device driven day by day ends in the same state
        twin.advance(INSTALLED + timedelta(days=step))
    twin.advance(DAY)
    assert twin.register_m3 == pytest.approx(gsme.register_m3)
    winter = sum(gsme.model.half_hour_kwh(datetime(2015, 1, 10, tzinfo=UTC) + i * HALF_HOUR) for i in range(48 * 7))
    summer = sum(gsme.model.half_hour_kwh(datetime(2014, 7, 10, tzinfo=UTC) + i * HALF_HOUR) for i in range(48 * 7))
    assert winter > 2 * summer > 0


def test_registers_are_read_encrypted_and_decrypt_to_the_state() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    gsme.state.prepay.payment_control = 0x0C94
    values = read(gsme, hub, [0x0000, 0x0100, 0x0301, 0x0302, 0x0300], 10)
    assert values[0x0000] == round(gsme.register_m3 * 1000) > 0
    assert (values[0x0301], values[0x0302], values[0x0300]) == (1, 1000, 1)
    raw = hub.receive(gbz_command(gsme, 0x0074, [z.Component(0x0702, 0x00, 0x00, b"\x00\x00")], 11), DAY).response
    litres = round(gsme.register_m3 * 1000).to_bytes(6, "little")
    assert raw is not None and raw.find(litres) < 0  # not in clear
    assert read(gsme, hub, [0x0000, 0x0999], 12)[0x0999] is None  # unsupported attribute: status 0x86


def test_the_profile_log_returns_the_half_hour_volumes_in_litres() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    gsme.state.prepay.payment_control = 0x0C94
    earliest = DAY - timedelta(hours=5)
    request = sampled_data_request(0, earliest, 8)
    result = hub.receive(gbz_command(gsme, 0x0078, [z.Component(0x0702, 0x01, 0x08, request)], 20), DAY)
    (component, plain), = answers(result, gsme)
    assert component["control"] & z.CONTROL_ENCRYPTED and component["command"] == 0x07
    n = int.from_bytes(plain[9:11], "little")
    samples = [int.from_bytes(plain[11 + 3 * i:14 + 3 * i], "little") for i in range(n)]
    slots = [earliest + i * HALF_HOUR for i in range(n)]
    assert n == 8 and samples == [round(gsme.half_hours[t] * 1000) for t in slots]
    before = sampled_data_request(0, INSTALLED - timedelta(days=1), 8)
    result = hub.receive(gbz_command(gsme, 0x0078, [z.Component(0x0702, 0x01, 0x08, before)], 21), DAY)
    assert answers(result, gsme)[0][1] == bytes([0x08, z.STATUS_NOT_FOUND])  # no data before installation


def test_disable_supply_closes_the_valve_and_on_is_refused() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    gsme.state.prepay.payment_control = 0x0C94
    send_vector(hub, gsme, "7.2_GCS32", "GCS32_7.2_SUCCESS", DAY, counter=30)
    assert gsme.supply == GasSupply.OFF and not gsme.valve_open
    before = gsme.register_m3
    gsme.advance(DAY + timedelta(days=2))
    assert gsme.register_m3 == before  # no flow with the valve closed
    on = bytes(16) + b"\x02\x01"  # Change Supply: proposed supply status ON
    result = hub.receive(gbz_command(gsme, 0x0081, [z.Component(0x0702, 0x01, 0x0B, on)], 31, signed=True),
                         DAY + timedelta(days=2))
    assert answers(result, gsme)[0][1] == bytes([0x0B, z.STATUS_REFUSED]) and gsme.supply == GasSupply.OFF


def test_mprn_is_stored_and_read_back() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    send_vector(hub, gsme, "6.20.1_GCS41", "GCS41_6.20.1_SUCCESS", DAY, counter=40)
    assert gsme.mprn == "1234567890"
    assert read(gsme, hub, [0x0307], 41, code=0x0089)[0x0307] == b"1234567890"
    bad = (0).to_bytes(12, "little") + b"\x04" + b"12A4"  # not digits
    result = hub.receive(gbz_command(gsme, 0x0087, [z.Component(0x0708, 0x09, 0x03, bad)], 42), DAY)
    assert answers(result, gsme)[0][1] == bytes([0x03, z.STATUS_REFUSED]) and gsme.mprn == "1234567890"


def test_commands_are_authenticated_through_the_gpf() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    first = send_vector(hub, gsme, "7.4_GCS33", "GCS33_7.4_SUCCESS", DAY, counter=50)
    assert first.response is not None and hub.gpf is not None
    assert hub.gpf.mirror["register_m3"] == round(gsme.register_m3, 3)
    again = send_vector(hub, gsme, "7.4_GCS33", "GCS33_7.4_SUCCESS", DAY, counter=50)  # replayed counter
    assert again.response is None and len(again.alerts) == 1
    assert gsme.security.log[-1].alert_code == 0x8F53
    alert = decode_message(again.alerts[0])
    assert alert.header.message_code == 0x1000 and alert.payload[3:5] == b"\x8f\x53"  # GBZ critical alert


def test_gcs28_synchronises_inside_its_validity_interval_only() -> None:
    hub = make_hub()
    gsme = gsme_of(hub)
    outside = send_vector(hub, gsme, "8.1.1_GCS28Commission", "GCS28Commission_8.1.1_SUCCESS", DAY, counter=60)
    body = asn1.decode(decode_message(outside.response or b"").payload)[0]["children"]
    assert body[1]["value"] == 2
    gsme.commissioned = False
    inside = send_vector(hub, gsme, "8.1.1_GCS28Commission", "GCS28Commission_8.1.1_SUCCESS",
                         datetime(2014, 12, 31, 23, 45, tzinfo=UTC), counter=61)
    assert asn1.decode(decode_message(inside.response or b"").payload)[0]["children"][1]["value"] == 0
    assert gsme.commissioned

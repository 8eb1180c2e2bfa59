"""Future-dated GBZ components on the simulated GSME (SIMULATION): acknowledged at once as the RTDS
future-dated responses, held, executed at their time on the scheduler with 0x8F66 / 0x8F67 raised
unasked (GBZ alerts laid out as the RTDS GCS01a alert vectors), cancelled by a cancellation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.frame import FrameKind, decode_message, verify_signed
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.inventory import DeviceType

from .han_support import INSTALLED, SUPPLIER, alert_codes, answers, device, make_hub, readdress, vector

pytestmark = pytest.mark.oracle

NOW = INSTALLED + timedelta(days=30)
WHEN = NOW + timedelta(days=1, hours=3)
RTDS_WHEN = (0x38818890).to_bytes(4, "little")  # the RTDS vectors' execution date-time (2030-01-15 09:00)


def setup() -> tuple[object, Gsme, VirtualScheduler, list[bytes]]:
    hub = make_hub()
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme)
    gsme.state.prepay.payment_control = 0x0C94  # credit mode: no half-hourly wakes, only the held work
    gsme.state.updated = NOW
    scheduler = VirtualScheduler(VirtualClock(NOW))
    sent: list[bytes] = []
    hub.attach_runtime(scheduler, sent.append)  # type: ignore[attr-defined]
    return hub, gsme, scheduler, sent


def send(hub: object, gsme: Gsme, folder: str, stem: str, counter: int, when: object = WHEN) -> object:
    cmd = vector(folder, stem, "COMMAND")[0]
    payload = cmd.payload.replace(RTDS_WHEN, z.zigbee_time(when).to_bytes(4, "little"))  # type: ignore[arg-type]
    raw = readdress(cmd.header, payload, gsme, signed=cmd.signature is not None, counter=counter)
    return hub.receive(raw, NOW)  # type: ignore[attr-defined]


def test_future_dated_tariff_is_acknowledged_held_and_executed_with_8f66() -> None:
    hub, gsme, scheduler, sent = setup()
    result = send(hub, gsme, "1.1.1_GCS01a", "GCS01a_1.1.1_FUTURE_DATED_BLOCK_SUCCESS", 100)
    assert all(plain[1:] == b"\x00" for _, plain in answers(result, gsme))  # every component acknowledged
    assert not gsme.state.tariff.block and len(gsme.future.held[0].commands) == 8
    scheduler.run_until(WHEN - timedelta(seconds=1))
    assert not sent and not gsme.state.tariff.block
    scheduler.run_until(WHEN + timedelta(minutes=1))
    assert gsme.state.tariff.block and gsme.state.tariff.thresholds == [1000000, 2000000, 3000000]
    assert alert_codes(sent) == [0x8F66] * 5 and not gsme.future.held
    rtds = [vector("1.1.1_GCS01a", "GCS01a_1.1.1_8F66_FUTURE_DATED_BLOCK_SUCCESS_ALERT", name)[0]
            for name in ("PUBLISH_CALENDAR", "PUBLISH_SPECIAL_DAYS", "PUBLISH_TARIFF_INFORMATION",
                         "PUBLISH_BLOCK_THRESHOLDS", "PUBLISH_PRICE_MATRIX")]
    for raw, theirs in zip(sent, rtds, strict=True):
        ours = decode_message(raw)
        assert ours.kind == theirs.kind == FrameKind.SIGNED and verify_signed(ours, gsme.security.ds_key.public_key())
        assert (ours.header.message_code, ours.header.recipient) == (0x00CD, SUPPLIER)
        assert ours.payload[:3] == theirs.payload[:3] and ours.payload[5:9] == z.zigbee_time(WHEN).to_bytes(4, "big")
        assert ours.payload[9:12] == theirs.payload[9:12]  # length, message code 0x006B
        assert int.from_bytes(ours.payload[12:20], "big") == 100 and ours.payload[20:] == theirs.payload[20:]


def test_a_held_component_that_fails_when_due_raises_8f67() -> None:
    hub, gsme, scheduler, sent = setup()
    send(hub, gsme, "2.1_GCS05", "GCS05_2.1_FUTURE_DATED_SUCCESS", 200)
    gsme.state.prepay.max_credit_level = 5_000_000  # below the held emergency credit limit (£100)
    scheduler.run_until(WHEN + timedelta(minutes=1))
    codes = alert_codes(sent)
    assert codes[0] == 0x8F67 and codes.count(0x8F66) == len(codes) - 1 >= 4
    assert decode_message(sent[0]).payload[-4:] == bytes.fromhex("07050103")  # Emergency Credit Setup


def test_a_cancellation_removes_held_work() -> None:
    hub, gsme, scheduler, sent = setup()
    send(hub, gsme, "1.1.1_GCS01a", "GCS01a_1.1.1_FUTURE_DATED_BLOCK_SUCCESS", 300)
    result = send(hub, gsme, "1.1.1_GCS01a", "GCS01a_1.1.1_CANCELLATION_BLOCK_SUCCESS", 301)
    assert all(plain[1:] == b"\x00" for _, plain in answers(result, gsme))
    assert not gsme.future.held
    scheduler.run_until(WHEN + timedelta(days=1))
    assert not sent and not gsme.state.tariff.block


def test_without_a_scheduler_held_work_runs_when_the_device_next_advances() -> None:
    hub = make_hub()
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme)
    gsme.state.updated = NOW
    send(hub, gsme, "1.6_GCS02", "GCS02_1.6_FUTURE_DATED_SUCCESS", 400)
    assert gsme.state.prepay.prepayment_mode
    gsme.advance(WHEN + timedelta(hours=1))
    assert not gsme.state.prepay.prepayment_mode and alert_codes(list(gsme.raised)[-1:]) == [0x8F66]

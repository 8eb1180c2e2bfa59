"""The simulated GPF (SIMULATION): reads served from its mirror of the joined GSME with its own keys,
the GSME ↔ GPF join driving the GPF device log (0x8071) and HAN routing, GCS59 restore, GCS09 and
the GCS61 daily consumption log."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.frame import FrameKind, decode_message
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_advance import slot_of
from gbdcc.adapters.wan.devices.gpf import Gpf
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.domain.inventory import DeviceType

from .han_support import (
    ACB,
    INSTALLED,
    answers,
    asn1_tree,
    command,
    device,
    gbz_command,
    make_hub,
    sampled_data_request,
    send_vector,
    vector,
)

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=12, hours=7, minutes=40)


def setup() -> tuple[object, Gsme, Gpf]:
    hub = make_hub()
    gsme, gpf = device(hub, DeviceType.GSME), device(hub, DeviceType.GPF)
    assert isinstance(gsme, Gsme) and isinstance(gpf, Gpf)
    gsme.state.prepay.payment_control = 0x0C94
    return hub, gsme, gpf


def register_from_gpf(hub: object, gpf: Gpf, counter: int) -> object:
    raw = gbz_command(gpf, 0x0074, [z.Component(0x0702, 0x00, 0x00, b"\x00\x00")], counter)
    return hub.receive(raw, AT)  # type: ignore[attr-defined]


def test_gpf_answers_register_reads_from_its_mirror_with_its_own_keys() -> None:
    hub, gsme, gpf = setup()
    result = register_from_gpf(hub, gpf, 10)
    assert decode_message(result.response).header.originator == gpf.eui  # type: ignore[attr-defined]
    (component, plain), = answers(result, gpf)
    assert component["control"] & z.CONTROL_ENCRYPTED
    gsme.advance(slot_of(AT))
    assert z.decode_read_response(plain)[0].value == round(gsme.register_m3 * 1000) > 0


def test_unjoining_the_gpf_stops_the_proxy_and_joining_again_restores_it() -> None:
    hub, gsme, gpf = setup()
    raised = len(gpf.raised)
    unjoin = command(gsme, 0x0010, der.octets(gpf.eui.to_bytes()), 20)
    assert asn1.decode(decode_message(hub.receive(unjoin, AT).response).payload)[0]["value"] == 0  # type: ignore[attr-defined]
    assert gsme.eui not in gpf.device_log and len(gpf.raised) == raised + 1
    alert = decode_message(gpf.raised[-1])
    assert (alert.header.message_code, alert.header.recipient) == (0x00B2, ACB)
    rtds = vector("NA_GCS62", "GCS62_NA_8071", "ALERT")[0]
    assert asn1_tree(asn1.decode(alert.payload))[0][1][:2] == asn1_tree(asn1.decode(rtds.payload))[0][1][:2]
    refused = answers(register_from_gpf(hub, gpf, 21), gpf)
    assert refused[0][1] == bytes([0x00, z.STATUS_REFUSED])
    mirror_at = gpf.mirror_at
    assert send_vector(hub, gsme, "7.4_GCS33", "GCS33_7.4_SUCCESS", AT, counter=22).response is not None
    assert gpf.mirror_at == mirror_at  # the GSME still answers on the HAN; the GPF no longer mirrors it
    join = command(gsme, 0x000E, der.sequence(der.integer(2), der.octets(gpf.eui.to_bytes()), der.integer(3)), 23)
    hub.receive(join, AT)  # type: ignore[attr-defined]
    assert gsme.eui in gpf.device_log and answers(register_from_gpf(hub, gpf, 24), gpf)[0][0]["command"] == 0x01


def test_gcs59_restores_the_gpf_device_log() -> None:
    hub, _gsme, gpf = setup()
    result = send_vector(hub, gpf, "8.12.2_GCS59", "GCS59_8.12.2_SUCCESS", AT, counter=30)
    ours = decode_message(result.response)
    assert ours.kind == FrameKind.MAC
    assert [str(e) for e in gpf.device_log] == ["00-11-22-33-44-55-66-77", "88-99-AA-BB-CC-DD-EE-FF"]
    assert [decode_message(a).header.message_code for a in result.alerts] == [0x00B2]


def test_change_of_tenancy_is_kept_by_the_gpf() -> None:
    hub, _, gpf = setup()
    result = send_vector(hub, gpf, "3.2_GCS09", "GCS09_3.2_SUCCESS", AT, counter=40)
    assert answers(result, gpf)[0][1] == b"\x00\x00"
    assert gpf.change_of_tenancy_at == z.from_zigbee_time(0x1FC66E20)


def test_daily_consumption_log_is_the_difference_of_midnight_readings() -> None:
    hub, gsme, gpf = setup()
    earliest = INSTALLED + timedelta(days=2)
    raw = gbz_command(gpf, 0x00A0, [z.Component(0x0702, 0x01, 0x08, sampled_data_request(1, earliest, 5))], 50)
    (_, plain), = answers(hub.receive(raw, AT), gpf)  # type: ignore[attr-defined]
    days = [s for s in gsme.state.snapshots if s.at >= earliest][:6]
    expected = [round((b.total_m3 - a.total_m3) * 1000) for a, b in itertools.pairwise(days)]
    samples = [int.from_bytes(plain[11 + 3 * i:14 + 3 * i], "little") for i in range(5)]
    assert samples == expected and sum(samples) > 0

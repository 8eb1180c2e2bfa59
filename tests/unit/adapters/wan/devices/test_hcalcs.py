"""The simulated HCALCS (SIMULATION): Method A2 join with the ESME (signed by the supplier, as the
RTDS CS03A2 critical vector), CS08 firmware, and the switch state it takes from the ESME."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.han import Hcalcs
from gbdcc.adapters.wan.devices.hcalcs import ACTIVATE, DEACTIVATE, RESET
from gbdcc.domain.inventory import DeviceType

from .han_support import INSTALLED, command, device, make_hub, send_vector

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=1)


def test_the_hcalcs_joins_its_esme_and_reads_its_firmware() -> None:
    hub = make_hub()
    hcalcs, esme = device(hub, DeviceType.HCALCS), device(hub, DeviceType.ESME)
    assert isinstance(hcalcs, Hcalcs)
    join = der.sequence(der.integer(1), der.octets(esme.eui.to_bytes()), der.integer(1))
    response = hub.receive(command(hcalcs, 0x00AB, join, 10, signed=True), AT).response
    assert asn1.decode(decode_message(response).payload)[0]["value"] == 0 and hcalcs.joins.joined(esme.eui)
    wrong = der.sequence(der.integer(3), der.octets(esme.eui.to_bytes()), der.integer(0))  # method C: not an HCALCS'
    response = hub.receive(command(hcalcs, 0x00AB, wrong, 11, signed=True), AT).response
    assert asn1.decode(decode_message(response).payload)[0]["value"] == 2
    firmware = send_vector(hub, hcalcs, "11.2_CS08", "CS08_11.2_SUCCESS", AT, counter=12)
    assert asn1.decode(decode_message(firmware.response).payload)[0]["children"][1]["value"] == 0


def test_the_esme_joins_the_hcalcs_by_method_a1_with_the_han_join_rules() -> None:
    """CS03A1 / CS04AC on the ESME go through the same join table as the HAN devices' joins."""
    hub = make_hub()
    hcalcs, esme = device(hub, DeviceType.HCALCS), device(hub, DeviceType.ESME)

    def result(code: int, payload: bytes, counter: int) -> int:
        response = hub.receive(command(esme, code, payload, counter, signed=True), AT).response
        return int(asn1.decode(decode_message(response).payload)[0]["value"])

    gsme = device(hub, DeviceType.GSME)
    assert result(0x000D, der.sequence(der.integer(0), der.octets(gsme.eui.to_bytes()), der.integer(0)), 10) == 2
    assert result(0x000D, der.sequence(der.integer(0), der.octets(hcalcs.eui.to_bytes()), der.integer(4)), 11) == 0
    assert esme.joins.joined(hcalcs.eui) and not esme.joins.joined(gsme.eui)  # type: ignore[attr-defined]
    assert result(0x000F, der.octets(hcalcs.eui.to_bytes()), 12) == 0
    assert result(0x000F, der.octets(hcalcs.eui.to_bytes()), 13) == 1  # not joined any more


def test_switch_state_follows_activate_deactivate_and_reset() -> None:
    hub = make_hub()
    hcalcs = device(hub, DeviceType.HCALCS)
    assert isinstance(hcalcs, Hcalcs)
    hcalcs.assign(1, (), AT)
    hcalcs.command(ACTIVATE, 0, AT)  # until reset
    assert hcalcs.is_on(AT + timedelta(days=3))
    hcalcs.command(DEACTIVATE, 60, AT)
    assert not hcalcs.is_on(AT + timedelta(minutes=59)) and not hcalcs.is_on(AT + timedelta(hours=2))
    hcalcs.command(RESET, 0, AT)
    assert hcalcs.override is None and [on for _, on in hcalcs.switched] == [True, False, False]

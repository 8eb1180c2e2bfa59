"""Physical tamper on the simulated meters (GBCS 0x8F3F, 0x8F73-0x8F76 and the alerts that end them): the
alert is raised unasked in the meter's own format and kept in its security log, read back by ECS35b /
CS11 — SIMULATION."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.wan.devices.gbz_codec import PROFILE_SE
from gbdcc.domain.inventory import DeviceType

from .han_support import INSTALLED, alert_codes, device, make_hub

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=2)


@pytest.mark.parametrize(("kind", "codes"), [(DeviceType.ESME, (0x8F76, 0x81C1)),
                                             (DeviceType.GSME, (0x8F73, 0x81A1))])
def test_a_tamper_and_its_end_are_raised_and_logged(kind: DeviceType, codes: tuple[int, int]) -> None:
    hub = make_hub()
    sent: list[bytes] = []
    hub.attach_runtime(None, sent.append)
    meter = device(hub, kind)
    begun, ended = codes
    raw = meter.physical_tamper(begun, AT, "cover off")
    meter.physical_tamper(ended, AT + timedelta(minutes=5))
    assert alert_codes(sent) == [begun, ended] and sent[0] == raw
    is_gbz = decode_message(raw).payload[:2] == PROFILE_SE.to_bytes(2, "big")
    assert is_gbz is (kind is DeviceType.GSME)  # the gas meter alerts in GBZ, the ESME in DLMS
    log = [(e.at, e.alert_code, e.detail) for e in meter.security.log][-2:]
    assert log == [(AT, begun, "cover off"), (AT + timedelta(minutes=5), ended, f"physical tamper 0x{ended:04X}")]

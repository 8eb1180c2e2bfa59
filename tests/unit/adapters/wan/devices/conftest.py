"""Fixtures of the simulated-device tests: RTDS 4.5.0 commands re-addressed to our simulated devices
(SIMULATION). The RTDS organisation keys and the generated premises' hub come from ``../conftest.py``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from gbdcc.adapters.gbcs.frame import (
    GbcsMessage,
    decode_message,
    encode_general_signing,
    encode_mac_command,
    mac_signed_precommand,
    sign_precommand,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")


def device_of(hub: CommunicationsHub, device_type: DeviceType) -> SimDevice:
    return next(d for d in hub.devices.values() if d.device_type == device_type)


Vector = Callable[[str, str], tuple[GbcsMessage, GbcsMessage]]
Send = Callable[[SimDevice, GbcsMessage, datetime], HanResult]


@pytest.fixture()
def rtds(oracles: Path) -> Vector:
    """``(folder, stem)`` → the RTDS command and response messages."""

    def load(folder: str, stem: str) -> tuple[GbcsMessage, GbcsMessage]:
        base = oracles / "rtds-gbcs" / folder
        return tuple(decode_message(bytes.fromhex((base / f"{stem}_{kind}_GBCS.HEX").read_text().strip()))
                     for kind in ("COMMAND", "RESPONSE"))  # type: ignore[return-value]

    return load


@pytest.fixture()
def send(keys: Any, hub: CommunicationsHub) -> Send:  # keys: ../conftest.py Keys
    """Re-address an RTDS command payload to our device (supplier originator, ACB MAC, supplier
    signature when the RTDS command is signed) and pass it to the hub."""

    def go(device: SimDevice, rtds_cmd: GbcsMessage, at: datetime) -> HanResult:
        ka = device.security.ka_key.public_key()
        header = GroupingHeader(CraFlag.COMMAND, rtds_cmd.header.originator_counter, SUPPLIER, device.eui,
                                rtds_cmd.header.other_information)
        if rtds_cmd.signature is not None:
            pre = encode_general_signing(header, rtds_cmd.payload, signature_length_byte=False)
            raw = mac_signed_precommand(sign_precommand(pre, keys.sup_ds), (keys.acb_ka, ka))
        else:
            raw = encode_mac_command(header, rtds_cmd.payload, (keys.acb_ka, ka))
        return hub.receive(raw, at)

    return go

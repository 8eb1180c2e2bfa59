"""The simulated IHD (SIMULATION): a Type 2 device joined by install code through the CHF device log
and the hub's installer hook; it shows what the meters publish on the HAN."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessRequest, Spec
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.han import Ihd
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

from .han_support import ACB, INSTALLED, command, device, make_hub, send_vector

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=5)
IHD = Eui64.parse("00-DB-12-34-56-78-EE-0D")


def add_ihd(hub: object, install_code: bytes) -> None:
    value = dd.structure(dd.octets(IHD.to_bytes()), dd.DlmsValue("enum", 1), dd.octets(install_code),
                         dd.DlmsValue("enum", 0))
    payload = AccessRequest(0x20000001, (Spec(dlms_apdu.ACTION, 104, bytes([0, 0, 30, 3, 0, 255]), 1),),
                            (value,)).encode()
    hub.receive(command(hub.chf, 0x0001, payload, 10, originator=ACB), AT)  # type: ignore[attr-defined]


def test_an_ihd_joins_by_install_code_and_shows_the_gas_meter() -> None:
    hub = make_hub()
    display = Ihd(IHD, install_code=b"IHD-INSTALL-0001")
    hub.installer = lambda eui, entry, at: display if eui == IHD else None
    add_ihd(hub, b"IHD-INSTALL-0001")
    assert display in hub.ihds and hub.chf.device_log[IHD].hashed_link_key
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme)
    send_vector(hub, gsme, "7.4_GCS33", "GCS33_7.4_SUCCESS", AT, counter=20)
    assert display.shown["gas_m3"] == round(gsme.register_m3, 3) > 0 and display.shown["at"] == AT
    assert display.shown["gas_supply"] == gsme.supply.name.lower()


def test_an_ihd_with_another_install_code_does_not_join() -> None:
    hub = make_hub()
    display = Ihd(IHD, install_code=b"IHD-INSTALL-0001")
    hub.installer = lambda eui, entry, at: display
    add_ihd(hub, b"WRONG-CODE-00000")
    assert display not in hub.ihds and IHD in hub.chf.device_log

"""The simulated PPMID (SIMULATION): CS08 firmware, the Method C join with the GSME on a real SMKI
device certificate (and the refusals), unjoin, and the PPMID → GSME prepayment messages PCS01 /
PCS02, which need the two joined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.smki.device_certificates import issue_device_certificate
from gbdcc.adapters.smki.pki import Pki
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.gas_state import MONEY
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.han import Ppmid
from gbdcc.adapters.wan.devices.prepayment import MONEY_PER_PENNY as PENNY
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import KeyUsage

from .han_support import ACB, INSTALLED, command, device, make_hub, send_vector, utrn_for

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=2)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.generate(now=datetime(2014, 1, 1, tzinfo=UTC))


def setup() -> tuple[object, Ppmid, Gsme]:
    hub = make_hub()
    ppmid, gsme = device(hub, DeviceType.PPMID), device(hub, DeviceType.GSME)
    assert isinstance(ppmid, Ppmid) and isinstance(gsme, Gsme)
    return hub, ppmid, gsme


def result_of(hub: object, raw: bytes) -> int:
    response = hub.receive(raw, AT).response  # type: ignore[attr-defined]
    return int(asn1.decode(decode_message(response).payload)[0]["value"])


def join_c(target: object, other: object, other_type: int, cert: bytes | None, counter: int) -> bytes:
    items = [der.integer(3), der.octets(other.eui.to_bytes()), der.integer(other_type)]  # type: ignore[attr-defined]
    return command(target, 0x00AF, der.sequence(*items, *([cert] if cert else [])), counter,  # type: ignore[arg-type]
                   originator=ACB, signed=True)


def test_cs08_reads_the_ppmid_firmware_version() -> None:
    hub, ppmid, _ = setup()
    result = send_vector(hub, ppmid, "11.2_CS08", "CS08_11.2_SUCCESS", AT, counter=10)
    items = asn1.decode(decode_message(result.response).payload)[0]["children"]
    assert bytes.fromhex(items[0]["value"]) == bytes([1, 1, 4, 0]) and items[1]["value"] == 0


def test_method_c_join_needs_the_other_device_certificate(pki: Pki) -> None:
    hub, ppmid, gsme = setup()
    cert = issue_device_certificate(pki.device_ca, gsme.security.ka_key.public_key(), eui=gsme.eui,
                                    usage=KeyUsage.KEY_AGREEMENT, not_before=datetime(2014, 1, 1, tzinfo=UTC))
    someone_else = issue_device_certificate(pki.device_ca, gsme.security.ka_key.public_key(), eui=ppmid.eui,
                                            usage=KeyUsage.KEY_AGREEMENT, not_before=datetime(2014, 1, 1, tzinfo=UTC))
    assert result_of(hub, join_c(ppmid, gsme, 0, None, 20)) == 11  # no certificate
    assert result_of(hub, join_c(ppmid, gsme, 0, someone_else.public_bytes(Encoding.DER), 21)) == 11
    assert result_of(hub, join_c(ppmid, gsme, 1, cert.public_bytes(Encoding.DER), 22)) == 2  # an ESME by method C
    assert result_of(hub, join_c(ppmid, gsme, 0, cert.public_bytes(Encoding.DER), 23)) == 0
    assert ppmid.joins.entries[gsme.eui].ka_key is not None
    unjoin = command(ppmid, 0x000F, der.octets(gsme.eui.to_bytes()), 24, originator=ACB, signed=True)
    assert result_of(hub, unjoin) == 0
    assert result_of(hub, command(ppmid, 0x000F, der.octets(gsme.eui.to_bytes()), 25, originator=ACB,
                                  signed=True)) == 1  # not joined any more


def test_prepayment_messages_from_the_ppmid_need_both_sides_joined() -> None:
    _, ppmid, gsme = setup()
    with pytest.raises(DeviceRefusal):
        ppmid.top_up(gsme, utrn_for(gsme, 1, 500), AT)
    ppmid.joins.add(gsme.eui, 0)
    gsme.joins.add(ppmid.eui, 5)
    gsme.advance(AT)
    before, debt = gsme.state.prepay.meter_balance, gsme.state.prepay.payment_debt
    assert ppmid.top_up(gsme, utrn_for(gsme, 1, 500), AT) == 0x00
    share = min(debt, 500 * PENNY // 10)  # 10 % of a top-up recovers the payment debt
    assert gsme.state.prepay.meter_balance == before + 500 * PENNY - share and share > 0
    assert ppmid.top_up(gsme, utrn_for(gsme, 1, 500), AT + timedelta(minutes=1)) == 0x02  # duplicate
    assert not ppmid.activate_emergency_credit(gsme, AT)  # credit above the emergency credit threshold
    gsme.state.prepay.meter_balance = MONEY // 10
    assert ppmid.activate_emergency_credit(gsme, AT) and gsme.state.prepay.emergency_credit_active

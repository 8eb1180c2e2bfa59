"""Building a premises' simulated devices from their SMI records (SIMULATION): the ESME with the
variant, MPAN, installation date and payment mode the records give, the GSME in prepayment mode with
its MPRN, and the Supplier's prepayment top-up certificate in every device's trust anchors — so a
UTRN the supplier makes is accepted by both meters and a forged one refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessRequest, Spec, invoke_id
from gbdcc.adapters.wan.devices.base import obis
from gbdcc.adapters.wan.devices.esme import Esme, EsmeVariant, PaymentMode
from gbdcc.adapters.wan.devices.factory import installed_at, simulate_premises, with_top_up_certificates
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.estate import Premises
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.smki import RemotePartyRole

from .han_support import (
    SEED,
    alert_codes,
    anchors,
    answers,
    command,
    device,
    premises,
    rtds_certificate,
    top_up_certificate,
    top_up_command,
    utrn_for,
)

pytestmark = pytest.mark.oracle


def twin_premises() -> Premises:
    """The test premises with its ESME recorded as variant B (twin element)."""
    p = premises()
    return replace(p, devices=tuple(replace(d, esme_variant="B") if d.device_type is DeviceType.ESME else d
                                    for d in p.devices))


def test_devices_are_made_as_their_smi_records_say() -> None:
    p = twin_premises()
    record = p.device(DeviceType.ESME)
    assert record is not None and p.prepayment
    started = installed_at(record) + timedelta(days=90)
    hub = simulate_premises(p, derived_keys(SEED), anchors(top_up=False), started,
                            top_up_certificates=[top_up_certificate()])
    esme, gsme = device(hub, DeviceType.ESME), device(hub, DeviceType.GSME)
    assert isinstance(esme, Esme) and isinstance(gsme, Gsme)
    assert esme.variant is EsmeVariant.TWIN and esme.mpan == p.mpan and esme.installed == installed_at(record)
    assert esme.payment_mode is PaymentMode.PREPAYMENT and gsme.state.prepay.prepayment_mode
    assert esme.import_wh > 0 and esme.daily_reads[0][0] < started  # registers since installation
    gsme_record = p.device(DeviceType.GSME)
    assert gsme_record is not None and gsme_record.status is SmiStatus.COMMISSIONED
    assert gsme.commissioned and gsme.state.config.mprn == p.mprn
    for d in (esme, gsme, hub.chf, hub.gpf, device(hub, DeviceType.PPMID)):
        supplier = d.security.anchors.get(RemotePartyRole.SUPPLIER)  # type: ignore[union-attr]
        assert supplier is not None and supplier.pp is not None and supplier.ds is not None


def test_both_meters_accept_the_suppliers_utrn_and_refuse_a_forged_one() -> None:
    p = premises()
    record = p.device(DeviceType.ESME)
    assert record is not None
    at = installed_at(record) + timedelta(days=30)
    hub = simulate_premises(p, derived_keys(SEED), anchors(top_up=False), at,
                            top_up_certificates=[top_up_certificate()])
    esme, gsme = device(hub, DeviceType.ESME), device(hub, DeviceType.GSME)
    def esme_top_up(utrn: str, counter: int) -> tuple[int, list[int]]:
        request = AccessRequest(invoke_id(counter), (Spec(dlms_apdu.ACTION, 115, obis("0-0:19.40.0.255"), 1),),
                                (dd.octets(utrn.encode()),)).encode()
        result = hub.receive(command(esme, 0x0007, request, counter), at)
        ((_, outcome),) = dlms_apdu.decode_response(decode_message(result.response or b"").payload).results
        return outcome, alert_codes(result.alerts)

    assert esme_top_up(utrn_for(gsme, 1, 500), 20) == (250, [0x8F63])  # made for the GSME: forged for the ESME
    assert esme_top_up(utrn_for(esme, 1, 500), 21)[0] == 0
    accepted = hub.receive(top_up_command(gsme, utrn_for(gsme, 1, 500), 30), at)
    forged = hub.receive(top_up_command(gsme, utrn_for(esme, 2, 500), 31), at)
    assert answers(accepted, gsme)[0][1][0] == 0x00
    assert answers(forged, gsme)[0][1][0] == 0x01 and alert_codes(forged.alerts) == [0x8F63]


def test_a_top_up_certificate_must_be_the_suppliers_of_the_trust_anchors() -> None:
    other_supplier = rtds_certificate("90b3d51f30030000-pp-ka")
    with pytest.raises(ValueError, match="Supplier"):
        with_top_up_certificates(anchors(top_up=False), [other_supplier])
    cell = with_top_up_certificates(anchors(top_up=False), [top_up_certificate()]).get(RemotePartyRole.SUPPLIER)
    assert cell is not None and cell.pp is not None and cell.ds is not None and cell.ka is not None

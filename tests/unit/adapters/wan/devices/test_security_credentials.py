"""Security credentials on the simulated devices (SIMULATION): CS02b / CS02g trust anchor replacement by the
GBCS replacement rules, the old party refused afterwards and the new one accepted, future-dated and
cancelled replacements, CS02a reads, CS02c / CS02d replacing the device's own key, CS02e — on every
device type (the use cases live in the base class)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

sys.path.insert(0, str(Path(__file__).parent))

from credentials_support import KA_BITS, cs02a, cs02b
from esme_support import (
    NOW,
    SEED,
    SUPPLIER,
    Rtds,
    alert_codes,
    asn1_command,
    dlms_command,
    new_esme,
    next_counter,
    send_template,
)

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.hub import Chf
from gbdcc.adapters.wan.devices.security import DeviceSecurity, derived_keys
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

pytestmark = pytest.mark.oracle
NEW_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-03-00-00")  # RTDS GITTESTSUPPLIER2
NETWORK_OPERATOR = Eui64.parse("90-B3-D5-1F-30-02-00-00")
TRANSCOS = Eui64.parse("90-B3-D5-1F-30-00-00-04")


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


def cs02b_command(rtds: Rtds, device, code: int, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    """A CS02b from the supplier (or ``originator``), its authorising sequence number = its counter."""
    n = next_counter(device)
    originator = kwargs.pop("originator", SUPPLIER)
    signed = kwargs.pop("signed", True)
    return asn1_command(rtds, device, code, cs02b(n, **kwargs), originator=originator, signed=signed, counter=n)


def read_firmware(rtds: Rtds, esme, originator: Eui64 = SUPPLIER) -> bytes:  # type: ignore[no-untyped-def]
    return dlms_command(rtds, esme, 0x0059, [(dlms_apdu.GET, 1, "0-0:0.2.1.255", 2, dd.DlmsValue("null-data"))],
                        originator=originator)


def test_change_of_supplier_refuses_the_old_supplier_and_accepts_the_new(rtds: Rtds) -> None:
    esme = new_esme(rtds)
    assert esme.handle(read_firmware(rtds, esme), NOW).response is not None
    result = esme.handle(cs02b_command(rtds, esme, 0x0102), NOW)
    outcome = der.parse(frame.decode_message(result.response or b"").payload).child(1)
    statuses = [item.child(1).as_int() for item in outcome.child(3).children]
    assert statuses == [0, 0, 0] and alert_codes(result.alerts) == [0x8F70]
    supplier = esme.security.anchors.get(RemotePartyRole.SUPPLIER)
    assert supplier is not None and supplier.eui == NEW_SUPPLIER and supplier.pp is not None
    old = esme.handle(read_firmware(rtds, esme), NOW)
    assert old.response is None and alert_codes(old.alerts) == [0x8F30]
    new = esme.handle(read_firmware(rtds, esme, NEW_SUPPLIER), NOW)
    msg = frame.decode_message(new.response or b"")
    ka = rtds.ring.private_key(NEW_SUPPLIER, KeyUsage.KEY_AGREEMENT)
    assert ka is not None and frame.verify_mac(msg, (ka, esme.security.ka_key.public_key()))
    # CS02a now reports the new party's EUI
    details = esme.handle(asn1_command(rtds, esme, 0x0008, cs02a(2), originator=Eui64.parse("90-B3-D5-1F-30-00-00-02"),
                                       signed=False), NOW)
    entry = der.parse(frame.decode_message(details.response or b"").payload).child(0)
    assert entry.child(0).as_int() == 2 and entry.child(3).child(0).child(1).content == NEW_SUPPLIER.to_bytes()


def test_new_keys_of_the_same_party_refuse_the_old_key(rtds: Rtds) -> None:
    """The RTDS supplier-by-supplier replacement keeps the EUI and changes the keys: a command signed with
    the old digital-signing key fails authentication (0x8F3D)."""
    esme = new_esme(rtds)
    stem = "CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS"
    sent = send_template(rtds, stem, dict(rtds.templates())[stem], esme)
    assert alert_codes(sent.result.alerts) == [0x8F70]
    disable = dlms_command(rtds, esme, 0x0050, [(dlms_apdu.ACTION, 9, "0-0:10.0.106.255", 1,
                                                 dd.DlmsValue("long-unsigned", 52))])
    refused = esme.handle(disable, NOW)
    assert refused.response is None and alert_codes(refused.alerts) == [0x8F3D]


def test_replacement_rules(rtds: Rtds) -> None:
    esme = new_esme(rtds)
    by_no = esme.handle(cs02b_command(rtds, esme, 0x0102, originator=NETWORK_OPERATOR), NOW)
    assert by_no.response is None and alert_codes(by_no.alerts) == [0x8F30]  # NO may not replace the supplier
    wrong_code = esme.handle(cs02b_command(rtds, esme, 0x0103), NOW)
    assert alert_codes(wrong_code.alerts) == [0x8F1E]  # mode 2 sent as networkOperatorByNetworkOperator
    unsigned = esme.handle(cs02b_command(rtds, esme, 0x0102, signed=False), NOW)
    assert alert_codes(unsigned.alerts) == [0x8F30]
    wrong_role = esme.handle(cs02b_command(rtds, esme, 0x0102, role=3), NOW)
    outcome = der.parse(frame.decode_message(wrong_role.response or b"").payload).child(1)
    assert [i.child(1).as_int() for i in outcome.child(3).children] == [10, 10]  # refused, nothing changed
    assert esme.security.anchors.get(RemotePartyRole.SUPPLIER).eui == SUPPLIER  # type: ignore[union-attr]


def test_change_of_supplier_by_the_transitional_cos_party(rtds: Rtds) -> None:
    esme = new_esme(rtds)
    stem = "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS"
    sent = send_template(rtds, stem, dict(rtds.templates())[stem], esme)
    assert frame.decode_message(sent.result.response or b"").header.recipient == TRANSCOS
    assert esme.security.anchors.get(RemotePartyRole.SUPPLIER).eui == NEW_SUPPLIER  # type: ignore[union-attr]
    assert esme.handle(read_firmware(rtds, esme, NEW_SUPPLIER), NOW).response is not None
    assert alert_codes(esme.handle(read_firmware(rtds, esme), NOW).alerts) == [0x8F30]


def test_future_dated_replacement_and_its_cancellation(rtds: Rtds) -> None:
    scheduler = VirtualScheduler(VirtualClock(NOW))
    pushed: list[bytes] = []
    esme = new_esme(rtds)
    esme.attach(scheduler, pushed.append)
    due = NOW + timedelta(days=2)
    result = esme.handle(cs02b_command(rtds, esme, 0x0102, when=due), NOW)
    assert frame.decode_message(result.response or b"").payload == der.sequence(der.null())
    scheduler.run_until(due - timedelta(seconds=1))
    assert esme.handle(read_firmware(rtds, esme), due - timedelta(seconds=1)).response is not None  # not yet
    scheduler.run_until(due + timedelta(seconds=1))
    assert alert_codes(pushed) == [0x8F66]
    msg = frame.decode_message(pushed[0])
    assert msg.header.message_code == 0x00CB and frame.verify_signed(msg, esme.security.ds_key.public_key())
    assert esme.security.anchors.get(RemotePartyRole.SUPPLIER).eui == NEW_SUPPLIER  # type: ignore[union-attr]
    other = new_esme(rtds)
    other.handle(cs02b_command(rtds, other, 0x0102, when=due), NOW)
    assert len(other.held) == 1
    cancel = cs02b_command(rtds, other, 0x0102, when=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))
    other.handle(cancel, NOW + timedelta(hours=1))
    assert other.held == [] and other.security.anchors.get(RemotePartyRole.SUPPLIER).eui == SUPPLIER  # type: ignore[union-attr]


def test_device_key_replacement_cs02c_cs02d(rtds: Rtds) -> None:
    from gbdcc.adapters.wan.devices.credentials import simulation_certificate

    esme = new_esme(rtds)
    old = esme.security.ka_key.public_key()
    csr_msg = esme.handle(asn1_command(rtds, esme, 0x000A, der.sequence(der.bit_string(KA_BITS))), NOW)
    csr = x509.load_der_x509_csr(frame.decode_message(csr_msg.response or b"").payload)
    assert csr.is_signature_valid
    certificate = simulation_certificate(esme.eui, KeyUsage.KEY_AGREEMENT, csr.public_key())  # type: ignore[arg-type]
    result = esme.handle(asn1_command(rtds, esme, 0x000B, certificate), NOW)
    assert frame.decode_message(result.response or b"").payload == der.integer(0)
    assert alert_codes(result.alerts) == [0x8F4F]
    assert esme.security.ka_key.public_key().public_numbers() == csr.public_key().public_numbers()  # type: ignore[union-attr]
    read = frame.decode_message(esme.handle(read_firmware(rtds, esme), NOW).response or b"")
    sup = rtds.ring.private_key(SUPPLIER, KeyUsage.KEY_AGREEMENT)
    assert sup is not None
    assert frame.verify_mac(read, (sup, esme.security.ka_key.public_key()))
    assert not frame.verify_mac(read, (sup, old))
    e = esme.handle(asn1_command(rtds, esme, 0x000C, der.sequence(der.bit_string(KA_BITS))), NOW)
    assert frame.decode_message(e.response or b"").payload == certificate  # CS02e returns it
    again = esme.handle(asn1_command(rtds, esme, 0x000B, certificate), NOW)
    assert frame.decode_message(again.response or b"").payload == der.integer(3)  # no pending key any more


def test_every_device_type_has_the_credential_use_cases(rtds: Rtds) -> None:
    eui = Eui64.parse("00-DB-99-00-00-00-00-A2")
    ds, ka = derived_keys(SEED)(eui)
    chf = Chf(DeviceSecurity(eui, ds, ka, rtds.anchors.copy()))
    assert isinstance(chf, SimDevice) and 0x0102 in chf.use_cases and 0x0008 in chf.use_cases
    result = chf.handle(asn1_command(rtds, chf, 0x0008, cs02a(3, 9), originator=Eui64.parse("90-B3-D5-1F-30-00-00-02"),
                                     signed=False), NOW)
    entries = der.parse(frame.decode_message(result.response or b"").payload).children
    assert [e.child(0).as_int() for e in entries] == [3, 9] and entries[1].child(1).as_int() == 127
    response = chf.handle(cs02b_command(rtds, chf, 0x0102), NOW)
    assert chf.security.anchors.get(RemotePartyRole.SUPPLIER).eui == NEW_SUPPLIER  # type: ignore[union-attr]
    assert alert_codes(response.alerts) == [0x8F70]


def test_every_signed_rtds_esme_command_is_critical_on_the_device(rtds: Rtds) -> None:
    """The device refuses these unsigned (0x8F30): every message code the RTDS vectors sign for the ESME
    is in CRITICAL_MESSAGE_CODES, except CS02a / CS02f whose signature is optional."""
    from gbdcc.adapters.wan.devices.security import CRITICAL_MESSAGE_CODES

    signed = set()
    for name in rtds.vectors:
        if name.endswith("_COMMAND_GBCS.HEX"):
            for msg in rtds.messages(name):
                if str(msg.header.recipient).endswith("90-A0") and msg.signature is not None:
                    signed.add(msg.header.message_code)
    assert signed - {0x0008, 0x011B} <= CRITICAL_MESSAGE_CODES
    assert len(signed) >= 40

"""Security credentials on the HAN devices (SIMULATION): the GSME, GPF, CHF, PPMID and HCALCS execute
the CS02 use cases of the device base class (``credentials.py``) through the hub — 6.24.1 CS02a cell
details, 6.24.2 CS02e device certificate, CS02b trust anchor replacement (the old supplier refused
afterwards, the new one answered), CS02c / CS02d own key replacement and a future-dated CS02b held
and executed at its time (on the scheduler, or when the device is next used)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.credentials import simulation_certificate
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.devices.security import CRITICAL_MESSAGE_CODES
from gbdcc.adapters.wan.devices.trust import TrustAnchorCell
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

from .credentials_support import KA_BITS, cs02a, cs02b
from .han_support import ACB, INSTALLED, SUPPLIER, alert_codes, command, device, make_hub, ring, verify

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=30, hours=10)
NEW_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-03-00-00")  # RTDS GITTESTSUPPLIER2
HAN_TYPES = (DeviceType.GSME, DeviceType.GPF, DeviceType.CHF, DeviceType.PPMID, DeviceType.HCALCS)
CS02A, CS02B_SUPPLIER, CS02C, CS02D, CS02E = 0x0008, 0x0102, 0x000A, 0x000B, 0x000C


def setup(device_type: DeviceType) -> tuple[CommunicationsHub, SimDevice]:
    hub = make_hub()
    return hub, device(hub, device_type)


def cells(hub: CommunicationsHub, target: SimDevice, counter: int, *, originator: Eui64 = ACB,
          at: datetime = AT) -> list[der.Tlv]:
    """CS02a (6.24.1) of the Supplier cell: the entries of the response (MAC / signature checked)."""
    result = hub.receive(command(target, CS02A, cs02a(2), counter, originator=originator), at)
    assert result.response is not None, alert_codes(result.alerts)
    msg = decode_message(result.response)
    assert verify(msg, target) and msg.header.recipient == originator
    return list(der.parse(msg.payload).children)


def supplier_in_cell(entries: list[der.Tlv]) -> Eui64:
    (entry,) = entries
    assert entry.child(0).as_int() == 2 and entry.child(1).as_int() == 0  # role 2, found
    return Eui64.from_bytes(entry.child(3).child(0).child(1).content)  # the DS key's party EUI


@pytest.mark.parametrize("device_type", HAN_TYPES, ids=lambda t: t.value)
def test_6_24_reads_report_the_cells_and_the_device_certificate(device_type: DeviceType) -> None:
    hub, target = setup(device_type)
    assert supplier_in_cell(cells(hub, target, 10)) == SUPPLIER
    result = hub.receive(command(target, CS02E, der.sequence(der.bit_string(KA_BITS)), 11, signed=True), AT)
    assert result.response is not None
    certificate = x509.load_der_x509_certificate(decode_message(result.response).payload)
    assert certificate.public_key().public_numbers() == target.security.ka_key.public_key().public_numbers()


@pytest.mark.parametrize("device_type", HAN_TYPES, ids=lambda t: t.value)
def test_cs02b_change_of_supplier_refuses_the_old_supplier_and_answers_the_new(device_type: DeviceType) -> None:
    hub, target = setup(device_type)
    result = hub.receive(command(target, CS02B_SUPPLIER, cs02b(10), 10, signed=True), AT)
    assert result.response is not None and alert_codes(result.alerts) == [0x8F70]
    response = decode_message(result.response)
    assert response.kind == frame.FrameKind.SIGNED and verify(response, target)
    assert [item.child(1).as_int() for item in der.parse(response.payload).child(1).child(3).children] == [0, 0, 0]
    supplier = target.security.anchors.get(RemotePartyRole.SUPPLIER)
    assert supplier is not None and supplier.eui == NEW_SUPPLIER and supplier.pp is not None
    old = hub.receive(command(target, CS02A, cs02a(2), 11, originator=SUPPLIER), AT)
    assert old.response is None and alert_codes(old.alerts) == [0x8F30]
    assert supplier_in_cell(cells(hub, target, 12, originator=NEW_SUPPLIER)) == NEW_SUPPLIER


@pytest.mark.parametrize("device_type", HAN_TYPES, ids=lambda t: t.value)
def test_cs02c_cs02d_replace_the_devices_own_key(device_type: DeviceType) -> None:
    hub, target = setup(device_type)
    old = target.security.ka_key.public_key()
    result = hub.receive(command(target, CS02C, der.sequence(der.bit_string(KA_BITS)), 10, signed=True), AT)
    assert result.response is not None
    csr = x509.load_der_x509_csr(decode_message(result.response).payload)
    assert csr.is_signature_valid
    certificate = simulation_certificate(target.eui, KeyUsage.KEY_AGREEMENT, csr.public_key())  # type: ignore[arg-type]
    installed = hub.receive(command(target, CS02D, certificate, 11, signed=True), AT)
    assert installed.response is not None and decode_message(installed.response).payload == der.integer(0)
    assert alert_codes(installed.alerts) == [0x8F4F]
    assert target.security.ka_key.public_key().public_numbers() == csr.public_key().public_numbers()  # type: ignore[union-attr]
    read = hub.receive(command(target, CS02A, cs02a(2), 12), AT)
    acb = ring().private_key(ACB, KeyUsage.KEY_AGREEMENT)
    assert read.response is not None and acb is not None
    assert not frame.verify_mac(decode_message(read.response), (acb, old))
    assert verify(decode_message(read.response), target)  # MAC'd with the new key


@pytest.mark.parametrize("device_type", HAN_TYPES, ids=lambda t: t.value)
def test_future_dated_cs02b_runs_at_its_time(device_type: DeviceType) -> None:
    due = AT + timedelta(days=2)
    hub, target = setup(device_type)
    sent: list[bytes] = []
    scheduler = VirtualScheduler(VirtualClock(AT))
    hub.attach_runtime(scheduler, sent.append)
    result = hub.receive(command(target, CS02B_SUPPLIER, cs02b(10, when=due), 10, signed=True), AT)
    assert result.response is not None and decode_message(result.response).payload == der.sequence(der.null())
    scheduler.run_until(due - timedelta(seconds=1))
    assert supplier_in_cell(cells(hub, target, 11, at=due - timedelta(seconds=1))) == SUPPLIER
    scheduler.run_until(due + timedelta(seconds=1))
    alert = decode_message(sent[-1])
    assert alert.header.message_code == 0x00CB and alert.header.recipient == SUPPLIER
    assert frame.verify_signed(alert, target.security.ds_key.public_key())
    assert der.parse(alert.payload).child(0).as_int() == 0x8F66
    assert target.security.anchors.get(RemotePartyRole.SUPPLIER).eui == NEW_SUPPLIER  # type: ignore[union-attr]
    # without a scheduler the held replacement runs when the device is next used after its time
    hub, target = setup(device_type)
    hub.receive(command(target, CS02B_SUPPLIER, cs02b(10, when=due), 10, signed=True), AT)
    assert supplier_in_cell(cells(hub, target, 11, at=due + timedelta(minutes=1))) == NEW_SUPPLIER


def test_every_signed_rtds_han_command_is_critical_on_the_device(oracles: Path) -> None:
    """The base's authentication refuses these unsigned (0x8F30): every message code the RTDS vectors
    sign for the GSME / CHF / GPF / PPMID / HCALCS is critical, and none they send unsigned is."""
    signed, unsigned = set(), set()
    for path in (oracles / "rtds-gbcs").glob("*/*_COMMAND_GBCS.HEX"):
        for msg in frame.decode_messages(bytes.fromhex(path.read_text().strip())):
            if msg.header.recipient.to_bytes()[-1] in (0xA1, 0xA2, 0xA3, 0xA4, 0xA5):
                (signed if msg.signature is not None else unsigned).add(msg.header.message_code)
    assert len(signed) >= 25 and signed <= CRITICAL_MESSAGE_CODES
    assert not unsigned & CRITICAL_MESSAGE_CODES


def test_a_dcc_controlled_gpf_is_handed_over_by_the_dcc() -> None:
    """SRV 6.21: while the DCC's certificates fill a DCC-controlled device's Supplier cell, a CS02b
    supplierBySupplier signed by the DCC replaces them; one signed by a party whose EUI is in no
    authorising cell is refused (0x8F30)."""
    hub, gpf = setup(DeviceType.GPF)
    anchors = gpf.security.anchors
    acb = anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER)
    assert acb is not None and acb.ds is not None and acb.ka is not None
    anchors.put(TrustAnchorCell(RemotePartyRole.SUPPLIER, acb.eui, acb.ds, acb.ka, None, acb.ds_ski, acb.ka_ski))
    by_supplier = hub.receive(command(gpf, CS02B_SUPPLIER, cs02b(10), 10, signed=True), AT)
    assert by_supplier.response is None and alert_codes(by_supplier.alerts) == [0x8F30]
    by_dcc = hub.receive(command(gpf, CS02B_SUPPLIER, cs02b(10), 10, originator=ACB, signed=True), AT)
    assert by_dcc.response is not None and alert_codes(by_dcc.alerts) == [0x8F70]
    assert anchors.get(RemotePartyRole.SUPPLIER).eui == NEW_SUPPLIER  # type: ignore[union-attr]
    assert anchors.get(RemotePartyRole.ACCESS_CONTROL_BROKER) == acb  # the DCC keeps its own cell

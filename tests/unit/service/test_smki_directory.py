"""SmkiDirectory — certificate search and retrieval for Users (SEC L) — over the in-memory unit of work,
with a real instance's PKI and simulated device credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import CertificateKind, CertificateStatus, KeyUsage, RemotePartyRole, certificate_status
from gbdcc.service.smki.directory import CertificateQuery

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    clock = VirtualClock(T0)
    inst = bootstrap.open_instance(Settings(data_dir=tmp_path), clock=clock, scheduler=VirtualScheduler(clock),
                                   in_memory=True)
    ensure_estate(inst, 4, parties=ensure_demo_parties(inst).estate)
    return inst


def test_an_organisation_is_found_by_subject_and_narrowed_by_role_usage_and_status(
    instance: bootstrap.Instance,
) -> None:
    supplier = ensure_demo_parties(instance).supplier
    everything = instance.smki.search(CertificateQuery(supplier, device=False))
    roles = {(e.record.role, e.record.key_usage) for e in everything}
    assert (RemotePartyRole.SUPPLIER, KeyUsage.DIGITAL_SIGNATURE) in roles
    assert (RemotePartyRole.SUPPLIER, KeyUsage.KEY_AGREEMENT) in roles
    assert (RemotePartyRole.XML_SIGNING, KeyUsage.DIGITAL_SIGNATURE) in roles
    assert all(e.status is CertificateStatus.IN_USE and not e.device for e in everything)
    ka = instance.smki.search(CertificateQuery(supplier, False, RemotePartyRole.SUPPLIER, KeyUsage.KEY_AGREEMENT))
    assert [(e.record.role, e.record.key_usage) for e in ka if not e.record.prepayment] == [
        (RemotePartyRole.SUPPLIER, KeyUsage.KEY_AGREEMENT)]
    assert instance.smki.search(CertificateQuery(supplier, False, status=CertificateStatus.REVOKED)) == []
    assert instance.smki.search(CertificateQuery(supplier, device=True)) == []  # not a device


def test_a_simulated_device_gets_its_certificates_on_first_search_then_retrieval_by_serial_finds_them(
    instance: bootstrap.Instance,
) -> None:
    esme = next(d for p in generate_estate(4, 1) if (d := p.device(DeviceType.ESME)) is not None)
    with instance.uow_factory(read_only=True) as uow:
        assert [r for r in uow.certificates.by_eui_usage(esme.device_id, KeyUsage.KEY_AGREEMENT)] == []
    found = instance.smki.search(CertificateQuery(esme.device_id, device=True))
    assert [e.record.key_usage for e in found] == [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT]
    assert all(e.device and e.record.kind is CertificateKind.DEVICE for e in found)
    ka = found[1].record
    assert ka.der == instance.device_keys.credentials.record(esme.device_id, KeyUsage.KEY_AGREEMENT).der
    got = instance.smki.retrieve(ka.serial)
    assert got is not None and got.record == ka
    assert instance.smki.search(CertificateQuery(esme.device_id, True)) == found  # stored now, same answer


def test_unknown_devices_type_2_devices_and_unknown_serials_find_nothing(instance: bootstrap.Instance) -> None:
    ihd = next(d for p in generate_estate(4, 1) if (d := p.device(DeviceType.IHD)) is not None)
    assert instance.smki.search(CertificateQuery(ihd.device_id, device=True)) == []  # Type 2: no certificates
    assert instance.smki.search(CertificateQuery(Eui64.parse("00-00-00-00-00-00-00-01"), device=True)) == []
    assert instance.smki.retrieve(12345) is None
    ca_serial = instance.identity.pki.device_ca.cert.serial_number
    assert instance.smki.retrieve(ca_serial) is None  # CA certificates are not served


def test_status_follows_the_validity_period_and_test_pki_mode(instance: bootstrap.Instance) -> None:
    [record] = [e.record for e in instance.smki.search(CertificateQuery(instance.identity.eui, False,
                                                                        RemotePartyRole.ACCESS_CONTROL_BROKER,
                                                                        KeyUsage.KEY_AGREEMENT))]
    assert certificate_status(record, record.not_before - timedelta(days=1)) is CertificateStatus.PENDING
    assert certificate_status(record, record.not_before) is CertificateStatus.IN_USE
    if record.not_after is not None:
        after = record.not_after + timedelta(seconds=1)
        assert certificate_status(record, after) is CertificateStatus.EXPIRED
        assert certificate_status(record, after, test_pki=True) is CertificateStatus.IN_USE

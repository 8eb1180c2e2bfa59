"""domain.cos — who may change a meter's supplier and with which certificates (R-COS-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.cos import AnomalyThreshold, check_registered_supplier, replacement_party, threshold_for
from gbdcc.domain.errors import CosCertificatesRefused, NotAuthorisedForDevice
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole

T0 = datetime(2026, 6, 1, tzinfo=UTC)
OLD, NEW = Eui64.parse("90-B3-D5-1F-30-01-00-00"), Eui64.parse("90-B3-D5-1F-30-03-00-00")
MPAN, EXPORT = "1312345678111", "1312345678333"
PERIODS = [RegistrationPeriod(MPAN, UserRole.IMPORT_SUPPLIER, OLD, T0 - timedelta(days=900), T0),
           RegistrationPeriod(MPAN, UserRole.IMPORT_SUPPLIER, NEW, T0),
           RegistrationPeriod(EXPORT, UserRole.EXPORT_SUPPLIER, OLD, T0 - timedelta(days=900))]


def cert(serial: int, usage: KeyUsage, *, eui: Eui64 = NEW, role: RemotePartyRole = RemotePartyRole.SUPPLIER,
         prepayment: bool = False) -> CertificateRecord:
    return CertificateRecord("CN=Z1,OU=07", serial, CertificateKind.ORGANISATION, eui, role, usage,
                             T0 - timedelta(days=1), T0 + timedelta(days=365), b"", prepayment)


def test_the_registered_supplier_at_that_instant_may_and_no_one_else() -> None:
    assert check_registered_supplier(NEW, MPAN, [MPAN, EXPORT], PERIODS, T0) is UserRole.IMPORT_SUPPLIER
    assert check_registered_supplier(OLD, EXPORT, [MPAN, EXPORT], PERIODS, T0) is UserRole.EXPORT_SUPPLIER
    with pytest.raises(NotAuthorisedForDevice) as before:
        check_registered_supplier(NEW, MPAN, [MPAN], PERIODS, T0 - timedelta(seconds=1))
    assert before.value.rule == "R-COS-1" and OLD.__str__() in before.value.reason
    with pytest.raises(NotAuthorisedForDevice):
        check_registered_supplier(OLD, MPAN, [MPAN], PERIODS, T0)  # the outgoing supplier, once it is out
    with pytest.raises(NotAuthorisedForDevice, match="not the device's"):
        check_registered_supplier(NEW, MPAN, [EXPORT], PERIODS, T0)


def test_replacement_certificates_are_one_suppliers_ds_and_ka() -> None:
    full = [cert(1, KeyUsage.DIGITAL_SIGNATURE), cert(2, KeyUsage.KEY_AGREEMENT),
            cert(3, KeyUsage.KEY_AGREEMENT, prepayment=True)]
    assert replacement_party(full, T0) == NEW
    assert replacement_party(full[:2], T0) == NEW  # the top-up certificate is optional
    for bad, why in [
        (full[:1], "a digital-signing and a key-agreement certificate"),
        ([full[0], cert(2, KeyUsage.KEY_AGREEMENT, eui=OLD)], "2 parties"),
        ([full[0], cert(2, KeyUsage.KEY_AGREEMENT, role=RemotePartyRole.NETWORK_OPERATOR)], "not a Supplier"),
        ([full[0], replace(full[1], kind=CertificateKind.DEVICE)], "not a Supplier"),
        ([full[0], replace(full[1], not_after=T0 - timedelta(days=1))], "not valid"),
    ]:
        with pytest.raises(CosCertificatesRefused, match=why) as refused:
            replacement_party(bad, T0)
        assert refused.value.response_code == "E062301" and refused.value.rule == "R-COS-1"
    expired = [replace(c, not_after=T0 - timedelta(days=1)) for c in full]
    assert replacement_party(expired, T0, test_pki=True) == NEW  # the DCC's expired test certificates


def test_the_anomaly_threshold_is_per_user_over_a_window() -> None:
    default = AnomalyThreshold(limit=3, window=timedelta(hours=24))
    assert not default.breached(2) and default.breached(3)
    assert threshold_for(NEW, default, {NEW: 1}) == AnomalyThreshold(1, timedelta(hours=24))
    assert threshold_for(OLD, default, {NEW: 1}) is default

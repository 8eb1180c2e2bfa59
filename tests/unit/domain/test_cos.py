"""domain.cos — who may change a meter's supplier and with which certificates (R-COS-1), which CoS Party a
device trusts and how the ECoS migration campaign moves it (R-COS-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.cos import (
    AnomalyThreshold,
    CosCell,
    CosMigration,
    MigrationPolicy,
    MigrationState,
    check_party_trusted,
    check_registered_supplier,
    party_for,
    plan_migration,
    replacement_party,
    threshold_for,
)
from gbdcc.domain.errors import CosCertificatesRefused, CosMigrationRefused, CosPartyNotTrusted, NotAuthorisedForDevice
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


# --- R-COS-2 --------------------------------------------------------------------------------------------

METER = Eui64.parse("00-DB-12-34-56-78-90-A6")


def test_r_cos_2_each_cell_is_signed_for_by_its_own_party_and_a_null_cell_by_ecos() -> None:
    assert [party_for(c) for c in (CosCell.TCOS, CosCell.ECOS, CosCell.NULL)] == [
        CosCell.TCOS, CosCell.ECOS, CosCell.ECOS]
    check_party_trusted(CosCell.TCOS, CosCell.TCOS, "m")
    check_party_trusted(CosCell.ECOS, CosCell.NULL, "m")
    for party, cell in ((CosCell.TCOS, CosCell.ECOS), (CosCell.TCOS, CosCell.NULL), (CosCell.ECOS, CosCell.TCOS)):
        with pytest.raises(CosPartyNotTrusted) as err:
            check_party_trusted(party, cell, "m")
        assert err.value.rule == "R-COS-2" and str(cell) in err.value.reason


def test_r_cos_2_plan_migration_queues_tcos_meters_once_and_refuses_the_rest() -> None:
    entry = plan_migration(METER, "ESME", CosCell.TCOS, None, CosCell.ECOS, T0)
    assert entry == CosMigration(METER, CosCell.ECOS, MigrationState.PENDING, T0, T0)
    assert plan_migration(METER, "GSME", CosCell.TCOS, entry, CosCell.ECOS, T0) is None  # queued already
    assert plan_migration(METER, "ESME", CosCell.ECOS, None, CosCell.ECOS, T0) is None  # there already
    failed = replace(entry, state=MigrationState.FAILED, attempts=3, last_error="silent")
    assert plan_migration(METER, "ESME", CosCell.TCOS, failed, CosCell.NULL, T0) == replace(entry, target=CosCell.NULL)
    refusals = [("CHF", CosCell.TCOS, None, CosCell.ECOS, "only meters"),
                ("ESME", CosCell.ECOS, None, CosCell.NULL, "not TCoS"),
                ("ESME", CosCell.TCOS, entry, CosCell.NULL, "already queued for ECoS"),
                ("ESME", CosCell.TCOS, None, CosCell.TCOS, "ECoS or null")]
    for device_type, cell, existing, target, why in refusals:
        with pytest.raises(CosMigrationRefused, match=why):
            plan_migration(METER, device_type, cell, existing, target, T0)


def test_r_cos_2_an_entry_is_confirmed_by_any_attempt_and_retried_until_its_attempts_run_out() -> None:
    policy = MigrationPolicy(max_attempts=2)
    entry = CosMigration(METER, CosCell.ECOS, MigrationState.PENDING, T0, T0)
    assert not entry.confirms(1)  # nothing sent yet
    first = entry.sent(7, T0)
    assert (first.state, first.attempts, first.counter) == (MigrationState.SENT, 1, 7)
    retry = first.attempt_failed("silent", T0, policy)
    assert (retry.state, retry.last_error) == (MigrationState.PENDING, "silent")
    second = retry.sent(9, T0)
    assert second.confirms(7) and second.confirms(9) and not second.confirms(10)
    assert second.attempt_failed("silent", T0, policy).state is MigrationState.FAILED
    assert first.attempt_failed("refused", T0, policy, final=True).state is MigrationState.FAILED
    late = second.attempt_failed("silent", T0, policy)
    assert late.confirms(9)  # a late confirmation after the entry failed still counts
    done = late.confirmed(T0 + timedelta(minutes=1))
    assert (done.state, done.done_at, done.last_error) == (MigrationState.DONE, T0 + timedelta(minutes=1), None)
    assert not done.confirms(9)

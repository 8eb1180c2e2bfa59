"""The post-commissioning report (R-POST-1; IEWP 5.3, 5.6(c)) over real storage on every backend (memory,
SQLite, PostgreSQL): the SMI status history, the Service Requests the pipeline stored, Registration Data and
the SMKI Repository, read by the ``post_commissioning`` repository and the report builder; and the anomaly
repository's counts and quarantine (SEC G6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.issue import issue_organisation_certificate
from gbdcc.adapters.smki.pki import Pki
from gbdcc.adapters.wan.recovery_cells import SimulatedRecoveryCells
from gbdcc.domain.compliance.post_commissioning import CREDENTIAL_UPDATE_SRVS, RecoveryCheck, ReleaseWindow
from gbdcc.domain.compliance.report import column
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import KeyUsage, RemotePartyRole
from gbdcc.service.compliance.post_commissioning import PostCommissioningReport
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import SUPPLIER, T0, device, period, request

DAY = timedelta(days=1)
WINDOW = ReleaseWindow(date(2016, 11, 18), date(2017, 6, 30))
RECOVERY_EUI = Eui64(0x90B3_D51F_3000_0003)
MPAN = "1312345678111"


@pytest.fixture(scope="module")
def recovery() -> tuple[Pki, object]:
    pki = Pki.generate(now=T0 - 400 * DAY)
    cert = issue_organisation_certificate(pki.organisation_ca, ec.generate_private_key(ec.SECP256R1()).public_key(),
                                          eui=RECOVERY_EUI, role=RemotePartyRole.RECOVERY,
                                          usage=KeyUsage.DIGITAL_SIGNATURE, not_before=T0 - 365 * DAY)
    return pki, cert


def commissioned(n: int, at: datetime, kind: DeviceType = DeviceType.ESME, **kw: object) -> Device:
    """A meter pre-notified, installed and commissioned at ``at`` (its SMI status history says so)."""
    d = device(n, device_type=kind, status_at=at - 2 * DAY, **kw)
    d = d.change_status(SmiStatus.INSTALLED_NOT_COMMISSIONED, at - DAY, "joined the SMHAN (0x8183)")
    return d.change_status(SmiStatus.COMMISSIONED, at, "8.1.1 Commission Device")


def update(counter: int, meter: Device, srv: str, at: datetime, state: RequestState = RequestState.RESPONDED,
           code: str | None = "I0") -> object:
    """A credentials update to ``meter`` that the pipeline completed (``responded``, I0) at ``at``."""
    return request(counter, device=meter.device_id, srv=srv, command_variant=5 if srv == "6.15.1" else 1,
                   state=state, received_at=at - timedelta(minutes=1), updated_at=at, response_code=code)


def test_r_post_1_meter_left_unchanged_8_days_is_listed_and_one_changed_on_day_6_is_not(
        uow_factory: UnitOfWorkFactory, recovery: tuple[Pki, object]) -> None:
    _, cert = recovery
    left = commissioned(1, T0 - 8 * DAY, import_mpxn=MPAN)  # credentials never updated: 8 days now
    changed = commissioned(2, T0 - 10 * DAY, DeviceType.GSME, supplier_credentials=SUPPLIER)
    late = commissioned(3, T0 - 20 * DAY)
    recent = commissioned(4, T0 - 3 * DAY)  # still within its 7 days
    failed = commissioned(5, T0 - 9 * DAY)  # its only update failed (E21): not an update
    early = commissioned(6, datetime(2017, 2, 1, 12, tzinfo=UTC))  # the earlier release window
    hub = commissioned(7, T0 - 30 * DAY, DeviceType.CHF)  # not a Smart Meter
    never = device(8)  # pre-notified only
    with uow_factory() as uow:
        uow.certificates.put(record_from_certificate(cert))  # type: ignore[arg-type]
        for d in (left, changed, late, recent, failed, early, hub, never):
            uow.inventory.add(d)
        uow.registration.put(period(MPAN, effective_from=T0 - 100 * DAY))
        for r in (update(1, changed, "6.15.1", T0 - 4 * DAY),  # day 6 after commissioning
                  update(2, changed, "6.23", T0 - 3 * DAY),  # a later one does not change the first
                  update(3, late, "6.23", T0 - 11 * DAY),  # day 9
                  update(4, left, "6.15.1", T0 - 9 * DAY),  # before commissioning: does not count
                  update(5, left, "4.1.1", T0 - 7 * DAY),  # not a credentials update
                  update(6, failed, "6.15.1", T0 - 8 * DAY, RequestState.FAILED, "E21"),
                  update(7, early, "6.15.1", datetime(2017, 2, 3, tzinfo=UTC)),
                  update(8, recent, "6.15.1", T0 + DAY)):  # after the report's instant
            uow.requests.add(r)  # type: ignore[arg-type]
        uow.commit()
    builder = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([cert]))  # type: ignore[list-item]
    with uow_factory(read_only=True) as uow:
        report = builder(uow, T0)
    listed = dict(zip(column(report, "device"), report.records(), strict=True))
    assert set(listed) == {str(left.device_id), str(late.device_id), str(failed.device_id)}
    row = listed[str(left.device_id)]
    assert (row["status"], row["days"], row["first credentials update"]) == ("overdue", 8.0, None)
    assert (row["type"], row["MPxN"], row["supplier"]) == ("ESME", MPAN, str(SUPPLIER))  # Registered Supplier
    assert row["commissioned at"] == T0 - 8 * DAY and row["limited data"] is False
    assert (listed[str(late.device_id)]["status"], listed[str(late.device_id)]["days"]) == ("updated late", 9.0)
    assert listed[str(failed.device_id)]["status"] == "overdue"
    assert report.summary["commissioned meters"] == 6 and report.summary["updated in time"] == 2
    assert report.summary["due"] == 1 and report.summary["earlier release window (limited data)"] == 1
    assert report.summary["recovery anchor holds the Recovery Certificate"] == 6
    assert any("SIMULATED" in note for note in report.notes)

    everything = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([cert]),  # type: ignore[list-item]
                                         include_compliant=True)
    with uow_factory(read_only=True) as uow:
        full = {r["device"]: r for r in everything(uow, T0).records()}
    assert full[str(changed.device_id)]["status"] == "updated in time"
    assert full[str(changed.device_id)]["days"] == 6.0
    assert full[str(changed.device_id)]["supplier"] == str(SUPPLIER)  # no registration: the SMI's credentials
    assert full[str(early.device_id)]["limited data"] is True  # processed, not necessarily executed
    assert full[str(recent.device_id)]["status"] == "due"


def test_r_post_1_recovery_anchor_that_differs_or_no_recovery_certificate_is_a_finding(
        uow_factory: UnitOfWorkFactory, recovery: tuple[Pki, object]) -> None:
    pki, cert = recovery
    meter = commissioned(1, T0 - 10 * DAY)
    with uow_factory() as uow:
        uow.inventory.add(meter)
        uow.requests.add(update(1, meter, "6.15.1", T0 - 9 * DAY))  # type: ignore[arg-type]
        uow.commit()
    with uow_factory(read_only=True) as uow:  # the SMKI Repository holds no Recovery Certificate yet
        bare = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([]))(uow, T0)
        [row] = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([]), include_compliant=True)(uow, T0).records()
    assert bare.rows == () and any("no valid Recovery Certificate" in n for n in bare.notes)  # the instance's finding
    assert (row["status"], row["recovery anchor"]) == ("updated in time", str(RecoveryCheck.NO_CERTIFICATE))
    other = issue_organisation_certificate(pki.organisation_ca, ec.generate_private_key(ec.SECP256R1()).public_key(),
                                           eui=RECOVERY_EUI, role=RemotePartyRole.RECOVERY,
                                           usage=KeyUsage.DIGITAL_SIGNATURE, not_before=T0 - 300 * DAY)
    with uow_factory() as uow:
        uow.certificates.put(record_from_certificate(cert))  # type: ignore[arg-type]
        uow.certificates.put(record_from_certificate(other))  # the newest: the one devices should hold
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [c.serial for c in uow.post_commissioning.recovery_certificates(T0)] == [
            other.serial_number, cert.serial_number]  # type: ignore[attr-defined]
        [stale] = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([cert]))(uow, T0).records()  # type: ignore[list-item]
        [empty] = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([]))(uow, T0).records()
        [holds] = PostCommissioningReport(WINDOW, SimulatedRecoveryCells([other]), include_compliant=True)(
            uow, T0).records()
        assert uow.post_commissioning.recovery_certificates(T0 - 370 * DAY) == []  # before either was valid
    assert (stale["recovery anchor"], empty["recovery anchor"]) == (str(RecoveryCheck.DIFFERS),
                                                                    str(RecoveryCheck.EMPTY))
    assert holds["recovery anchor"] == str(RecoveryCheck.HOLDS)


def test_commissioned_meters_reads_history_requests_and_the_registered_supplier_at_commissioning(
        uow_factory: UnitOfWorkFactory) -> None:
    meter = commissioned(1, T0 - 5 * DAY, import_mpxn=MPAN)
    other = Eui64(0x90B3_D51F_3001_0009)
    with uow_factory() as uow:
        uow.inventory.add(meter)
        uow.registration.put(period(MPAN, effective_from=T0 - 50 * DAY, effective_to=T0 - 2 * DAY))
        uow.registration.put(period(MPAN, party=other, effective_from=T0 - 2 * DAY))  # churned after commissioning
        uow.requests.add(update(1, meter, "6.23", T0 - DAY))  # type: ignore[arg-type]
        uow.commit()
    with uow_factory(read_only=True) as uow:
        [m] = uow.post_commissioning.commissioned_meters(T0, CREDENTIAL_UPDATE_SRVS)
        assert uow.post_commissioning.commissioned_meters(T0 - 6 * DAY, CREDENTIAL_UPDATE_SRVS) == []
        [before] = uow.post_commissioning.commissioned_meters(T0 - 2 * DAY, CREDENTIAL_UPDATE_SRVS)
    assert (m.device_id, m.device_type, m.mpxn, m.supplier) == (meter.device_id, "ESME", MPAN, SUPPLIER)
    assert (m.commissioned_at, m.first_update_at) == (T0 - 5 * DAY, T0 - DAY)
    assert before.first_update_at is None  # the update came after that instant


def test_anomaly_counts_a_users_requests_of_a_class_since_an_instant_and_lists_its_quarantine(
        uow_factory: UnitOfWorkFactory) -> None:
    other = Eui64(0x90B3_D51F_3001_0009)
    with uow_factory() as uow:
        uow.requests.add(request(1, received_at=T0 - timedelta(hours=2)))  # outside the hour
        uow.requests.add(request(2, received_at=T0 - timedelta(minutes=30)))
        uow.requests.add(request(3, srv="4.1.2", received_at=T0, state=RequestState.QUARANTINED))
        uow.requests.add(request(4, srv="7.1", received_at=T0))  # another class
        uow.requests.add(request(5, user=other, received_at=T0, state=RequestState.QUARANTINED))
        uow.commit()
    since = T0 - timedelta(hours=1)
    reads = {"4.1.1", "4.1.2"}
    with uow_factory(read_only=True) as uow:
        assert uow.anomaly.count_sent(SUPPLIER, reads, since) == 2
        assert uow.anomaly.count_sent(SUPPLIER, reads, since - 2 * timedelta(hours=1)) == 3
        assert uow.anomaly.count_sent(SUPPLIER, reads, since, exclude=RequestId(SUPPLIER, request().device_id, 3)) == 1
        assert uow.anomaly.count_sent(SUPPLIER, set(), since) == 0
        assert [r.request_id.counter for r in uow.anomaly.quarantined(SUPPLIER, 10)] == [3]
        assert [r.user_id for r in uow.anomaly.quarantined(None, 10)] == [SUPPLIER, other]
        assert len(uow.anomaly.quarantined(None, 1)) == 1
        assert uow.anomaly.quarantined(None, 0) == []

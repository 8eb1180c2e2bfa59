"""Change of Supplier through DUIS in virtual time. Transitional CoS (R-COS-1): registration decides who may
ask, the segregated CoS Party signs the CS02b, the meter's Supplier cell takes the new supplier's
certificates, the SMI and the DCC alerts follow; anomaly detection quarantines a User's excess 6.23s.
Enduring CoS (R-COS-2): the migration campaign puts the ECoS Party's (or a null) certificate in meters'
Transitional CoS cells; TCoS and ECoS then run side by side and suppliers churn both ways."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gbdcc.adapters.cos.identity import ECOS_EUI, NULL_COS_EUI, TCOS_EUI
from gbdcc.adapters.cos.parties import build_cos_parties
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.issue import issue_organisation_certificate
from gbdcc.adapters.wan.csp import FailureReason
from gbdcc.domain.cos import CS02B_SUPPLIER_BY_TRANSCOS, CosCell, CosMigration, MigrationPolicy, MigrationState
from gbdcc.domain.errors import CosPartyNotTrusted
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import KeyUsage, RemotePartyRole
from gbdcc.service.cos.migration import QueueReport, queue_migrations
from gbdcc.service.cos.ports import CosCommand

from .conftest import NS, Dcc, Party, code

NEW_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-DE-00-0B")
NEW_URL = "http://new-supplier.test/duis"
READ = "<sr:ReadInstantaneousImportRegisters/>"


def b64(path: Path) -> str:
    return base64.b64encode(x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(Encoding.DER)).decode()


def cos_body(dcc: Dcc, keys: Path, eui: Eui64, mpxn: str) -> str:
    ca = base64.b64encode(dcc.instance.identity.pki.organisation_ca.cert.public_bytes(Encoding.DER)).decode()
    return ("<sr:UpdateSecurityCredentialsCoS><sr:SupplierFloorSeqNumber>0</sr:SupplierFloorSeqNumber>"
            "<sr:SupplierPrepaymentTopUpFloorSeqNumber>0</sr:SupplierPrepaymentTopUpFloorSeqNumber>"
            "<sr:SupplierReplacementCertificates>"
            f"<sr:DigitalSigningCertificate>{b64(keys / f'{eui.hex}-ds.pem')}</sr:DigitalSigningCertificate>"
            f"<sr:KeyAgreementCertificate>{b64(keys / f'{eui.hex}-ka.pem')}</sr:KeyAgreementCertificate>"
            f"<sr:KeyAgreementTopUpCertificate>{b64(keys / f'{eui.hex}-pp-ka.pem')}</sr:KeyAgreementTopUpCertificate>"
            "</sr:SupplierReplacementCertificates>"
            f"<sr:CertificationPathCertificates><sr:Certificate>{ca}</sr:Certificate></sr:CertificationPathCertificates>"
            f"<sr:ApplyTimeBasedCPVChecks>true</sr:ApplyTimeBasedCPVChecks><sr:ImportMPxN>{mpxn}</sr:ImportMPxN>"
            "</sr:UpdateSecurityCredentialsCoS>")


@pytest.fixture
def newcomer(dcc: Dcc, tmp_path: Path) -> Party:
    keys = tmp_path / "new-supplier"
    register_user(dcc.instance, eui=str(NEW_SUPPLIER), role="IS", name="Incoming Supplier", issue_keys_to=keys,
                  response_url=NEW_URL)
    return Party(NEW_SUPPLIER, keys, NEW_URL)


def service_responses(dcc: Dcc, signed: bytes, url: str) -> list[etree._Element]:
    """The Service Responses (not the DCC alerts that name the same RequestID)."""
    return [r for r in dcc.responses_for(signed, url) if r.find(".//sr:ResponseMessage", namespaces=NS) is not None]


def switch_at(dcc: Dcc, mpxn: str, to: Eui64, delay: timedelta) -> None:
    """The RDP's change: the registered Import Supplier of ``mpxn`` is ``to`` from now + ``delay``."""
    at = dcc.clock.now() + delay
    with dcc.instance.uow_factory() as uow:
        uow.registration.end(mpxn, UserRole.IMPORT_SUPPLIER, at)
        uow.registration.put(RegistrationPeriod(mpxn, UserRole.IMPORT_SUPPLIER, to, at))
        uow.commit()


def anchor_cell(dcc: Dcc, device: Device, role: RemotePartyRole) -> Eui64 | None:
    """Whose certificates the SIMULATED device's trust-anchor cell of ``role`` holds."""
    assert device.chf_id is not None
    hub = dcc.instance.pipeline.wan.hub(device.chf_id)
    assert hub is not None
    cell = hub.hub.devices[device.device_id].security.anchors.get(role)
    return None if cell is None else cell.eui


def supplier_cell(dcc: Dcc, esme: Device) -> Eui64 | None:
    return anchor_cell(dcc, esme, RemotePartyRole.SUPPLIER)


def test_r_cos_1_a_registration_change_then_6_23_moves_the_meter_to_the_new_supplier(
    dcc: Dcc, newcomer: Party
) -> None:
    esme = dcc.first(DeviceType.ESME)
    mpan = esme.import_mpxn
    assert mpan
    switch_at(dcc, mpan, NEW_SUPPLIER, timedelta(hours=1))
    dcc.run(horizon=timedelta(minutes=5))  # the meter is in use before the change
    assert supplier_cell(dcc, esme) == dcc.supplier.eui

    early = [dcc.submit(dcc.request(newcomer, esme.device_id, srv, body)).decision
             for srv, body in (("4.1.1", READ), ("6.23", cos_body(dcc, newcomer.keys, NEW_SUPPLIER, mpan)))]
    assert [(d.response_code, d.rule) for d in early] == [("E4", "R-SR-1"), ("E4", "R-SR-1")]

    dcc.clock.advance(3600)
    cos = dcc.request(newcomer, esme.device_id, "6.23", cos_body(dcc, newcomer.keys, NEW_SUPPLIER, mpan))
    assert dcc.submit(cos).decision.response_code == "I99"
    dcc.run()
    [response] = service_responses(dcc, cos, NEW_URL)
    assert code(response) == "I0"
    assert supplier_cell(dcc, esme) == NEW_SUPPLIER  # the device holds the new supplier's certificates
    assert dcc.device(esme.device_id).supplier_credentials == NEW_SUPPLIER  # and the SMI says so

    alerts = {r.find(".//sr:DCCAlert", namespaces=NS)[0].tag.split("}")[1]: r
              for r in dcc.received(NEW_URL) + dcc.received() if r.find(".//sr:DCCAlert", namespaces=NS) is not None}
    assert {"SecurityCredentialsUpdated", "ChangeOfSupplier"} <= set(alerts)
    assert len(alerts["SecurityCredentialsUpdated"].findall(".//sr:Certificates", namespaces=NS)) == 3
    old_alerts = [r for r in dcc.received() if r.find(".//sr:DeviceChangeOfSupplier", namespaces=NS) is not None]
    assert [r.findtext(".//sr:DeviceChangeOfSupplier/sr:DeviceID", namespaces=NS) for r in old_alerts] == [
        str(esme.device_id)]

    new_read = dcc.request(newcomer, esme.device_id, "4.1.1", READ)
    assert dcc.submit(new_read).decision.response_code == "I99"
    old_read = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ))
    assert (old_read.decision.response_code, old_read.decision.rule) == ("E4", "R-SR-1")
    dcc.run()
    assert [code(r) for r in service_responses(dcc, new_read, NEW_URL)] == ["I0"]

    entries = (dcc.data_dir / "cos-party" / "TCoS" / "audit.jsonl").read_text().splitlines()
    assert len(entries) == 1 and '"outcome": "signed"' in entries[0] and str(NEW_SUPPLIER) in entries[0]


def test_r_cos_1_a_6_23_from_a_supplier_not_registered_is_e4_and_the_meter_is_untouched(
    dcc: Dcc, newcomer: Party
) -> None:
    esme = dcc.first(DeviceType.ESME)
    assert esme.import_mpxn
    refused = dcc.submit(dcc.request(newcomer, esme.device_id, "6.23",
                                     cos_body(dcc, newcomer.keys, NEW_SUPPLIER, esme.import_mpxn)))
    assert refused.decision.response_code == "E4"
    other_mpxn = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "6.23",
                                        cos_body(dcc, newcomer.keys, NEW_SUPPLIER, "1900000000008")))
    assert (other_mpxn.decision.response_code, other_mpxn.decision.rule) == ("E4", "R-COS-1")
    assert "not the device's" in other_mpxn.decision.reason
    dcc.run()
    assert dcc.device(esme.device_id).supplier_credentials == dcc.supplier.eui
    assert supplier_cell(dcc, esme) == dcc.supplier.eui
    assert not (dcc.data_dir / "cos-party" / "TCoS" / "audit.jsonl").exists()  # never reached the CoS Party


def test_r_cos_1_the_cos_party_refuses_certificates_the_smki_repository_does_not_hold(
    dcc: Dcc, newcomer: Party, tmp_path: Path
) -> None:
    esme = dcc.first(DeviceType.ESME)
    assert esme.import_mpxn
    switch_at(dcc, esme.import_mpxn, NEW_SUPPLIER, timedelta(0))
    unlodged = tmp_path / "unlodged"  # certificates of the Organisation CA that never reached the SMKI repository
    ca, start = dcc.instance.identity.pki.organisation_ca, dcc.clock.now() - timedelta(days=1)
    for name, usage in (("ds", KeyUsage.DIGITAL_SIGNATURE), ("ka", KeyUsage.KEY_AGREEMENT),
                        ("pp-ka", KeyUsage.KEY_AGREEMENT)):
        cert = issue_organisation_certificate(ca, ec.generate_private_key(ec.SECP256R1()).public_key(),
                                              eui=NEW_SUPPLIER, role=RemotePartyRole.SUPPLIER, usage=usage,
                                              not_before=start)
        storage.write_atomic(unlodged / f"{NEW_SUPPLIER.hex}-{name}.pem", storage.certificate_pem(cert))
    cos = dcc.request(newcomer, esme.device_id, "6.23", cos_body(dcc, unlodged, NEW_SUPPLIER, esme.import_mpxn))
    assert dcc.submit(cos).decision.response_code == "I99"
    dcc.run()
    [response] = service_responses(dcc, cos, NEW_URL)
    assert code(response) == "E062301"
    assert supplier_cell(dcc, esme) == dcc.supplier.eui
    [entry] = (dcc.data_dir / "cos-party" / "TCoS" / "audit.jsonl").read_text().splitlines()
    assert '"outcome": "refused"' in entry and "not in the SMKI repository" in entry


def test_r_cos_1_anomaly_detection_quarantines_a_users_excess_6_23s(
    dcc: Dcc, newcomer: Party, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GBDCC_COS_ANOMALY_USER_LIMITS", json.dumps({str(NEW_SUPPLIER): 1}))
    dcc.reopen()  # the per-User threshold is configuration
    esmes = [p.device(DeviceType.ESME) for p in dcc.premises if p.device(DeviceType.ESME) is not None][:2]
    for esme in esmes:
        assert esme is not None and esme.import_mpxn
        switch_at(dcc, esme.import_mpxn, NEW_SUPPLIER, timedelta(0))
    first, second = (dcc.request(newcomer, e.device_id, "6.23", cos_body(dcc, newcomer.keys, NEW_SUPPLIER,
                                                                            e.import_mpxn or ""))
                     for e in esmes if e is not None)
    assert dcc.submit(first).decision.response_code == "I99"
    quarantined = dcc.submit(second)
    assert (quarantined.decision.response_code, quarantined.decision.rule) == ("I99", "R-COS-1")
    assert "quarantined" in quarantined.decision.reason
    assert quarantined.request_id is not None
    with dcc.instance.uow_factory(read_only=True) as uow:
        stored = uow.requests.get(RequestId.parse(quarantined.request_id))
    assert stored is not None and stored.state is RequestState.QUARANTINED
    dcc.run()
    [alert] = [r for r in dcc.received(NEW_URL) if r.find(".//sr:ADUserThresholdBreach", namespaces=NS) is not None]
    assert alert.findtext(".//sr:ADUserThresholdBreach/sr:RequestID", namespaces=NS) == str(quarantined.request_id)
    assert service_responses(dcc, second, NEW_URL) == []  # the alert is all it gets: nothing was sent
    assert len(dcc.responses_for(second, NEW_URL)) == 1


# --- Enduring CoS beside Transitional CoS (R-COS-2) ----------------------------------------------------


def transcos_cell(dcc: Dcc, device: Device) -> Eui64 | None:
    return anchor_cell(dcc, device, RemotePartyRole.TRANSITIONAL_COS)


def party_log(dcc: Dcc, name: str) -> list[dict[str, object]]:
    path = dcc.data_dir / "cos-party" / name / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def migration(dcc: Dcc, device: Device) -> CosMigration:
    with dcc.instance.uow_factory(read_only=True) as uow:
        found = uow.cos_migrations.get(device.device_id)
    assert found is not None
    return found


def migrate(dcc: Dcc, devices: list[Device], target: CosCell = CosCell.ECOS) -> QueueReport:
    report = queue_migrations(dcc.instance.uow_factory, [d.device_id for d in devices], target, dcc.clock.now())
    dcc.run()
    return report


def esmes(dcc: Dcc, n: int) -> list[Device]:
    found = [dcc.device(d.device_id) for p in dcc.premises if (d := p.device(DeviceType.ESME)) is not None]
    return [d for d in found if d.status.value == "Commissioned"][:n]


def change_supplier(dcc: Dcc, party: Party, esme: Device) -> etree._Element:
    """The registration moves ``esme``'s MPAN to ``party`` now; its 6.23 is submitted and run."""
    assert esme.import_mpxn
    switch_at(dcc, esme.import_mpxn, party.eui, timedelta(0))
    cos = dcc.request(party, esme.device_id, "6.23", cos_body(dcc, party.keys, party.eui, esme.import_mpxn))
    assert dcc.submit(cos).decision.response_code == "I99"
    dcc.run()
    [response] = service_responses(dcc, cos, party.url)
    return response


def test_r_cos_2_the_campaign_moves_a_meter_to_ecos_only_once_the_device_confirms(dcc: Dcc) -> None:
    [esme] = esmes(dcc, 1)
    assert transcos_cell(dcc, esme) == TCOS_EUI and esme.cos_cell is CosCell.TCOS
    report = migrate(dcc, [esme])
    assert report.queued == [esme.device_id]
    done = migration(dcc, esme)
    assert (done.state, done.target, done.attempts) == (MigrationState.DONE, CosCell.ECOS, 1)
    assert transcos_cell(dcc, esme) == ECOS_EUI  # the device holds the ECoS Party's certificate
    assert dcc.device(esme.device_id).cos_cell is CosCell.ECOS  # and the SMI says so
    [signed] = party_log(dcc, "TCoS")
    assert (signed["outcome"], signed["rule"], signed["target"]) == ("signed", "R-COS-2", "ECoS")
    again = queue_migrations(dcc.instance.uow_factory, [esme.device_id], CosCell.ECOS, dcc.clock.now())
    assert (again.queued, again.unchanged) == ([], [esme.device_id])  # idempotent
    with dcc.instance.uow_factory(read_only=True) as uow:
        assert uow.cos_migrations.cells()[CosCell.ECOS] == 1
        assert uow.cos_migrations.candidates(1000).count(esme.device_id) == 0


def test_r_cos_2_ecos_and_tcos_suppliers_churn_to_each_other_in_both_directions(dcc: Dcc, newcomer: Party) -> None:
    on_ecos, on_tcos = esmes(dcc, 2)
    migrate(dcc, [on_ecos])
    old = dcc.supplier
    # TCoS supplier → ECoS: the newcomer takes the meter that trusts the ECoS Party
    assert code(change_supplier(dcc, newcomer, on_ecos)) == "I0"
    assert supplier_cell(dcc, on_ecos) == NEW_SUPPLIER
    # and back: the old supplier wins it again, still through ECoS
    assert code(change_supplier(dcc, old, on_ecos)) == "I0"
    assert supplier_cell(dcc, on_ecos) == old.eui
    # ECoS → TCoS: the newcomer takes a meter that still trusts the TCoS Party
    assert code(change_supplier(dcc, newcomer, on_tcos)) == "I0"
    assert supplier_cell(dcc, on_tcos) == NEW_SUPPLIER
    assert dcc.device(on_tcos.device_id).supplier_credentials == NEW_SUPPLIER

    ecos, tcos = party_log(dcc, "ECoS"), party_log(dcc, "TCoS")
    assert [(e["device"], e["new_supplier"]) for e in ecos] == [(str(on_ecos.device_id), str(NEW_SUPPLIER)),
                                                                 (str(on_ecos.device_id), str(old.eui))]
    assert all(e["outcome"] == "signed" for e in ecos + tcos)
    # the TCoS Party was never asked about the ECoS meter's supplier: only its migration
    assert [(e["device"], e["rule"]) for e in tcos] == [(str(on_ecos.device_id), "R-COS-2"),
                                                        (str(on_tcos.device_id), "R-COS-1")]


def test_r_cos_2_a_meter_with_a_null_cell_trusts_no_cos_party_its_6_23_is_refused_at_once(
    dcc: Dcc, newcomer: Party
) -> None:
    [esme] = esmes(dcc, 1)
    migrate(dcc, [esme], CosCell.NULL)
    assert migration(dcc, esme).state is MigrationState.DONE
    assert dcc.device(esme.device_id).cos_cell is CosCell.NULL
    assert transcos_cell(dcc, esme) == NULL_COS_EUI  # a certificate nobody holds the key of
    assert esme.import_mpxn
    switch_at(dcc, esme.import_mpxn, newcomer.eui, timedelta(0))
    cos = dcc.request(newcomer, esme.device_id, "6.23", cos_body(dcc, newcomer.keys, newcomer.eui, esme.import_mpxn))
    refused = dcc.submit(cos)
    assert (refused.decision.response_code, refused.decision.rule) == ("E062301", "R-COS-2")
    assert "null certificate" in refused.decision.reason
    dcc.run()
    assert party_log(dcc, "ECoS") == []  # no party was asked
    assert [e["rule"] for e in party_log(dcc, "TCoS")] == ["R-COS-2"]  # its migration, nothing since
    assert supplier_cell(dcc, esme) == dcc.supplier.eui  # the device took no CoS command: no party holds its cell
    assert dcc.device(esme.device_id).supplier_credentials == dcc.supplier.eui


def test_r_cos_2_the_tcos_party_refuses_to_sign_for_a_device_whose_cell_is_ecos(dcc: Dcc, newcomer: Party) -> None:
    on_ecos, on_tcos = esmes(dcc, 2)
    migrate(dcc, [on_ecos])
    parties = build_cos_parties(dcc.data_dir, dcc.instance.identity, None, dcc.instance.uow_factory, dcc.clock,
                                test_pki=False)  # the same parties: their keys and logs are on disk
    assert on_ecos.import_mpxn
    switch_at(dcc, on_ecos.import_mpxn, NEW_SUPPLIER, timedelta(0))
    command = CosCommand("x", NEW_SUPPLIER, on_ecos.device_id, on_ecos.import_mpxn, CS02B_SUPPLIER_BY_TRANSCOS,
                         parties.tcos.party, on_ecos.device_id, b"to sign", ())
    with pytest.raises(CosPartyNotTrusted, match="ECoS"):
        parties.tcos.countersign(command)
    assert parties.for_device(on_ecos.device_id) is parties.ecos
    assert parties.for_device(on_tcos.device_id) is parties.tcos
    with pytest.raises(CosPartyNotTrusted):  # nor replace a cell that is no longer its own
        parties.migration_commands(dcc.instance.identity.acb_ka_key, dcc.instance.device_keys.ka_public_key,
                                   lambda _eui: None, dcc.instance.identity.pki.organisation_ca.cert).build(
            on_ecos.device_id, CosCell.NULL, 99)
    refused = [e for e in party_log(dcc, "TCoS") if e["outcome"] == "refused"]
    assert [e["rule"] for e in refused] == ["R-COS-2", "R-COS-2"]


def test_r_cos_2_the_campaign_survives_a_restart_mid_way(dcc: Dcc) -> None:
    devices = esmes(dcc, 3)
    queue_migrations(dcc.instance.uow_factory, [d.device_id for d in devices[:2]], CosCell.ECOS, dcc.clock.now())
    dcc.instance.pipeline.relays[0].drain()  # the CS02bs are on the SM WAN…
    assert {migration(dcc, d).state for d in devices[:2]} == {MigrationState.SENT}
    dcc.reopen()  # …when gbdcc stops: the simulated WAN and its messages are gone
    queue_migrations(dcc.instance.uow_factory, [d.device_id for d in devices], CosCell.ECOS, dcc.clock.now())
    dcc.run(horizon=timedelta(hours=1))
    entries = [migration(dcc, d) for d in devices]
    assert [(m.state, m.attempts) for m in entries] == [(MigrationState.DONE, 2), (MigrationState.DONE, 2),
                                                         (MigrationState.DONE, 1)]
    assert [dcc.device(d.device_id).cos_cell for d in devices] == [CosCell.ECOS] * 3
    assert [transcos_cell(dcc, d) for d in devices] == [ECOS_EUI] * 3


def test_r_cos_2_a_device_that_does_not_confirm_stays_tcos_is_retried_and_reported(dcc: Dcc) -> None:
    [esme] = esmes(dcc, 1)
    assert esme.chf_id is not None
    sm_wan = dcc.instance.pipeline.sm_wan
    sm_wan.set_unreachable(esme.chf_id, "test", FailureReason.HUB_NOT_CONNECTED, "hub unplugged")
    queue_migrations(dcc.instance.uow_factory, [esme.device_id], CosCell.ECOS, dcc.clock.now())
    dcc.run(horizon=timedelta(hours=2))
    failed = migration(dcc, esme)
    assert (failed.state, failed.attempts) == (MigrationState.FAILED, MigrationPolicy().max_attempts)
    assert failed.last_error is not None and "cannot reach hub" in failed.last_error
    assert dcc.device(esme.device_id).cos_cell is CosCell.TCOS
    with dcc.instance.uow_factory(read_only=True) as uow:
        assert uow.cos_migrations.counts() == {MigrationState.FAILED: 1}
        assert esme.device_id in uow.cos_migrations.candidates(1000)  # `--all` takes it again
    sm_wan.clear_unreachable(esme.chf_id, "test")
    migrate(dcc, [esme])
    assert (migration(dcc, esme).state, dcc.device(esme.device_id).cos_cell) == (MigrationState.DONE, CosCell.ECOS)

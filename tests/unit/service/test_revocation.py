"""RevocationService (R-PKI-1) called directly over the in-memory unit of work with a real instance's PKI:
revoke → a new verified list applied; imported lists used only once verified; IKI / ICA lists not held;
a revoked certificate shows as Revoked in the SMKI search / retrieve service (handler and HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ObjectIdentifier
from fastapi.testclient import TestClient
from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.http.smki_service import create_smki_app
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.crl import X509CrlCodec, load_crl
from gbdcc.adapters.smki.pki import CaCredential, build_ca_certificate, ca_name
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.errors import RevocationListInvalid, RevocationListNotHeld, RevocationListUnknown, RevocationRefused
from gbdcc.domain.revocation import RevokedCertificate
from gbdcc.domain.smki import CertificateRecord, CertificateStatus, KeyUsage, RemotePartyRole, RevocationReason
from gbdcc.service.smki.directory import CertificateQuery

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
OCA = "CN=GBDCC-OCA,OU=07"
XML = {"content-type": "application/xml"}
#: a made-up policy for a throwaway IKI-like CA (the real IKI is another engineer's)
TEST_IKI_POLICY = ObjectIdentifier("1.3.6.1.4.1.55555.1.1")


class World:
    def __init__(self, data_dir: Path) -> None:
        self.clock = VirtualClock(T0)
        self.instance = bootstrap.open_instance(Settings(data_dir=data_dir), clock=self.clock,
                                                scheduler=VirtualScheduler(self.clock), in_memory=True)
        self.supplier = ensure_demo_parties(self.instance).supplier
        self.revocation = bootstrap.build_revocation(self.instance)

    def certificate(self, role: RemotePartyRole, usage: KeyUsage = KeyUsage.DIGITAL_SIGNATURE) -> CertificateRecord:
        with self.instance.uow_factory(read_only=True) as uow:
            return next(r for r in uow.certificates.by_eui_usage(self.supplier, usage) if r.role is role)

    def stored(self, record: CertificateRecord) -> CertificateRecord:
        with self.instance.uow_factory(read_only=True) as uow:
            got = uow.certificates.by_issuer_serial(record.issuer, record.serial)
        assert got is not None
        return got

    def oca(self) -> CaCredential:
        return self.instance.identity.pki.organisation_ca


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_r_pki_1_revoke_issues_a_verified_list_and_marks_the_certificate_revoked(world: World) -> None:
    xml = world.certificate(RemotePartyRole.XML_SIGNING)
    assert xml.issuer == OCA and not xml.revoked
    applied = world.revocation.revoke(xml.serial, reason=RevocationReason.KEY_COMPROMISE)
    assert [r.serial for r in applied.newly_revoked] == [xml.serial] and applied.unknown_serials == ()
    assert (applied.crl.issuer, applied.crl.number) == (OCA, 1)
    assert load_crl(applied.crl.der).is_signature_valid(world.oca().cert.public_key())
    stored = world.stored(xml)
    assert stored.revoked_at == T0 and stored.revocation_reason is RevocationReason.KEY_COMPROMISE
    ds = world.certificate(RemotePartyRole.SUPPLIER)
    world.clock.advance(300)
    second = world.revocation.revoke(ds.serial)
    assert second.crl.number == 2 and [e.serial for e in second.crl.entries] == [xml.serial, ds.serial]
    assert world.revocation.latest(OCA) == second.crl
    with pytest.raises(RevocationRefused, match="already revoked"):
        world.revocation.revoke(ds.serial)


def test_r_pki_1_crl_with_one_altered_byte_is_rejected_and_nothing_is_applied(world: World) -> None:
    ds = world.certificate(RemotePartyRole.SUPPLIER)
    der = X509CrlCodec([world.oca()]).issue(OCA, (RevokedCertificate(ds.serial, T0),), 1, T0, T0 + timedelta(days=1))
    altered = bytearray(der)
    altered[der.find(ds.serial.to_bytes(16, "big")) + 15] ^= 0x01  # the revoked serial's last byte
    with pytest.raises(RevocationListInvalid) as caught:
        world.revocation.import_crl(bytes(altered))
    assert caught.value.rule == "R-PKI-1" and "signature does not verify" in caught.value.reason
    assert not world.stored(ds).revoked
    with pytest.raises(RevocationListUnknown):
        world.revocation.latest(OCA)
    applied = world.revocation.import_crl(der)  # the list as signed is used
    assert [r.serial for r in applied.newly_revoked] == [ds.serial] and world.stored(ds).revoked


def test_r_pki_1_iki_and_ica_lists_are_not_held_in_the_repository(world: World) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build_ca_certificate(ca_name("TEST-IKI-ICA", None), key, issuer=None, not_before=T0 - timedelta(days=1),
                                not_after=T0 + timedelta(days=30), path_length=0, policy=TEST_IKI_POLICY)
    iki = CaCredential(cert, key)
    with world.instance.uow_factory() as uow:  # even with the IKI CA's certificate in the repository
        uow.certificates.put(record_from_certificate(cert))
        uow.commit()
    der = X509CrlCodec([iki]).issue("CN=TEST-IKI-ICA", (RevokedCertificate(77, T0),), 1, T0, T0 + timedelta(days=1))
    with pytest.raises(RevocationListNotHeld) as caught:
        world.revocation.import_crl(der)
    assert caught.value.rule == "R-PKI-1"
    root = world.instance.identity.pki.root  # nor the Root's authority revocation list
    arl = X509CrlCodec([root]).issue("CN=GBDCC-ROOT,OU=00", (), 1, T0, T0 + timedelta(days=1))
    with pytest.raises(RevocationListNotHeld):
        world.revocation.import_crl(arl)
    assert world.revocation.published() == []
    client = TestClient(create_smki_app(world.instance.smki, revocation=world.revocation))
    assert client.get("/crl").json() == []
    assert client.get("/crl/CN=TEST-IKI-ICA").status_code == 404


def test_r_pki_1_stale_or_replayed_list_is_refused(world: World) -> None:
    codec = X509CrlCodec([world.oca()])
    world.revocation.issue(OCA)
    world.revocation.issue(OCA)
    old = codec.issue(OCA, (), 1, T0, T0 + timedelta(days=1))
    with pytest.raises(RevocationListInvalid, match="already holds number 2"):
        world.revocation.import_crl(old)
    world.clock.advance(2 * 86400)
    expired = codec.issue(OCA, (), 3, T0, T0 + timedelta(days=1))
    with pytest.raises(RevocationListInvalid, match="out of date"):
        world.revocation.import_crl(expired)


def test_revoking_what_the_smki_cannot_revoke_is_refused(world: World) -> None:
    with pytest.raises(RevocationRefused, match="not in the SMKI repository"):
        world.revocation.revoke(0xDEAD)
    with pytest.raises(RevocationRefused, match="CA certificate"):
        world.revocation.revoke(world.oca().cert.serial_number)


def test_r_pki_1_revoked_certificate_shows_as_revoked_in_smki_search_and_retrieve(world: World) -> None:
    ds = world.certificate(RemotePartyRole.SUPPLIER)
    smki = world.instance.smki
    assert smki.retrieve(ds.serial).status is CertificateStatus.IN_USE  # type: ignore[union-attr]
    world.revocation.revoke(ds.serial, reason=RevocationReason.KEY_COMPROMISE)
    entry = smki.retrieve(ds.serial)
    assert entry is not None and entry.status is CertificateStatus.REVOKED
    revoked = smki.search(CertificateQuery(world.supplier, False, status=CertificateStatus.REVOKED))
    assert [e.record.serial for e in revoked] == [ds.serial]
    client = TestClient(create_smki_app(smki, revocation=world.revocation))
    r = client.post("/services/retrievecertificate", headers=XML,
                    content=f"<CertificateDataRequest><CertificateSerial>{ds.serial:X}</CertificateSerial>"
                            "</CertificateDataRequest>")
    assert r.status_code == 200
    assert etree.fromstring(r.content).findtext("CertificateResponse/CertificateStatus") == "R"
    r = client.post("/services/certificatesearch", headers=XML,
                    content=f"<CertificateSearchRequest><CertificateSubjectName>{world.supplier}"
                            "</CertificateSubjectName><CertificateStatus>R</CertificateStatus>"
                            "</CertificateSearchRequest>")
    assert r.status_code == 200
    results = etree.fromstring(r.content).findall("Result")
    assert [x.findtext("CertificateSerial") for x in results] == [f"{ds.serial:X}"]
    published = client.get("/crl").json()
    assert [(p["issuer"], p["number"], p["revoked"]) for p in published] == [(OCA, 1, 1)]
    crl = client.get(published[0]["path"])
    assert crl.status_code == 200 and crl.headers["content-type"] == "application/pkix-crl"
    assert load_crl(crl.content).is_signature_valid(world.oca().cert.public_key())
    assert client.get("/crl/CN=NOBODY").status_code == 404


def test_r_pki_1_gateway_refuses_a_request_signed_with_a_revoked_certificate_at_once(tmp_path: Path) -> None:
    """The gateway's authentication (DuisGateway._authenticate → check_xml_signing_certificate) over the
    in-memory unit of work: the same User's next request after revocation is refused E1, R-PKI-1."""
    from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
    from gbdcc.adapters.provisioning.estate import ensure_estate
    from gbdcc.adapters.wan.estate import generate_estate
    from gbdcc.domain.catalogue import WebService
    from gbdcc.domain.inventory import DeviceType

    world = World(tmp_path)
    demo = ensure_demo_parties(world.instance)
    ensure_estate(world.instance, 4, parties=demo.estate)
    key = load_signing_key((demo.supplier_keys / "xml-sign.key").read_bytes())
    cert = load_certificate((demo.supplier_keys / "xml-sign.pem").read_bytes())
    esme = next(d for p in generate_estate(4, 1) if (d := p.device(DeviceType.ESME)) is not None)

    def read(counter: int) -> bytes:
        xml = (f'<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">'
               f"<sr:Header><sr:RequestID>{demo.supplier}:{esme.device_id}:{counter}</sr:RequestID>"
               "<sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>4.1</sr:ServiceReference>"
               "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
               "<sr:ReadInstantaneousImportRegisters/></sr:Body></sr:Request>").encode()
        return sign_request(xml, key, cert, preserve_counter=True)

    gateway = world.instance.gateway
    assert gateway.submit(read(1), WebService.SEND_COMMAND).error is None
    world.revocation.revoke(cert.serial_number)
    reply = gateway.submit(read(2), WebService.SEND_COMMAND)
    assert reply.decision.response_code == "E1"
    assert reply.error is not None and (reply.error.code, reply.error.rule) == ("GBDCC-860", "R-PKI-1")

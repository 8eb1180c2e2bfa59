"""X.509 CRLs of the SMKI (R-PKI-1): issued by the simulated PKI's CAs, verified against the issuing CA's
certificate before use; one altered byte, another key or an unknown issuer and the list is not used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ObjectIdentifier

from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.crl import X509CrlCodec, load_crl
from gbdcc.adapters.smki.pki import CaCredential, Pki, build_ca_certificate, ca_name
from gbdcc.domain.errors import RevocationListInvalid, RevocationRefused
from gbdcc.domain.revocation import CaScope, RevokedCertificate
from gbdcc.domain.smki import CertificateRecord, RevocationReason

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
#: a made-up policy for a throwaway IKI-like CA (the real IKI is another engineer's; its OIDs are not ours)
TEST_IKI_POLICY = ObjectIdentifier("1.3.6.1.4.1.55555.1.1")


def iki_ca(name: str = "TEST-IKI-ICA") -> CaCredential:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build_ca_certificate(ca_name(name, None), key, issuer=None, not_before=T0 - timedelta(days=1),
                                not_after=T0 + timedelta(days=3650), path_length=0, policy=TEST_IKI_POLICY)
    return CaCredential(cert, key)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.generate(now=T0)


def authorities(*cas: CaCredential) -> list[CertificateRecord]:
    return [record_from_certificate(c.cert) for c in cas]


ENTRIES = (RevokedCertificate(0x1234, T0 - timedelta(hours=1), RevocationReason.KEY_COMPROMISE),
           RevokedCertificate(2**126 + 7, T0, RevocationReason.SUPERSEDED))


def test_an_issued_list_verifies_and_says_what_was_revoked(pki: Pki) -> None:
    codec = X509CrlCodec([pki.organisation_ca, pki.device_ca])
    name = "CN=GBDCC-OCA,OU=07"
    assert codec.can_issue(name) and codec.can_issue("CN=GBDCC-DCA") and not codec.can_issue("CN=GBDCC-ROOT,OU=00")
    der = codec.issue(name, ENTRIES, 5, T0, T0 + timedelta(days=7))
    crl = codec.verify(der, authorities(*pki.credentials().values()))
    assert (crl.issuer, crl.number, crl.this_update, crl.next_update) == (name, 5, T0, T0 + timedelta(days=7))
    assert crl.entries == ENTRIES and crl.scope is CaScope.ORGANISATION and crl.der == der
    parsed = load_crl(der)
    assert parsed.is_signature_valid(pki.organisation_ca.cert.public_key())
    device = codec.verify(codec.issue("CN=GBDCC-DCA", (), 1, T0, T0 + timedelta(days=1)), authorities(pki.device_ca))
    assert device.scope is CaScope.DEVICE and device.entries == ()


def test_a_pem_list_is_read_too(pki: Pki) -> None:
    codec = X509CrlCodec([pki.organisation_ca])
    der = codec.issue("CN=GBDCC-OCA,OU=07", ENTRIES, 1, T0, T0 + timedelta(days=7))
    pem = load_crl(der).public_bytes(Encoding.PEM)
    assert codec.verify(pem, authorities(pki.organisation_ca)).entries == ENTRIES


def test_r_pki_1_crl_with_one_altered_byte_is_rejected(pki: Pki) -> None:
    """Every byte of the list matters: changed anywhere (names, dates, serials, signature), it is refused,
    either as unreadable or as not verifying with the CA certificate — never applied."""
    codec = X509CrlCodec([pki.organisation_ca])
    der = codec.issue("CN=GBDCC-OCA,OU=07", ENTRIES, 1, T0, T0 + timedelta(days=7))
    cas = authorities(pki.organisation_ca)
    codec.verify(der, cas)
    tried = 0
    for offset in range(len(der)):
        altered = bytearray(der)
        altered[offset] ^= 0x01
        with pytest.raises(RevocationListInvalid) as caught:
            codec.verify(bytes(altered), cas)
        assert caught.value.rule == "R-PKI-1"
        tried += 1
    assert tried == len(der) > 200
    serial_offset = der.find((0x1234).to_bytes(2, "big"))  # the first revoked serial, inside the signed part
    altered = bytearray(der)
    altered[serial_offset + 1] ^= 0x01
    with pytest.raises(RevocationListInvalid, match="signature does not verify"):
        codec.verify(bytes(altered), cas)
    unused_bits = len(der) - len(load_crl(der).signature) - 1  # outside the signed part: BIT STRING 00 -> 01
    altered = bytearray(der)
    altered[unused_bits] = 0x01
    with pytest.raises(RevocationListInvalid, match=r"canonical DER|corrupted"):  # by the last signature bit
        codec.verify(bytes(altered), cas)


def test_r_pki_1_list_signed_by_another_key_under_the_ca_name_is_rejected(pki: Pki) -> None:
    impostor = Pki.generate(now=T0, organisation_ca_name="GBDCC-OCA").organisation_ca  # same name, other key
    der = X509CrlCodec([impostor]).issue("CN=GBDCC-OCA,OU=07", ENTRIES, 9, T0, T0 + timedelta(days=7))
    with pytest.raises(RevocationListInvalid, match=r"authorityKeyIdentifier|signature"):
        X509CrlCodec([]).verify(der, authorities(pki.organisation_ca))


def test_r_pki_1_list_of_an_issuer_not_in_the_repository_is_not_used(pki: Pki) -> None:
    stranger = iki_ca("SOMEONE-ELSE")
    der = X509CrlCodec([stranger]).issue("CN=SOMEONE-ELSE", ENTRIES, 1, T0, T0 + timedelta(days=7))
    with pytest.raises(RevocationListInvalid, match="not a CA of the SMKI repository"):
        X509CrlCodec([]).verify(der, authorities(pki.organisation_ca, pki.device_ca))


def test_r_pki_1_iki_like_list_verifies_but_is_scoped_other(pki: Pki) -> None:
    iki = iki_ca()
    der = X509CrlCodec([iki]).issue("CN=TEST-IKI-ICA", ENTRIES, 1, T0, T0 + timedelta(days=7))
    assert X509CrlCodec([]).verify(der, authorities(iki)).scope is CaScope.OTHER
    root = X509CrlCodec([pki.root]).issue("CN=GBDCC-ROOT,OU=00", (), 1, T0, T0 + timedelta(days=7))
    assert X509CrlCodec([]).verify(root, authorities(pki.root)).scope is CaScope.OTHER  # the Root's ARL


def test_lists_the_smki_does_not_use_are_refused(pki: Pki) -> None:
    ca = pki.organisation_ca
    base = (x509.CertificateRevocationListBuilder().issuer_name(ca.name).last_update(T0)
            .next_update(T0 + timedelta(days=1)))
    no_number = base.sign(ca.key, hashes.SHA256()).public_bytes(Encoding.DER)
    with pytest.raises(RevocationListInvalid, match="no CRL number"):
        X509CrlCodec([]).verify(no_number, authorities(ca))
    hold = (x509.RevokedCertificateBuilder().serial_number(5).revocation_date(T0)
            .add_extension(x509.CRLReason(x509.ReasonFlags.certificate_hold), critical=False).build())
    held = (base.add_extension(x509.CRLNumber(1), critical=False).add_revoked_certificate(hold)
            .sign(ca.key, hashes.SHA256()).public_bytes(Encoding.DER))
    with pytest.raises(RevocationListInvalid, match="certificateHold"):
        X509CrlCodec([]).verify(held, authorities(ca))
    with pytest.raises(RevocationListInvalid, match=r"not an X\.509 CRL"):
        X509CrlCodec([]).verify(b"not a crl", authorities(ca))
    with pytest.raises(RevocationRefused):
        X509CrlCodec([]).issue("CN=GBDCC-OCA,OU=07", (), 1, T0, T0)

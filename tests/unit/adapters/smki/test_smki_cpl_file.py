"""SECCo's IKI identity and the signed CPL file (R-PKI-2): real ECDSA P-256 keys and X.509 certificates; the
file verifies only with the IKI root the DCC holds, SECCo's Party Signifier and the right key usage, and a
file with any one byte altered is rejected with the rule named."""

from __future__ import annotations

import base64
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.cpl_file import IkiCplVerifier, sign_cpl, verify_cpl_file
from gbdcc.adapters.smki.iki import (
    DEFAULT_SECCO_PARTY_SIGNIFIER,
    IKI_FILE_SIGNING_POLICY,
    Iki,
    issue_file_signing_certificate,
    load_iki_root,
)
from gbdcc.adapters.smki.profile import X500_UNIQUE_IDENTIFIER, key_usage_extension, policies
from gbdcc.domain import cpl
from gbdcc.domain.errors import CplError, CplMalformed, CplSignatureInvalid, IkiUnavailable
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage

SECCO = DEFAULT_SECCO_PARTY_SIGNIFIER
NOW = datetime.now(UTC)


def document() -> bytes:
    return cpl.canonical_bytes(cpl.build({"version": 1, "issued_at": "2026-06-01T00:00:00Z", "entries": [
        {"device_type": "ESME", "manufacturer": "SimMeter Ltd", "model": "SM-ESME", "hardware_version": "HW1",
         "firmware": [{"version": "00000001", "sha256": "a" * 64}]}]}))


@pytest.fixture(scope="module")
def iki() -> Iki:
    return Iki.generate(SECCO, NOW)


def test_r_pki_2_secco_holds_an_iki_file_signing_certificate_carrying_its_party_signifier(iki: Iki) -> None:
    cert = iki.signer_cert
    (uid,) = cert.subject.get_attributes_for_oid(X500_UNIQUE_IDENTIFIER)
    assert uid.value == b"\x00" + SECCO.to_bytes()
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and not usage.value.key_agreement
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
    cert.verify_directly_issued_by(iki.ica.cert)
    iki.ica.cert.verify_directly_issued_by(iki.root.cert)


def test_the_iki_is_kept_in_the_data_dir_encrypted_and_loaded_again(tmp_path: Path) -> None:
    made = Iki.load_or_create(tmp_path, b"secret", now=NOW)
    again = Iki.load_or_create(tmp_path, b"secret")
    assert again.signer_cert == made.signer_cert and again.root.cert == made.root.cert
    key_file = Iki.directory(tmp_path) / "secco-file-signing.key"
    assert key_file.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY")
    assert key_file.stat().st_mode & 0o077 == 0
    assert load_iki_root(tmp_path) == made.root.cert
    with pytest.raises(IkiUnavailable, match="Party Signifier"):
        Iki.load_or_create(tmp_path, b"secret", party_signifier=Eui64(1))
    with pytest.raises(IkiUnavailable, match="cannot be read"):
        Iki.load_or_create(tmp_path, b"wrong")


def test_a_signed_cpl_verifies_and_yields_the_signed_document(iki: Iki) -> None:
    signed = sign_cpl(document(), iki)
    verified = verify_cpl_file(signed, iki.root.cert, SECCO, NOW)
    assert verified.document == document() and verified.party_signifier == SECCO
    assert verified.signer_serial == f"{iki.signer_cert.serial_number:X}"
    assert IkiCplVerifier(iki.root.cert, SECCO).verify(signed, NOW).document == document()


def test_r_pki_2_a_cpl_file_with_one_altered_byte_is_rejected(iki: Iki) -> None:
    """Every byte position flipped (and 300 random replacements): each is refused as altered or off the format."""
    signed = sign_cpl(document(), iki)
    rng = random.Random(14)
    changes = [(i, signed[i] ^ 0x01) for i in range(len(signed))]
    changes += [(i, (signed[i] + rng.randrange(1, 256)) % 256) for i in rng.sample(range(len(signed)), 300)]
    seen: set[str] = set()
    for position, value in changes:
        altered = bytearray(signed)
        altered[position] = value
        with pytest.raises(CplError) as refused:
            verify_cpl_file(bytes(altered), iki.root.cert, SECCO, NOW)
        assert isinstance(refused.value, CplSignatureInvalid | CplMalformed)
        assert refused.value.rule == "R-PKI-2"
        seen.add(refused.value.code)
    assert seen == {"GBDCC-851", "GBDCC-852"}


def test_r_pki_2_one_altered_byte_in_the_document_fails_the_signature_with_a_clear_reason(iki: Iki) -> None:
    doc = document()
    forged = doc.replace(b"SM-ESME", b"SM-ESMF")
    body = sign_cpl(doc, iki).replace(base64.b64encode(doc), base64.b64encode(forged))
    with pytest.raises(CplSignatureInvalid) as refused:
        verify_cpl_file(body, iki.root.cert, SECCO, NOW)
    assert str(refused.value).startswith("GBDCC-851 [R-PKI-2] the CPL signature does not verify")


def test_r_pki_2_a_cpl_signed_under_another_iki_root_is_rejected(iki: Iki) -> None:
    other = Iki.generate(SECCO, NOW)
    with pytest.raises(CplSignatureInvalid, match="not issued by the IKI root the DCC holds"):
        verify_cpl_file(sign_cpl(document(), other), iki.root.cert, SECCO, NOW)
    with pytest.raises(CplSignatureInvalid, match="holds no IKI root"):
        verify_cpl_file(sign_cpl(document(), iki), None, SECCO, NOW)


def test_r_pki_2_only_secco_may_sign_the_cpl(iki: Iki) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    someone = issue_file_signing_certificate(iki.ica, key.public_key(), party_signifier=Eui64(0x90B3D51F30010000),
                                             not_before=NOW - timedelta(days=1))
    with pytest.raises(CplSignatureInvalid, match="not by SECCo"):
        verify_cpl_file(sign_cpl(document(), replace(iki, signer_cert=someone, signer_key=key)), iki.root.cert,
                        SECCO, NOW)


def _signer_with(iki: Iki, usage: KeyUsage, policy: x509.ObjectIdentifier) -> Iki:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue_file_signing_certificate(iki.ica, key.public_key(), party_signifier=SECCO,
                                          not_before=NOW - timedelta(days=1))
    builder = (x509.CertificateBuilder().subject_name(cert.subject).issuer_name(cert.issuer)
               .public_key(key.public_key()).serial_number(cert.serial_number + 1)
               .not_valid_before(cert.not_valid_before_utc).not_valid_after(cert.not_valid_after_utc)
               .add_extension(key_usage_extension(usage), critical=True)
               .add_extension(policies(policy), critical=True))
    return replace(iki, signer_cert=builder.sign(iki.ica.key, hashes.SHA256()), signer_key=key)


def test_r_pki_2_the_signer_needs_the_digital_signature_key_usage_and_the_file_signing_policy(iki: Iki) -> None:
    with pytest.raises(CplSignatureInvalid, match="digitalSignature key usage"):
        verify_cpl_file(sign_cpl(document(), _signer_with(iki, KeyUsage.KEY_AGREEMENT, IKI_FILE_SIGNING_POLICY)),
                        iki.root.cert, SECCO, NOW)
    with pytest.raises(CplSignatureInvalid, match="file-signing certificate"):
        verify_cpl_file(sign_cpl(document(), _signer_with(iki, KeyUsage.DIGITAL_SIGNATURE,
                                                          x509.ObjectIdentifier("1.2.3.4"))), iki.root.cert, SECCO, NOW)


def test_r_pki_2_a_cpl_is_not_verified_outside_the_signer_validity(iki: Iki) -> None:
    with pytest.raises(CplSignatureInvalid, match="not valid at"):
        verify_cpl_file(sign_cpl(document(), iki), iki.root.cert, SECCO, NOW + timedelta(days=366 * 11))

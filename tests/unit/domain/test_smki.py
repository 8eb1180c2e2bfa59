from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gbdcc.domain.errors import CertificateInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import (
    CertificateKind,
    CertificateRecord,
    KeyUsage,
    RemotePartyRole,
    check_usable,
    check_xml_signing_certificate,
)

USER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def record(**changes: object) -> CertificateRecord:
    fields: dict[str, object] = dict(
        issuer="CN=Z1,OU=07", serial=7, kind=CertificateKind.ORGANISATION, subject_eui=USER,
        role=RemotePartyRole.XML_SIGNING, key_usage=KeyUsage.DIGITAL_SIGNATURE,
        not_before=datetime(2015, 1, 1, tzinfo=UTC), not_after=datetime(2016, 1, 1, tzinfo=UTC), der=b"",
    )
    fields.update(changes)
    return CertificateRecord(**fields)  # type: ignore[arg-type]


def test_expired_certificates_only_in_test_pki_mode() -> None:
    with pytest.raises(CertificateInvalid, match="GBDCC_TEST_PKI"):
        check_usable(record(), NOW, KeyUsage.DIGITAL_SIGNATURE)
    check_usable(record(), NOW, KeyUsage.DIGITAL_SIGNATURE, test_pki=True)


def test_wrong_usage_and_ca_certificates_are_refused_even_in_test_pki_mode() -> None:
    with pytest.raises(CertificateInvalid, match="key usage"):
        check_usable(record(key_usage=KeyUsage.KEY_AGREEMENT), NOW, KeyUsage.DIGITAL_SIGNATURE, test_pki=True)
    with pytest.raises(CertificateInvalid, match="CA certificate"):
        check_usable(record(kind=CertificateKind.CA), NOW, KeyUsage.DIGITAL_SIGNATURE, test_pki=True)


def test_signing_certificate_must_be_known_and_the_originators() -> None:
    with pytest.raises(CertificateInvalid, match="not in the SMKI repository"):
        check_xml_signing_certificate(None, USER, NOW)
    other = Eui64.parse("90-B3-D5-1F-30-02-00-00")
    with pytest.raises(CertificateInvalid, match="not to the originator"):
        check_xml_signing_certificate(record(), other, NOW, test_pki=True)
    assert check_xml_signing_certificate(record(), USER, NOW, test_pki=True).serial == 7

"""Revocation facts (R-PKI-1): a revoked certificate is Revoked and never usable; which lists are applied."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.errors import CertificateInvalid, CertificateRevoked, RevocationListInvalid, RevocationListNotHeld
from gbdcc.domain.ids import Eui64
from gbdcc.domain.revocation import CaScope, RevocationList, RevokedCertificate, check_held_in_repository, check_newer
from gbdcc.domain.smki import (
    CertificateKind,
    CertificateRecord,
    CertificateStatus,
    KeyUsage,
    RemotePartyRole,
    RevocationReason,
    certificate_status,
    check_usable,
    check_xml_signing_certificate,
)

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
USER = Eui64(0x90B3D51F30010000)
RECORD = CertificateRecord("CN=GBDCC-OCA,OU=07", 0xABC, CertificateKind.ORGANISATION, USER, RemotePartyRole.XML_SIGNING,
                           KeyUsage.DIGITAL_SIGNATURE, T0 - timedelta(days=1), T0 + timedelta(days=365), b"der")
REVOKED = replace(RECORD, revoked_at=T0, revocation_reason=RevocationReason.KEY_COMPROMISE)


def crl(number: int, *, scope: CaScope = CaScope.ORGANISATION, this_update: datetime = T0,
        next_update: datetime | None = T0 + timedelta(days=7)) -> RevocationList:
    return RevocationList("CN=GBDCC-OCA,OU=07", number, this_update, next_update,
                          (RevokedCertificate(0xABC, T0, RevocationReason.KEY_COMPROMISE),), b"crl", scope)


def test_r_pki_1_revoked_certificate_has_status_revoked_whatever_its_validity() -> None:
    assert certificate_status(RECORD, T0) is CertificateStatus.IN_USE
    assert certificate_status(REVOKED, T0) is CertificateStatus.REVOKED
    assert certificate_status(REVOKED, T0 + timedelta(days=999)) is CertificateStatus.REVOKED  # not Expired
    assert certificate_status(REVOKED, T0, test_pki=True) is CertificateStatus.REVOKED


def test_r_pki_1_revoked_signing_certificate_is_refused_even_in_test_pki_mode() -> None:
    check_xml_signing_certificate(RECORD, USER, T0)
    for test_pki in (False, True):
        with pytest.raises(CertificateRevoked) as caught:
            check_xml_signing_certificate(REVOKED, USER, T0, test_pki=test_pki)
        assert caught.value.rule == "R-PKI-1" and "keyCompromise" in caught.value.reason
        assert caught.value.response_code == "E1" and isinstance(caught.value, CertificateInvalid)
    with pytest.raises(CertificateRevoked):
        check_usable(REVOKED, T0, KeyUsage.DIGITAL_SIGNATURE)


def test_r_pki_1_iki_and_ica_lists_are_not_held_in_the_repository() -> None:
    check_held_in_repository(crl(1))
    check_held_in_repository(crl(1, scope=CaScope.DEVICE))
    with pytest.raises(RevocationListNotHeld) as caught:
        check_held_in_repository(crl(1, scope=CaScope.OTHER))
    assert caught.value.rule == "R-PKI-1" and "IKI and ICA" in caught.value.reason


def test_r_pki_1_a_list_is_applied_only_when_current_and_newer_than_the_one_held() -> None:
    check_newer(crl(2), crl(1), T0)
    check_newer(crl(1), None, T0)
    with pytest.raises(RevocationListInvalid, match="already holds number 2"):
        check_newer(crl(2), crl(2), T0)
    with pytest.raises(RevocationListInvalid, match="already holds number 3"):
        check_newer(crl(2), crl(3), T0)
    with pytest.raises(RevocationListInvalid, match="out of date"):
        check_newer(crl(2, next_update=T0 - timedelta(seconds=1)), None, T0)
    with pytest.raises(RevocationListInvalid, match="in the future"):
        check_newer(crl(2, this_update=T0 + timedelta(hours=1)), None, T0)

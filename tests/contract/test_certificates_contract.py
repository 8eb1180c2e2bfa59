"""CertificateRepository contract (SEC L SMKI repository; GBCS 4.3 certificate lookups)."""

from __future__ import annotations

from datetime import timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole
from gbdcc.service.ports import UnitOfWorkFactory


def test_round_trip_of_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    serial = 2**159 + 12345  # 20-octet serial: larger than any SQL integer
    record = s.cert(
        serial,
        issuer="CN=Z1, OU=07",
        kind=CertificateKind.DEVICE,
        subject_eui=s.BIG,
        role=None,
        key_usage=KeyUsage.KEY_AGREEMENT,
        not_after=None,
        prepayment=True,
        der=bytes(range(256)) * 4,
    )
    with uow_factory() as uow:
        uow.certificates.put(record)
        uow.commit()
    with uow_factory() as uow:
        got = uow.certificates.by_issuer_serial("CN=Z1, OU=07", serial)
    assert got == record
    assert got is not None and got.not_before.utcoffset() == timedelta(0)


def test_organisation_record_round_trip(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    record = s.cert(1, role=RemotePartyRole.XML_SIGNING, kind=CertificateKind.ORGANISATION)
    with uow_factory() as uow:
        uow.certificates.put(record)
        assert uow.certificates.by_issuer_serial(record.issuer, 1) == record


@pytest.mark.parametrize(
    "stored, asked",
    [
        ("CN=Z1, OU=07", "CN=Z1,OU=07"),
        ("CN=Z1,OU=07", "  CN = Z1 ,  OU=07 "),
        ("cn=Z1,ou=07", "CN=Z1,OU=07"),
        (r"CN=Acme\, Ltd, OU=07", r"CN=Acme\, Ltd,OU=07"),
    ],
)
def test_issuer_lookup_ignores_spacing(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace, stored: str, asked: str
) -> None:
    with uow_factory() as uow:
        uow.certificates.put(s.cert(77, issuer=stored))
        got = uow.certificates.by_issuer_serial(asked, 77)
    assert got is not None and got.serial == 77 and got.issuer == stored


def test_issuer_lookup_keeps_order_values_and_serial(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.certificates.put(s.cert(77, issuer="CN=Z1,OU=07"))
        assert uow.certificates.by_issuer_serial("OU=07,CN=Z1", 77) is None  # RDN order is significant
        assert uow.certificates.by_issuer_serial("CN=z1,OU=07", 77) is None  # values kept as written
        assert uow.certificates.by_issuer_serial("CN=Z1,OU=07", 78) is None
        assert uow.certificates.by_issuer_serial(r"CN=Z1\,OU=07", 77) is None  # escaped comma is not a split


def test_put_is_idempotent_on_issuer_and_serial(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    first = s.cert(5, der=b"first")
    with uow_factory() as uow:
        uow.certificates.put(first)
        uow.certificates.put(first)
        uow.certificates.put(s.cert(5, issuer="CN=Z1, OU=07", der=b"second"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.certificates.by_issuer_serial("CN=Z1,OU=07", 5) == first
        assert list(uow.certificates.by_eui_usage(first.subject_eui, first.key_usage)) == [first]


def test_by_eui_usage_filters_and_orders_newest_first(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    ds, ka = KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT
    old = s.cert(1, subject_eui=s.BIG, key_usage=ds, not_before=s.T0)
    new = s.cert(2, subject_eui=s.BIG, key_usage=ds, not_before=s.T0 + timedelta(days=1))
    other_issuer = s.cert(3, issuer="CN=Z2,OU=07", subject_eui=s.BIG, key_usage=ds, not_before=s.T0)
    key_agreement = s.cert(4, subject_eui=s.BIG, key_usage=ka)
    other_eui = s.cert(5, subject_eui=s.eui(1), key_usage=ds)
    no_eui = s.cert(6, subject_eui=None, key_usage=None, kind=CertificateKind.CA)
    with uow_factory() as uow:
        for r in (old, other_eui, key_agreement, new, no_eui, other_issuer):
            uow.certificates.put(r)
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.certificates.by_eui_usage(s.BIG, ds)) == [new, old, other_issuer]
        assert list(uow.certificates.by_eui_usage(s.BIG, ka)) == [key_agreement]
        assert list(uow.certificates.by_eui_usage(s.eui(2), ds)) == []


def test_validity_is_stored_as_utc(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    plus2 = timezone(timedelta(hours=2))
    record = s.cert(9, not_before=s.T0.astimezone(plus2))
    with uow_factory() as uow:
        uow.certificates.put(record)
        got = uow.certificates.by_issuer_serial(record.issuer, 9)
    assert got is not None and got.not_before == s.T0 and got.not_before.utcoffset() == timedelta(0)


def test_naive_validity_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.certificates.put(s.cert(9, not_before=s.T0.replace(tzinfo=None)))
        assert uow.certificates.by_issuer_serial("CN=Z1,OU=07", 9) is None


def test_by_serial_finds_every_issuers_certificate_with_that_serial(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    big = 2**159 + 7
    a = s.cert(big, issuer="CN=Z1,OU=07", der=b"a")
    b = s.cert(big, issuer="CN=Z2,OU=07", der=b"b")
    with uow_factory() as uow:
        for record in (b, a, s.cert(big + 1, der=b"other")):
            uow.certificates.put(record)
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.certificates.by_serial(big)) == [a, b]  # ordered by issuer
        assert list(uow.certificates.by_serial(3)) == []

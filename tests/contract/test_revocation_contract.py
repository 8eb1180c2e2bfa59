"""RevocationListRepository and the certificates' revocation facts (R-PKI-1) on memory, SQLite and
PostgreSQL: lists by issuer and CRL number, the latest of each; revocation kept once set."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.revocation import CaScope, RevocationList, RevokedCertificate
from gbdcc.domain.smki import CertificateKind, RevocationReason
from gbdcc.service.ports import UnitOfWorkFactory


def crl(s: SimpleNamespace, number: int, issuer: str = "CN=GBDCC-OCA,OU=07", **kw: object) -> RevocationList:
    values: dict[str, object] = {
        "issuer": issuer, "number": number, "this_update": s.T0, "next_update": s.T0 + timedelta(days=7),
        "entries": (RevokedCertificate(2**159 + 1, s.T0, RevocationReason.KEY_COMPROMISE),
                    RevokedCertificate(5, s.T0 - timedelta(hours=2))),
        "der": bytes([number % 256]) * 300, "scope": CaScope.ORGANISATION}
    values.update(kw)
    return RevocationList(**values)  # type: ignore[arg-type]


def test_lists_round_trip_and_the_latest_is_the_highest_number(uow_factory: UnitOfWorkFactory,
                                                               s: SimpleNamespace) -> None:
    big = 2**150  # CRL numbers are up to 20 octets: text order must still be number order
    with uow_factory() as uow:
        for n in (2, 10, 1, big):
            uow.revocation_lists.put(crl(s, n))
        uow.revocation_lists.put(crl(s, 3, "CN=GBDCC-DCA", scope=CaScope.DEVICE, next_update=None, entries=()))
        uow.revocation_lists.put(crl(s, big, der=b"second"))  # idempotent on issuer + number: first stays
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.revocation_lists.latest("CN=GBDCC-OCA, OU=07") == crl(s, big)
        assert uow.revocation_lists.latest("CN=NOBODY") is None
        assert [(c.issuer, c.number) for c in uow.revocation_lists.all_latest()] == [
            ("CN=GBDCC-DCA", 3), ("CN=GBDCC-OCA,OU=07", big)]
        got = uow.revocation_lists.latest("CN=GBDCC-OCA,OU=07")
    assert got is not None and got.this_update.utcoffset() == timedelta(0)


def test_list_times_are_stored_in_utc_and_naive_ones_refused(uow_factory: UnitOfWorkFactory,
                                                              s: SimpleNamespace) -> None:
    plus2 = timezone(timedelta(hours=2))
    with uow_factory() as uow:
        uow.revocation_lists.put(crl(s, 1, this_update=s.T0.astimezone(plus2)))
        assert uow.revocation_lists.latest("CN=GBDCC-OCA,OU=07") == crl(s, 1)
        with pytest.raises(NaiveDatetime):
            uow.revocation_lists.put(crl(s, 2, this_update=s.T0.replace(tzinfo=None)))


def test_revoke_sets_the_facts_once_and_authorities_are_the_ca_records(uow_factory: UnitOfWorkFactory,
                                                                       s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.certificates.put(s.cert(7))
        uow.certificates.put(s.cert(8, kind=CertificateKind.CA, subject_eui=None, role=None, key_usage=None))
        assert uow.certificates.revoke("CN=Z1, OU=07", 7, s.T0, RevocationReason.KEY_COMPROMISE)
        assert uow.certificates.revoke("CN=Z1,OU=07", 7, s.T0 + timedelta(days=1), RevocationReason.SUPERSEDED)
        assert not uow.certificates.revoke("CN=Z1,OU=07", 9, s.T0, RevocationReason.UNSPECIFIED)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        got = uow.certificates.by_issuer_serial("CN=Z1,OU=07", 7)
        assert got == replace(s.cert(7), revoked_at=s.T0, revocation_reason=RevocationReason.KEY_COMPROMISE)
        assert [r.serial for r in uow.certificates.authorities()] == [8]
        assert uow.certificates.by_issuer_serial("CN=Z1,OU=07", 8).revoked_at is None  # type: ignore[union-attr]

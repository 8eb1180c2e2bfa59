"""The SecurityRegisterRepository contract on every backend (memory, SQLite, PostgreSQL): tokens, File Signing
Software releases and copies, vulnerability notices with their recipients and security disputes round-trip every
field; ids are assigned in order; unknown records are refused (R-SEC-1, R-SEC-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.ids import Eui64
from gbdcc.domain.security import (
    Affects,
    CredentialToken,
    DisputeOutcome,
    SecurityDispute,
    SigningSoftwareRelease,
    SoftwareCopy,
    TokenEnd,
    VulnerabilityNotice,
)
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0

A, B = Eui64(0x90B3D51F30010000), BIG
HASH = "ab" * 32


def token(token_id: str = "T-1", **kw: object) -> CredentialToken:
    values: dict[str, object] = {"token_id": token_id, "holder": A, "model": "HSM-X 2.0", "fips_level": 3,
                                 "tested_on": date(2026, 2, 1), "issued_at": T0}
    values.update(kw)
    return CredentialToken(**values)  # type: ignore[arg-type]


def test_tokens_round_trip_every_field_and_list_in_issue_order(uow_factory: UnitOfWorkFactory) -> None:
    ended = token("T-2", holder=B, model="Ключ ✓", fips_level=4, issued_at=T0 - timedelta(days=1)).ended(
        TokenEnd.REVOKED, T0 + timedelta(hours=1))
    with uow_factory() as uow:
        uow.security.put_token(token())
        uow.security.put_token(ended)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.security.get_token("T-1") == token()
        assert uow.security.get_token("T-2") == ended
        assert uow.security.get_token("T-3") is None
        assert [t.token_id for t in uow.security.tokens()] == ["T-2", "T-1"]
    returned = token().ended(TokenEnd.RETURNED, T0 + timedelta(days=3))
    with uow_factory() as uow:
        uow.security.put_token(returned)  # replaces
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.security.get_token("T-1") == returned
        assert len(uow.security.tokens()) == 2


def test_releases_and_copies_round_trip_and_a_copy_needs_its_release(uow_factory: UnitOfWorkFactory) -> None:
    release = SigningSoftwareRelease("1.0.0", HASH, date(2026, 2, 1), date(2026, 2, 2), T0)
    with uow_factory() as uow:
        uow.security.put_release(release)
        uow.security.add_copy(SoftwareCopy("1.0.0", B, T0 + timedelta(minutes=1)))
        uow.security.add_copy(SoftwareCopy("1.0.0", A, T0 + timedelta(minutes=2)))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.security.get_release("1.0.0") == release
        assert uow.security.get_release("2.0.0") is None
        assert uow.security.releases() == [release]
        assert uow.security.copies() == [SoftwareCopy("1.0.0", B, T0 + timedelta(minutes=1)),
                                         SoftwareCopy("1.0.0", A, T0 + timedelta(minutes=2))]
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.security.add_copy(SoftwareCopy("9.9.9", A, T0))


def test_notices_keep_their_recipients_and_get_ids_in_order(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.security.add_notice(VulnerabilityNotice(Affects.TOKEN_MODEL, "HSM-X 2.0", "side channel",
                                                            T0, (A, B)))
        second = uow.security.add_notice(VulnerabilityNotice(Affects.FILE_SIGNING_SOFTWARE, HASH, "no one", T0, ()))
        uow.commit()
    assert first.notice_id is not None and second.notice_id == first.notice_id + 1
    with uow_factory(read_only=True) as uow:
        assert uow.security.notices() == [first, second]
        assert uow.security.notices()[0].recipients == (A, B)


def test_disputes_round_trip_every_step(uow_factory: UnitOfWorkFactory) -> None:
    bare = SecurityDispute(A, ("G5", "G3"), "did it patch?", T0)
    with uow_factory() as uow:
        stored = uow.security.add_dispute(bare)
        other = uow.security.add_dispute(replace(bare, user=B))
        uow.commit()
    assert stored == replace(bare, dispute_id=stored.dispute_id) and stored.sections == ("G3", "G5")
    assert other.dispute_id == (stored.dispute_id or 0) + 1
    full = (stored.default_notified(T0 + timedelta(minutes=5))
            .decided(DisputeOutcome.NOT_COMPLIED, date(2026, 3, 10), "G5.2 breached")
            .appealed(date(2026, 3, 20), "new evidence").referred("damages", date(2026, 3, 21)))
    with uow_factory() as uow:
        uow.security.put_dispute(full)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.security.get_dispute(stored.dispute_id or 0) == full
        assert uow.security.get_dispute(10_000) is None
        assert [d.dispute_id for d in uow.security.disputes()] == [stored.dispute_id, other.dispute_id]
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.security.put_dispute(replace(full, dispute_id=10_000))


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.security.put_token(token(issued_at=T0.replace(tzinfo=None)))

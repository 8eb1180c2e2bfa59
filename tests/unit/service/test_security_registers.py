"""The security register handlers over the in-memory unit of work (R-SEC-1, R-SEC-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.domain.errors import SecurityRecordExists, SecurityRecordUnknown, SecurityRefused
from gbdcc.domain.ids import Eui64
from gbdcc.domain.security import Affects, CredentialToken, DisputeOutcome, SigningSoftwareRelease, TokenEnd
from gbdcc.service.security import registers as r

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
A, B = Eui64(0xA), Eui64(0xB)
HASH = "01" * 32


def test_r_sec_2_notice_recorded_with_the_subscribers_it_was_sent_to() -> None:
    f = InMemoryUnitOfWorkFactory()
    r.issue_token(f, CredentialToken("T1", A, "HSM-X", 3, T0.date(), T0))
    r.issue_token(f, CredentialToken("T2", B, "HSM-Y", 3, T0.date(), T0))
    with pytest.raises(SecurityRecordExists):
        r.issue_token(f, CredentialToken("T1", B, "HSM-X", 3, T0.date(), T0))
    r.register_release(f, SigningSoftwareRelease("1.0.0", HASH, T0.date(), T0.date(), T0))
    with pytest.raises(SecurityRefused, match="not issued until"):
        r.distribute_software(f, "1.0.0", A, T0 - timedelta(days=1))
    r.distribute_software(f, "1.0.0", B, T0 + timedelta(hours=1))
    token_notice = r.issue_notice(f, Affects.TOKEN_MODEL, "HSM-X", "side channel", T0 + timedelta(days=1))
    software_notice = r.issue_notice(f, Affects.FILE_SIGNING_SOFTWARE, HASH, "weak RNG", T0 + timedelta(days=1))
    assert (token_notice.recipients, software_notice.recipients) == ((A,), (B,))
    r.end_token(f, "T1", TokenEnd.REVOKED, T0 + timedelta(days=2))
    assert r.issue_notice(f, Affects.TOKEN_MODEL, "HSM-X", "again", T0 + timedelta(days=3)).recipients == ()
    with pytest.raises(SecurityRecordUnknown):
        r.issue_notice(f, Affects.TOKEN_MODEL, "never-issued", "x", T0)
    with f() as uow:
        assert [(n.notice_id, n.recipients) for n in uow.security.notices()] == [(1, (A,)), (2, (B,)), (3, ())]


def test_r_sec_1_dispute_steps_recorded_and_event_of_default_needs_no_decision() -> None:
    f = InMemoryUnitOfWorkFactory()
    d = r.raise_dispute(f, A, ["G3", "G5"], "unpatched User System", T0)
    assert d.dispute_id == 1
    notified = r.notify_event_of_default(f, 1, T0 + timedelta(minutes=5))
    assert notified.decision is None and notified.default_notified_at is not None
    r.refer_to_arbitration(f, 1, "damages", date(2026, 3, 2))
    r.decide(f, 1, DisputeOutcome.NOT_COMPLIED, date(2026, 3, 10), "G5 breached")
    final = r.appeal(f, 1, date(2026, 3, 12), "disproportionate")
    with f() as uow:
        assert uow.security.get_dispute(1) == final
    assert (final.arbitration_matter, final.decision, final.appealed_on) == (
        "damages", DisputeOutcome.NOT_COMPLIED, date(2026, 3, 12))
    with pytest.raises(SecurityRecordUnknown):
        r.decide(f, 99, DisputeOutcome.COMPLIED, date(2026, 3, 10))

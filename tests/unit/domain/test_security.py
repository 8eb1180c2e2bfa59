"""Security registers in the domain (R-SEC-1, R-SEC-2): tokens and File Signing Software tested before issue,
notices to the relevant Authorised Subscribers only, the steps of a security dispute."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.domain.errors import DisputeOutOfScope, DisputeStepRefused, NotTestedBeforeIssue, TokenNotFipsLevel3
from gbdcc.domain.ids import Eui64
from gbdcc.domain.security import (
    Affects,
    CredentialToken,
    DisputeOutcome,
    SecurityDispute,
    SigningSoftwareRelease,
    SoftwareCopy,
    TokenEnd,
    relevant_subscribers,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
A, B, C = Eui64(0xA), Eui64(0xB), Eui64(0xC)
HASH = "cd" * 32


def test_r_sec_2_token_must_be_tested_before_issue_and_fips_140_2_level_3() -> None:
    ok = CredentialToken("T", A, "M", 3, T0.date(), T0)
    assert ok.held_at(T0) and not ok.held_at(T0 - timedelta(seconds=1))
    with pytest.raises(NotTestedBeforeIssue, match="tested 2026-03-02"):
        CredentialToken("T", A, "M", 3, date(2026, 3, 2), T0)
    with pytest.raises(TokenNotFipsLevel3) as err:
        CredentialToken("T", A, "M", 2, T0.date(), T0)
    assert err.value.code == "GBDCC-882" and err.value.rule == "R-SEC-2"


def test_r_sec_2_file_signing_software_tested_and_code_reviewed_before_issue() -> None:
    SigningSoftwareRelease("1.0", HASH, date(2026, 2, 1), date(2026, 3, 1), T0)
    with pytest.raises(NotTestedBeforeIssue, match="code-reviewed 2026-03-05"):
        SigningSoftwareRelease("1.0", HASH, date(2026, 2, 1), date(2026, 3, 5), T0)


def test_r_sec_2_notice_goes_only_to_relevant_authorised_subscribers() -> None:
    tokens = [CredentialToken("1", A, "HSM-X", 3, T0.date(), T0),
              CredentialToken("2", B, "HSM-Y", 3, T0.date(), T0),
              CredentialToken("3", C, "HSM-X", 3, T0.date(), T0).ended(TokenEnd.RETURNED, T0 + timedelta(days=1))]
    releases = [SigningSoftwareRelease("1.0", HASH, T0.date(), T0.date(), T0),
                SigningSoftwareRelease("2.0", "ef" * 32, T0.date(), T0.date(), T0)]
    copies = [SoftwareCopy("1.0", B, T0), SoftwareCopy("2.0", C, T0), SoftwareCopy("1.0", A, T0 + timedelta(days=9))]
    at = T0 + timedelta(days=2)

    def to(affects: Affects, affected: str) -> tuple[Eui64, ...]:
        return relevant_subscribers(affects, affected, at, tokens=tokens, releases=releases, copies=copies)

    assert to(Affects.TOKEN_MODEL, "HSM-X") == (A,)  # C returned its token before the notice
    assert to(Affects.TOKEN_MODEL, "HSM-Y") == (B,)
    assert to(Affects.FILE_SIGNING_SOFTWARE, "1.0") == (B,)  # A's copy comes later
    assert to(Affects.FILE_SIGNING_SOFTWARE, "ef" * 32) == (C,)  # by published hash
    assert to(Affects.FILE_SIGNING_SOFTWARE, "9.9") == ()


def test_r_sec_1_panel_decides_only_g3_to_g6_compliance() -> None:
    assert SecurityDispute(A, ("G6", "G3", "G3"), "s", T0).sections == ("G3", "G6")
    with pytest.raises(DisputeOutOfScope, match="not G2"):
        SecurityDispute(A, ("G3", "G2"), "s", T0)
    with pytest.raises(DisputeOutOfScope):
        SecurityDispute(A, (), "s", T0)


def test_r_sec_1_appeal_to_the_authority_only_after_a_panel_decision() -> None:
    d = SecurityDispute(A, ("G4",), "s", T0, dispute_id=1)
    with pytest.raises(DisputeStepRefused, match="only a Panel decision"):
        d.appealed(date(2026, 3, 5), "g")
    decided = d.decided(DisputeOutcome.NOT_COMPLIED, date(2026, 3, 4))
    with pytest.raises(DisputeStepRefused, match="already decided"):
        decided.decided(DisputeOutcome.COMPLIED, date(2026, 3, 5))
    with pytest.raises(DisputeStepRefused, match="before its decision"):
        decided.appealed(date(2026, 3, 3), "g")
    appealed = decided.appealed(date(2026, 3, 5), "new evidence")
    assert (appealed.decision, appealed.appealed_on) == (DisputeOutcome.NOT_COMPLIED, date(2026, 3, 5))
    with pytest.raises(DisputeStepRefused, match="already appealed"):
        appealed.appealed(date(2026, 3, 6), "again")


def test_r_sec_1_consequential_disputes_go_to_arbitration_not_the_panel() -> None:
    d = SecurityDispute(A, ("G5",), "s", T0, dispute_id=1).referred("damages", date(2026, 3, 2))
    assert (d.arbitration_matter, d.referred_on, d.decision) == ("damages", date(2026, 3, 2), None)
    with pytest.raises(DisputeStepRefused):
        d.referred("more damages", date(2026, 3, 3))


def test_r_sec_1_event_of_default_notified_without_waiting_for_a_determination() -> None:
    d = SecurityDispute(A, ("G3",), "s", T0, dispute_id=1).default_notified(T0 + timedelta(minutes=1))
    assert d.decision is None and d.default_notified_at == T0 + timedelta(minutes=1)
    later = d.decided(DisputeOutcome.COMPLIED, date(2026, 4, 1))  # a decision may still follow
    assert later.default_notified_at == d.default_notified_at
    with pytest.raises(DisputeStepRefused):
        later.default_notified(T0 + timedelta(days=40))

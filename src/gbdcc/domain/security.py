"""Security registers of SEC Section G: Cryptographic Credential Tokens, the File Signing Software, vulnerability
notices (R-SEC-2, G2.36-G2.42) and security disputes (R-SEC-1, G1.8-G1.9). Pure values and rules; the clock
is the caller's.

* A token must be validated to FIPS 140-2 Level 3 and tested before it is issued; a File Signing Software
  release must be tested and code-reviewed before it is issued (:class:`NotTestedBeforeIssue`).
* A vulnerability notice goes to the *relevant* Authorised Subscribers only (:func:`relevant_subscribers`):
  those holding a token of the affected model, or a copy of the affected File Signing Software release.
* A security dispute — whether a User complied with G3-G6 — is decided by the Panel, appealable to the
  Authority; consequential disputes (e.g. damages) are referred to arbitration (Section M7); an Event of
  Default is notified to the Panel without waiting for any determination (a step of its own, open at any time).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from gbdcc.domain.errors import (
    DisputeOutOfScope,
    DisputeStepRefused,
    NotTestedBeforeIssue,
    SecurityRefused,
    TokenNotFipsLevel3,
)
from gbdcc.domain.ids import Eui64

#: The FIPS 140-2 level a Cryptographic Credential Token is validated to, at least (G2.36, R-SEC-2).
REQUIRED_FIPS_LEVEL = 3
#: The Sections whose compliance the Panel decides in a security dispute (G1.8, R-SEC-1).
DISPUTE_SECTIONS = ("G3", "G4", "G5", "G6")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class TokenEnd(StrEnum):
    REVOKED = "revoked"
    RETURNED = "returned"


@dataclass(frozen=True, slots=True)
class CredentialToken:
    """A Cryptographic Credential Token issued to an Authorised Subscriber (a Party holding SMKI credentials)."""

    token_id: str
    holder: Eui64
    model: str
    fips_level: int
    tested_on: date
    issued_at: datetime
    ended_at: datetime | None = None
    end: TokenEnd | None = None

    def __post_init__(self) -> None:
        if not self.token_id.strip() or not self.model.strip():
            raise SecurityRefused("a token needs an id and a model", rule="R-SEC-2")
        if not REQUIRED_FIPS_LEVEL <= self.fips_level <= 4:
            raise TokenNotFipsLevel3(f"token {self.token_id}: FIPS 140-2 Level {self.fips_level}; Level "
                                     f"{REQUIRED_FIPS_LEVEL} is required", rule="R-SEC-2")
        if self.tested_on > self.issued_at.date():
            raise NotTestedBeforeIssue(f"token {self.token_id} issued {self.issued_at.date()} but tested "
                                       f"{self.tested_on}", rule="R-SEC-2")
        if (self.ended_at is None) != (self.end is None):
            raise SecurityRefused("a token's end needs both the instant and revoked/returned", rule="R-SEC-2")
        if self.ended_at is not None and self.ended_at < self.issued_at:
            raise SecurityRefused(f"token {self.token_id} cannot end before it was issued", rule="R-SEC-2")

    def held_at(self, at: datetime) -> bool:
        return self.issued_at <= at and (self.ended_at is None or at < self.ended_at)

    def ended(self, end: TokenEnd, at: datetime) -> CredentialToken:
        """The token revoked or returned at ``at`` (once)."""
        if self.ended_at is not None:
            raise SecurityRefused(f"token {self.token_id} was already {self.end} at {self.ended_at}", rule="R-SEC-2")
        return replace(self, ended_at=at, end=end)


@dataclass(frozen=True, slots=True)
class SigningSoftwareRelease:
    """A release of the File Signing Software: its published SHA-256, when it was tested, code-reviewed, issued."""

    version: str
    sha256: str
    tested_on: date
    reviewed_on: date
    issued_at: datetime

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise SecurityRefused("a release needs a version", rule="R-SEC-2")
        if not _SHA256.match(self.sha256):
            raise SecurityRefused(f"release {self.version}: the published hash is 64 lower-case hex digits",
                                  rule="R-SEC-2")
        issued = self.issued_at.date()
        if self.tested_on > issued or self.reviewed_on > issued:
            raise NotTestedBeforeIssue(f"File Signing Software {self.version} issued {issued} but tested "
                                       f"{self.tested_on}, code-reviewed {self.reviewed_on}", rule="R-SEC-2")


@dataclass(frozen=True, slots=True)
class SoftwareCopy:
    """A copy of a File Signing Software release distributed to an Authorised Subscriber."""

    version: str
    subscriber: Eui64
    distributed_at: datetime


class Affects(StrEnum):
    TOKEN_MODEL = "token-model"
    FILE_SIGNING_SOFTWARE = "file-signing-software"


@dataclass(frozen=True, slots=True)
class VulnerabilityNotice:
    """A notice of a vulnerability in a token model or a File Signing Software release (by version or hash),
    with the Authorised Subscribers it was sent to; ``notice_id`` is assigned when it is recorded."""

    affects: Affects
    affected: str
    summary: str
    issued_at: datetime
    recipients: tuple[Eui64, ...]
    notice_id: int | None = None


def relevant_subscribers(affects: Affects, affected: str, at: datetime, *, tokens: Iterable[CredentialToken],
                         releases: Iterable[SigningSoftwareRelease],
                         copies: Iterable[SoftwareCopy]) -> tuple[Eui64, ...]:
    """The Authorised Subscribers a notice about ``affected`` goes to at ``at`` (G2.42): holders then of a token
    of that model, or of a copy (distributed by then) of the release with that version or SHA-256. Sorted."""
    if affects is Affects.TOKEN_MODEL:
        found = {t.holder for t in tokens if t.model == affected and t.held_at(at)}
    else:
        versions = {r.version for r in releases if affected in (r.version, r.sha256)}
        found = {c.subscriber for c in copies if c.version in versions and c.distributed_at <= at}
    return tuple(sorted(found))


class DisputeOutcome(StrEnum):
    COMPLIED = "complied"
    NOT_COMPLIED = "not-complied"


@dataclass(frozen=True, slots=True)
class SecurityDispute:
    """A dispute whether ``user`` complied with some of G3-G6 (R-SEC-1) and its steps, each recorded once.

    ``decision`` / ``decided_on``: the Panel's; ``appealed_on`` / ``appeal_grounds``: the appeal to the Authority
    (only after a decision); ``arbitration_matter`` / ``referred_on``: a consequential dispute (e.g. damages)
    referred to arbitration under M7; ``default_notified_at``: the Event of Default notified to the Panel —
    independent of every other step, so it may come before any decision (G1.9).
    """

    user: Eui64
    sections: tuple[str, ...]
    summary: str
    raised_at: datetime
    dispute_id: int | None = None
    decision: DisputeOutcome | None = None
    decided_on: date | None = None
    decision_note: str | None = None
    appealed_on: date | None = None
    appeal_grounds: str | None = None
    arbitration_matter: str | None = None
    referred_on: date | None = None
    default_notified_at: datetime | None = None

    def __post_init__(self) -> None:
        outside = [s for s in self.sections if s not in DISPUTE_SECTIONS]
        if not self.sections or outside:
            raise DisputeOutOfScope(f"the Panel decides compliance with {', '.join(DISPUTE_SECTIONS)}; not "
                                    f"{', '.join(outside) or 'no Section'}", rule="R-SEC-1")
        if tuple(sorted(set(self.sections))) != self.sections:
            object.__setattr__(self, "sections", tuple(sorted(set(self.sections))))

    def decided(self, outcome: DisputeOutcome, on: date, note: str | None = None) -> SecurityDispute:
        """The Panel's decision (once, not before the dispute was raised)."""
        if self.decision is not None:
            raise DisputeStepRefused(f"dispute {self.dispute_id} was already decided on {self.decided_on}")
        if on < self.raised_at.date():
            raise DisputeStepRefused(f"dispute {self.dispute_id} cannot be decided before it was raised")
        return replace(self, decision=outcome, decided_on=on, decision_note=note)

    def appealed(self, on: date, grounds: str) -> SecurityDispute:
        """An appeal of the Panel's decision to the Authority (once, after the decision)."""
        if self.decided_on is None:
            raise DisputeStepRefused(f"dispute {self.dispute_id}: only a Panel decision can be appealed to the "
                                     "Authority, and there is none yet")
        if self.appealed_on is not None:
            raise DisputeStepRefused(f"dispute {self.dispute_id} was already appealed on {self.appealed_on}")
        if on < self.decided_on:
            raise DisputeStepRefused(f"dispute {self.dispute_id} cannot be appealed before its decision")
        return replace(self, appealed_on=on, appeal_grounds=grounds)

    def referred(self, matter: str, on: date) -> SecurityDispute:
        """A consequential dispute (e.g. damages) referred to arbitration (M7) — not for the Panel (once)."""
        if self.referred_on is not None:
            raise DisputeStepRefused(f"dispute {self.dispute_id}: {self.arbitration_matter!r} was already referred "
                                     f"to arbitration on {self.referred_on}")
        if not matter.strip():
            raise DisputeStepRefused("name the consequential matter referred to arbitration (e.g. damages)")
        return replace(self, arbitration_matter=matter, referred_on=on)

    def default_notified(self, at: datetime) -> SecurityDispute:
        """The Event of Default notified to the Panel (once) — whether or not anything was decided yet."""
        if self.default_notified_at is not None:
            raise DisputeStepRefused(f"dispute {self.dispute_id}: the Event of Default was already notified at "
                                     f"{self.default_notified_at}")
        return replace(self, default_notified_at=at)

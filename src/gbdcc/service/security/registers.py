"""Use cases of the security registers (R-SEC-1, R-SEC-2): each opens one unit of work and commits it.

The DCC records here what it did: tokens issued (tested, FIPS 140-2 Level 3) and revoked / returned, File
Signing Software releases (tested and code-reviewed before issue, with their published SHA-256) and the copies
distributed, vulnerability notices with the relevant Authorised Subscribers computed at issue, and the steps of
security disputes. Instants come from the caller (the CLI / API pass their clock's ``now``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from gbdcc.domain.errors import SecurityRecordExists, SecurityRecordUnknown, SecurityRefused
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
    relevant_subscribers,
)
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


def issue_token(uow_factory: UnitOfWorkFactory, token: CredentialToken) -> CredentialToken:
    """Record a token issued (its checks are the domain's: tested before issue, FIPS 140-2 Level 3)."""
    with uow_factory() as uow:
        if uow.security.get_token(token.token_id) is not None:
            raise SecurityRecordExists(f"token {token.token_id} is already registered", rule="R-SEC-2")
        uow.security.put_token(token)
        uow.commit()
    return token


def end_token(uow_factory: UnitOfWorkFactory, token_id: str, end: TokenEnd, at: datetime) -> CredentialToken:
    """Record a token revoked or returned."""
    with uow_factory() as uow:
        token = uow.security.get_token(token_id)
        if token is None:
            raise SecurityRecordUnknown(f"no token {token_id}", rule="R-SEC-2")
        ended = token.ended(end, at)
        uow.security.put_token(ended)
        uow.commit()
    return ended


def register_release(uow_factory: UnitOfWorkFactory, release: SigningSoftwareRelease) -> SigningSoftwareRelease:
    """Record a File Signing Software release (tested and code-reviewed before issue, its published hash)."""
    with uow_factory() as uow:
        if uow.security.get_release(release.version) is not None:
            raise SecurityRecordExists(f"File Signing Software {release.version} is already registered",
                                       rule="R-SEC-2")
        uow.security.put_release(release)
        uow.commit()
    return release


def distribute_software(uow_factory: UnitOfWorkFactory, version: str, subscriber: Eui64,
                        at: datetime) -> SoftwareCopy:
    """Record a copy of a release distributed to an Authorised Subscriber (not before the release's issue)."""
    with uow_factory() as uow:
        release = uow.security.get_release(version)
        if release is None:
            raise SecurityRecordUnknown(f"no File Signing Software release {version}", rule="R-SEC-2")
        if at < release.issued_at:
            raise SecurityRefused(f"File Signing Software {version} is not issued until {release.issued_at}",
                                  rule="R-SEC-2")
        copy = SoftwareCopy(version, subscriber, at)
        uow.security.add_copy(copy)
        uow.commit()
    return copy


def issue_notice(uow_factory: UnitOfWorkFactory, affects: Affects, affected: str, summary: str,
                 at: datetime) -> VulnerabilityNotice:
    """Record a vulnerability notice sent to the relevant Authorised Subscribers, computed now (G2.42)."""
    with uow_factory() as uow:
        tokens, releases, copies = uow.security.tokens(), uow.security.releases(), uow.security.copies()
        known = ({t.model for t in tokens} if affects is Affects.TOKEN_MODEL
                 else {r.version for r in releases} | {r.sha256 for r in releases})
        if affected not in known:
            what = "token model" if affects is Affects.TOKEN_MODEL else "File Signing Software version or hash"
            raise SecurityRecordUnknown(f"no {what} {affected!r} was ever issued", rule="R-SEC-2")
        recipients = relevant_subscribers(affects, affected, at, tokens=tokens, releases=releases, copies=copies)
        notice = uow.security.add_notice(VulnerabilityNotice(affects, affected, summary, at, recipients))
        uow.commit()
    return notice


def raise_dispute(uow_factory: UnitOfWorkFactory, user: Eui64, sections: Sequence[str], summary: str,
                  at: datetime) -> SecurityDispute:
    """Record a dispute whether ``user`` complied with the named Sections of G3-G6 (R-SEC-1)."""
    with uow_factory() as uow:
        dispute = uow.security.add_dispute(SecurityDispute(user, tuple(sections), summary, at))
        uow.commit()
    return dispute


def _step(uow_factory: UnitOfWorkFactory, dispute_id: int,
          change: Callable[[SecurityDispute], SecurityDispute]) -> SecurityDispute:
    with uow_factory() as uow:
        dispute = _dispute(uow, dispute_id)
        changed = change(dispute)
        uow.security.put_dispute(changed)
        uow.commit()
    return changed


def _dispute(uow: UnitOfWork, dispute_id: int) -> SecurityDispute:
    dispute = uow.security.get_dispute(dispute_id)
    if dispute is None:
        raise SecurityRecordUnknown(f"no security dispute {dispute_id}", rule="R-SEC-1")
    return dispute


def decide(uow_factory: UnitOfWorkFactory, dispute_id: int, outcome: DisputeOutcome, on: date,
           note: str | None = None) -> SecurityDispute:
    """The Panel's decision (G1.8)."""
    return _step(uow_factory, dispute_id, lambda d: d.decided(outcome, on, note))


def appeal(uow_factory: UnitOfWorkFactory, dispute_id: int, on: date, grounds: str) -> SecurityDispute:
    """The Panel's decision appealed to the Authority (G1.8)."""
    return _step(uow_factory, dispute_id, lambda d: d.appealed(on, grounds))


def refer_to_arbitration(uow_factory: UnitOfWorkFactory, dispute_id: int, matter: str,
                         on: date) -> SecurityDispute:
    """A consequential dispute (e.g. damages) referred to arbitration under M7 (G1.9)."""
    return _step(uow_factory, dispute_id, lambda d: d.referred(matter, on))


def notify_event_of_default(uow_factory: UnitOfWorkFactory, dispute_id: int, at: datetime) -> SecurityDispute:
    """The Event of Default notified to the Panel — at once, without waiting for a determination (G1.9)."""
    return _step(uow_factory, dispute_id, lambda d: d.default_notified(at))

"""Release management (R-OPS-1): issue a notice of a change to the DCC's systems to all Parties and RDPs."""

from __future__ import annotations

from datetime import date, datetime

from gbdcc.domain.operations.releases import ReleaseNotice
from gbdcc.service.ports import UnitOfWork


def issue_notice(uow: UnitOfWork, *, title: str, summary: str, issued_at: datetime, consultation_closes_on: date,
                 testing_from: date, testing_to: date) -> ReleaseNotice:
    """Record a notice addressed to every User (the Parties' User IDs) and every RDP registered now, with its
    consultation window and invitation to test (H8.8-H8.12, H14.36). The caller commits."""
    users = tuple(sorted(u.user_id for u in uow.users.list()))
    rdps = tuple(sorted(r.rdp_id for r in uow.rdps.list()))
    notice = ReleaseNotice(title.strip(), summary, issued_at, consultation_closes_on, testing_from, testing_to,
                           users, rdps)
    return uow.operations.add_release_notice(notice)

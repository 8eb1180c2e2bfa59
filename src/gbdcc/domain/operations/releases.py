"""Release management (SEC H8.8-H8.12, H14.36; R-OPS-1): notices of changes to the DCC's systems.

Every notice goes to all Parties (their Users) and all RDPs registered when it is issued, opens a
consultation that closes on a stated date after the issue, and invites the recipients to take part in
testing the change within a stated window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gbdcc.domain.errors import ReleaseNoticeInvalid
from gbdcc.domain.ids import Eui64


@dataclass(frozen=True, slots=True)
class ReleaseNotice:
    """One notice of a change to the DCC's systems, with the recipients it went to (R-OPS-1)."""

    title: str
    summary: str
    issued_at: datetime
    consultation_closes_on: date
    testing_from: date
    testing_to: date
    users: tuple[Eui64, ...]
    rdps: tuple[str, ...]
    notice_id: int | None = None

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ReleaseNoticeInvalid("a release notice needs a title")
        if self.consultation_closes_on <= self.issued_at.date():
            raise ReleaseNoticeInvalid(
                f"the consultation must close after the notice is issued ({self.issued_at.date()}), "
                f"not on {self.consultation_closes_on}")
        if self.testing_to < self.testing_from:
            raise ReleaseNoticeInvalid(f"the invitation to test ends ({self.testing_to}) before it starts "
                                       f"({self.testing_from})")

    def consultation_open(self, on: date) -> bool:
        """True while Parties and RDPs may respond to the consultation."""
        return self.issued_at.date() <= on <= self.consultation_closes_on

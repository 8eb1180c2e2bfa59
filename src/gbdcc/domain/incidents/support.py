"""Additional Support (H14.33, R-SUPPORT-1): on request, from the start of End-to-End testing and on an enduring
basis, the DCC takes all reasonable steps to help a Testing Participant understand and resolve issues with its
test results, its User Systems and Device communications, and charges that participant for it (user pays).

Each request is tracked to resolution; resolving it records the effort spent and the charge (effort × the
hourly rate in force, rounded to the penny). A charges statement sums one participant's charges over a period
(requests *resolved* in it). The rate is configuration (``GBDCC_SUPPORT_HOURLY_RATE_PENCE``): gbdcc's default,
not a published DCC charge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from gbdcc.domain.errors import SupportRequestInvalid, SupportStepRefused

#: Default start of End-to-End testing (configuration ``GBDCC_SUPPORT_FROM``; gbdcc's default).
DEFAULT_SUPPORT_FROM = date(2016, 1, 1)
DEFAULT_HOURLY_RATE_PENCE = 12_000


class SupportTopic(StrEnum):
    """What a Testing Participant asks help with (H14.33)."""

    TEST_RESULTS = "test-results"
    USER_SYSTEMS = "user-systems"
    DEVICE_COMMUNICATIONS = "device-communications"


@dataclass(frozen=True, slots=True)
class SupportRequest:
    """One request for Additional Support; ``support_id`` is assigned when first stored."""

    participant: str  # the Testing Participant (a Party name or User ID)
    topic: SupportTopic
    summary: str
    raised_at: datetime
    support_id: int | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    effort_minutes: int | None = None
    charge_pence: int | None = None

    def __post_init__(self) -> None:
        if not self.participant.strip():
            raise SupportRequestInvalid("a support request names its Testing Participant")
        if not self.summary.strip():
            raise SupportRequestInvalid("a support request says what it is about")

    @classmethod
    def raised(cls, participant: str, topic: str, summary: str, at: datetime,
               testing_from: date = DEFAULT_SUPPORT_FROM) -> SupportRequest:
        """A new request, refused before End-to-End testing started (H14.33)."""
        try:
            kind = SupportTopic(topic)
        except ValueError:
            raise SupportRequestInvalid(f"support topic {topic!r}: one of "
                                        f"{', '.join(t.value for t in SupportTopic)}") from None
        if at.date() < testing_from:
            raise SupportRequestInvalid(f"Additional Support is available from the start of End-to-End testing, "
                                        f"{testing_from}; not on {at.date()}")
        return cls(participant, kind, summary, at)

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    def resolved_with(self, resolution: str, effort_minutes: int, at: datetime,
                      hourly_rate_pence: int) -> SupportRequest:
        """Resolved at ``at`` after ``effort_minutes`` of the DCC's effort, charged at the rate (user pays)."""
        if self.resolved_at is not None:
            raise SupportStepRefused(f"support request {self.support_id} was resolved at {self.resolved_at}")
        if effort_minutes < 0 or hourly_rate_pence < 0:
            raise SupportRequestInvalid("effort and rate are 0 or more")
        if at < self.raised_at:
            raise SupportRequestInvalid(f"support request {self.support_id} cannot be resolved before it was raised")
        return replace(self, resolved_at=at, resolution=resolution, effort_minutes=effort_minutes,
                       charge_pence=charge(effort_minutes, hourly_rate_pence))


def charge(effort_minutes: int, hourly_rate_pence: int) -> int:
    """Effort × hourly rate, in pence, rounded half up."""
    pence = Decimal(effort_minutes) * Decimal(hourly_rate_pence) / Decimal(60)
    return int(pence.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class ChargesLine:
    """One participant's statement for a period: requests resolved in it, their effort and charges."""

    participant: str
    period_from: date
    period_to: date
    requests: int
    effort_minutes: int
    charge_pence: int
    open_requests: int


def statement(requests: Sequence[SupportRequest], period_from: date, period_to: date) -> list[ChargesLine]:
    """Per participant (sorted): requests resolved in ``[period_from, period_to]`` (dates inclusive), their
    effort and charges, and its requests still unresolved at the end of the period."""
    out = []
    for who in sorted({r.participant for r in requests}):
        mine = [r for r in requests if r.participant == who]
        done = [r for r in mine if r.resolved_at is not None and period_from <= r.resolved_at.date() <= period_to]
        still_open = [r for r in mine if r.raised_at.date() <= period_to
                      and (r.resolved_at is None or r.resolved_at.date() > period_to)]
        if not done and not still_open:
            continue
        out.append(ChargesLine(who, period_from, period_to, len(done), sum(r.effort_minutes or 0 for r in done),
                               sum(r.charge_pence or 0 for r in done), len(still_open)))
    return out

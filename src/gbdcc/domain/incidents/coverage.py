"""The SM WAN coverage-incident threshold (R-WAN-1, R-WAN-2; SEC F7.18-F7.21).

An incident raised for lack of SM WAN coverage at premises the Coverage Database showed as covered must be
resolved within 90 days for at least 99 % of such incidents — a *threshold*, met or not met, not a target —
and premises under a Network Enhancement Plan (NEP) are excluded. :func:`coverage_threshold` computes the
figure over the incidents raised in a period, twice: with the NEP exclusions (the figure the rule sets) and
without them (every eligible incident, for comparison).

* Eligible: a coverage incident (:class:`~.model.CoverageFacts`) whose premises the Coverage Database showed
  covered when it was raised. Incidents at premises shown *not* covered are outside R-WAN-1.
* Decided by ``as_of``: resolved by then (within 90 days or not), or unresolved with its 90 days already
  over (a failure). Unresolved ones still inside their 90 days are *pending*: in neither numerator nor
  denominator, and reported as such.
* NEP: the premises' postcode under a plan on the day the incident was raised (``under_nep``, computed by
  the caller from its NEP data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from gbdcc.domain.incidents.model import Incident

#: F7.18 / F7.19 figures (defaults of ``GBDCC_COVERAGE_INCIDENT_DAYS`` / ``…_THRESHOLD``).
RESOLUTION_DAYS = 90
THRESHOLD = Decimal("0.99")


@dataclass(frozen=True, slots=True)
class ThresholdFigure:
    """One computation of the threshold over a set of eligible incidents."""

    eligible: int
    excluded_nep: int
    pending: int
    decided: int
    within: int
    threshold: Decimal

    @property
    def share(self) -> Decimal | None:
        """Resolved within the time among those decided (None when none is decided)."""
        return None if self.decided == 0 else Decimal(self.within) / Decimal(self.decided)

    @property
    def met(self) -> bool | None:
        """The threshold met (share ≥ threshold); None when no incident is decided yet."""
        share = self.share
        return None if share is None else share >= self.threshold


@dataclass(frozen=True, slots=True)
class CoverageThreshold:
    """R-WAN-1 with the NEP exclusions (the rule's figure) and without them."""

    with_exclusions: ThresholdFigure
    without_exclusions: ThresholdFigure
    days: int


def eligible(incident: Incident) -> bool:
    """A coverage incident at premises the Coverage Database showed covered when it was raised (R-WAN-1)."""
    return incident.coverage is not None and incident.coverage.shown_covered


def coverage_threshold(incidents: Sequence[Incident], as_of: datetime, under_nep: Callable[[Incident], bool], *,
                       days: int = RESOLUTION_DAYS, threshold: Decimal = THRESHOLD) -> CoverageThreshold:
    """The R-WAN-1 figures as of ``as_of`` over ``incidents`` (the caller picks the period by raise instant)."""
    window = timedelta(days=days)
    rows = [i for i in incidents if eligible(i) and i.raised_at <= as_of]
    nep = [under_nep(i) for i in rows]

    def figure(chosen: list[Incident], excluded: int) -> ThresholdFigure:
        within = decided = pending = 0
        for i in chosen:
            resolved = i.resolved_at if i.resolved_at is not None and i.resolved_at <= as_of else None
            if resolved is not None:
                decided += 1
                within += resolved - i.raised_at <= window
            elif as_of - i.raised_at > window:
                decided += 1  # unresolved past its 90 days: not within
            else:
                pending += 1
        return ThresholdFigure(len(chosen), excluded, pending, decided, within, threshold)

    kept = [i for i, n in zip(rows, nep, strict=True) if not n]
    return CoverageThreshold(figure(kept, len(rows) - len(kept)), figure(rows, 0), days)

"""The Early Rollout Obligation (R-ERO-1): each large supplier must install, commission and enrol the lower of
1,500 SMETS2 meters or 0.025 % of its meter points by 17 Feb 2017.

- **Meter points** are counted per fuel from Registration Data at the start (00:00 UTC) of the day the supplier
  became a User as Import Supplier or Gas Supplier (the earliest such entry date over its User IDs): the MPANs
  for which one of its User IDs is registered Import Supplier plus the MPRNs for which one is registered Gas
  Supplier. A dual-fuel premises has an MPAN and an MPRN, so it counts twice.
- **Target** = min(cap, ⌈points × percent / 100⌉). *Ceiling, not floor*: the obligation is "installed ≥ 0.025 %
  of meter points"; for a whole number of meters that holds exactly when installed ≥ ⌈0.025 % × points⌉, so
  the ceiling is the obligation itself without rounding in the supplier's favour (floor would accept fewer
  meters than 0.025 %). The arithmetic is exact (:class:`fractions.Fraction`), never binary floating point.
- **Installed** = ESMEs and GSMEs whose SMI history first reached Commissioned (installed, commissioned and
  enrolled: the DCC SMI only holds SMETS2+ meters) by the end of the ERO day, at an MPxN for which one of the
  supplier's User IDs was registered supplier (IS for an ESME, GS for a GSME) at that instant.

Met when installed ≥ target; the shortfall is what is missing. Dates, cap and percent are configuration
(:class:`EroTerms`, ``GBDCC_ERO_*``) with these defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

RULE = "R-ERO-1"


@dataclass(frozen=True, slots=True)
class EroTerms:
    """R-ERO-1's figures: install by ``by`` (inclusive) the lower of ``cap`` meters or ``percent`` % of points."""

    by: date = date(2017, 2, 17)
    cap: int = 1_500
    percent: Decimal = Decimal("0.025")

    @property
    def until(self) -> datetime:
        """The end of the ERO day (exclusive), UTC."""
        return day_start(self.by + timedelta(days=1))


def day_start(day: date) -> datetime:
    """00:00 UTC of ``day``: the instant Registration Data is read on for a date."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def ero_target(meter_points: int, terms: EroTerms = EroTerms()) -> int:
    """min(cap, ⌈points × percent / 100⌉), exactly (module docstring: why the ceiling)."""
    if meter_points < 0:
        raise ValueError(f"meter points cannot be negative ({meter_points})")
    share = Fraction(meter_points) * Fraction(terms.percent) / 100
    return min(terms.cap, math.ceil(share))


class EroStatus(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_YET_DUE = "not yet due"
    NOT_A_USER = "not a User"  # no IS / GS role: no date to count its meter points on


@dataclass(frozen=True, slots=True)
class EroAssessment:
    """One large supplier's obligation and what it installed (R-ERO-1)."""

    party: str
    user_from: date | None  # earliest IS / GS entry date: meter points are counted on it
    electricity_points: int
    gas_points: int
    target: int | None
    esme_installed: int
    gsme_installed: int
    status: EroStatus

    @property
    def meter_points(self) -> int:
        return self.electricity_points + self.gas_points

    @property
    def installed(self) -> int:
        return self.esme_installed + self.gsme_installed

    @property
    def shortfall(self) -> int | None:
        return None if self.target is None else max(self.target - self.installed, 0)


def assess_ero(party: str, user_from: date | None, electricity_points: int, gas_points: int, esme_installed: int,
               gsme_installed: int, as_of: datetime, terms: EroTerms = EroTerms()) -> EroAssessment:
    """The assessment as of ``as_of``: met, not met (the ERO day is over), not yet due, or not a User."""
    if user_from is None:
        return EroAssessment(party, None, 0, 0, None, esme_installed, gsme_installed, EroStatus.NOT_A_USER)
    target = ero_target(electricity_points + gas_points, terms)
    installed = esme_installed + gsme_installed
    status = (EroStatus.MET if installed >= target
              else EroStatus.NOT_YET_DUE if as_of < terms.until else EroStatus.NOT_MET)
    return EroAssessment(party, user_from, electricity_points, gas_points, target, esme_installed, gsme_installed,
                         status)

"""SM WAN coverage as the DCC reports it to Users (12.1 Request WAN Matrix, DUIS 5.4 ``DSPWANMatrixResponse``;
SEC F7: the SM WAN Coverage Database, Network Enhancement Plans — R-WAN-2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ConnectivityLikelihood(StrEnum):
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"


@dataclass(frozen=True, slots=True)
class WanCoverage:
    """One CSP region's answer for a premises: is there SM WAN coverage, and if not, when is it expected."""

    csp_region: str  # DUIS sr:CSPRegion (North, Central, South, …)
    available: bool
    technology: str  # DUIS sr:WANTechnologyType (free text, ≤ 30 characters)
    likelihood: ConnectivityLikelihood
    anticipated_date: date | None = None  # a Network Enhancement Plan's completion date (R-WAN-2)
    auxiliary_equipment: str | None = None
    additional_information: str | None = None

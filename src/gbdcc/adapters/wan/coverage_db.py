"""The ``CoverageDatabase`` port over the simulated coverage map (SIMULATION: SEC F7 SM WAN Coverage Database).

Technology and likelihood per region are illustrative: North answers as the long-range radio network,
Central and South as cellular (with mesh where the hub needs it) — the shape of the GB SM WAN, not real data.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.wan.coverage import (
    CoverageMap,
    CoverageStatus,
    CspRegion,
    postcode_prefixes,
    region_for_postcode,
)
from gbdcc.domain.coverage import ConnectivityLikelihood, WanCoverage

_TECHNOLOGY = {
    CspRegion.NORTH: "Long Range Radio",
    CspRegion.CENTRAL: "Cellular",
    CspRegion.SOUTH: "Cellular",
}


class SimulatedCoverageDatabase:
    """Implements :class:`gbdcc.service.ports.CoverageDatabase` over a :class:`CoverageMap`."""

    def __init__(self, coverage: CoverageMap) -> None:
        self._coverage = coverage

    def lookup(self, postcode: str, at: datetime) -> WanCoverage:
        region = region_for_postcode(postcode)  # InvalidIdentifier outside GB's CSP regions
        status = self._coverage.status(postcode, at)
        technology = _TECHNOLOGY[region]
        if status is CoverageStatus.COVERED:
            return WanCoverage(region.value, True, technology, ConnectivityLikelihood.HIGH)
        if status is CoverageStatus.PLANNED:
            live = self._plan_date(postcode)
            return WanCoverage(region.value, False, technology, ConnectivityLikelihood.MEDIUM,
                               anticipated_date=live.date() if live else None,
                               additional_information="Covered by a Network Enhancement Plan (R-WAN-2)")
        return WanCoverage(region.value, False, technology, ConnectivityLikelihood.LOW,
                           additional_information="No SM WAN coverage recorded for this postcode")

    def _plan_date(self, postcode: str) -> datetime | None:
        for prefix in postcode_prefixes(postcode):
            plan = self._coverage.plans.get(prefix)
            if plan is not None:
                return plan.live_from
        return self._coverage.synthetic_live_from

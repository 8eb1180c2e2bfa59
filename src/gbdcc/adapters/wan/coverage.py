"""CSP regions and the SM WAN coverage database, keyed by postcode.

SIMULATION. The DCC procures the SM WAN from Communications Service Providers in three regions (North,
Central, South — DOMAIN.md §1). The table below maps every GB postcode area to a region
*approximately* (Scotland and Northern England → North; Midlands, Wales and the East → Central;
London and the South → South). It is illustrative, not the contractual boundary. Northern Ireland (BT)
and the Crown Dependencies (GY, JE, IM) are outside GB smart metering and map to no region.

The coverage database answers, per postcode, whether the SM WAN is available (``covered``), not
available (``not_covered``) or planned under a Network Enhancement Plan (``planned`` until its go-live
date, then covered). Sending to a hub without coverage fails with E20 (see ``csp``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from gbdcc.domain.errors import InvalidIdentifier


class CspRegion(StrEnum):
    NORTH = "North"
    CENTRAL = "Central"
    SOUTH = "South"


_N, _C, _S = CspRegion.NORTH, CspRegion.CENTRAL, CspRegion.SOUTH

#: GB postcode area → CSP region (approximate, see module docstring).
POSTCODE_AREA_REGION: Mapping[str, CspRegion] = {
    # Scotland
    **dict.fromkeys(("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH",
                     "TD", "ZE"), _N),
    # North England
    **dict.fromkeys(("BB", "BD", "BL", "CA", "CH", "CW", "DH", "DL", "DN", "FY", "HD", "HG", "HU", "HX",
                     "L", "LA", "LS", "M", "NE", "OL", "PR", "S", "SK", "SR", "TS", "WA", "WF", "WN",
                     "YO"), _N),
    # Midlands, Wales and the East of England
    **dict.fromkeys(("B", "CV", "DE", "DY", "LE", "LN", "NG", "NN", "ST", "TF", "WS", "WV", "WR", "HR",
                     "SY", "LL", "LD", "SA", "CF", "NP", "CB", "CO", "IP", "NR", "PE", "MK", "CM", "SG",
                     "LU", "AL", "SS"), _C),
    # London and the South of England
    **dict.fromkeys(("E", "EC", "N", "NW", "SE", "SW", "W", "WC", "BR", "CR", "DA", "EN", "HA", "IG",
                     "KT", "RM", "SM", "TW", "UB", "WD", "BN", "CT", "GU", "ME", "RH", "SL", "SO", "PO",
                     "RG", "TN", "BH", "SP", "SN", "BA", "BS", "DT", "EX", "PL", "TQ", "TR", "TA", "OX",
                     "GL", "HP"), _S),
}

_POSTCODE = re.compile(r"^([A-Z]{1,2})([0-9][A-Z0-9]?) ?([0-9])([A-Z]{2})$")


def normalise_postcode(postcode: str) -> str:
    """Upper case, single space before the inward code: ``sw1a1aa`` → ``SW1A 1AA``."""
    p = postcode.strip().upper().replace(" ", "")
    m = _POSTCODE.match(p)
    if not m:
        raise InvalidIdentifier(f"not a UK postcode: {postcode!r}", rule="POSTCODE")
    return f"{m.group(1)}{m.group(2)} {m.group(3)}{m.group(4)}"


def postcode_area(postcode: str) -> str:
    """The leading letters of the outward code (``SW1A 1AA`` → ``SW``)."""
    m = _POSTCODE.match(postcode.strip().upper().replace(" ", ""))
    if not m:
        raise InvalidIdentifier(f"not a UK postcode: {postcode!r}", rule="POSTCODE")
    return m.group(1)


def region_for_postcode(postcode: str) -> CspRegion:
    """CSP region of a GB postcode; ``InvalidIdentifier`` for non-GB areas (BT, GY, JE, IM)."""
    area = postcode_area(postcode)
    try:
        return POSTCODE_AREA_REGION[area]
    except KeyError:
        raise InvalidIdentifier(f"postcode area {area} is not served by a GB CSP", rule="POSTCODE") from None


def postcode_prefixes(postcode: str) -> tuple[str, ...]:
    """Most specific first: full postcode, sector, district, area."""
    full = normalise_postcode(postcode)
    outward, inward = full.split(" ")
    return (full, f"{outward} {inward[0]}", outward, postcode_area(full))


class CoverageStatus(StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    PLANNED = "planned"  # Network Enhancement Plan not yet live


@dataclass(frozen=True, slots=True)
class NetworkEnhancementPlan:
    """A planned coverage extension for a postcode prefix (area, district, sector or full postcode)."""

    prefix: str
    live_from: datetime


@dataclass
class CoverageMap:
    """The coverage database. Entries are keyed by postcode prefix; the most specific entry wins.

    ``synthetic_seed`` (optional) marks a deterministic share of postcode districts not covered or
    planned without storing anything per postcode (flat memory at national scale).
    """

    default: CoverageStatus = CoverageStatus.COVERED
    entries: dict[str, CoverageStatus] = field(default_factory=dict)
    plans: dict[str, NetworkEnhancementPlan] = field(default_factory=dict)
    synthetic_seed: int | None = None
    not_covered_share: float = 0.0
    planned_share: float = 0.0
    synthetic_live_from: datetime | None = None

    @classmethod
    def synthetic(cls, seed: int, *, not_covered_share: float = 0.005, planned_share: float = 0.005,
                  plans_live_from: datetime | None = None) -> CoverageMap:
        """A national map where ~``not_covered_share`` of districts have no SM WAN and
        ~``planned_share`` are under a Network Enhancement Plan (live from ``plans_live_from``)."""
        return cls(synthetic_seed=seed, not_covered_share=not_covered_share, planned_share=planned_share,
                   synthetic_live_from=plans_live_from)

    def set(self, prefix: str, status: CoverageStatus) -> None:
        self.entries[self._key(prefix)] = status

    def plan(self, prefix: str, live_from: datetime) -> None:
        """Register a Network Enhancement Plan: ``planned`` before ``live_from``, ``covered`` after."""
        key = self._key(prefix)
        self.plans[key] = NetworkEnhancementPlan(key, live_from)

    def add_all(self, items: Iterable[tuple[str, CoverageStatus]]) -> None:
        for prefix, status in items:
            self.set(prefix, status)

    def status(self, postcode: str, at: datetime | None = None) -> CoverageStatus:
        """Coverage of ``postcode`` at time ``at`` (plans count as covered once live)."""
        for prefix in postcode_prefixes(postcode):
            if prefix in self.plans:
                plan = self.plans[prefix]
                live = at is not None and at >= plan.live_from
                return CoverageStatus.COVERED if live else CoverageStatus.PLANNED
            if prefix in self.entries:
                return self.entries[prefix]
        if self.synthetic_seed is not None:
            return self._synthetic_status(postcode_prefixes(postcode)[2], at)
        return self.default

    def is_covered(self, postcode: str, at: datetime | None = None) -> bool:
        return self.status(postcode, at) == CoverageStatus.COVERED

    def _synthetic_status(self, district: str, at: datetime | None) -> CoverageStatus:
        digest = hashlib.sha256(f"{self.synthetic_seed}:{district}".encode()).digest()
        u = int.from_bytes(digest[:8], "big") / 2**64
        if u < self.not_covered_share:
            return CoverageStatus.NOT_COVERED
        if u < self.not_covered_share + self.planned_share:
            live = self.synthetic_live_from
            if live is not None and at is not None and at >= live:
                return CoverageStatus.COVERED
            return CoverageStatus.PLANNED
        return self.default

    @staticmethod
    def _key(prefix: str) -> str:
        p = " ".join(prefix.strip().upper().split())
        if _POSTCODE.match(p.replace(" ", "")):
            p = normalise_postcode(p)  # a full postcode, with or without its space
        return p

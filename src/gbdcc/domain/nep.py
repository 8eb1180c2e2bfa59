"""Network Enhancement Plans (SEC F7.20-F7.21, R-WAN-2): pure values and rules; the clock is the caller's.

A plan extends the SM WAN to a **cohort of premises** in a **defined area** by an **estimated completion date**.

* Plans exist for the South and Central CSP regions only (:class:`NepRegionRefused` names R-WAN-2 for North);
  every area entry must lie in the plan's region (the caller supplies the postcode area → region map, which is
  the SM WAN's, not the domain's).
* The area is postcode districts (``SO14``) and/or explicit postcodes (``SO14 0AA``); the cohort is the premises
  the plan will cover, identified by their postcodes — each inside the area (an explicit area postcode or a
  postcode of an area district). Without an explicit cohort, the area's explicit postcodes are the cohort.
* A plan covers its cohort from its creation (inclusive) until its completion (exclusive): premises under it are
  excluded from the R-WAN-1 90-day / 99 % figure, and the Coverage Database reports them with the plan and its
  expected completion date; once completed they are covered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from gbdcc.domain.errors import NepAreaInvalid, NepCompletionRefused, NepRefused, NepRegionRefused

#: CSP regions a plan may be made for (R-WAN-2: South and Central only).
NEP_REGIONS = ("South", "Central")
_PLAN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
_DISTRICT = re.compile(r"^([A-Z]{1,2})([0-9][A-Z0-9]?)$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


class NepStatus(StrEnum):
    PLANNED = "planned"  # not created yet on the date asked about
    ACTIVE = "active"  # created, its cohort not yet covered
    COMPLETED = "completed"  # its cohort covered


def district_of(text: str) -> str:
    """A postcode district, upper case (``so14`` → ``SO14``); :class:`NepAreaInvalid` otherwise."""
    d = text.strip().upper()
    if not _DISTRICT.match(d):
        raise NepAreaInvalid(f"not a postcode district: {text!r}")
    return d


def postcode_of(text: str) -> str:
    """A full postcode, normalised (``so140aa`` → ``SO14 0AA``); :class:`NepAreaInvalid` otherwise."""
    m = _POSTCODE.match(text.strip().upper().replace(" ", ""))
    if not m:
        raise NepAreaInvalid(f"not a full postcode: {text!r}")
    return f"{m.group(1)} {m.group(2)}"


def _area_letters(district: str) -> str:
    m = _DISTRICT.match(district)
    assert m is not None
    return m.group(1)


@dataclass(frozen=True, slots=True)
class NepArea:
    """The defined area: postcode districts and explicit postcodes (each normalised, sorted, unique)."""

    districts: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()

    @classmethod
    def of(cls, districts: Iterable[str] = (), postcodes: Iterable[str] = ()) -> NepArea:
        area = cls(tuple(sorted({district_of(d) for d in districts})),
                   tuple(sorted({postcode_of(p) for p in postcodes})))
        if not area.districts and not area.postcodes:
            raise NepAreaInvalid("a Network Enhancement Plan needs a defined area: postcode districts or postcodes")
        return area

    def holds(self, postcode: str) -> bool:
        """Whether a (normalised) postcode lies in the area."""
        return postcode in self.postcodes or postcode.split(" ")[0] in self.districts

    def describe(self) -> str:
        """``SO14; SO15 0AB`` — districts then postcodes, separated by ``; ``."""
        return "; ".join((*self.districts, *self.postcodes))

    def postcode_areas(self) -> frozenset[str]:
        """The postcode areas (``SO``) its entries lie in."""
        return frozenset(_area_letters(e.split(" ")[0]) for e in (*self.districts, *self.postcodes))


@dataclass(frozen=True, slots=True)
class NetworkEnhancementPlan:
    """One plan (R-WAN-2). ``completed_on`` is the actual completion date, None while the plan is active."""

    plan_id: str
    region: str  # DUIS sr:CSPRegion: South | Central
    area: NepArea
    cohort: tuple[str, ...]  # the premises' postcodes, normalised, sorted, unique, each in the area
    created_on: date
    estimated_completion: date
    completed_on: date | None = None

    @property
    def status(self) -> NepStatus:
        """Its recorded status: active until its completion is recorded."""
        return NepStatus.ACTIVE if self.completed_on is None else NepStatus.COMPLETED

    def status_on(self, on: date) -> NepStatus:
        """Its status on a date: planned before its creation, completed from its completion date."""
        if on < self.created_on:
            return NepStatus.PLANNED
        if self.completed_on is not None and on >= self.completed_on:
            return NepStatus.COMPLETED
        return NepStatus.ACTIVE

    def covers(self, postcode: str, on: date) -> bool:
        """Whether premises at ``postcode`` are under the plan on ``on`` (in its cohort while active; R-WAN-2)."""
        return postcode in self.cohort and self.status_on(on) is NepStatus.ACTIVE

    def overdue_on(self, on: date) -> bool:
        """Active on ``on`` though its estimated completion date has passed."""
        return self.status_on(on) is NepStatus.ACTIVE and on > self.estimated_completion

    def complete(self, on: date) -> NetworkEnhancementPlan:
        """The plan completed on ``on``: its cohort is covered from that date."""
        if self.completed_on is not None:
            raise NepCompletionRefused(f"plan {self.plan_id} was already completed on {self.completed_on}")
        if on < self.created_on:
            raise NepCompletionRefused(f"plan {self.plan_id} cannot complete on {on}, before its creation "
                                       f"on {self.created_on}")
        return replace(self, completed_on=on)


def new_plan(plan_id: str, region: str, area: NepArea, cohort: Iterable[str], *, created_on: date,
             estimated_completion: date, regions: Mapping[str, str]) -> NetworkEnhancementPlan:
    """A new plan, checked (R-WAN-2). ``regions`` maps a postcode area (``SO``) to its CSP region."""
    if not _PLAN_ID.match(plan_id):
        raise NepRefused(f"a plan id is 1-32 letters, digits, '_', '.' or '-': {plan_id!r}")
    if region not in NEP_REGIONS:
        raise NepRegionRefused(f"Network Enhancement Plans are for the South and Central regions only, "
                               f"not {region!r}")
    for letters in sorted(area.postcode_areas()):
        if regions.get(letters) != region:
            found = regions.get(letters) or "no GB CSP region"
            raise NepRegionRefused(f"postcode area {letters} lies in {found}, not in the plan's region {region}")
    members = tuple(sorted({postcode_of(p) for p in cohort})) or area.postcodes
    if not members:
        raise NepAreaInvalid(f"plan {plan_id} needs a cohort of premises: give their postcodes in the area")
    outside = [p for p in members if not area.holds(p)]
    if outside:
        raise NepAreaInvalid(f"cohort premises outside the plan's area ({area.describe()}): {', '.join(outside)}")
    if estimated_completion < created_on:
        raise NepAreaInvalid(f"estimated completion {estimated_completion} is before the plan's creation "
                             f"on {created_on}")
    return NetworkEnhancementPlan(plan_id, region, area, members, created_on, estimated_completion)


def overlapping(plan: NetworkEnhancementPlan, other: NetworkEnhancementPlan) -> tuple[str, ...]:
    """Cohort postcodes the two plans would both cover on some date (so a premises has one plan at a time)."""
    if other.completed_on is not None and other.completed_on <= plan.created_on:
        return ()
    if plan.completed_on is not None and plan.completed_on <= other.created_on:
        return ()
    return tuple(sorted(set(plan.cohort) & set(other.cohort)))


@dataclass(frozen=True, slots=True)
class Quarter:
    """A calendar quarter (the F7.21 quarterly report's period)."""

    start: date
    end: date  # inclusive

    @classmethod
    def of(cls, on: date) -> Quarter:
        first_month = 3 * ((on.month - 1) // 3) + 1
        start = date(on.year, first_month, 1)
        following = date(on.year + 1, 1, 1) if first_month == 10 else date(on.year, first_month + 3, 1)
        return cls(start, date.fromordinal(following.toordinal() - 1))

    @property
    def label(self) -> str:
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"


def reported_in(plan: NetworkEnhancementPlan, quarter: Quarter, as_of: date) -> bool:
    """Whether the quarterly report as of ``as_of`` lists ``plan``: created by then (and by the quarter's end)
    and not completed before the quarter began."""
    if plan.created_on > min(as_of, quarter.end):
        return False
    return plan.completed_on is None or plan.completed_on >= quarter.start

"""Incidents under the one Incident Management Policy (R-INC-1): raised by a User (portal, admin API) or by the
DCC itself, a category 1-5 with its target resolution time (configuration), an owner, a lifecycle and the
requests, devices and premises they concern.

Lifecycle (:data:`TRANSITIONS`): ``open → assigned → resolved → closed``; a resolved or closed incident may be
reopened (back to ``assigned`` if it has an owner, else ``open``) and its resolution is cleared. Resolving an
open incident directly is allowed (the DCC often resolves what it raised itself). An incident is *within
target* when it was resolved no later than ``raised_at + target(category)``; reopened incidents count from
their original raise instant. Instants are the caller's.

Sources: ``user:<EUI-64>`` for a User's incident, ``dcc:<source>`` for one the DCC raised (``dcc:csp-outage``,
``dcc:delivery``, ``dcc:rdp-file``, ``dcc:anomaly``, ``dcc:coverage``, ``dcc:operator``). The registration data
incident policy is merged into this one: refused Registration Data files raise ``dcc:rdp-file`` incidents here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from gbdcc.domain.errors import IncidentInvalid, IncidentSettingsInvalid, IncidentTransitionRefused
from gbdcc.domain.ids import Eui64


class Category(IntEnum):
    """Incident categories: 1 the most severe (e.g. a whole CSP region without SM WAN), 5 the least."""

    C1 = 1
    C2 = 2
    C3 = 3
    C4 = 4
    C5 = 5

    @classmethod
    def of(cls, value: int) -> Category:
        try:
            return cls(int(value))
        except ValueError:
            raise IncidentInvalid(f"incident category {value}: categories are 1 to 5") from None


class IncidentState(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"
    CLOSED = "closed"


#: The steps the policy allows: state → states it may move to (reopen: resolved / closed → open / assigned).
TRANSITIONS: Mapping[IncidentState, frozenset[IncidentState]] = {
    IncidentState.OPEN: frozenset({IncidentState.ASSIGNED, IncidentState.RESOLVED}),
    IncidentState.ASSIGNED: frozenset({IncidentState.ASSIGNED, IncidentState.RESOLVED}),
    IncidentState.RESOLVED: frozenset({IncidentState.CLOSED, IncidentState.OPEN, IncidentState.ASSIGNED}),
    IncidentState.CLOSED: frozenset({IncidentState.OPEN, IncidentState.ASSIGNED}),
}

#: Default target resolution times per category (configuration: ``GBDCC_INCIDENT_TARGET_HOURS``). gbdcc's own
#: defaults, not figures of our SEC sources.
DEFAULT_TARGETS: Mapping[Category, timedelta] = {
    Category.C1: timedelta(hours=4), Category.C2: timedelta(hours=8), Category.C3: timedelta(hours=24),
    Category.C4: timedelta(days=3), Category.C5: timedelta(days=5),
}
#: A CSP region outage's category by the premises it takes off the SM WAN: the first category whose minimum
#: the outage reaches (``GBDCC_INCIDENT_OUTAGE_PREMISES``); below every minimum: category 5.
DEFAULT_OUTAGE_PREMISES: Mapping[Category, int] = {
    Category.C1: 10_000, Category.C2: 1_000, Category.C3: 100, Category.C4: 1,
}


@dataclass(frozen=True, slots=True)
class IncidentPolicy:
    """The configured part of the policy: target resolution time per category, outage sizes."""

    targets: Mapping[Category, timedelta] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    outage_premises: Mapping[Category, int] = field(default_factory=lambda: dict(DEFAULT_OUTAGE_PREMISES))

    def __post_init__(self) -> None:
        missing = [c for c in Category if c not in self.targets or self.targets[c] <= timedelta(0)]
        if missing:
            named = ", ".join(str(int(c)) for c in missing)
            raise IncidentSettingsInvalid(f"no positive target resolution time for category {named}")
        if any(n < 0 for n in self.outage_premises.values()):
            raise IncidentSettingsInvalid("an outage size is a number of premises, 0 or more")

    @classmethod
    def from_settings(cls, target_hours: Mapping[str, float], outage_premises: Mapping[str, int]) -> IncidentPolicy:
        """The policy with ``{"1": hours, …}`` / ``{"1": premises, …}`` overriding the defaults."""
        targets = dict(DEFAULT_TARGETS)
        sizes = dict(DEFAULT_OUTAGE_PREMISES)
        for key, hours in target_hours.items():
            targets[Category.of(_int(key))] = timedelta(hours=hours)
        for key, premises in outage_premises.items():
            sizes[Category.of(_int(key))] = premises
        return cls(targets, sizes)

    def target(self, category: Category) -> timedelta:
        return self.targets[category]

    def outage_category(self, premises: int) -> Category:
        """The category of a CSP region outage taking ``premises`` off the SM WAN (by size)."""
        for category in sorted(self.outage_premises):
            if premises >= self.outage_premises[category]:
                return category
        return Category.C5


def _int(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        raise IncidentSettingsInvalid(f"incident category {key!r}: categories are 1 to 5") from None


@dataclass(frozen=True, slots=True)
class Premises:
    """Premises an incident concerns: its postcode, and its UPRN when known."""

    postcode: str
    uprn: str | None = None


@dataclass(frozen=True, slots=True)
class CoverageFacts:
    """An incident of lack of SM WAN coverage (R-WAN-1): did the Coverage Database show the premises covered
    when the incident was raised?"""

    shown_covered: bool


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident; ``incident_id`` is assigned when it is first stored."""

    category: Category
    title: str
    source: str  # "user:<EUI-64>" or "dcc:<source>"
    raised_at: datetime
    description: str = ""
    raised_by: Eui64 | None = None  # the User who raised it (source user:…)
    requests: tuple[str, ...] = ()  # RequestIDs
    devices: tuple[Eui64, ...] = ()
    premises: Premises | None = None
    coverage: CoverageFacts | None = None
    error_code: str | None = None  # the GBDCC code whose Error Handling Strategy page applies
    incident_id: int | None = None
    state: IncidentState = IncidentState.OPEN
    owner: str | None = None
    assigned_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    closed_at: datetime | None = None
    reopened: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.category, Category):
            object.__setattr__(self, "category", Category.of(self.category))
        if not self.title.strip():
            raise IncidentInvalid("an incident needs a title")
        kind, _, rest = self.source.partition(":")
        if kind not in ("user", "dcc") or not rest:
            raise IncidentInvalid(f"incident source {self.source!r}: 'user:<EUI-64>' or 'dcc:<source>'")
        if kind == "user" and self.raised_by is None:
            raise IncidentInvalid("a User's incident names the User who raised it")
        if self.coverage is not None and self.premises is None:
            raise IncidentInvalid("a coverage incident names its premises (postcode)")

    @classmethod
    def by_user(cls, user: Eui64, category: Category, title: str, at: datetime, **kw: object) -> Incident:
        return cls(category, title, f"user:{user}", at, raised_by=user, **kw)  # type: ignore[arg-type]

    @classmethod
    def by_dcc(cls, source: str, category: Category, title: str, at: datetime, **kw: object) -> Incident:
        return cls(category, title, f"dcc:{source}", at, **kw)  # type: ignore[arg-type]

    @property
    def raised_by_dcc(self) -> bool:
        return self.source.startswith("dcc:")

    def due_at(self, policy: IncidentPolicy) -> datetime:
        """The target resolution instant: raise instant + the category's target time."""
        return self.raised_at + policy.target(self.category)

    def within_target(self, policy: IncidentPolicy) -> bool | None:
        """Resolved by its target instant; None while unresolved."""
        if self.resolved_at is None:
            return None
        return self.resolved_at <= self.due_at(policy)

    def _to(self, state: IncidentState) -> None:
        if state not in TRANSITIONS[self.state]:
            raise IncidentTransitionRefused(f"incident {self.incident_id} is {self.state}: it cannot become {state}")

    def assigned(self, owner: str, at: datetime) -> Incident:
        if not owner.strip():
            raise IncidentInvalid("an incident's owner is named")
        self._to(IncidentState.ASSIGNED)
        return replace(self, state=IncidentState.ASSIGNED, owner=owner, assigned_at=at)

    def resolved(self, resolution: str, at: datetime) -> Incident:
        self._to(IncidentState.RESOLVED)
        if at < self.raised_at:
            raise IncidentTransitionRefused(f"incident {self.incident_id} cannot be resolved before it was raised")
        return replace(self, state=IncidentState.RESOLVED, resolved_at=at, resolution=resolution or None)

    def closed(self, at: datetime) -> Incident:
        self._to(IncidentState.CLOSED)
        return replace(self, state=IncidentState.CLOSED, closed_at=at)

    def reopened_at(self, at: datetime) -> Incident:
        back = IncidentState.ASSIGNED if self.owner else IncidentState.OPEN
        if self.state not in (IncidentState.RESOLVED, IncidentState.CLOSED):
            raise IncidentTransitionRefused(f"incident {self.incident_id} is {self.state}: only a resolved or "
                                            "closed incident is reopened")
        return replace(self, state=back, resolved_at=None, resolution=None, closed_at=None,
                       reopened=self.reopened + 1)

    def recategorised(self, category: Category) -> Incident:
        return replace(self, category=Category.of(category))


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    """Incident figures of one category as of an instant (the "incidents" report)."""

    category: Category
    target: timedelta
    raised: int
    resolved: int
    within_target: int
    open_overdue: int

    @property
    def within_share(self) -> float | None:
        return None if self.resolved == 0 else self.within_target / self.resolved


def figures(incidents: Sequence[Incident], policy: IncidentPolicy, as_of: datetime) -> list[CategoryFigures]:
    """Per category: raised by ``as_of``, resolved by then, of those resolved within target, and unresolved ones
    already past their target instant."""
    out = []
    for category in Category:
        mine = [i for i in incidents if i.category is category and i.raised_at <= as_of]
        resolved = [i for i in mine if i.resolved_at is not None and i.resolved_at <= as_of]
        within = sum(1 for i in resolved if i.within_target(policy))
        overdue = sum(1 for i in mine if (i.resolved_at is None or i.resolved_at > as_of)
                      and i.due_at(policy) < as_of)
        out.append(CategoryFigures(category, policy.target(category), len(mine), len(resolved), within, overdue))
    return out

"""The storage port of DCC operations (R-DR-1, R-OPS-1, H13), and the incident port the H13 report reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from gbdcc.domain.ids import Eui64
from gbdcc.domain.operations.dr import DrillResult, ReliefAssessment
from gbdcc.domain.operations.performance import AlertTiming, ResponseTiming
from gbdcc.domain.operations.releases import ReleaseNotice


class OperationsRepository(Protocol):
    """Release notices, Users' DCC Gateway Connections (backup or not), DR drills with their relief
    assessments, and the timings the H13 report reads. Lists come by id (notices, drills) or User ID."""

    def add_release_notice(self, notice: ReleaseNotice) -> ReleaseNotice:
        """Record a notice with its recipients; returns it with its new ``notice_id``."""
        ...

    def release_notices(self) -> Sequence[ReleaseNotice]: ...

    def set_gateway_connection(self, user_id: Eui64, has_backup: bool, recorded_at: datetime) -> None:
        """Record whether the User has a backup DCC Gateway Connection (insert or replace)."""
        ...

    def gateway_connections(self) -> Mapping[Eui64, bool]:
        """User ID → has a backup connection, for the Users recorded (the others have none)."""
        ...

    def add_drill(self, drill: DrillResult, relief: Sequence[ReliefAssessment]) -> DrillResult:
        """Record a drill and the relief rule's answer per User; returns it with its new ``drill_id``."""
        ...

    def drills(self) -> Sequence[DrillResult]: ...
    def relief(self, drill_id: int) -> Sequence[ReliefAssessment]: ...

    def response_timings(self, start: datetime, end: datetime) -> Sequence[ResponseTiming]:
        """Device Service Requests received in ``[start, end)``; ``finished_at`` their last update once final."""
        ...

    def alert_timings(self, start: datetime, end: datetime) -> Sequence[AlertTiming]:
        """Alerts (device and DCC) for Users created in ``[start, end)``, with their delivery instants."""
        ...


@dataclass(frozen=True, slots=True)
class IncidentResolution:
    """One Incident resolved (or due) in the reporting month: its category and whether within its target."""

    category: int
    within_target: bool


class IncidentResolutions(Protocol):
    """Where the H13 report reads incident resolution times (Incident Management, R-INC-1). ``None``: no
    incident records are available to this instance."""

    def resolutions(self, start: datetime, end: datetime) -> Sequence[IncidentResolution] | None: ...


class NoIncidentRecords:
    """Incident Management is not merged into this build: the measure is reported as not available."""

    def resolutions(self, start: datetime, end: datetime) -> Sequence[IncidentResolution] | None:
        return None

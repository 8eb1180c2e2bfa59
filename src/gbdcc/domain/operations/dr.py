"""Disaster recovery (SEC H10.13, R-DR-1): the recovery targets, a drill's measured result and the relief rule.

After a Disaster the DCC restores services within 8 hours (the recovery time objective, ``rto``) and within its
data-loss obligation (the recovery point objective, ``rpo_lost``: acknowledged requests that may be lost; the
SEC-RULES give no figure, gbdcc's default is none). Relief (R-DR-1): for a User *without* a backup DCC Gateway
Connection the DCC gets relief for that User's connection only where it can show a backup connection would have
let the User recover within the targets — i.e. the DCC's own recovery (reached over a backup connection) met
them, while the User's primary connection did not come back in time. A User *with* a backup connection never
gives relief, and neither does a drill that missed the targets itself (a backup would not have helped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from gbdcc.domain.errors import DrTargetsInvalid
from gbdcc.domain.ids import Eui64

#: H10.13: services back within 8 hours.
DEFAULT_RTO = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class RecoveryTargets:
    """The BCDR targets a drill is measured against (configuration; defaults R-DR-1).

    ``primary_connection_restore``: how long a User's primary DCC Gateway Connection takes to reach the restored
    instance; None (the default) models the Disaster taking the primary site and its connections with it, so a
    User without a backup connection is not back within the targets."""

    rto: timedelta = DEFAULT_RTO
    rpo_lost: int = 0
    primary_connection_restore: timedelta | None = None

    def __post_init__(self) -> None:
        if self.rto <= timedelta(0):
            raise DrTargetsInvalid(f"the recovery time objective must be positive, not {self.rto}")
        if self.rpo_lost < 0:
            raise DrTargetsInvalid(f"the recovery point objective is a number of requests >= 0, not {self.rpo_lost}")
        if self.primary_connection_restore is not None and self.primary_connection_restore < timedelta(0):
            raise DrTargetsInvalid("the primary connection restore time cannot be negative")


@dataclass(frozen=True, slots=True)
class DrillResult:
    """What one drill measured: the recovery time from the primary's kill to the restored instance answering,
    the requests acknowledged (I0 / I99) by the primary during the stream and those of them the restored
    instance's audit trail lacks. ``disaster`` says what the drill modelled, ``method`` how it restored."""

    database: str  # sqlite | postgresql
    started_at: datetime
    recovery_s: float
    sent: int
    acknowledged: int
    lost: int
    disaster: str
    method: str
    drill_id: int | None = None

    def within(self, targets: RecoveryTargets) -> bool:
        """True if the DCC's own recovery met both targets (R-DR-1)."""
        return self.recovery_s <= targets.rto.total_seconds() and self.lost <= targets.rpo_lost


class ReliefVerdict(StrEnum):
    HAS_BACKUP = "has-backup"  # a backup connection: the DCC must recover this User, no relief
    RELIEF = "relief"  # no backup; a backup would have let it recover within the targets
    DCC_MISSED_TARGETS = "dcc-missed-targets"  # a backup would not have helped: no relief
    PRIMARY_IN_TIME = "primary-in-time"  # the primary connection itself came back within the targets


@dataclass(frozen=True, slots=True)
class ReliefAssessment:
    """The relief rule's answer for one User's DCC Gateway Connection in one drill (R-DR-1)."""

    user_id: Eui64
    has_backup: bool
    backup_would_recover: bool
    verdict: ReliefVerdict

    @property
    def relief(self) -> bool:
        return self.verdict is ReliefVerdict.RELIEF


def assess_relief(user_id: Eui64, has_backup: bool, drill: DrillResult, targets: RecoveryTargets) -> ReliefAssessment:
    """R-DR-1's relief rule for one User: relief only for a User without a backup DCC Gateway Connection, and
    only where a backup connection would have let it recover within the targets."""
    backup_would_recover = drill.within(targets)
    if has_backup:
        verdict = ReliefVerdict.HAS_BACKUP
    elif not backup_would_recover:
        verdict = ReliefVerdict.DCC_MISSED_TARGETS
    elif (targets.primary_connection_restore is not None
          and drill.recovery_s + targets.primary_connection_restore.total_seconds() <= targets.rto.total_seconds()):
        verdict = ReliefVerdict.PRIMARY_IN_TIME
    else:
        verdict = ReliefVerdict.RELIEF
    return ReliefAssessment(user_id, has_backup, backup_would_recover, verdict)

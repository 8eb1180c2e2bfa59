"""Disaster-recovery drill records and the relief rule per User (R-DR-1)."""

from __future__ import annotations

from collections.abc import Sequence

from gbdcc.domain.operations.dr import DrillResult, RecoveryTargets, ReliefAssessment, assess_relief
from gbdcc.service.ports import UnitOfWork


def record_drill(uow: UnitOfWork, result: DrillResult,
                 targets: RecoveryTargets) -> tuple[DrillResult, Sequence[ReliefAssessment]]:
    """Store a drill's measured result with, for every User of this instance, whether relief would apply to its
    DCC Gateway Connection (a User without a recorded connection has no backup). The caller commits."""
    backups = uow.operations.gateway_connections()
    relief = [assess_relief(u.user_id, backups.get(u.user_id, False), result, targets) for u in uow.users.list()]
    return uow.operations.add_drill(result, relief), relief

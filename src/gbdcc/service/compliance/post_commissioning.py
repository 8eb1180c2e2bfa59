"""The post-commissioning report (R-POST-1; IEWP 5.3, 5.6(c)): ``gbdcc report post-commissioning``.

Rows: the Smart Meters with a finding — credentials overdue or updated late, or a Recovery trust anchor that
does not hold the SMKI Repository's Recovery Certificate (``include_compliant`` lists every commissioned
meter). Meters commissioned in the earlier release window (DCC Live to Release 1.3, settings) are flagged:
their evidence is "processed by the device", not necessarily executed.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.compliance.post_commissioning import (
    CREDENTIAL_UPDATE_SRVS,
    CommissionedMeter,
    RecoveryCheck,
    ReleaseWindow,
    UpdateStatus,
    days_taken,
    update_status,
)
from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.ids import Eui64
from gbdcc.service.compliance.post_ports import RecoveryCells
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("device", "type", "MPxN", "supplier", "commissioned at", "first credentials update", "days", "status",
           "recovery anchor", "limited data")
#: Devices whose Recovery cells are read per call of :meth:`RecoveryCells.check`.
CELL_BATCH = 1000


class PostCommissioningReport:
    """A :class:`~gbdcc.service.compliance.reports.ReportBuilder`."""

    def __init__(self, window: ReleaseWindow, cells: RecoveryCells | None, *, include_compliant: bool = False) -> None:
        self._window = window
        self._cells = cells
        self._include_compliant = include_compliant

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        repo = uow.post_commissioning
        meters = repo.commissioned_meters(as_of, CREDENTIAL_UPDATE_SRVS)
        recovery = repo.recovery_certificates(as_of)
        checks: dict[Eui64, RecoveryCheck] = {}
        if not recovery:
            checks = {m.device_id: RecoveryCheck.NO_CERTIFICATE for m in meters}
        elif self._cells is not None:
            ids = [m.device_id for m in meters]
            for i in range(0, len(ids), CELL_BATCH):
                checks.update(self._cells.check(ids[i:i + CELL_BATCH], recovery[0]))
        statuses = {s: 0 for s in UpdateStatus}
        anchors = {c: 0 for c in RecoveryCheck}
        rows: list[tuple[Cell, ...]] = []
        limited = 0
        for m in meters:
            status = update_status(m, as_of)
            check = checks.get(m.device_id, RecoveryCheck.UNKNOWN)
            statuses[status] += 1
            anchors[check] += 1
            early = self._window.holds(m.commissioned_at)
            limited += early
            finding = status in (UpdateStatus.OVERDUE, UpdateStatus.LATE) or check.finding
            if finding or self._include_compliant:
                rows.append(_row(m, as_of, status, check, early))
        summary: dict[str, Cell] = {"commissioned meters": len(meters), "listed": len(rows),
                                    **{str(s): n for s, n in statuses.items()},
                                    **{f"recovery anchor {c}": n for c, n in anchors.items() if n},
                                    "earlier release window (limited data)": limited}
        notes = [
            "IEWP 5.3: a Smart Meter's Device Security Credentials are to be updated within 7 days of its "
            "commissioning (the first Commissioned entry of its SMI status history); an update is a 6.15.1 "
            "Update Security Credentials (KRP) or 6.23 (CoS) to the meter that the device answered (request "
            "responded, I0), at or after commissioning and by the report's instant.",
            "gbdcc does not decode the CS02b outcome status inside the device's response into the request record: "
            "'responded' means the device processed the command; a refused replacement shows in the response the "
            "User received, not here.",
            f"Earlier release window: commissioned from DCC Live ({self._window.dcc_live.isoformat()}) to before "
            f"Release 1.3 ({self._window.release_1_3.isoformat()}) (settings GBDCC_POST_COMMISSIONING_DCC_LIVE / "
            "_RELEASE_1_3): for those meters (column 'limited data') the evidence is 'processed by the device, "
            "not necessarily executed' (R-POST-1).",
            "IEWP 5.6(c): the Recovery trust anchor is compared with the newest Recovery digital-signing "
            "Organisation Certificate valid in the SMKI Repository"
            + (f"; cells read from {self._cells.source}." if self._cells is not None else
               "; no source of device trust anchors is wired: every meter is 'unknown'."),
            "Rows: meters with a finding (overdue, updated late, or a Recovery anchor that is empty or holds "
            "another certificate); meters still within their 7 days are counted as 'due'.",
        ]
        if not recovery:
            notes.append("The SMKI Repository holds no valid Recovery Certificate: the Recovery trust anchors could "
                         "not be checked (a finding about the instance, not listed per meter).")
        return ComplianceReport("post-commissioning", "R-POST-1",
                                "Smart Meters: credentials update after commissioning and the Recovery trust anchor",
                                as_of, COLUMNS, tuple(rows), summary, tuple(notes))


def _row(m: CommissionedMeter, as_of: datetime, status: UpdateStatus, check: RecoveryCheck,
         early: bool) -> tuple[Cell, ...]:
    """``limited data``: commissioned in the earlier release window — processed, not necessarily executed."""
    return (str(m.device_id), m.device_type, m.mpxn, None if m.supplier is None else str(m.supplier),
            m.commissioned_at, m.first_update_at, days_taken(m, as_of), str(status), str(check), early)

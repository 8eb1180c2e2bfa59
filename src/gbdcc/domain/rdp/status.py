"""The status file the DCC sends each RDP: every metering point it is responsible for that has a smart
meter in the Smart Metering Inventory, flagged Enrolled, Suspended or Withdrawn (DOMAIN.md §9; R-REG-2
sets when it is sent).

Which SMI status is which flag is gbdcc's mapping (the SEC names the flags, not the mapping):
Commissioned and Recovered meters are Enrolled; Suspended meters and those under Recovery are
Suspended; Decommissioned and Withdrawn ones are Withdrawn. A metering point whose meters are only
Pending, Whitelisted or InstalledNotCommissioned is not enrolled yet and is not listed. Where a metering
point has several meters (a replaced one, say), the most enrolled flag wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from gbdcc.domain.inventory import SmiStatus


class MpxnStatus(StrEnum):
    ENROLLED = "Enrolled"
    SUSPENDED = "Suspended"
    WITHDRAWN = "Withdrawn"

    @property
    def enrolled(self) -> bool:
        """Still enrolled with the DCC (a Suspended meter is enrolled, its communications suspended)."""
        return self is not MpxnStatus.WITHDRAWN


STATUS_OF: dict[SmiStatus, MpxnStatus] = {
    SmiStatus.COMMISSIONED: MpxnStatus.ENROLLED,
    SmiStatus.RECOVERED: MpxnStatus.ENROLLED,
    SmiStatus.SUSPENDED: MpxnStatus.SUSPENDED,
    SmiStatus.RECOVERY: MpxnStatus.SUSPENDED,
    SmiStatus.DECOMMISSIONED: MpxnStatus.WITHDRAWN,
    SmiStatus.WITHDRAWN: MpxnStatus.WITHDRAWN,
}
_RANK = {MpxnStatus.ENROLLED: 0, MpxnStatus.SUSPENDED: 1, MpxnStatus.WITHDRAWN: 2}


def mpxn_status(statuses: Iterable[SmiStatus]) -> MpxnStatus | None:
    """The flag of a metering point whose meters have ``statuses`` (None: not enrolled yet)."""
    flags = [STATUS_OF[s] for s in statuses if s in STATUS_OF]
    return min(flags, key=_RANK.__getitem__, default=None)


@dataclass(frozen=True, slots=True)
class StatusEntry:
    mpxn: str
    status: MpxnStatus


@dataclass(frozen=True, slots=True)
class StatusFile:
    """The status file of ``rdp_id`` for ``day``, made at ``created``; entries in MPxN order."""

    rdp_id: str
    day: date
    created: datetime
    entries: tuple[StatusEntry, ...]


def status_entries(meters: Iterable[tuple[str, SmiStatus]]) -> tuple[StatusEntry, ...]:
    """One entry per metering point from (MPxN, SMI status of a meter there) pairs, in MPxN order."""
    by_mpxn: dict[str, list[SmiStatus]] = {}
    for mpxn, status in meters:
        by_mpxn.setdefault(mpxn, []).append(status)
    out = []
    for mpxn in sorted(by_mpxn):
        flag = mpxn_status(by_mpxn[mpxn])
        if flag is not None:
            out.append(StatusEntry(mpxn, flag))
    return tuple(out)

"""Status files to RDPs (DOMAIN.md §9; R-REG-2): every metering point an RDP is responsible for that has a
smart meter in the SMI, flagged Enrolled, Suspended or Withdrawn (``domain.rdp.status``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gbdcc.domain.rdp.cadence import status_due
from gbdcc.domain.rdp.model import UnknownRdp
from gbdcc.domain.rdp.status import StatusFile, status_entries
from gbdcc.service.ports import Clock, RegistrationFileWriter, UnitOfWorkFactory


@dataclass(frozen=True)
class MadeStatusFile:
    status: StatusFile
    content: bytes


def status_file(uow_factory: UnitOfWorkFactory, clock: Clock, writer: RegistrationFileWriter, rdp_id: str,
                day: date) -> MadeStatusFile:
    """Make the RDP's status file for ``day`` and record it as sent (due or not: on request too)."""
    with uow_factory() as uow:
        rdp = uow.rdps.get(rdp_id)
        if rdp is None:
            raise UnknownRdp(f"RDP {rdp_id} is not registered with the DCC (gbdcc rdp add)")
        status = StatusFile(rdp.rdp_id, day, clock.now(), status_entries(uow.rdps.meters(rdp.rdp_id)))
        uow.rdps.status_sent(rdp.rdp_id, day)
        uow.commit()
    return MadeStatusFile(status, writer.status(status))


def due_status_files(uow_factory: UnitOfWorkFactory, day: date) -> list[str]:
    """The RDPs whose status cadence expects a file on ``day`` not yet made (R-REG-2)."""
    with uow_factory(read_only=True) as uow:
        return [r.rdp_id for r in uow.rdps.list() if status_due(r.cadences.status, day, r.last_status_on)]

"""Registering Registration Data Providers (R-USER-2: one RDP ID per RDP; R-REG-2: their cadences)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from gbdcc.domain.ids import bounded_text
from gbdcc.domain.rdp.cadence import RdpCadences
from gbdcc.domain.rdp.model import Fuel, Rdp, RdpConflict, RdpLineInvalid, parse_rdp_id
from gbdcc.domain.rdp.validate import MAX_SEQUENCE
from gbdcc.service.ports import UnitOfWorkFactory

MAX_NAME_CHARS = 200


def add_rdp(uow_factory: UnitOfWorkFactory, rdp_id: str, fuel: Fuel, name: str, cadences: RdpCadences, *,
            added_on: date, first_sequence: int = 1) -> Rdp:
    """Register an RDP, or return it unchanged if it is registered with the same name and fuel.

    R-USER-2: an RDP ID names one RDP, and an RDP has one RDP ID — an ID already used for another name
    or fuel, or a name already registered under another ID, is refused (``RdpConflict``).
    """
    rdp_id = parse_rdp_id(rdp_id)
    name = bounded_text(name, what="RDP name", max_chars=MAX_NAME_CHARS)
    if not name:
        raise RdpLineInvalid("an RDP needs a name", rule="R-USER-2")
    if not 1 <= first_sequence <= MAX_SEQUENCE:
        raise RdpLineInvalid(f"the first sequence number is 1 to {MAX_SEQUENCE}, not {first_sequence}",
                             rule="RDP-SEQUENCE")
    with uow_factory() as uow:
        existing = uow.rdps.get(rdp_id)
        if existing is not None:
            if (existing.name, existing.fuel) == (name, fuel):
                return existing
            raise RdpConflict(f"RDP ID {rdp_id} is already {existing.name!r} (fuel {existing.fuel.value}): an "
                              "RDP ID names one RDP", rule="R-USER-2")
        other = uow.rdps.by_name(name)
        if other is not None:
            raise RdpConflict(f"{name!r} is already registered as RDP {other.rdp_id}: one RDP ID per RDP",
                              rule="R-USER-2")
        rdp = Rdp(rdp_id, name, fuel, cadences, first_sequence, added_on)
        uow.rdps.add(rdp)
        uow.commit()
    return rdp


def list_rdps(uow_factory: UnitOfWorkFactory) -> Sequence[Rdp]:
    with uow_factory(read_only=True) as uow:
        return uow.rdps.list()

"""What a Registration Data file does to Registration Data, computed as a plan (SEC H3; R-SR-1).

A plan is the exact set of period rows to delete, to insert (new keys) and to replace, and of metering
points to add, update and drop, worked out from the file and the current periods before anything is
written: storage applies it in one transaction, so a file applies whole or not at all. The semantics,
per metering point and per role of the RDP's fuel (supplier: IS or GS; network operator: ED or GT):

* **refresh** (FULL or PARTIAL): the file's records of a metering point are its registration from the
  first record's effective date on — periods from then on are replaced (earlier history is kept); a
  record without an effective-to runs until the next record of that metering point, the last one
  open-ended. A FULL refresh also ends, at the file's creation instant, the registration of every
  metering point the RDP was responsible for and no longer lists, and drops them from the RDP.
* **update**: each record, in effective-date order, paints ``[from, to)``: periods inside are replaced,
  a period reaching past ``to`` resumes there (open-ended records replace everything after ``from``).

Adjacent periods of the same party are merged, so re-sending what the DCC holds changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.model import FileKind, Fuel, MeteringPoint, RegistrationFile, RegRecord
from gbdcc.domain.registration import RegistrationPeriod

PeriodKey = tuple[str, UserRole, datetime]


def key_of(p: RegistrationPeriod) -> PeriodKey:
    return p.mpxn, p.role, p.effective_from


def coalesce(periods: Iterable[RegistrationPeriod]) -> list[RegistrationPeriod]:
    """Sorted by start, with back-to-back periods of the same party merged into one."""
    out: list[RegistrationPeriod] = []
    for p in sorted(periods, key=lambda p: p.effective_from):
        last = out[-1] if out else None
        if last is not None and last.party == p.party and last.effective_to == p.effective_from:
            out[-1] = replace(last, effective_to=p.effective_to)
        else:
            out.append(p)
    return out


def cut_from(periods: Iterable[RegistrationPeriod], at: datetime) -> list[RegistrationPeriod]:
    """The periods as they stand before ``at``: later ones removed, one running at ``at`` ended there."""
    out = []
    for p in periods:
        if p.effective_from >= at:
            continue
        out.append(p if p.effective_to is not None and p.effective_to <= at else replace(p, effective_to=at))
    return out


def paint(periods: Iterable[RegistrationPeriod], new: RegistrationPeriod) -> list[RegistrationPeriod]:
    """``new`` over ``periods``: what lay inside ``[new.effective_from, new.effective_to)`` is replaced, what
    lay outside kept (a period straddling either end is cut there)."""
    start, end = new.effective_from, new.effective_to
    out = [new]
    for p in periods:
        before = p.effective_to is not None and p.effective_to <= start
        after = end is not None and p.effective_from >= end
        if before or after:
            out.append(p)
            continue
        if p.effective_from < start:
            out.append(replace(p, effective_to=start))
        if end is not None and (p.effective_to is None or p.effective_to > end):
            out.append(replace(p, effective_from=end))
    return coalesce(out)


PartyOf = Callable[[RegRecord], Eui64]


def supplier_of(r: RegRecord) -> Eui64:
    return r.supplier


def network_operator_of(r: RegRecord) -> Eui64:
    return r.network_operator


def _periods(records: Sequence[RegRecord], role: UserRole, party_of: PartyOf, refresh: bool
             ) -> list[RegistrationPeriod]:
    """One period per record in ``role``; in a refresh an open record ends where the next one starts."""
    out = []
    for i, r in enumerate(records):
        end = r.effective_to
        if end is None and refresh and i + 1 < len(records):
            end = records[i + 1].effective_from
        out.append(RegistrationPeriod(r.mpxn, role, party_of(r), r.effective_from, end))
    return out


def target_periods(current: list[RegistrationPeriod], records: Sequence[RegRecord], role: UserRole,
                   party_of: PartyOf, kind: FileKind) -> list[RegistrationPeriod]:
    """The periods of one (metering point, role) after the file (module docstring); ``records`` sorted
    by effective date, ``party_of`` reads the party a record names for the role."""
    new = _periods(records, role, party_of, kind.is_refresh)
    if (not current and len(new) == 1) or (kind.is_refresh and current == new):  # nothing to cut or merge
        return new
    if kind.is_refresh:
        return coalesce([*cut_from(current, records[0].effective_from), *new])
    result = list(current)
    for p in new:
        result = paint(result, p)
    return coalesce(result)


@dataclass(frozen=True, slots=True)
class RegistrationPlan:
    """Rows to change, in one transaction (module docstring); the counts are for the response file."""

    rdp_id: str
    kind: FileKind
    delete: tuple[PeriodKey, ...]
    insert: tuple[RegistrationPeriod, ...]
    replace: tuple[RegistrationPeriod, ...]
    add_points: tuple[MeteringPoint, ...]
    update_points: tuple[MeteringPoint, ...]
    delete_points: tuple[str, ...]
    mpxns: int
    changed: int

    @property
    def added(self) -> int:
        """Metering points new to the RDP."""
        return len(self.add_points)

    @property
    def removed(self) -> int:
        """Metering points a FULL refresh no longer lists."""
        return len(self.delete_points)

    @property
    def rows(self) -> int:
        return (len(self.delete) + len(self.insert) + len(self.replace) + len(self.add_points) + len(self.update_points)
                + len(self.delete_points))


class _Diff:
    def __init__(self) -> None:
        self.delete: list[PeriodKey] = []
        self.insert: list[RegistrationPeriod] = []  # keys not stored
        self.replace: list[RegistrationPeriod] = []  # keys stored, with other values
        self.changed = 0

    def add(self, before: list[RegistrationPeriod], after: list[RegistrationPeriod]) -> bool:
        if not before:
            self.insert.extend(after)
            return bool(after)
        if before == after:
            return False
        old = {key_of(p): p for p in before}
        new = {key_of(p): p for p in after}
        self.delete.extend(k for k in old if k not in new)
        for k, p in new.items():
            stored = old.get(k)
            if stored is None:
                self.insert.append(p)
            elif stored != p:
                self.replace.append(p)
        return True


def _of_role(stored: Sequence[RegistrationPeriod], role: UserRole) -> list[RegistrationPeriod]:
    if not stored:
        return []
    return sorted((p for p in stored if p.role is role), key=lambda p: p.effective_from)


def group_records(records: Iterable[RegRecord]) -> dict[str, list[RegRecord]]:
    """Records per metering point, each list in effective-date order."""
    out: dict[str, list[RegRecord]] = {}
    for r in records:
        out.setdefault(r.mpxn, []).append(r)
    for group in out.values():
        if len(group) > 1:
            group.sort(key=lambda r: r.effective_from)
    return out


def plan_file(file: RegistrationFile, fuel: Fuel, current: Mapping[str, Sequence[RegistrationPeriod]],
              points: Mapping[str, MeteringPoint]) -> RegistrationPlan:
    """The plan of ``file`` for an RDP of ``fuel``. ``current``: the stored periods, per MPxN, of every
    metering point of the file and — for a FULL refresh — of every one the RDP holds; ``points``: the
    RDP's stored metering points among those (all of them for a FULL refresh)."""
    header = file.header
    roles = ((fuel.supplier_role, supplier_of), (fuel.network_operator_role, network_operator_of))
    diff = _Diff()
    add_points: list[MeteringPoint] = []
    update_points: list[MeteringPoint] = []
    grouped = group_records(file.records)
    supplier_role, operator_role = fuel.roles
    for mpxn, records in grouped.items():
        stored = current.get(mpxn, ())
        old = points.get(mpxn)
        last = records[-1]
        energisation = last.energisation if last.energisation is not None else (old.energisation if old else None)
        point = MeteringPoint(mpxn, header.rdp_id, last.domestic, energisation)
        if old is None:
            add_points.append(point)
        elif point != old:
            update_points.append(point)
        if not stored and len(records) == 1:  # the common case, as target_periods would give it
            diff.insert.append(RegistrationPeriod(mpxn, supplier_role, last.supplier, last.effective_from,
                                               last.effective_to))
            diff.insert.append(RegistrationPeriod(mpxn, operator_role, last.network_operator, last.effective_from,
                                               last.effective_to))
            diff.changed += 1
            continue
        changed = False
        for role, party_of in roles:
            before = _of_role(stored, role)
            changed |= diff.add(before, target_periods(before, records, role, party_of, header.kind))
        diff.changed += changed
    dropped: list[str] = []
    if header.kind is FileKind.FULL:
        for mpxn in points:
            if mpxn in grouped:
                continue
            dropped.append(mpxn)
            stored = current.get(mpxn, ())
            changed = False
            for role, _ in roles:
                before = _of_role(stored, role)
                changed |= diff.add(before, cut_from(before, header.created))
            diff.changed += changed
    return RegistrationPlan(header.rdp_id, header.kind, tuple(diff.delete), tuple(diff.insert), tuple(diff.replace),
                            tuple(add_points), tuple(update_points), tuple(sorted(dropped)), len(grouped), diff.changed)


def apply_plan(periods: Mapping[PeriodKey, RegistrationPeriod], plan: RegistrationPlan
               ) -> dict[PeriodKey, RegistrationPeriod]:
    """The periods after ``plan`` (the in-memory store applies it so; SQL does the same in bulk)."""
    out = dict(periods)
    for k in plan.delete:
        out.pop(k, None)
    for p in (*plan.insert, *plan.replace):
        out[key_of(p)] = p
    return out

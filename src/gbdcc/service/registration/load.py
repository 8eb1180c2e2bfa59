"""Loading a Registration Data file from an RDP (SEC H3; R-REG-1, R-CHURN-1, R-USER-2, R-SR-1).

``load_file`` checks every line (``domain.rdp.validate``), reads what the plan needs in a read-only unit
(the RDP, the metering points involved and their periods, the Users, the enrolled meters of records that
move to a non-User), computes the plan (``domain.rdp.plan``), then applies it in **one** writing unit with
the file's log entry and its churn flags: the file applies whole or not at all. The writing unit starts by
moving the RDP's sequence number on by compare-and-set, so of two loads of one file (the CLI and the drop
folder, say) one applies and the other is refused as a repeat — and no other load of that RDP can change
its metering points between the read and the write. Keeping the reads out of the writing unit keeps the
write lock short on SQLite, which ``gbdcc up`` shares.

A refused file changes nothing but the file log; its response file names each bad line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.rdp.cadence import is_unsolicited
from gbdcc.domain.rdp.churn import ChurnFlag, RecordedChurn, churn_flags, non_user_records
from gbdcc.domain.rdp.model import FileKind, FileOutOfSequence, LineError, RawLine, Rdp, RegistrationFile
from gbdcc.domain.rdp.outcome import FileOutcome, RdpFileRecord
from gbdcc.domain.rdp.plan import RegistrationPlan, plan_file
from gbdcc.domain.rdp.status import STATUS_OF
from gbdcc.domain.rdp.validate import MAX_REPORTED_ERRORS, FileCheck, check_for_rdp, check_lines
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.service.incidents.automatic import record_refused_file
from gbdcc.service.ports import Clock, RegistrationFileWriter, UnitOfWork, UnitOfWorkFactory

#: ``progress(phase, done, total)``: phases "check" (lines), "read" and "plan" (metering points), "write"
#: (rows); ``total`` None when not known in advance.
LoadProgress = Callable[[str, int, int | None], None]
_EVERY = 10_000


@dataclass(frozen=True)
class IncomingFile:
    """A file as the adapter read it: its lines (consumed once), digest, where it came from (``cli``,
    ``upload``, ``drop-folder``), its name, and — if it could not be read as text — why."""

    lines: Iterable[RawLine]
    sha256: str
    source: str
    name: str | None = None
    unreadable: GbdccError | None = None
    line_count: int | None = None


@dataclass(frozen=True)
class LoadedFile:
    """The outcome, the response file sent back, and the churn flags recorded."""

    outcome: FileOutcome
    response: bytes
    churn: tuple[ChurnFlag, ...] = ()


@dataclass(frozen=True)
class _Facts:
    rdp: Rdp | None
    errors: tuple[LineError, ...]
    error_count: int
    plan: RegistrationPlan | None = None
    churn: tuple[ChurnFlag, ...] = ()
    unsolicited: bool = False


class RegistrationLoad:
    """The ``load_file`` use case with its dependencies (module docstring)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, writer: RegistrationFileWriter, *,
                 lenient: bool = False, max_errors: int = MAX_REPORTED_ERRORS) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._writer = writer
        self._lenient = lenient
        self._max_errors = max_errors

    def __call__(self, incoming: IncomingFile, *, expected_rdp: str | None = None,
                 progress: LoadProgress | None = None) -> LoadedFile:
        report = progress or _silent
        received = self._clock.now()
        if incoming.unreadable is not None:
            check = FileCheck(None, (), 0, (LineError.of(0, incoming.unreadable),), 1)
        else:
            check = check_lines(_counted(incoming.lines, report, incoming.line_count), lenient=self._lenient,
                                max_errors=self._max_errors)
        file = check.file
        if file is None:
            return self._refuse(incoming, check, check.errors, check.error_count, received)
        facts = self._facts(check, file, expected_rdp, received, report)
        if facts.plan is None or facts.rdp is None:
            return self._refuse(incoming, check, facts.errors, facts.error_count, received)
        try:
            return self._apply(incoming, file, facts.rdp, facts, received, report)
        except GbdccError as err:  # lost the sequence race, or a metering point taken meanwhile
            return self._refuse(incoming, check, (LineError.of(check.header_line, err),), 1, received)

    # -- reading and planning (a read-only unit) ------------------------------------------------------
    def _facts(self, check: FileCheck, file: RegistrationFile, expected_rdp: str | None, received: datetime,
               report: LoadProgress) -> _Facts:
        header = file.header
        mpxns = file.mpxns
        with self._uow(read_only=True) as uow:
            rdp = uow.rdps.get(header.rdp_id)
            own = {} if rdp is None else (uow.rdps.points(rdp.rdp_id) if header.kind is FileKind.FULL
                                          else uow.rdps.points(rdp.rdp_id, mpxns))
            holders = {} if rdp is None else uow.rdps.holders(m for m in mpxns if m not in own)
            errors, count = check_for_rdp(check, rdp, expected_rdp=expected_rdp, holders=holders,
                                          max_errors=self._max_errors)
            if count or rdp is None:
                return _Facts(rdp, errors, count)
            involved = mpxns | own.keys()
            report("read", 0, len(involved))
            current = uow.registration.periods_of(involved, rdp.fuel.roles)
            report("read", len(involved), len(involved))
            churn = self._churn(uow, file, rdp, current)
            day = received.date()
            start = datetime.combine(day, datetime.min.time(), received.tzinfo)
            refreshes = uow.rdps.refreshes_accepted(rdp.rdp_id, start, start + timedelta(days=1))
        report("plan", 0, len(mpxns))
        plan = plan_file(file, rdp.fuel, current, own)
        report("plan", len(mpxns), len(mpxns))
        unsolicited = is_unsolicited(header.kind.is_refresh, rdp.cadences.files, day, refreshes)
        return _Facts(rdp, (), 0, plan, churn, unsolicited)

    def _churn(self, uow: UnitOfWork, file: RegistrationFile, rdp: Rdp,
               current: dict[str, list[RegistrationPeriod]]) -> tuple[ChurnFlag, ...]:
        """R-CHURN-1: only records moving to a non-User need the inventory read."""
        users = {u.user_id: u for u in uow.users.list()}
        candidates = non_user_records(file.records, rdp.fuel, users)
        enrolled: dict[str, list[Eui64]] = {}
        for mpxn, device_id, status in uow.rdps.meters_at(r.mpxn for r in candidates):
            flag = STATUS_OF.get(status)
            if flag is not None and flag.enrolled:
                enrolled.setdefault(mpxn, []).append(device_id)
        return churn_flags(candidates, rdp.fuel, current, enrolled, users)

    # -- applying (one writing unit) ------------------------------------------------------------------
    def _apply(self, incoming: IncomingFile, file: RegistrationFile, rdp: Rdp, facts: _Facts, received: datetime,
               report: LoadProgress) -> LoadedFile:
        plan = facts.plan
        assert plan is not None
        header = file.header
        outcome = FileOutcome(rdp.rdp_id, header.sequence, header.kind, True, self._clock.now(), len(file.records),
                              mpxns=plan.mpxns, added=plan.added, changed=plan.changed, removed=plan.removed,
                              unsolicited=facts.unsolicited, churn=len(facts.churn))
        response = self._writer.response(outcome)
        rows = plan.rows
        with self._uow() as uow:
            if not uow.rdps.advance_sequence(rdp.rdp_id, header.sequence):
                raise FileOutOfSequence(f"file {header.sequence} of RDP {rdp.rdp_id} was accepted by another load "
                                        "meanwhile: this one is a repeat")
            report("write", 0, rows)
            uow.registration.apply(plan.delete, plan.insert, plan.replace, lambda n: report("write", n, rows))
            uow.rdps.delete_points(rdp.rdp_id, plan.delete_points)
            uow.rdps.update_points(plan.update_points)
            done = rows - len(plan.add_points)
            uow.rdps.add_points(plan.add_points, lambda n: report("write", done + n, rows))
            file_id = uow.rdps.add_file(self._record(incoming, outcome, received, response))
            uow.rdps.add_churn([RecordedChurn(rdp.rdp_id, file_id, f) for f in facts.churn])
            uow.commit()
        report("write", rows, rows)
        return LoadedFile(replace(outcome, file_id=file_id), response, facts.churn)

    def _refuse(self, incoming: IncomingFile, check: FileCheck, errors: tuple[LineError, ...], count: int,
                received: datetime) -> LoadedFile:
        header = check.header
        outcome = FileOutcome(header.rdp_id if header else None, header.sequence if header else None,
                              header.kind if header else None, False, self._clock.now(), check.reg_lines,
                              errors=errors, error_count=count)
        response = self._writer.response(outcome)
        with self._uow() as uow:
            file_id = uow.rdps.add_file(self._record(incoming, outcome, received, response))
            record_refused_file(uow, outcome, incoming.name, outcome.processed_at)  # R-INC-1 (registration incidents)
            uow.commit()
        return LoadedFile(replace(outcome, file_id=file_id), response)

    @staticmethod
    def _record(incoming: IncomingFile, outcome: FileOutcome, received: datetime, response: bytes) -> RdpFileRecord:
        return RdpFileRecord(outcome.rdp_id, outcome.sequence, outcome.kind, received, outcome.accepted,
                             outcome.unsolicited, outcome.records, outcome.error_count, incoming.sha256,
                             incoming.source, incoming.name, response)


def _silent(phase: str, done: int, total: int | None) -> None:
    return None


def _counted(lines: Iterable[RawLine], report: LoadProgress, total: int | None) -> Iterator[RawLine]:
    n = 0
    report("check", 0, total)
    for n, line in enumerate(lines, 1):
        if n % _EVERY == 0:
            report("check", n, total)
        yield line
    report("check", n, total)

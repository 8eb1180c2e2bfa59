"""The ECoS migration campaign (R-COS-2): the TCoS certificate in each queued meter's Transitional CoS cell
is replaced by the ECoS Party's (or by a null one) with a CS02b transCoSByTransCoS (0x0106) the TCoS Party
signs, sent over the SM WAN; the SMI's CoS cell changes only when the device confirms.

Durable like the request pipeline (``service/device/dispatch.py``, ``responses.py``): queueing stores a
``pending`` entry and a ``CosMigrationDue`` outbox event in one transaction; the stage records the entry
``sent`` (with its counter and a ``CosMigrationDeadline`` event) before handing the command to the CSP; the
device's response — matched to the entry by the device, the TCoS originator and the counter — confirms it
(``done``, the cell changed) or not (``failed``, with the device's reason). A hub the CSP cannot reach, or
a device that does not answer by the deadline, fails that attempt: it is tried again later while attempts
remain, then reported ``failed``. Everything resumes after a restart; queueing again is idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from gbdcc.domain.cos import (
    CosCell,
    CosMigration,
    MigrationPolicy,
    MigrationState,
    plan_migration,
)
from gbdcc.domain.errors import CosMigrationRefused, DeviceUnreachable, GbdccError
from gbdcc.domain.events import CosMigrationDeadline, CosMigrationDue, UplinkReceived
from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import AuditRecord, Decision, RequestState
from gbdcc.service.cos.ports import MigrationGbcs
from gbdcc.service.device.ports import Wan
from gbdcc.service.ports import Clock, OutboxEntry, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("gbdcc.cos.migration")
#: Devices queued per transaction by ``--all``.
QUEUE_BATCH = 1000


@dataclass
class QueueReport:
    queued: list[Eui64] = field(default_factory=list)
    unchanged: list[Eui64] = field(default_factory=list)  # the target already, or queued / in flight


def queue_migrations(uow_factory: UnitOfWorkFactory, devices: Sequence[Eui64], target: CosCell, at: datetime, *,
                     every: bool = False, limit: int | None = None) -> QueueReport:
    """Queue ``devices`` (all or none: ``CosMigrationRefused`` / ``DeviceUnknown``-like refusals name the
    device) — or, with ``every``, the meters still on TCoS, in batches — at most ``limit`` in all."""
    report = QueueReport()
    cap = limit if limit is not None else (len(devices) if not every else 1 << 62)
    if devices:
        with uow_factory() as uow:
            for device_id in devices[:cap]:
                _queue_one(uow, device_id, target, at, report)
            uow.commit()
    if every:
        while len(report.queued) < cap:
            with uow_factory() as uow:
                batch = uow.cos_migrations.candidates(min(QUEUE_BATCH, cap - len(report.queued)))
                for device_id in batch:
                    _queue_one(uow, device_id, target, at, report)
                uow.commit()
            if not batch:
                break
    return report


def _queue_one(uow: UnitOfWork, device_id: Eui64, target: CosCell, at: datetime, report: QueueReport) -> None:
    device = uow.inventory.get(device_id)
    if device is None:
        raise CosMigrationRefused(f"{device_id} is not in the SMI")
    entry = plan_migration(device_id, device.device_type.value, device.cos_cell,
                           uow.cos_migrations.get(device_id), target, at)
    if entry is None:
        report.unchanged.append(device_id)
        return
    uow.cos_migrations.put(entry)
    uow.outbox.add(CosMigrationDue(str(device_id)), at)
    report.queued.append(device_id)


class CosMigrationStage:
    """The campaign's stages: ``CosMigrationDue`` (send), ``CosMigrationDeadline`` and the device's response
    (:meth:`confirm`, called by :class:`CosMigrationUplinks`)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, gbcs: MigrationGbcs, wan: Wan, clock: Clock,
                 policy: MigrationPolicy | None = None) -> None:
        self._uow_factory = uow_factory
        self._gbcs = gbcs
        self._wan = wan
        self._clock = clock
        self.policy = policy or MigrationPolicy()

    def __call__(self, entry: OutboxEntry, event: CosMigrationDue) -> None:
        now = self._clock.now()
        device_id = Eui64.parse(event.device_id)
        send: tuple[Eui64, bytes, CosMigration] | None = None
        with self._uow_factory() as uow:
            migration = uow.cos_migrations.get(device_id)
            if migration is not None and migration.state is MigrationState.PENDING:
                send = self._prepare(uow, migration, now)
            uow.outbox.done(entry.seq)
            uow.commit()
        if send is None:
            return
        hub_id, command, sent = send
        try:
            self._wan.send(hub_id, command, migration=device_id)
        except DeviceUnreachable as err:
            self.refused(device_id, hub_id, err, attempt=sent.attempts)
        except Exception:  # a WAN bug must not lose the entry: its deadline fails the attempt
            log.exception("SM WAN send failed for the CoS migration of %s", device_id)

    def _prepare(self, uow: UnitOfWork, migration: CosMigration, now: datetime
                 ) -> tuple[Eui64, bytes, CosMigration] | None:
        device = uow.inventory.get(migration.device_id)
        problem = None
        if device is None or device.chf_id is None:
            problem = "not in the SMI on a Communications Hub"
        elif device.cos_cell is migration.target:
            uow.cos_migrations.update(migration.confirmed(now), MigrationState.PENDING)
            return None
        elif device.cos_cell is not CosCell.TCOS:
            problem = f"its Transitional CoS cell holds the {device.cos_cell} certificate, not TCoS's"
        if problem is not None:
            self._fail(uow, migration, MigrationState.PENDING, problem, now, final=True)
            return None
        assert device is not None and device.chf_id is not None
        counter = uow.dcc_counters.next(self._gbcs.originator, migration.device_id, 1)
        try:
            command = self._gbcs.build(migration.device_id, migration.target, counter)
        except GbdccError as err:
            self._fail(uow, migration, MigrationState.PENDING, str(err), now, final=True)
            return None
        sent = migration.sent(counter, now)
        if not uow.cos_migrations.update(sent, MigrationState.PENDING):
            return None
        uow.outbox.add(CosMigrationDeadline(str(sent.device_id), sent.attempts), now + self.policy.response_timeout)
        _audit(uow, sent, "out", RequestState.SENT, Decision(
            "I99", "R-COS-2", f"CS02b transCoSByTransCoS to {sent.device_id} via hub {device.chf_id}: TCoS → "
            f"{sent.target} (attempt {sent.attempts}, counter {counter})"), now, command)
        return device.chf_id, command, sent

    def refused(self, device_id: Eui64, hub_id: Eui64, err: DeviceUnreachable, *, attempt: int | None = None) -> None:
        """The CSP refused the migration command (no coverage, outage, hub not connected): the attempt failed
        (retried while attempts remain). ``attempt``: the attempt refused, when known (else the one in flight)."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            migration = uow.cos_migrations.get(device_id)
            if (migration is not None and migration.state is MigrationState.SENT
                    and (attempt is None or migration.attempts == attempt)):
                self._attempt_failed(uow, migration, f"the CSP cannot reach hub {hub_id}: {err.reason}", now)
            uow.commit()

    def deadline(self, entry: OutboxEntry, event: CosMigrationDeadline) -> None:
        now = self._clock.now()
        with self._uow_factory() as uow:
            migration = uow.cos_migrations.get(Eui64.parse(event.device_id))
            if (migration is not None and migration.state is MigrationState.SENT
                    and migration.attempts == event.attempt):
                seconds = self.policy.response_timeout.total_seconds()
                self._attempt_failed(uow, migration, f"no response from the device within {seconds:g} s", now)
            uow.outbox.done(entry.seq)
            uow.commit()

    def confirm(self, uow: UnitOfWork, raw: bytes, at: datetime) -> bool:
        """Match a device response to its campaign entry (device, TCoS originator, counter) and apply it;
        False when it is not a campaign response or matches no entry."""
        found = self._gbcs.response_to(raw)
        if found is None:
            return False
        device_id, counter = found
        migration = uow.cos_migrations.get(device_id)
        if migration is None or not migration.confirms(counter):
            return False
        problem = self._gbcs.outcome(raw, device_id)
        if problem is not None:
            self._fail(uow, migration, migration.state, f"the device did not confirm: {problem}", at, final=True,
                       body=raw)
            return True
        device = uow.inventory.get(migration.device_id)
        if device is None:
            return False
        done = migration.confirmed(at)
        if uow.cos_migrations.update(done, migration.state):
            uow.inventory.update(replace(device, cos_cell=migration.target))
            _audit(uow, done, "in", RequestState.RESPONDED, Decision(
                "I0", "R-COS-2", f"{done.device_id} confirmed: its Transitional CoS cell holds the {done.target} "
                f"certificate (SMI: CoS cell {device.cos_cell} → {done.target})"), at, raw)
        return True

    def _attempt_failed(self, uow: UnitOfWork, migration: CosMigration, reason: str, now: datetime) -> None:
        current = uow.cos_migrations.get(migration.device_id)
        if current is None or current.state is not MigrationState.SENT or current.attempts != migration.attempts:
            return
        after = self._fail(uow, current, MigrationState.SENT, reason, now)
        if after is not None and after.state is MigrationState.PENDING:
            uow.outbox.add(CosMigrationDue(str(after.device_id)), now + self.policy.retry_after * after.attempts)

    def _fail(self, uow: UnitOfWork, migration: CosMigration, expected: MigrationState, reason: str, now: datetime,
              *, final: bool = False, body: bytes = b"") -> CosMigration | None:
        after = migration.attempt_failed(reason, now, self.policy, final=final)
        if not uow.cos_migrations.update(after, expected):
            return None
        what = "retried later" if after.state is MigrationState.PENDING else "failed: its cell stays TCoS"
        _audit(uow, after, "in" if body else "out", RequestState.FAILED,
               Decision("E1", "R-COS-2", f"CoS migration of {after.device_id}: {reason} — {what}"), now, body)
        return after


def _audit(uow: UnitOfWork, migration: CosMigration, direction: str, state: RequestState, decision: Decision,
           at: datetime, body: bytes = b"") -> None:
    uow.audit.append(AuditRecord(direction=direction, received_at=at, request_id=None, user_id=None, srv=None,
                                 command_variant=None, state=state, decision=decision, body=body, kind="wan"))


class CosMigrationUplinks:
    """The respond stage with the campaign in front: a response to a CS02b transCoSByTransCoS from the TCoS
    Party goes to the campaign entry it confirms; everything else (and a campaign response matching no
    entry, which it then records as unmatched) to the device pipeline's ``UplinkStage``."""

    def __init__(self, uplinks: Callable[[OutboxEntry, UplinkReceived], None], stage: CosMigrationStage,
                 gbcs: MigrationGbcs, uow_factory: UnitOfWorkFactory) -> None:
        self._uplinks = uplinks
        self._stage = stage
        self._gbcs = gbcs
        self._uow_factory = uow_factory

    def __call__(self, entry: OutboxEntry, event: UplinkReceived) -> None:
        raw = bytes.fromhex(event.payload_hex)
        if self._gbcs.response_to(raw) is not None:
            with self._uow_factory() as uow:
                if self._stage.confirm(uow, raw, datetime.fromisoformat(event.received_at)):
                    uow.outbox.done(entry.seq)
                    uow.commit()
                    return
        self._uplinks(entry, event)

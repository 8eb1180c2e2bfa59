"""Future-dated GBZ components of the simulated GSME (GBCS 10.4.2.8, device-executed future dating)
— SIMULATION.

A component carrying an execution date-time in the future — the ZSE start / implementation time of
the command (Publish Tariff Information, Price Matrix, Block Thresholds, Conversion Factor,
Calorific Value, Calendar, Special Days, Change Payment Mode, Emergency Credit Setup, Set Maximum
Credit Limit, Set Overall Debt Cap, Credit Adjustment, Change Supply) or, for Set Low Credit Warning
Level, the GBZ from-date-time — is **validated now and answered as if executed** (the RTDS
future-dated responses equal the immediate ones), then held. The Day / Week Profile and Seasons of a
held calendar travel with it. At the execution time the held components run, in order, against the
state of that moment; each timed one raises 0x8F66 (actioned) or 0x8F67 (not actioned) to the
command's originator. A start time of 0xFFFFFFFF / 0xFFFFFFFE cancels what is held for that command.

Each :class:`Held` is held by the device as the base's future-dated work (``SimDevice.hold``, the
ESME's mechanism too): it runs on the device's scheduler when one is attached, and otherwise when the
device next advances past the time (a lazily driven device stays consistent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_zcl import Context, ZclCommand, ZclHandlers, failed

PRICE, METERING, PREPAYMENT, CALENDAR = 0x0700, 0x0702, 0x0705, 0x0707
CANCEL = "cancel"
#: (cluster, server → client, command id) → offset of the execution date-time in the ZCL payload
EXECUTION_TIME_AT: dict[tuple[int, bool, int], int] = {
    (PRICE, True, 0x04): 12, (PRICE, True, 0x05): 8, (PRICE, True, 0x06): 8, (PRICE, True, 0x02): 4,
    (PRICE, True, 0x03): 4, (CALENDAR, True, 0x00): 12, (CALENDAR, True, 0x04): 12,
    (PREPAYMENT, False, 0x06): 8, (PREPAYMENT, False, 0x03): 4, (PREPAYMENT, False, 0x0B): 8,
    (PREPAYMENT, False, 0x0C): 8, (PREPAYMENT, False, 0x05): 4, (METERING, False, 0x0B): 12,
}
FROM_DATE_TIME_EXECUTES = frozenset({(PREPAYMENT, False, 0x09)})
CALENDAR_PARTS = frozenset({(CALENDAR, True, 0x01), (CALENDAR, True, 0x02), (CALENDAR, True, 0x03)})


def _key(cmd: ZclCommand) -> tuple[int, bool, int]:
    return (cmd.cluster, bool(cmd.frame_control & z.FC_SERVER_TO_CLIENT), cmd.command)


def execution_time(cmd: ZclCommand) -> datetime | str | None:
    """When a component is to execute: ``None`` now, a datetime, or :data:`CANCEL`."""
    key = _key(cmd)
    if key in FROM_DATE_TIME_EXECUTES:
        raw = cmd.from_date_time
    elif key in EXECUTION_TIME_AT and len(cmd.payload) >= EXECUTION_TIME_AT[key] + 4:
        raw = int.from_bytes(cmd.payload[EXECUTION_TIME_AT[key]:EXECUTION_TIME_AT[key] + 4], "little")
    else:
        return None
    if raw in (z.CANCEL_TIME, z.CANCEL_ALL_TIME):
        return CANCEL
    if not raw:
        return None
    return z.from_zigbee_time(raw)


@dataclass
class Held:
    """Components of one command held for one execution time."""

    at: datetime
    message_code: int
    counter: int
    originator: object
    commands: list[ZclCommand] = field(default_factory=list)


@dataclass
class FutureDating:
    """The GSME's held future-dated components and the per-command planning of them; ``on_hold`` /
    ``on_cancel`` tell the device a :class:`Held` was created / emptied by a cancellation."""

    held: list[Held] = field(default_factory=list)
    on_hold: Callable[[Held], None] | None = None
    on_cancel: Callable[[Held], None] | None = None

    def planner(self, handlers: ZclHandlers, ctx: Context, originator: object) -> Planner:
        return Planner(self, handlers, ctx, originator)

    def add(self, held: Held) -> None:
        self.held.append(held)
        if self.on_hold is not None:
            self.on_hold(held)

    def taken(self, held: Held) -> None:
        """The held work is executing (it is no longer held)."""
        if held in self.held:
            self.held.remove(held)

    def cancel(self, cmd: ZclCommand) -> None:
        key = _key(cmd)
        for held in self.held:
            if any(_key(c) == key for c in held.commands):
                held.commands = [] if key[0] == CALENDAR else [c for c in held.commands if _key(c) != key]
        for emptied in [h for h in self.held if not h.commands]:
            self.held.remove(emptied)
            if self.on_cancel is not None:
                self.on_cancel(emptied)


class Planner:
    """Decides, component by component of one command, what runs now and what is held; answers
    held and cancelling components from a dry run on a copy of the state."""

    def __init__(self, future: FutureDating, handlers: ZclHandlers, ctx: Context, originator: object) -> None:
        self.future, self.handlers, self.ctx, self.originator = future, handlers, ctx, originator
        self._dry: Context | None = None
        self._calendar_at: datetime | None = None

    def _dry_run(self, cmd: ZclCommand) -> list[z.Component]:
        if self._dry is None:
            self._dry = Context(self.ctx.state.copy(), self.ctx.at, self.ctx.message_code,
                                self.ctx.originator_counter, dict(self.ctx.extra), self.ctx.security)
        return self.handlers.run(cmd, self._dry)

    def __call__(self, cmd: ZclCommand) -> list[z.Component] | None:
        when = execution_time(cmd)
        if _key(cmd) in CALENDAR_PARTS and self._calendar_at is not None:
            when = self._calendar_at
        if when == CANCEL:
            self.future.cancel(cmd)
            self._calendar_at = None
            return self._dry_run(cmd)
        if not isinstance(when, datetime) or when <= self.ctx.at:
            if self._dry is not None:  # keep the dry-run state in step for later held components
                self.handlers.run(cmd, self._dry)
            return None
        answers = self._dry_run(cmd)
        if failed(answers):
            return answers
        if _key(cmd) == (CALENDAR, True, 0x00):
            self._calendar_at = when
        held = next((h for h in self.future.held if h.at == when and h.counter == self.ctx.originator_counter), None)
        if held is None:
            held = Held(when, self.ctx.message_code, self.ctx.originator_counter, self.originator, [cmd])
            self.future.add(held)
        else:
            held.commands.append(cmd)
        return answers


def timed(cmd: ZclCommand) -> bool:
    """Whether the component has its own execution time (and so its own 0x8F66 / 0x8F67 alert)."""
    return _key(cmd) in EXECUTION_TIME_AT or _key(cmd) in FROM_DATE_TIME_EXECUTES

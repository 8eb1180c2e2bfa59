"""Domain events: what happened, in the past tense. Stages hand work on only through these.

A stage commits its state change and the event for the next stage in one transaction (the outbox,
DESIGN.md "Flow of one Service Request"); the relay publishes each committed event to the handlers
subscribed to it. Events are small frozen records of plain values (text, integers) so they survive a
restart and cross a broker unchanged: they name what to work on (a RequestID, an outbound message) and
carry only what is not stored elsewhere (an uplink's bytes). Consumers are idempotent — an event seen
twice changes nothing the second time, because every handler checks the lifecycle state first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from gbdcc.domain.errors import GbdccError


class UnknownEvent(GbdccError):
    """An outbox row names an event type this version does not know (it is left in place, not lost)."""

    code = "GBDCC-120"
    default_rule = "OUTBOX"


@dataclass(frozen=True, slots=True)
class Event:
    """Base of the domain events. ``key`` orders delivery: events with the same key are handled in
    the order they were committed (per Communications Hub or per RequestID)."""

    topic: ClassVar[str] = "event"

    @property
    def key(self) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class RequestAdmitted(Event):
    """A device request (CV1, or a correlated CV5) is durable and acknowledged: transform it."""

    topic: ClassVar[str] = "request.admitted"
    request_id: str
    #: The Communications Hub (or, before the SMI names one, the device) the command goes to: the
    #: outbox hands one hub's requests on one at a time and in order, so the commands reach the device
    #: with their originator counters increasing (GBCS 4.3.1.2: a counter not above the last is a replay).
    #: Empty for entries stored before it existed: those are ordered per RequestID.
    hub_key: str = ""

    @property
    def key(self) -> str:
        return self.hub_key or self.request_id


@dataclass(frozen=True, slots=True)
class CommandTransformed(Event):
    """The GBCS command is built and protected: send it over the SM WAN."""

    topic: ClassVar[str] = "command.transformed"
    request_id: str
    #: The Communications Hub (or, before the SMI names one, the device) the command goes to: the
    #: outbox hands one hub's requests on one at a time and in order, so the commands reach the device
    #: with their originator counters increasing (GBCS 4.3.1.2: a counter not above the last is a replay).
    #: Empty for entries stored before it existed: those are ordered per RequestID.
    hub_key: str = ""

    @property
    def key(self) -> str:
        return self.hub_key or self.request_id


@dataclass(frozen=True, slots=True)
class ResponseDeadlinePassed(Event):
    """The time the device had to answer is up: if it has not, the request fails with E21."""

    topic: ClassVar[str] = "request.deadline"
    request_id: str

    @property
    def key(self) -> str:
        return self.request_id


@dataclass(frozen=True, slots=True)
class PreCommandExpired(Event):
    """A Pre-Command was not signed and returned (CV5) within its validity: it can no longer be."""

    topic: ClassVar[str] = "precommand.expired"
    request_id: str

    @property
    def key(self) -> str:
        return self.request_id


@dataclass(frozen=True, slots=True)
class UplinkReceived(Event):
    """A GBCS message came up the SM WAN from a Communications Hub: a response or an alert."""

    topic: ClassVar[str] = "uplink.received"
    hub_id: str
    payload_hex: str
    received_at: str  # ISO 8601, UTC

    @property
    def key(self) -> str:
        return self.hub_id


@dataclass(frozen=True, slots=True)
class MessageQueued(Event):
    """A signed DUIS message (response or alert) is ready for the User: deliver it (again)."""

    topic: ClassVar[str] = "message.queued"
    message_id: int

    @property
    def key(self) -> str:
        return str(self.message_id)


@dataclass(frozen=True, slots=True)
class ScheduleRunDue(Event):
    """A DCC schedule's next run is due at ``run_at`` (5.1; ``domain.schedules``): make its request. An
    entry whose ``run_at`` is no longer the schedule's next run (run already, deleted) changes nothing."""

    topic: ClassVar[str] = "schedule.run"
    schedule_id: int
    run_at: str  # ISO 8601, UTC

    @property
    def key(self) -> str:
        return f"schedule:{self.schedule_id}"


@dataclass(frozen=True, slots=True)
class CosMigrationDue(Event):
    """A device's ECoS migration entry is pending (R-COS-2): build, sign and send its CS02b (0x0106). An
    entry no longer pending (sent, done) changes nothing."""

    topic: ClassVar[str] = "cos.migration"
    device_id: str

    @property
    def key(self) -> str:
        return f"cos:{self.device_id}"


@dataclass(frozen=True, slots=True)
class CosMigrationDeadline(Event):
    """The time the device had to confirm attempt ``attempt`` of its ECoS migration is up: if it has not,
    the attempt failed (retried while attempts remain)."""

    topic: ClassVar[str] = "cos.migration.deadline"
    device_id: str
    attempt: int

    @property
    def key(self) -> str:
        return f"cos:{self.device_id}"


EVENT_TYPES: dict[str, type[Event]] = {
    cls.topic: cls
    for cls in (RequestAdmitted, CommandTransformed, ResponseDeadlinePassed, PreCommandExpired,
                UplinkReceived, MessageQueued, ScheduleRunDue, CosMigrationDue, CosMigrationDeadline)
}


def to_payload(event: Event) -> dict[str, Any]:
    """The event's fields as a JSON-ready mapping."""
    return {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}


def from_payload(topic: str, payload: Mapping[str, Any]) -> Event:
    """The event stored under ``topic`` (inverse of :func:`to_payload`)."""
    cls = EVENT_TYPES.get(topic)
    if cls is None:
        raise UnknownEvent(f"no event type for outbox topic {topic!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in payload.items() if k in names})

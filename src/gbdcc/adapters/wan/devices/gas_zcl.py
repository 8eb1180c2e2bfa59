"""Executing the GBZ components of a command against a GSME's state — SIMULATION.

A GBZ command is a list of ZCL commands (GBCS 10.4). Each is looked up by (cluster, cluster-specific,
direction, command id) in a :class:`ZclHandlers` table and answered by one or more response
components carrying the command component's sequence number. Rules of the RTDS 4.5.0 GSME responses:

* a refused component (:class:`Refused`) is answered with a Default Response carrying its status
  (0xC0 in the RTDS error vectors); every later component is not executed and answered ``FF 01``;
* a read of an absent log entry is a Default Response ``NOT_FOUND`` (0x8B) and does not stop the rest;
* a command the GSME does not implement is answered ``UNSUP_CLUSTER_COMMAND`` (0x81).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_state import GasState
from gbdcc.adapters.wan.devices.security import DeviceSecurity


class Refused(Exception):
    """The GSME refuses one component (out of range, wrong state…) with a ZCL status."""

    def __init__(self, reason: str, status: int = z.STATUS_REFUSED) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True, slots=True)
class ZclCommand:
    """One decoded GBZ component of a command."""

    control: int
    cluster: int
    frame_control: int
    sequence: int
    command: int
    payload: bytes
    from_date_time: int | None = None

    @classmethod
    def from_gbz(cls, c: dict[str, Any]) -> ZclCommand:
        """From a component of ``gbcs.payload.gbz.decode`` (from-date-time: GBCS 10.4.2.2)."""
        fdt = c.get("from_date_time")
        return cls(int(c["control"]), int(c["cluster"]), int(c["frame_control"]), int(c["sequence"]),
                   int(c["command"]), bytes.fromhex(str(c["zcl_payload"])), None if fdt is None else int(fdt))

    @property
    def specific(self) -> bool:
        return bool(self.frame_control & z.FC_CLUSTER_SPECIFIC)

    @property
    def key(self) -> tuple[int, bool, bool, int]:
        return (self.cluster, self.specific, bool(self.frame_control & z.FC_SERVER_TO_CLIENT), self.command)

    def reader(self) -> z.ZclReader:
        return z.ZclReader(self.payload)

    def default_response(self, status: int = z.STATUS_SUCCESS) -> z.Component:
        return z.default_response(self.cluster, self.frame_control, self.command, status)


@dataclass
class Context:
    """What a handler may use besides the command: the state, the device's time, the message and the
    device's security (keys, trust anchors, security log; None on a GPF's mirror)."""

    state: GasState
    at: datetime
    message_code: int
    originator_counter: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    security: DeviceSecurity | None = None


Handler = Callable[[ZclCommand, Context], list[z.Component]]


@dataclass
class ZclHandlers:
    """(cluster, cluster-specific, server → client, command id) → handler."""

    table: dict[tuple[int, bool, bool, int], Handler] = field(default_factory=dict)

    def on(self, cluster: int, command: int, handler: Handler, *, specific: bool = True,
           server_to_client: bool = False) -> None:
        self.table[(cluster, specific, server_to_client, command)] = handler

    def update(self, other: ZclHandlers) -> None:
        self.table.update(other.table)

    def run(self, cmd: ZclCommand, ctx: Context) -> list[z.Component]:
        handler = self.table.get(cmd.key)
        if handler is None:
            return [cmd.default_response(z.STATUS_UNSUP_CLUSTER_COMMAND)]
        try:
            return handler(cmd, ctx)
        except Refused as refused:
            ctx.extra.setdefault("refusals", []).append(str(refused))
            return [cmd.default_response(refused.status)]


def failed(components: list[z.Component]) -> bool:
    """Whether an answer reports a failure that stops the rest of the command."""
    for c in components:
        if c.frame_control & z.FC_CLUSTER_SPECIFIC:
            continue
        if c.command == z.DEFAULT_RESPONSE and c.payload[1:2] not in (b"\x00", bytes([z.STATUS_NOT_FOUND])):
            return True
        if c.command == z.READ_ATTRIBUTES_RESPONSE and any(
                r.status != z.STATUS_SUCCESS for r in z.decode_read_response(c.payload)):
            return True
    return False


def execute_all(handlers: ZclHandlers, commands: list[ZclCommand], ctx: Context,
                hold: Callable[[ZclCommand], list[z.Component] | None] | None = None) -> list[z.Component]:
    """Run the components in order (``hold`` may take a future-dated one and answer it), stopping
    after the first failure; every answer carries its command's sequence number."""
    out: list[z.Component] = []
    stopped = False
    for cmd in commands:
        if stopped:
            answers = [z.not_executed(cmd.cluster, cmd.frame_control)]
        else:
            held = hold(cmd) if hold is not None else None
            answers = held if held is not None else handlers.run(cmd, ctx)
            stopped = failed(answers)
        out += [_with_sequence(a, cmd.sequence) for a in answers]
    return out


def _with_sequence(c: z.Component, sequence: int) -> z.Component:
    return z.Component(c.cluster, c.frame_control, c.command, c.payload, c.encrypted, sequence)

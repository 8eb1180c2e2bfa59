"""The SM WAN across processes (scaled mode): processors hand commands to the ``wan`` role through JetStream.

The simulated devices keep their state in one place — the process of the ``wan`` role, which runs the
SIMULATED SM WAN, hubs and meters (``adapters/wan``) — so every processor's dispatch stage talks to it
through :class:`JetStreamWan`: the command is published on ``<prefix>.wan.command.<hub>`` and ``send``
returns once JetStream has stored it (the hand-off to the CSP is durable; the request is recorded as sent
before it, as in embedded mode). :class:`WanCommands`, in the ``wan`` process, takes each command from the
one ``wan`` consumer in stream order (one hub's commands arrive in the order they were dispatched) and
hands it to the simulated CSP; a refusal (no coverage, outage, hub not connected) is recorded there: E20
against the request (dispatch stage), or a failed attempt of a Change of Supplier migration. Responses and
alerts come back as outbox entries the ``wan`` process writes (``UplinkReceived``), published by its own
outbox publisher.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from datetime import datetime

from gbdcc.adapters.messaging.jetstream import NatsLink
from gbdcc.domain.errors import DeviceUnreachable
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.service.device.ports import Wan, WanAccepted

log = logging.getLogger("gbdcc.remote_wan")
GROUP = "wan"


class JetStreamWan:
    """``Wan`` for a processor: ``send`` publishes the command for the ``wan`` role; no uplinks here."""

    def __init__(self, link: NatsLink, now: Callable[[], datetime]) -> None:
        self._link = link
        self._now = now

    def send(self, hub_id: Eui64, command: bytes, request_id: RequestId | None = None, *,
             migration: Eui64 | None = None) -> WanAccepted:
        body = json.dumps({"hub": str(hub_id), "command": base64.b64encode(command).decode(),
                           "request_id": None if request_id is None else str(request_id),
                           "migration": None if migration is None else str(migration)}).encode()
        headers = {"Nats-Msg-Id": f"wan.{request_id}"} if request_id is not None else None  # a re-send is dropped
        ack = self._link.run(self._link.js.publish(self._link.subject(GROUP, "command", str(hub_id)), body,
                                                   stream=self._link.stream, headers=headers, timeout=10))
        return WanAccepted(hub_id, int(ack.seq), self._now())

    def subscribe(self, on_uplink: Callable[[Eui64, bytes, datetime], None]) -> None:
        """Uplinks are recorded by the ``wan`` process itself, never delivered to a processor."""


class WanCommands:
    """In the ``wan`` process: each command message → the simulated CSP; a refusal recorded against what the
    command carried — E20 for a Service Request, a failed attempt for a Change of Supplier migration."""

    def __init__(self, wan: Wan, refused: Callable[[RequestId, DeviceUnreachable], None],
                 migration_refused: Callable[[Eui64, Eui64, DeviceUnreachable], None]) -> None:
        self._wan = wan
        self._refused = refused
        self._migration_refused = migration_refused
        self.sent = 0
        self.refusals = 0

    def __call__(self, data: bytes) -> None:
        d = json.loads(data)
        hub_id = Eui64.parse(d["hub"])
        request_id = RequestId.parse(d["request_id"]) if d.get("request_id") else None
        migration = Eui64.parse(d["migration"]) if d.get("migration") else None
        try:
            self._wan.send(hub_id, base64.b64decode(d["command"]), request_id, migration=migration)
            self.sent += 1
        except DeviceUnreachable as err:
            self.refusals += 1
            if request_id is not None:
                self._refused(request_id, err)
            elif migration is not None:
                self._migration_refused(migration, hub_id, err)
            else:  # nothing to record it against
                log.warning("CSP refused a command for hub %s: %s", hub_id, err.reason)


__all__ = ["GROUP", "JetStreamWan", "WanCommands"]

"""Scaled mode, wired: one process of a role (``gbdcc up --role …``), the stages joined by NATS JetStream.

Roles (any number of processes each, sharing one PostgreSQL system of record, one data dir and one stream):

- ``gateway`` — the DUIS HTTP gateway (admission; Critical requests' Pre-Commands) and the housekeeping chores;
- ``processor`` — the ``stages`` consumer: transform, dispatch, uplinks (responses and alerts), deadlines,
  Change of Supplier, schedule runs;
- ``wan`` — the SIMULATED SM WAN, hubs and meters (one process: the devices' state lives there);
- ``delivery`` — signed Service Responses and Alerts POSTed to the Users;
- ``all`` — every role in one process (still through JetStream).

Every process runs an outbox publisher (``service/transport.py``: the only publisher; the outbox's leases
let several share the work). Dispatch in every process hands commands to the ``wan`` role
(``adapters/messaging/remote_wan.py``).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.messaging.embedded import EmbeddedRunner
from gbdcc.adapters.messaging.jetstream import JetStreamConsumer, JetStreamTransport, NatsLink, decode_entry
from gbdcc.adapters.messaging.remote_wan import GROUP as WAN_GROUP
from gbdcc.adapters.messaging.remote_wan import JetStreamWan, WanCommands
from gbdcc.adapters.rdp.dropfolder import drop_folder_task
from gbdcc.config import Settings
from gbdcc.service.hubs.logistics import housekeeping as hubs_housekeeping
from gbdcc.service.transport import OutboxPublisher, TransportedEvents
from gbdcc.wiring.features import hub_terms
from gbdcc.wiring.instance import Instance, open_instance
from gbdcc.wiring.pipeline import DELIVERY_TOPICS
from gbdcc.wiring.roles import HTTP_ROLES


def group_of(topic: str) -> str:
    """The consumer group (stage) of an outbox topic."""
    return "delivery" if topic in DELIVERY_TOPICS else "stages"


def default_name(role: str) -> str:
    """A process's name (its outbox leases are held under it): role, host and pid unless given."""
    return f"{role}-{socket.gethostname()}-{os.getpid()}"


def connect(s: Settings, name: str) -> NatsLink:
    return NatsLink(s.nats_url, s.nats_stream, name=name).start()


def open_scaled_instance(s: Settings, link: NatsLink) -> Instance:
    """The instance of one scaled-mode process: dispatch goes to the ``wan`` role over JetStream."""
    clock = SystemClock()
    return open_instance(s, clock=clock, remote_wan=JetStreamWan(link, clock.now), scaled=True)


@dataclass(frozen=True)
class NamedStage:
    name: str
    topics: frozenset[str]


@dataclass
class ScaledRunner:
    role: str
    name: str
    link: NatsLink
    runner: EmbeddedRunner
    consumers: tuple[JetStreamConsumer, ...]
    events: TransportedEvents
    wan_commands: WanCommands | None

    def stages(self) -> list[NamedStage]:
        """This process's stages for health: its publisher (every topic) and each consumer's topics."""
        everything = self.events.topics
        topics = {"stages": everything - DELIVERY_TOPICS, "delivery": everything & DELIVERY_TOPICS,
                  WAN_GROUP: frozenset[str]()}
        return [NamedStage(f"publish-{self.name}", everything),
                *(NamedStage(f"consume-{c.group}", topics[c.group]) for c in self.consumers)]

    def alive(self) -> dict[str, bool]:
        """Health: the publisher, each consumer and the broker connection."""
        return {**self.runner.alive(),
                **{f"consume-{c.group}": c.alive() for c in self.consumers}, "nats": self.link.connected}

    def stop(self) -> None:
        for consumer in self.consumers:
            consumer.stop()
        self.runner.stop()
        self.link.close()


def start_role(instance: Instance, link: NatsLink, role: str, name: str, *, workers: int = 2) -> ScaledRunner:
    """Start the publisher, the role's consumers and its chores (``role`` checked by ``roles.check_role``);
    returns what ``stop`` ends."""
    s, pipeline = instance.settings, instance.pipeline
    notify = pipeline.notifier.notify
    events = TransportedEvents(instance.uow_factory, pipeline.bus, instance.clock)

    def stage(data: bytes) -> None:
        events(decode_entry(data))
        notify()  # what the handler queued is published at once

    # GBDCC_OUTBOX_LEASE_S: how long a consumer may hold a message before it is delivered to another (the
    # JetStream ack wait); a published entry nobody removed is published again after twice that
    lease = s.outbox_lease_s
    publisher = OutboxPublisher(instance.uow_factory, pipeline.bus, JetStreamTransport(link, group_of),
                                instance.clock, name=f"publish-{name}", lease_seconds=2 * lease)
    chores: list[Callable[[], object]] = []
    consumers: list[JetStreamConsumer] = []
    wan_commands: WanCommands | None = None
    if role in ("processor", "all"):
        consumers.append(JetStreamConsumer(link, "stages", stage, workers=workers, ack_wait=lease))
    if role in ("delivery", "all"):
        consumers.append(JetStreamConsumer(link, "delivery", stage, workers=max(workers, s.delivery_workers),
                                           batch=2, ack_wait=lease))
        chores.append(pipeline.delivery.discard_expired)
    if role in ("wan", "all"):
        wan_commands = WanCommands(pipeline.wan, pipeline.dispatch.refused, pipeline.campaign.refused)
        consumers.append(JetStreamConsumer(link, WAN_GROUP, wan_commands, workers=1, batch=32, ack_wait=lease))
    if role in HTTP_ROLES:
        chores.append(lambda: hubs_housekeeping(instance.uow_factory, instance.clock, hub_terms(s)))  # SEC F6, F7
        if s.rdp_drop_folder:
            chores.append(drop_folder_task(s.data_dir, instance.uow_factory, instance.clock, lenient=s.test_pki,
                                           max_bytes=s.rdp_max_file_bytes))
    runner = EmbeddedRunner([publisher], pipeline.notifier, housekeeping=chores).start()
    for consumer in consumers:
        consumer.start()
    return ScaledRunner(role, name, link, runner, tuple(consumers), events, wan_commands)


__all__ = ["ScaledRunner", "connect", "default_name", "group_of", "open_scaled_instance", "start_role"]

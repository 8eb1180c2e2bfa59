"""The device request pipeline, wired: the simulated estate and SM WAN, the transform, dispatch, uplink,
Change of Supplier migration, schedule-run and delivery stages, the message bus that routes outbox topics to
them and the outbox relays that drain it (one for the stages, ``delivery_workers`` for deliveries). The
stages are joined only by the outbox; ``start_pipeline`` runs the relays as threads (``gbdcc up``), tests
drive them in virtual time (``adapters/messaging/virtual.py``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from gbdcc.adapters.cos.parties import CosParties
from gbdcc.adapters.delivery.http import HttpDelivery
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.scheduled import XmlDccRequestWriter
from gbdcc.adapters.gbcs.response_check import device_signing_keys
from gbdcc.adapters.gbcs.transformer import GbcsTransformer
from gbdcc.adapters.messaging.embedded import EmbeddedRunner, Notifier
from gbdcc.adapters.rdp.dropfolder import drop_folder_task
from gbdcc.adapters.smki.certificates import CertificateReader
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.device_keys import DeviceKeyDirectory
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.csp import SmWan
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.registry import SimulatedEstate
from gbdcc.adapters.wan.runtime import SimulatedWan, WanThread, inline
from gbdcc.adapters.wan.scheduler import AsyncioScheduler, Scheduler
from gbdcc.config import Settings
from gbdcc.domain.cos import COS_SRV
from gbdcc.domain.events import (
    CommandTransformed,
    CosMigrationDeadline,
    CosMigrationDue,
    MessageQueued,
    PreCommandExpired,
    RequestAdmitted,
    ResponseDeadlinePassed,
    ScheduleRunDue,
    UplinkReceived,
)
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.completion import CosCompletion
from gbdcc.service.cos.migration import CosMigrationStage, CosMigrationUplinks
from gbdcc.service.device.delivery import DeliveryStage
from gbdcc.service.device.dispatch import DispatchStage
from gbdcc.service.device.inventory_rules import InventoryRules
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.device.ports import ResponseDelivery, Wan
from gbdcc.service.device.responses import UplinkStage
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.device.transform import TransformStage
from gbdcc.service.hubs.logistics import housekeeping as hubs_housekeeping
from gbdcc.service.messagebus import MessageBus, OutboxRelay
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.schedules import RunPlanner, ScheduleRunStage
from gbdcc.wiring.features import hub_terms

if TYPE_CHECKING:
    from gbdcc.wiring.instance import Instance

#: Topics the delivery relays drain; every other topic goes to the stage relay.
DELIVERY_TOPICS = frozenset({MessageQueued.topic})
# A delivery relay leases only a few messages at a time: each POST may wait for a slow receiver's
# timeout, and a batch must be done before its lease ends or another worker would deliver it again.
DELIVERY_BATCH = 4


@dataclass(frozen=True)
class Pipeline:
    """The wired device request pipeline."""

    bus: MessageBus
    dispatch: DispatchStage
    campaign: CosMigrationStage
    relays: tuple[OutboxRelay, ...]  # the stage relay first, then the delivery relays
    uplinks: UplinkStage
    delivery: DeliveryStage
    wan: SimulatedWan
    sm_wan: SmWan
    settings: PipelineSettings
    notifier: Notifier
    wan_thread: WanThread | None


def default_pipeline_settings(s: Settings) -> PipelineSettings:
    """The pipeline's timings, with those set in the environment (``GBDCC_*_S``) replacing the defaults."""
    base = PipelineSettings(test_pki=s.test_pki)
    seconds = {"retry_window": s.delivery_retry_window_s, "first_backoff": s.delivery_first_backoff_s,
               "attempt_timeout": s.delivery_attempt_timeout_s}
    delivery = replace(base.delivery, **{k: timedelta(seconds=v) for k, v in seconds.items() if v is not None})
    timeout = base.response_timeout if s.response_timeout_s is None else timedelta(seconds=s.response_timeout_s)
    return replace(base, delivery=delivery, response_timeout=timeout)


def schedule_planner(identity: DccIdentity, codec: XmlDuisCodec, transformer: GbcsTransformer) -> RunPlanner:
    """Builds and checks the requests DCC schedules make (signed with the DCC's XML-signing key)."""
    return RunPlanner(XmlDccRequestWriter(identity.xml_signing_key, identity.xml_signing_cert), codec, transformer)


def device_inventory_rules(codec: XmlDuisCodec, outbound: Outbound) -> InventoryRules:
    """The SMI rules of device responses, Change of Supplier's 6.23 among them (WAN and local delivery)."""
    return InventoryRules(codec, more={COS_SRV: CosCompletion(outbound, CertificateReader())})


def build_pipeline(s: Settings, uow_factory: UnitOfWorkFactory, codec: XmlDuisCodec, identity: DccIdentity,
                   cos: CosParties, transformer: GbcsTransformer, device_keys: DeviceKeyDirectory, clock: Clock,
                   scheduler: Scheduler | None, delivery: ResponseDelivery | None, wan_seed: int,
                   psettings: PipelineSettings, notifier: Notifier, *, remote_wan: Wan | None = None,
                   scaled: bool = False) -> Pipeline:
    """The stages, the bus and the relays; with no ``scheduler`` the simulated WAN gets its own thread
    (started here) and runs in real time, compressed by ``GBDCC_WAN_TIME_SCALE``. ``scaled``: the stages
    run in several processes behind NATS JetStream (``wiring/scaled.py``); ``remote_wan``: dispatch hands
    commands to the ``wan`` role's process instead of this process's simulated WAN."""
    wan_thread: WanThread | None = None
    if scheduler is None:
        wan_thread = WanThread()
        scheduler = AsyncioScheduler(time_scale=s.wan_time_scale)
    anchors = identity.gbcs_certificates()
    anchors += [c for c in [cos.tcos_identity.certificate] if c not in anchors]  # the Transitional CoS cell
    estate = SimulatedEstate(uow_factory, derived_keys(device_keys.seed), anchors, now=clock.now,
                             cos_certificates=cos.cell_certificates())  # R-COS-2: the cell the SMI records
    sm_wan = SmWan(scheduler, random.Random(wan_seed), CoverageMap.synthetic(seed=1))
    wan = SimulatedWan(sm_wan, estate, wan_thread.call if wan_thread is not None else inline)
    outbound = Outbound(codec, identity.eui)
    uplinks = UplinkStage(uow_factory, transformer, outbound, device_inventory_rules(codec, outbound), clock)
    transform = TransformStage(uow_factory, codec, transformer, outbound, clock, psettings)
    dispatch = DispatchStage(uow_factory, remote_wan or wan, outbound, clock, psettings, done_after_handoff=scaled)
    deliver = DeliveryStage(uow_factory, delivery or HttpDelivery(), clock, psettings.delivery)
    campaign_gbcs = cos.migration_commands(  # the ECoS migration campaign (R-COS-2)
        identity.acb_ka_key, device_keys.ka_public_key, device_signing_keys(uow_factory, device_keys.seed),
        identity.pki.organisation_ca.cert)
    campaign = CosMigrationStage(uow_factory, campaign_gbcs, remote_wan or wan, clock)
    bus = MessageBus({
        RequestAdmitted.topic: transform,
        CommandTransformed.topic: dispatch,
        ResponseDeadlinePassed.topic: dispatch.response_deadline,
        PreCommandExpired.topic: dispatch.precommand_expired,
        UplinkReceived.topic: CosMigrationUplinks(uplinks, campaign, campaign_gbcs, uow_factory),
        CosMigrationDue.topic: campaign,
        CosMigrationDeadline.topic: campaign.deadline,
        MessageQueued.topic: deliver,
        ScheduleRunDue.topic: ScheduleRunStage(uow_factory, schedule_planner(identity, codec, transformer), outbound,
                                               clock),
    })

    def on_uplink(hub_id: Eui64, payload: bytes, at: object) -> None:
        uplinks.record(hub_id, payload, at)  # type: ignore[arg-type]
        notifier.notify()

    if wan_thread is not None:
        wan_thread.start()
    wan.subscribe(on_uplink)
    stage_topics = bus.topics - DELIVERY_TOPICS
    lease = s.outbox_lease_s
    relays = (OutboxRelay(uow_factory, bus, clock, topics=stage_topics, name="stages", lease_seconds=lease),
              *(OutboxRelay(uow_factory, bus, clock, topics=DELIVERY_TOPICS, name=f"delivery-{i}",
                            lease_seconds=lease, batch=DELIVERY_BATCH) for i in range(max(1, s.delivery_workers))))
    return Pipeline(bus, dispatch, campaign, relays, uplinks, deliver, wan, sm_wan, psettings, notifier, wan_thread)


def start_pipeline(instance: Instance) -> EmbeddedRunner:
    """Run the pipeline's relays as threads until ``stop`` (``gbdcc up``); unfinished work in the outbox
    resumes at once (nothing acknowledged is lost across a restart)."""
    pipeline = instance.pipeline
    s = instance.settings
    chores: list[Callable[[], object]] = [pipeline.delivery.discard_expired]
    chores.append(lambda: hubs_housekeeping(instance.uow_factory, instance.clock, hub_terms(s)))  # SEC F6, F7
    if s.rdp_drop_folder:  # Registration Data files dropped in <data-dir>/rdp/in
        chores.append(drop_folder_task(s.data_dir, instance.uow_factory, instance.clock, lenient=s.test_pki,
                                       max_bytes=s.rdp_max_file_bytes))
    runner = EmbeddedRunner(pipeline.relays, pipeline.notifier, housekeeping=chores)
    return runner.start()


__all__ = ["DELIVERY_BATCH", "DELIVERY_TOPICS", "Pipeline", "build_pipeline", "default_pipeline_settings",
           "device_inventory_rules", "schedule_planner", "start_pipeline"]

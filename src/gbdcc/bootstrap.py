"""Composition root: the one place that wires adapters into the handlers. It holds no use case.

``open_instance`` opens (or creates) an instance: the database (SQLite under the data dir, or
``GBDCC_DATABASE_URL``) migrated to head, the DCC's identity (private test PKI, ACB and DSP XML-signing
keys), the SMKI repository seeded with the DCC's certificates, the simulated estate's key seed, and the
device request pipeline — codec, GBCS transformer, simulated SM WAN, delivery — with the gateway in
front. The stages are joined only by the outbox; ``start_pipeline`` runs their relays as threads
(``gbdcc up``), tests drive them in virtual time (``adapters/messaging/virtual.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.cos.parties import CosParties, build_cos_parties
from gbdcc.adapters.db.datadir import resolve_database_url
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.delivery.http import HttpDelivery
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.scheduled import XmlDccRequestWriter
from gbdcc.adapters.gbcs.response_check import GbcsResponseAuthenticator, device_signing_keys
from gbdcc.adapters.gbcs.transformer import GbcsTransformer
from gbdcc.adapters.http import (
    admin_consent,
    admin_coverage,
    admin_cpl,
    admin_deliveries,
    admin_estate,
    admin_health,
    admin_hubs,
    admin_incidents,
    admin_parties,
    admin_portal,
    admin_quarantine,
    admin_rdp,
    admin_rdps,
    admin_releases,
    admin_reports,
    admin_security,
    admin_users,
)
from gbdcc.adapters.http.admin_common import errors
from gbdcc.adapters.http.admin_scenario import scenario_admin
from gbdcc.adapters.http.app import create_app
from gbdcc.adapters.http.smki_service import BOXED_API_KEY, create_smki_app
from gbdcc.adapters.messaging.embedded import EmbeddedRunner, Notifier
from gbdcc.adapters.observability.health import HealthCheck
from gbdcc.adapters.observability.logging import configure_logging, get_logger
from gbdcc.adapters.observability.metrics import MeteredDelivery, Metrics
from gbdcc.adapters.observability.store_stats import StoreStats
from gbdcc.adapters.portal.site import PortalSite
from gbdcc.adapters.rdp.dropfolder import drop_folder_task
from gbdcc.adapters.smki.certificates import CertificateReader, record_from_certificate
from gbdcc.adapters.smki.cpl_file import IkiCplVerifier
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.device_keys import DeviceKeyDirectory, load_or_create_estate_seed
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.iki import Iki, load_iki_root
from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION, CoverageMap
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.adapters.wan.csp import SmWan
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.recovery_cells import SimulatedRecoveryCells
from gbdcc.adapters.wan.registry import SimulatedEstate
from gbdcc.adapters.wan.runtime import SimulatedWan, WanThread, inline
from gbdcc.adapters.wan.scheduler import AsyncioScheduler, Scheduler
from gbdcc.config import BOXED_MARKER, TEST_PKI_MARKER, Settings
from gbdcc.domain.anomaly import AnomalyPolicy
from gbdcc.domain.catalogue import CATALOGUE
from gbdcc.domain.compliance.ero import EroTerms
from gbdcc.domain.compliance.mandate import MandateDates
from gbdcc.domain.compliance.post_commissioning import ReleaseWindow
from gbdcc.domain.cos import COS_SRV, AnomalyThreshold
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
from gbdcc.domain.hubs import LogisticsTerms
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import IncidentPolicy
from gbdcc.domain.operations.performance import PerformanceTargets
from gbdcc.service.anomaly.detection import AnomalyDetection
from gbdcc.service.anomaly.quarantine import QuarantineDesk
from gbdcc.service.compliance.ero_report import EroReport
from gbdcc.service.compliance.mandate_report import MandateReport
from gbdcc.service.compliance.post_commissioning import PostCommissioningReport
from gbdcc.service.compliance.post_ports import RecoveryCells
from gbdcc.service.compliance.reports import ReportBuilder, ReportRegistry
from gbdcc.service.cos.admission import CosAdmission
from gbdcc.service.cos.completion import CosCompletion
from gbdcc.service.cos.migration import CosMigrationStage, CosMigrationUplinks
from gbdcc.service.coverage.nep import StoredNepLookup
from gbdcc.service.coverage.report import NepQuarterlyReport
from gbdcc.service.cpl.enforcement import (
    COMMISSION_SRV,
    UPDATE_FIRMWARE_SRV,
    CplCommissioning,
    CplFirmwareUpdate,
    CplInForce,
)
from gbdcc.service.cpl.report import CplReport
from gbdcc.service.device.admit import DeviceAdmission
from gbdcc.service.device.delivery import DeliveryStage
from gbdcc.service.device.dispatch import DispatchStage
from gbdcc.service.device.inventory_rules import InventoryRules
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.device.ports import ResponseDelivery
from gbdcc.service.device.responses import UplinkStage
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.device.transform import TransformStage
from gbdcc.service.gateway import DuisGateway, GatewaySettings
from gbdcc.service.handlers import Handler, HandlerRegistry
from gbdcc.service.hubs.logistics import housekeeping as hubs_housekeeping
from gbdcc.service.hubs.report import HubsReport
from gbdcc.service.incidents.manage import StoredIncidentResolutions
from gbdcc.service.incidents.ports import NepMembership
from gbdcc.service.incidents.reports import CoverageIncidentsReport, IncidentsReport, SupportChargesReport
from gbdcc.service.incidents.support import SupportTerms
from gbdcc.service.messagebus import MessageBus, OutboxRelay
from gbdcc.service.non_device import BODY_ELEMENTS, non_device_handlers
from gbdcc.service.non_device.hub_alerts import with_hub_alerts
from gbdcc.service.non_device.local_response import ReturnLocalCommandResponse
from gbdcc.service.operations.performance_report import PerformanceReport
from gbdcc.service.portal.accounts import PortalAccounts
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.schedules import BODY_ELEMENTS as SCHEDULE_BODY_ELEMENTS
from gbdcc.service.schedules import RunPlanner, ScheduleRunStage, schedule_handlers
from gbdcc.service.smki.directory import SmkiDirectory
from gbdcc.service.smki.revocation import RevocationService

log = get_logger("gbdcc.bootstrap")

#: Topics the delivery relays drain; every other topic goes to the stage relay.
DELIVERY_TOPICS = frozenset({MessageQueued.topic})
# A delivery relay leases only a few messages at a time: each POST may wait for a slow receiver's
# timeout, and a batch must be done before its lease ends or another worker would deliver it again.
DELIVERY_BATCH = 4


@dataclass(frozen=True)
class Pipeline:
    """The wired device request pipeline."""

    bus: MessageBus
    relays: tuple[OutboxRelay, ...]  # the stage relay first, then the delivery relays
    uplinks: UplinkStage
    delivery: DeliveryStage
    wan: SimulatedWan
    sm_wan: SmWan
    settings: PipelineSettings
    notifier: Notifier
    wan_thread: WanThread | None


@dataclass(frozen=True)
class Instance:
    settings: Settings
    engine: Engine | None
    uow_factory: UnitOfWorkFactory
    identity: DccIdentity
    clock: Clock
    gateway: DuisGateway
    pipeline: Pipeline
    device_keys: DeviceKeyDirectory
    smki: SmkiDirectory
    metrics: Metrics = field(default_factory=Metrics)  # /metrics: its stages' counters and store figures


def settings(data_dir: Path | None = None) -> Settings:
    """Settings from the environment, with ``--data-dir`` taking precedence; an instance whose data dir
    holds the test-PKI (or boxed) marker is in test-PKI (boxed) mode whatever the environment says."""
    configure_logging()
    s = Settings() if data_dir is None else Settings(data_dir=data_dir)
    if not s.boxed and (s.data_dir / BOXED_MARKER).is_file():
        s = s.model_copy(update={"boxed": True})
    if not s.test_pki and (s.boxed or (s.data_dir / TEST_PKI_MARKER).is_file()):
        s = s.model_copy(update={"test_pki": True})
    database_url = resolve_database_url(s.data_dir, s.database_url)  # the database `gbdcc up` serves here
    if database_url != s.database_url:
        s = s.model_copy(update={"database_url": database_url})
    if s.test_pki:
        log.warning("test_pki_mode_on", detail="expired DCC test certificates and lenient MPxN check digits "
                                               "accepted (GBDCC_TEST_PKI=1)")
    return s


def open_instance(s: Settings, *, clock: Clock | None = None, scheduler: Scheduler | None = None,
                  delivery: ResponseDelivery | None = None, wan_seed: int = 1,
                  pipeline_settings: PipelineSettings | None = None, in_memory: bool = False) -> Instance:
    """Open the instance in ``s.data_dir``. With ``scheduler`` (a ``VirtualScheduler`` in tests) the
    simulated WAN runs on it inline; without, it runs on its own thread in real time (compressed by
    ``GBDCC_WAN_TIME_SCALE``). ``in_memory`` keeps the system of record in memory (handler tests: the
    in-memory unit of work behaves like the SQL one, nothing persists)."""
    s.data_dir.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    engine: Engine | None = None
    uow_factory: UnitOfWorkFactory
    if in_memory:
        uow_factory = InMemoryUnitOfWorkFactory(clock=clock)
    else:
        engine = create_engine_for(s.database_url, data_dir=s.data_dir)  # SQLite in the data dir unless a URL
        migrate(engine)
        uow_factory = SqlUnitOfWorkFactory(engine, clock=clock, group_commit=s.group_commit)
    passphrase = s.key_passphrase.encode() if s.key_passphrase else None
    identity = DccIdentity.load_or_create(s.data_dir, passphrase, eui=Eui64.parse(s.dcc_eui))
    if s.boxed and "xml-sign" not in identity.adopted:
        raise KeyStoreError(f"boxed mode needs the DCC Boxed identity in {s.data_dir}: import it with "
                            "`gbdcc smki import keystore.json --boxed`", rule="BOXED-IDENTITY")
    cos = build_cos_parties(s.data_dir, identity, passphrase, uow_factory, clock, test_pki=s.test_pki)
    with uow_factory() as uow:
        for record in [*identity.records(), *map(record_from_certificate, cos.certificates())]:
            if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
                uow.certificates.put(record)
        uow.commit()
    seed = load_or_create_estate_seed(s.data_dir)
    device_keys = DeviceKeyDirectory(seed, identity.pki.device_ca, uow_factory)
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert, limits=s.xml_limits())
    psettings = pipeline_settings or _pipeline_settings(s)
    notifier = Notifier()
    metrics = Metrics()
    metrics.watch_store(StoreStats(engine))
    delivery = MeteredDelivery(delivery or HttpDelivery(), metrics)
    transformer = GbcsTransformer(identity.acb_ka_key, device_keys.ka_public_key, acb=identity.eui,
                                  acb_ds_key=identity.acb_ds_key, cos_party=cos.for_device)
    pipeline = _pipeline(s, uow_factory, codec, identity, cos, transformer, device_keys, clock, scheduler, delivery,
                         wan_seed, psettings, notifier)
    coverage = SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1))
    outbound = Outbound(codec, identity.eui)
    handlers: dict[str, Handler] = with_hub_alerts(non_device_handlers(coverage), outbound)
    admission = AnomalyDetection(DeviceAdmission(transformer, psettings), anomaly_policy(s), outbound)  # SEC G6
    handlers.update({srv: admission for srv, entry in CATALOGUE.items() if not entry.non_device})
    handlers[COS_SRV] = CosAdmission(admission)
    handlers.update(schedule_handlers(_planner(identity, codec, transformer)))
    Iki.load_or_create(s.data_dir, passphrase, party_signifier=_secco(s), now=clock.now())  # the IKI root (R-PKI-2)
    cpl = CplInForce(cpl_verifier(s))
    handlers[COMMISSION_SRV], handlers[UPDATE_FIRMWARE_SRV] = CplCommissioning(admission, cpl), CplFirmwareUpdate(cpl)
    handlers["8.13"] = ReturnLocalCommandResponse(
        transformer, GbcsResponseAuthenticator(identity.acb_ka_key, device_keys.ka_public_key,
                                               device_signing_keys(uow_factory, device_keys.seed)),
        _inventory_rules(codec, outbound), outbound)
    bodies = {**BODY_ELEMENTS, **SCHEDULE_BODY_ELEMENTS, "8.13": "ReturnLocalCommandResponse",
              UPDATE_FIRMWARE_SRV: "UpdateFirmware"}
    gateway = DuisGateway(uow_factory, codec, clock, GatewaySettings(test_pki=s.test_pki),
                          HandlerRegistry(handlers, bodies), notify=notifier.notify)
    smki = SmkiDirectory(uow_factory, clock, device_keys, test_pki=s.test_pki)
    pipeline.sm_wan.round_trip_observers.append(metrics.wan_round_trip.observe)
    return Instance(s, engine, uow_factory, identity, clock, gateway, pipeline, device_keys, smki, metrics)


def anomaly_policy(s: Settings) -> AnomalyPolicy:
    """Anomaly detection per User and SRV class (SEC G6); the ``cos`` class from ``GBDCC_COS_ANOMALY_*`` (R-COS-1)."""
    cos = AnomalyThreshold(s.cos_anomaly_limit, timedelta(hours=s.cos_anomaly_window_h))
    cos_users = {Eui64.parse(k): v for k, v in s.cos_anomaly_user_limits.items()}
    return AnomalyPolicy.from_settings(s.anomaly_limits, s.anomaly_window_h, s.anomaly_user_limits, cos, cos_users)


def _pipeline_settings(s: Settings) -> PipelineSettings:
    """The pipeline's timings, with those set in the environment (``GBDCC_*_S``) replacing the defaults."""
    base = PipelineSettings(test_pki=s.test_pki)
    seconds = {"retry_window": s.delivery_retry_window_s, "first_backoff": s.delivery_first_backoff_s,
               "attempt_timeout": s.delivery_attempt_timeout_s}
    delivery = replace(base.delivery, **{k: timedelta(seconds=v) for k, v in seconds.items() if v is not None})
    timeout = base.response_timeout if s.response_timeout_s is None else timedelta(seconds=s.response_timeout_s)
    return replace(base, delivery=delivery, response_timeout=timeout)


def _planner(identity: DccIdentity, codec: XmlDuisCodec, transformer: GbcsTransformer) -> RunPlanner:
    """Builds and checks the requests DCC schedules make (signed with the DCC's XML-signing key)."""
    return RunPlanner(XmlDccRequestWriter(identity.xml_signing_key, identity.xml_signing_cert), codec, transformer)


def _inventory_rules(codec: XmlDuisCodec, outbound: Outbound) -> InventoryRules:
    """The SMI rules of device responses, Change of Supplier's 6.23 among them (WAN and local delivery)."""
    return InventoryRules(codec, more={COS_SRV: CosCompletion(outbound, CertificateReader())})


def _pipeline(s: Settings, uow_factory: UnitOfWorkFactory, codec: XmlDuisCodec, identity: DccIdentity,
              cos: CosParties, transformer: GbcsTransformer, device_keys: DeviceKeyDirectory, clock: Clock,
              scheduler: Scheduler | None, delivery: ResponseDelivery | None, wan_seed: int,
              psettings: PipelineSettings, notifier: Notifier) -> Pipeline:
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
    uplinks = UplinkStage(uow_factory, transformer, outbound, _inventory_rules(codec, outbound), clock)
    transform = TransformStage(uow_factory, codec, transformer, outbound, clock, psettings)
    dispatch = DispatchStage(uow_factory, wan, outbound, clock, psettings)
    deliver = DeliveryStage(uow_factory, delivery or HttpDelivery(), clock, psettings.delivery)
    campaign_gbcs = cos.migration_commands(  # the ECoS migration campaign (R-COS-2)
        identity.acb_ka_key, device_keys.ka_public_key, device_signing_keys(uow_factory, device_keys.seed),
        identity.pki.organisation_ca.cert)
    campaign = CosMigrationStage(uow_factory, campaign_gbcs, wan, clock)
    bus = MessageBus({
        RequestAdmitted.topic: transform,
        CommandTransformed.topic: dispatch,
        ResponseDeadlinePassed.topic: dispatch.response_deadline,
        PreCommandExpired.topic: dispatch.precommand_expired,
        UplinkReceived.topic: CosMigrationUplinks(uplinks, campaign, campaign_gbcs, uow_factory),
        CosMigrationDue.topic: campaign,
        CosMigrationDeadline.topic: campaign.deadline,
        MessageQueued.topic: deliver,
        ScheduleRunDue.topic: ScheduleRunStage(uow_factory, _planner(identity, codec, transformer), outbound, clock),
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
    return Pipeline(bus, relays, uplinks, deliver, wan, sm_wan, psettings, notifier, wan_thread)


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


def build_app(instance: Instance, runner: EmbeddedRunner | None = None) -> FastAPI:
    """The DUIS web services, ``/healthz``, ``/metrics`` and the admin API (``runner``: the pipeline running in
    this process, whose relays the health reports alive or not)."""
    s = instance.settings
    health = HealthCheck(StoreStats(instance.engine), instance.pipeline.relays,
                         runner.alive if runner is not None else None)
    app = create_app(instance.gateway, max_request_bytes=s.max_request_bytes, metrics=instance.metrics,
                     health=health)
    app.include_router(scenario_admin(instance), responses=errors(400, 404, 413))
    app.include_router(admin_rdp.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                        legacy_token=s.rdp_admin_token, lenient=s.test_pki,
                                        max_bytes=s.rdp_max_file_bytes))
    app.include_router(admin_users.router(instance, token=s.admin_token))
    app.include_router(admin_rdps.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                         daily_files_from=s.rdp_daily_files_from,
                                         daily_status_from=s.rdp_daily_status_from))
    app.include_router(admin_estate.router(admin_estate.EstateJobs(instance, max_premises=s.admin_estate_max_premises),
                                           token=s.admin_token))
    app.include_router(admin_deliveries.router(instance.uow_factory, instance.pipeline.delivery, token=s.admin_token,
                                               notify=instance.pipeline.notifier.notify))
    app.include_router(admin_health.router(health, token=s.admin_token))
    app.include_router(admin_reports.router(build_reports(s, instance.uow_factory, instance.clock),
                                            token=s.admin_token), responses=errors(400, 404))
    app.include_router(admin_parties.router(instance.uow_factory, token=s.admin_token,
                                            threshold=s.mandate_large_supplier_premises),
                       responses=errors(404, 409, 422))
    app.include_router(admin_consent.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                            lenient=s.test_pki), responses=errors(400, 404))
    app.include_router(admin_cpl.router(instance.uow_factory, instance.clock, cpl_verifier(s), token=s.admin_token),
                       responses=errors(413, 422))
    app.include_router(admin_quarantine.router(quarantine_desk(s, instance.uow_factory, instance.clock,
                                                               identity=instance.identity,
                                                               notify=instance.pipeline.notifier.notify),
                                               token=s.admin_token), responses=errors(400, 404, 409))
    app.include_router(admin_security.router(instance.uow_factory, instance.clock, token=s.admin_token),
                       responses=errors(404, 409))
    app.include_router(admin_hubs.router(instance.uow_factory, instance.clock, instance.pipeline.wan,
                                        hub_terms(s), token=s.admin_token),  # SEC F5-F7, R-CH-1, R-TEST-1
                       responses=errors(404, 409, 422))
    app.include_router(admin_coverage.router(instance.uow_factory, instance.clock, SimulatedCoverageDatabase(
        CoverageMap.synthetic(seed=1)), POSTCODE_AREA_REGION, token=s.admin_token),  # R-WAN-2: as 12.1 answers
                       responses=errors(404, 409, 422))
    portal_accounts = build_portal_accounts(s, instance.uow_factory, instance.clock)
    app.include_router(build_portal(instance, portal_accounts).router)  # the Self-Service Interface (R-OPS-2)
    app.include_router(admin_portal.router(portal_accounts, token=s.admin_token), responses=errors(404, 409, 422))
    app.include_router(admin_incidents.router(instance.uow_factory, instance.clock, incident_policy(s),
                                              support_terms(s), token=s.admin_token),  # R-INC-1, R-SUPPORT-1
                       responses=errors(404, 409, 422))
    app.include_router(admin_releases.router(instance.uow_factory, instance.clock, token=s.admin_token),
                       responses=errors(422))
    return app


def build_portal_accounts(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None) -> PortalAccounts:
    """Portal accounts and sessions (argon2id hashes, random tokens; ``gbdcc portal account``)."""
    import secrets

    from gbdcc.adapters.portal.passwords import Argon2idHasher
    from gbdcc.domain.portal import LockoutPolicy
    from gbdcc.service.portal.accounts import SessionPolicy

    policy = SessionPolicy(timedelta(hours=s.portal_session_h),
                           LockoutPolicy(s.portal_max_failures, timedelta(minutes=s.portal_lockout_min)))
    return PortalAccounts(uow_factory, clock or SystemClock(), Argon2idHasher(), lambda: secrets.token_urlsafe(32),
                          policy)


def build_portal(instance: Instance, accounts: PortalAccounts | None = None) -> PortalSite:
    """The Self-Service Interface at ``/portal`` (R-OPS-2): other features add their pages to the site here."""
    from gbdcc.adapters.portal.incident_pages import add_incident_pages
    from gbdcc.adapters.portal.pages import build_site
    from gbdcc.adapters.portal.report_pages import add_report_pages
    from gbdcc.service.portal.views import PortalViews

    accounts = accounts or build_portal_accounts(instance.settings, instance.uow_factory, instance.clock)
    pipeline = instance.pipeline
    views = PortalViews(instance.uow_factory, instance.clock, SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1)),
                        lambda ids: _redeliver_now(pipeline, ids))
    site = build_site(accounts, views, session_seconds=int(instance.settings.portal_session_h * 3600))
    add_incident_pages(site, instance.uow_factory, incident_policy(instance.settings))  # R-INC-1
    add_report_pages(site, build_reports(instance.settings, instance.uow_factory, instance.clock))  # H13, R-WAN-1
    return site


def _redeliver_now(pipeline: Pipeline, message_ids: list[int]) -> int:
    n = pipeline.delivery.redeliver(message_ids)
    pipeline.notifier.notify()  # the delivery relays of a running `gbdcc up` wake at once
    return n


def build_reports(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None) -> ReportRegistry:
    """The compliance reports (``gbdcc report``, ``/admin/v1/reports``), each with its settings."""
    builders: dict[str, ReportBuilder] = {}
    builders["mandate"] = MandateReport(MandateDates(s.mandate_large_supplier_by, s.mandate_domestic_supplier_by,
                                                     s.mandate_dno_by))
    builders["ero"] = EroReport(EroTerms(s.ero_by, s.ero_cap, s.ero_percent))
    builders["cpl"] = CplReport(cpl_verifier(s))
    builders["post-commissioning"] = PostCommissioningReport(  # R-POST-1
        ReleaseWindow(s.post_commissioning_dcc_live, s.post_commissioning_release_1_3), recovery_cells(s))
    builders["hubs"] = HubsReport(hub_terms(s))  # SEC F5-F7, R-CH-1
    builders["nep-quarterly"] = NepQuarterlyReport(s.nep_quarterly_reports_until)  # R-WAN-2 (F7.21)
    builders.update(incident_reports(s, StoredNepLookup()))  # R-INC-1, R-WAN-1 (NEP premises excluded, R-WAN-2)
    builders["performance"] = PerformanceReport(PerformanceTargets(s.performance_targets_s,  # H13
                                                                   s.performance_alert_target_s),
                                                StoredIncidentResolutions(uow_factory, incident_policy(s)))
    return ReportRegistry(builders, uow_factory, clock or SystemClock())


def hub_terms(s: Settings) -> LogisticsTerms:
    """The Communications Hub logistics rules' configuration (``GBDCC_HUBS_*``; SEC F5-F7)."""
    return LogisticsTerms(s.hubs_min_lead_days, s.hubs_max_order_quantity, s.hubs_acceptance_days)


def _secco(s: Settings) -> Eui64:
    return Eui64.parse(s.secco_party_signifier)


def cpl_verifier(s: Settings) -> IkiCplVerifier:
    """Verifies SECCo's signed CPL files against the IKI root the DCC holds in its data dir (R-PKI-2)."""
    return IkiCplVerifier(load_iki_root(s.data_dir), _secco(s))


def recovery_cells(s: Settings) -> RecoveryCells:
    """Where the post-commissioning report reads devices' Recovery cells: the SIMULATED devices (R-POST-1)."""
    return SimulatedRecoveryCells.from_data_dir(s.data_dir)


def quarantine_desk(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None, *,
                    identity: DccIdentity | None = None, notify: Callable[[], None] | None = None) -> QuarantineDesk:
    """Users' quarantined requests (SEC G6): ``gbdcc quarantine``, ``/admin/v1/quarantine``. The codec re-reads
    a request to authorise it again when it is released."""
    if identity is None:
        passphrase = s.key_passphrase.encode() if s.key_passphrase else None
        identity = DccIdentity.load_or_create(s.data_dir, passphrase, eui=Eui64.parse(s.dcc_eui))
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert, limits=s.xml_limits())
    return QuarantineDesk(uow_factory, clock or SystemClock(), codec, notify=notify)


def build_smki_app(instance: Instance) -> FastAPI:
    """The SMKI repository service (certificate search / retrieve, revocation lists); DCC Boxed's API key in
    boxed mode."""
    s = instance.settings
    return create_smki_app(instance.smki, api_key=s.smki_api_key or (BOXED_API_KEY if s.boxed else None),
                           revocation=build_revocation(instance))


def build_revocation(instance: Instance) -> RevocationService:
    """SMKI revocation (R-PKI-1): the SMKI's Organisation and Device CAs issue its lists; a revoked Device
    Certificate leaves the device-key cache at once."""
    from gbdcc.adapters.smki.crl import X509CrlCodec
    from gbdcc.domain.smki import CertificateKind, CertificateRecord

    pki = instance.identity.pki
    codec = X509CrlCodec([pki.organisation_ca, pki.device_ca])

    def forget(record: CertificateRecord) -> None:
        if record.kind is CertificateKind.DEVICE and record.subject_eui is not None:
            instance.device_keys.forget(record.subject_eui)

    return RevocationService(instance.uow_factory, instance.clock, codec,
                             validity=timedelta(days=instance.settings.crl_validity_days), on_revoked=[forget])


__all__ = ["TEST_PKI_MARKER", "Instance", "Pipeline", "build_app", "build_reports", "build_revocation",
           "build_smki_app", "open_instance",
           "settings", "start_pipeline"]


# --- Incident Management (R-INC-1, R-WAN-1, R-SUPPORT-1) ----------------------------------------------------
def incident_policy(s: Settings) -> IncidentPolicy:
    return IncidentPolicy.from_settings(s.incident_target_hours, s.incident_outage_premises)


def support_terms(s: Settings) -> SupportTerms:
    return SupportTerms(s.support_from, s.support_hourly_rate_pence)


def incident_reports(s: Settings, nep: NepMembership | None = None) -> dict[str, ReportBuilder]:
    """The incident reports. ``nep``: NEP membership (R-WAN-2), the stored Network Enhancement Plans in
    ``build_reports``; none (``NoNepData``: nothing excluded, the report says so) when not given."""
    return {"incidents": IncidentsReport(incident_policy(s)),
            "coverage-incidents": CoverageIncidentsReport(nep, days=s.coverage_incident_days,
                                                          threshold=s.coverage_incident_threshold),
            "support-charges": SupportChargesReport()}

"""Opening an instance: ``settings`` reads the environment (and the data dir's test-PKI and boxed markers);
``open_instance`` opens (or creates) the database (SQLite under the data dir, or ``GBDCC_DATABASE_URL``)
migrated to head, the DCC's identity (private test PKI, ACB and DSP XML-signing keys), the SMKI repository
seeded with the DCC's certificates, the simulated estate's key seed, the handler registry (non-device
services, device admission behind anomaly detection, Change of Supplier, schedules, CPL enforcement, local
command responses) and the device request pipeline, with the DUIS gateway in front. The result is the
:class:`Instance` every other part of the wiring is built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.cos.parties import build_cos_parties
from gbdcc.adapters.db.datadir import resolve_database_url
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.delivery.http import HttpDelivery
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.gbcs.response_check import GbcsResponseAuthenticator, device_signing_keys
from gbdcc.adapters.gbcs.transformer import GbcsTransformer
from gbdcc.adapters.messaging.embedded import Notifier
from gbdcc.adapters.observability.logging import configure_logging, get_logger
from gbdcc.adapters.observability.metrics import MeteredDelivery, Metrics
from gbdcc.adapters.observability.store_stats import StoreStats
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.device_keys import DeviceKeyDirectory, load_or_create_estate_seed
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.iki import Iki
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.config import BOXED_MARKER, TEST_PKI_MARKER, Settings
from gbdcc.domain.catalogue import CATALOGUE
from gbdcc.domain.cos import COS_SRV
from gbdcc.domain.ids import Eui64
from gbdcc.service.anomaly.detection import AnomalyDetection
from gbdcc.service.cos.admission import CosAdmission
from gbdcc.service.cpl.enforcement import (
    COMMISSION_SRV,
    UPDATE_FIRMWARE_SRV,
    CplCommissioning,
    CplFirmwareUpdate,
    CplInForce,
)
from gbdcc.service.device.admit import DeviceAdmission
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.device.ports import ResponseDelivery, Wan
from gbdcc.service.device.settings import PipelineSettings
from gbdcc.service.gateway import DuisGateway, GatewaySettings
from gbdcc.service.handlers import Handler, HandlerRegistry
from gbdcc.service.non_device import BODY_ELEMENTS, non_device_handlers
from gbdcc.service.non_device.hub_alerts import with_hub_alerts
from gbdcc.service.non_device.local_response import ReturnLocalCommandResponse
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.service.schedules import BODY_ELEMENTS as SCHEDULE_BODY_ELEMENTS
from gbdcc.service.schedules import schedule_handlers
from gbdcc.service.smki.directory import SmkiDirectory
from gbdcc.wiring.features import anomaly_policy, cpl_verifier, secco_signifier
from gbdcc.wiring.pipeline import (
    Pipeline,
    build_pipeline,
    default_pipeline_settings,
    device_inventory_rules,
    schedule_planner,
)

log = get_logger("gbdcc.bootstrap")  # the logger's name from before the wiring was split out of bootstrap


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
    #: The SM WAN Coverage Database (SIMULATED) that 12.1, the admin API and the portal all answer from.
    coverage: SimulatedCoverageDatabase = field(
        default_factory=lambda: SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1)))


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
                  pipeline_settings: PipelineSettings | None = None, in_memory: bool = False,
                  remote_wan: Wan | None = None, scaled: bool = False) -> Instance:
    """Open the instance in ``s.data_dir``. With ``scheduler`` (a ``VirtualScheduler`` in tests) the
    simulated WAN runs on it inline; without, it runs on its own thread in real time (compressed by
    ``GBDCC_WAN_TIME_SCALE``). ``in_memory`` keeps the system of record in memory (handler tests: the
    in-memory unit of work behaves like the SQL one, nothing persists). ``scaled`` and ``remote_wan``: one
    process of scaled mode (``wiring/scaled.py``)."""
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
    psettings = pipeline_settings or default_pipeline_settings(s)
    notifier = Notifier()
    metrics = Metrics()
    metrics.watch_store(StoreStats(engine))
    delivery = MeteredDelivery(delivery or HttpDelivery(), metrics)
    transformer = GbcsTransformer(identity.acb_ka_key, device_keys.ka_public_key, acb=identity.eui,
                                  acb_ds_key=identity.acb_ds_key, cos_party=cos.for_device)
    pipeline = build_pipeline(s, uow_factory, codec, identity, cos, transformer, device_keys, clock, scheduler,
                              delivery, wan_seed, psettings, notifier, remote_wan=remote_wan, scaled=scaled)
    coverage = SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1))
    outbound = Outbound(codec, identity.eui)
    handlers: dict[str, Handler] = with_hub_alerts(non_device_handlers(coverage), outbound)
    admission = AnomalyDetection(DeviceAdmission(transformer, psettings), anomaly_policy(s), outbound)  # SEC G6
    handlers.update({srv: admission for srv, entry in CATALOGUE.items() if not entry.non_device})
    handlers[COS_SRV] = CosAdmission(admission)
    handlers.update(schedule_handlers(schedule_planner(identity, codec, transformer)))
    Iki.load_or_create(s.data_dir, passphrase, party_signifier=secco_signifier(s), now=clock.now())  # R-PKI-2
    cpl = CplInForce(cpl_verifier(s))
    handlers[COMMISSION_SRV], handlers[UPDATE_FIRMWARE_SRV] = CplCommissioning(admission, cpl), CplFirmwareUpdate(cpl)
    handlers["8.13"] = ReturnLocalCommandResponse(
        transformer, GbcsResponseAuthenticator(identity.acb_ka_key, device_keys.ka_public_key,
                                               device_signing_keys(uow_factory, device_keys.seed)),
        device_inventory_rules(codec, outbound), outbound)
    bodies = {**BODY_ELEMENTS, **SCHEDULE_BODY_ELEMENTS, "8.13": "ReturnLocalCommandResponse",
              UPDATE_FIRMWARE_SRV: "UpdateFirmware"}
    gateway = DuisGateway(uow_factory, codec, clock, GatewaySettings(test_pki=s.test_pki),
                          HandlerRegistry(handlers, bodies), notify=notifier.notify)
    smki = SmkiDirectory(uow_factory, clock, device_keys, test_pki=s.test_pki)
    pipeline.sm_wan.round_trip_observers.append(metrics.wan_round_trip.observe)
    return Instance(s, engine, uow_factory, identity, clock, gateway, pipeline, device_keys, smki, metrics,
                    coverage)


__all__ = ["TEST_PKI_MARKER", "Instance", "open_instance", "settings"]

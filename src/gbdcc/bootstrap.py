"""Composition root: the one place that wires adapters into the handlers.

``open_instance`` opens (or creates) an embedded instance: the database (SQLite under the data dir, or
``GBDCC_DATABASE_URL``) migrated to head, the DCC's identity (private test PKI, ACB and DSP XML-signing
certificates), the SMKI repository seeded with the DCC's certificates, the DUIS codec and the gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from rich.console import Console
from sqlalchemy import Engine

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.http.app import create_app
from gbdcc.adapters.observability.logging import configure_logging, get_logger
from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.certificates import check_usable, record_from_certificate
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.issue import issue_user_xml_signing_certificate
from gbdcc.adapters.wan import estate as wan_estate
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.adapters.wan.estate import EstateReport
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService
from gbdcc.domain.errors import CertificateInvalid, DeviceAlreadyExists
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device as SmiDevice
from gbdcc.domain.inventory import DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.smki import KeyUsage
from gbdcc.service.gateway import DuisGateway, GatewaySettings
from gbdcc.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

log = get_logger("gbdcc.bootstrap")

#: The demo estate's Communications Hub: the RTDS test hub (CHF …A2 with GPF …A3), as the DCC would hold
#: it after delivering it to a supplier (R-CH-1 logistics are simulated). Only seeded if missing.
DEMO_CHF = Eui64.parse("00-DB-12-34-56-78-90-A2")
DEMO_GPF = Eui64.parse("00-DB-12-34-56-78-90-A3")


@dataclass(frozen=True)
class Instance:
    settings: Settings
    engine: Engine
    uow_factory: UnitOfWorkFactory
    identity: DccIdentity
    clock: Clock
    gateway: DuisGateway


def settings(data_dir: Path | None = None) -> Settings:
    """Settings from the environment, with ``--data-dir`` taking precedence."""
    configure_logging()
    s = Settings() if data_dir is None else Settings(data_dir=data_dir)
    if s.test_pki:
        log.warning("test_pki_mode_on", detail="expired DCC test certificates and lenient MPxN check digits "
                                               "accepted (GBDCC_TEST_PKI=1)")
    return s


def open_instance(s: Settings, *, seed_demo: bool = False, clock: Clock | None = None) -> Instance:
    s.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(s.database_url, data_dir=s.data_dir)  # SQLite in the data dir unless a URL
    migrate(engine)
    uow_factory = SqlUnitOfWorkFactory(engine)
    passphrase = s.key_passphrase.encode() if s.key_passphrase else None
    identity = DccIdentity.load_or_create(s.data_dir, passphrase, eui=Eui64.parse(s.dcc_eui))
    clock = clock or SystemClock()
    with uow_factory() as uow:
        for record in identity.records():
            if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
                uow.certificates.put(record)
        if seed_demo:
            _seed_demo_estate(uow, clock.now())
        uow.commit()
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert, max_bytes=s.max_request_bytes)
    coverage = SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1))
    gateway = DuisGateway(uow_factory, codec, clock, GatewaySettings(test_pki=s.test_pki), coverage)
    return Instance(s, engine, uow_factory, identity, clock, gateway)


def build_app(instance: Instance) -> FastAPI:
    return create_app(instance.gateway, max_request_bytes=instance.settings.max_request_bytes)


def _seed_demo_estate(u: UnitOfWork, now: datetime) -> None:
    if u.inventory.get(DEMO_CHF) is not None:
        return
    cause = "demo estate: Communications Hub delivered by the DCC (simulated logistics)"
    for device_id, kind in ((DEMO_CHF, DeviceType.CHF), (DEMO_GPF, DeviceType.GPF)):
        u.inventory.add(SmiDevice(
            device_id=device_id, device_type=kind, status=SmiStatus.PENDING, status_at=now,
            manufacturer="DB12", model="CH000001", chf_id=DEMO_CHF if kind is DeviceType.GPF else None,
            associated_gpf_id=DEMO_GPF if kind is DeviceType.CHF else None, csp_region="North",
            history=(StatusChange(SmiStatus.PENDING, now, cause),),
        ))


def generate_estate(instance: Instance, premises: int, seed: int = 1, *, start_index: int = 0,
                    progress: Callable[[int], None] | None = None) -> EstateReport:
    """Generate a SIMULATED estate of ``premises`` premises into the SMI (bulk path).

    Refuses to overwrite: if the first premises of the range already exists, nothing is written.
    """
    first = next(wan_estate.generate_estate(1, seed, start_index=start_index))
    with instance.uow_factory() as uow:
        if uow.inventory.get(first.devices[0].device_id) is not None:
            raise DeviceAlreadyExists(
                f"premises {start_index} of seed {seed} is already in the estate; "
                "use --start-index past the last generated premises", rule="ESTATE-APPEND")
    return wan_estate.run_estate_generation(instance.uow_factory, premises, seed, progress,
                                            start_index=start_index, bulk_engine=instance.engine)


def ensure_estate(instance: Instance, premises: int, seed: int = 1) -> EstateReport | None:
    """The default embedded estate: generated once, on first start (``gbdcc up --estate-premises``)."""
    if premises <= 0:
        return None
    try:
        return generate_estate(instance, premises, seed)
    except DeviceAlreadyExists:
        return None


def register_user(
    instance: Instance,
    *,
    eui: str,
    role: str,
    name: str,
    certificate_pem: bytes | None = None,
    issue_keys_to: Path | None = None,
    response_url: str | None = None,
    entry_date: date | None = None,
) -> User:
    """Register (or extend) a User ID in a role with its DUIS XML-signing certificate (R-USER-1, R-USER-2).

    With ``issue_keys_to`` a new P-256 key and an XML-signing certificate from the instance's own
    Organisation CA are written there (``xml-sign.key``, ``xml-sign.pem``).
    """
    user_id = Eui64.parse(eui)
    now = instance.clock.now()
    if certificate_pem is not None:
        certificate = storage.load_certificate(certificate_pem, source="--xml-signing-cert")
    else:
        assert issue_keys_to is not None
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = issue_user_xml_signing_certificate(
            instance.identity.pki.organisation_ca, key.public_key(), eui=user_id, not_before=now)
        storage.write_atomic(issue_keys_to / "xml-sign.key", storage.private_key_pem(key, None), private=True)
        storage.write_atomic(issue_keys_to / "xml-sign.pem", storage.certificate_pem(certificate))
    record = record_from_certificate(certificate)
    if record.subject_eui != user_id:
        raise CertificateInvalid(f"the certificate is for {record.subject_eui}, not for User {user_id}")
    check_usable(record, now, KeyUsage.DIGITAL_SIGNATURE, test_pki=instance.settings.test_pki)
    with instance.uow_factory() as uow:
        existing = uow.users.get(user_id)
        user = existing or User(user_id, name, (), response_url)
        user = User(user.user_id, name, user.roles, response_url or user.response_url)
        user = user.with_role(UserRoleEntry(UserRole(role), entry_date or now.date()))
        uow.users.put(user)
        if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
            uow.certificates.put(record)
        uow.commit()
    return user


def print_banner(instance: Instance, host: str, port: int) -> None:
    console = Console(stderr=True)
    base = f"http://{host}:{port}"
    console.print(f"[bold]gbdcc[/bold] embedded DCC — data in {instance.settings.data_dir.resolve()}")
    for ws in WebService:
        console.print(f"  DUIS {ws.value:9} {base}{ws.path}")
    console.print(f"  health         {base}/healthz   metrics {base}/metrics   API docs {base}/docs")
    if instance.settings.test_pki:
        console.print("  [yellow]test-PKI mode ON[/yellow]: expired DCC test certificates accepted")
    with instance.uow_factory(read_only=True) as uow:
        users = len(uow.users.list())
    if users == 0:
        console.print("  no Users yet: gbdcc users add --data-dir "
                      f"{instance.settings.data_dir} --eui <EUI-64> --role IS --name <name> --issue-keys <dir>")

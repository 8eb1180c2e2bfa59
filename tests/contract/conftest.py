"""One storage contract suite, run against every backend: memory, SQLite (a temp file), PostgreSQL.

PostgreSQL comes from ``GBDCC_TEST_POSTGRES_URL`` (default a local trust-auth server). Each pytest
session (each xdist worker) migrates its own fresh schema ``gbdcc_test_<uuid>`` and drops it at the end,
so parallel workers and repeated runs never collide. If the server is unreachable the PostgreSQL cases
are skipped with the reason — unless ``GBDCC_REQUIRE_POSTGRES=1``, then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, delete, text

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.db.migrate import migrate
from gbdcc.adapters.db.tables import ALL_TABLES
from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory
from gbdcc.domain.delivery import MessageKind, OutboundMessage
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import AuditRecord, Decision, RequestState, ServiceRequest
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole
from gbdcc.service.ports import UnitOfWorkFactory

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
T0 = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
BIG = Eui64(0xFFFF_FFFF_FFFF_FFFE)  # ≥ 2^63: must survive the signed BIGINT column


# --- PostgreSQL: one fresh schema per session -----------------------------------------------------


def pg_url() -> str:
    return os.environ.get("GBDCC_TEST_POSTGRES_URL", DEFAULT_PG_URL)


def _pg_unavailable(reason: str) -> None:
    msg = f"PostgreSQL unreachable at {pg_url()} ({reason})"
    if os.environ.get("GBDCC_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{msg} and GBDCC_REQUIRE_POSTGRES=1")
    pytest.skip(f"{msg}; set GBDCC_TEST_POSTGRES_URL, or GBDCC_REQUIRE_POSTGRES=1 to make this fail")


@dataclass
class PgServer:
    """The reachable server; ``new_schema_engine`` gives an engine bound to a fresh empty schema."""

    admin: Engine
    schemas: list[str]

    def new_schema_engine(self, **kwargs: Any) -> Engine:
        schema = f"gbdcc_test_{uuid.uuid4().hex[:16]}"
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        return create_engine_for(pg_url(), connect_args={"options": f"-csearch_path={schema}"}, **kwargs)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    admin = create_engine_for(pg_url(), connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver/network failure means "not reachable"
        admin.dispose()
        _pg_unavailable(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    server = PgServer(admin, [])
    yield server
    with admin.begin() as conn:
        for schema in server.schemas:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_server: PgServer) -> Iterator[Engine]:
    engine = pg_server.new_schema_engine(pool_size=10, max_overflow=10)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = create_engine_for(data_dir=tmp_path_factory.mktemp("sqlite-contract"))
    migrate(engine)
    yield engine
    engine.dispose()


def _clear(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(ALL_TABLES):
            conn.execute(delete(table))


# --- the backend parameter ------------------------------------------------------------------------

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Backend:
    """``clock`` is the factory's injected clock (it stamps outbox ``created_at``), set to ``T0``."""

    name: str
    factory: UnitOfWorkFactory
    engine: Engine | None
    clock: FixedClock


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    name: str = request.param
    clock = FixedClock(T0)
    if name == "memory":
        return Backend(name, InMemoryUnitOfWorkFactory(clock=clock), None, clock)
    engine: Engine = request.getfixturevalue(f"{'pg' if name == 'postgres' else name}_engine")
    _clear(engine)
    return Backend(name, SqlUnitOfWorkFactory(engine, clock=clock), engine, clock)


@pytest.fixture
def uow_factory(backend: Backend) -> UnitOfWorkFactory:
    return backend.factory


# --- sample values --------------------------------------------------------------------------------


def eui(n: int) -> Eui64:
    return Eui64(n)


def user(n: int = 1, **kw: Any) -> User:
    roles = kw.pop("roles", (UserRoleEntry(UserRole.IMPORT_SUPPLIER, date(2020, 1, 1)),))
    return User(kw.pop("user_id", Eui64(0x90B3D51F30000000 + n)), kw.pop("name", f"Supplier {n}"),
                tuple(roles), kw.pop("response_url", f"https://u{n}.example/resp"))


def device(n: int, **kw: Any) -> Device:
    at = kw.pop("status_at", T0)
    values: dict[str, Any] = {
        "device_id": Eui64(0x00DB_1234_5600_0000 + n),
        "device_type": DeviceType.ESME,
        "status": SmiStatus.PENDING,
        "status_at": at,
        "history": (StatusChange(SmiStatus.PENDING, at, "12.2 Device Pre-notification"),),
    }
    values.update(kw)
    return Device(**values)


def cert(serial: int, **kw: Any) -> CertificateRecord:
    values: dict[str, Any] = {
        "issuer": "CN=Z1,OU=07",
        "serial": serial,
        "kind": CertificateKind.ORGANISATION,
        "subject_eui": Eui64(0x90B3D51F30010000),
        "role": RemotePartyRole.SUPPLIER,
        "key_usage": KeyUsage.DIGITAL_SIGNATURE,
        "not_before": T0,
        "not_after": T0 + timedelta(days=3650),
        "der": b"\x30\x82" + serial.to_bytes(21, "big"),
    }
    values.update(kw)
    return CertificateRecord(**values)


def audit(request_id: str | None = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1", **kw: Any) -> AuditRecord:
    values: dict[str, Any] = {
        "direction": "in",
        "received_at": T0,
        "request_id": request_id,
        "user_id": "90-B3-D5-1F-30-01-00-00",
        "srv": "4.1.1",
        "command_variant": 1,
        "state": RequestState.ADMITTED,
        "decision": Decision("I99", "R-SR-1", "accepted"),
        "body": b"<sr:Request>\x00\xff</sr:Request>",
        "web_service": "serviceS",
    }
    values.update(kw)
    return AuditRecord(**values)


SUPPLIER = Eui64(0x90B3D51F30010000)
ESME = Eui64(0x00DB123456789000)


def request(counter: int = 1, **kw: Any) -> ServiceRequest:
    """An ADMITTED CV1 read (4.1.1) from the supplier to an ESME; ``user`` / ``device`` override the ids."""
    rid = RequestId(kw.pop("user", SUPPLIER), kw.pop("device", ESME), counter)
    values: dict[str, Any] = {
        "request_id": rid,
        "srv": "4.1.1",
        "command_variant": 1,
        "role": UserRole.IMPORT_SUPPLIER,
        "state": RequestState.ADMITTED,
        "received_at": T0,
        "updated_at": T0,
        "raw": b"<sr:Request>" + counter.to_bytes(8, "big") + b"\x00\xff</sr:Request>",
    }
    values.update(kw)
    return ServiceRequest(**values)


def message(n: int = 1, **kw: Any) -> OutboundMessage:
    """A PENDING Service Response for the supplier's request ``…:n``."""
    values: dict[str, Any] = {
        "user_id": SUPPLIER,
        "kind": MessageKind.RESPONSE,
        "response_id": f"{SUPPLIER}:{ESME}:{n}",
        "body": b"<sr:Response>" + n.to_bytes(4, "big") + b"</sr:Response>",
        "created_at": T0,
        "request_id": f"{SUPPLIER}:{ESME}:{n}",
        "response_code": "I0",
    }
    values.update(kw)
    return OutboundMessage(**values)


def period(mpxn: str = "1312345678111", role: UserRole = UserRole.IMPORT_SUPPLIER, **kw: Any) -> RegistrationPeriod:
    values: dict[str, Any] = {"party": SUPPLIER, "effective_from": T0}
    values.update(kw)
    return RegistrationPeriod(mpxn, role, **values)


@pytest.fixture
def run_in_threads() -> Callable[[int, Callable[[int], Any]], list[Any]]:
    """Run ``fn(i)`` for i in range(n) on n threads released together; returns results in order."""
    import threading

    def run(n: int, fn: Callable[[int], Any]) -> list[Any]:
        barrier = threading.Barrier(n)
        results: list[Any] = [None] * n
        errors: list[BaseException] = []

        def work(i: int) -> None:
            try:
                barrier.wait(timeout=10)
                results[i] = fn(i)
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors, errors
        return results

    return run


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "fresh" / "var"



@pytest.fixture(scope="session")
def s() -> SimpleNamespace:
    """Builders for sample records: ``s.user(n)``, ``s.device(n)``, ``s.cert(serial)``, ``s.audit()``,
    ``s.request(counter)``, ``s.message(n)``, ``s.period(mpxn, role)``."""
    return SimpleNamespace(T0=T0, BIG=BIG, SUPPLIER=SUPPLIER, ESME=ESME, eui=eui, user=user, device=device,
                           cert=cert, audit=audit, request=request, message=message, period=period)

"""SQL-only properties behind the contract: a bounded number of statements per repository call (no
N+1) and, on PostgreSQL, lookups served by the indexes of ``tables.py`` (national scale, DOMAIN.md §10)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, event

from gbdcc.domain.ids import Eui64

SQL_ONLY = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@SQL_ONLY
def test_reads_use_two_statements_whatever_the_number_of_devices(backend: Any, s: SimpleNamespace) -> None:
    devices = [s.device(n, uprn="U1", postcode="P1", chf_id=Eui64(1), import_mpxn="M1") for n in range(40)]
    with backend.factory() as uow:
        for d in devices:
            uow.inventory.add(d)
        uow.commit()
    with backend.factory() as uow:
        uow.inventory.get(devices[0].device_id)  # opens the transaction
        for call in (
            lambda: uow.inventory.by_uprn("U1", 100),
            lambda: uow.inventory.by_mpxn("M1", 100),
            lambda: uow.inventory.by_postcode("P1", None, 100),
            lambda: uow.inventory.by_chf(Eui64(1)),
        ):
            with count_statements(backend.engine) as stmts:
                assert len(call()) == 40
            assert len(stmts) == 2, stmts  # devices + all their histories


@SQL_ONLY
def test_user_list_is_two_statements(backend: Any, s: SimpleNamespace) -> None:
    with backend.factory() as uow:
        for n in range(25):
            uow.users.put(s.user(n))
        uow.commit()
    with backend.factory() as uow:
        uow.users.get(s.user(0).user_id)
        with count_statements(backend.engine) as stmts:
            assert len(uow.users.list()) == 25
        assert len(stmts) == 2


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
@pytest.mark.parametrize(
    "where, index",
    [
        ("import_mpxn = '1' ORDER BY device_id LIMIT 10", "ix_devices_import_mpxn_device_id"),
        ("uprn = '1' ORDER BY device_id LIMIT 10", "ix_devices_uprn_device_id"),
        ("postcode = 'P' AND address_identifier = 'A' ORDER BY device_id LIMIT 10",
         "ix_devices_postcode_address_identifier_device_id"),
        ("chf_id = 5 ORDER BY device_id", "ix_devices_chf_id_device_id"),
    ],
)
def test_postgresql_inventory_lookups_use_their_index(backend: Any, where: str, index: str) -> None:
    with backend.engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # tables are tiny in tests
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN SELECT * FROM devices WHERE {where}"))
        conn.rollback()
    assert index in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
@pytest.mark.parametrize(
    "sql, index",
    [
        ("SELECT * FROM certificates WHERE subject_eui = 1 AND key_usage = 'ds'",
         "ix_certificates_subject_eui_key_usage"),
        ("SELECT * FROM certificates WHERE issuer_norm = 'CN=Z1' AND serial_hex = 'ff'", "pk_certificates"),
        ("SELECT * FROM audit_records WHERE request_id = 'r' ORDER BY seq", "ix_audit_records_request_id"),
        ("SELECT * FROM audit_records ORDER BY seq DESC LIMIT 5", "pk_audit_records"),
        ("SELECT * FROM device_status_history WHERE device_id IN (1, 2) ORDER BY device_id, seq",
         "pk_device_status_history"),
    ],
)
def test_postgresql_other_lookups_use_an_index(backend: Any, sql: str, index: str) -> None:
    with backend.engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
        conn.rollback()
    assert index in plan, plan

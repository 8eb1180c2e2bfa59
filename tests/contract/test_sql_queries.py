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
        for call, expected in (
            (lambda: uow.inventory.by_uprn("U1", 100), 2),  # devices + all their histories
            (lambda: uow.inventory.by_mpxn("M1", 100), 2),
            (lambda: uow.inventory.by_postcode("P1", None, 100), 2),
            (lambda: uow.inventory.by_chf(Eui64(1)), 1),  # the hot path's: one statement joining both
        ):
            with count_statements(backend.engine) as stmts:
                assert len(call()) == 40
            assert len(stmts) == expected, stmts
        with count_statements(backend.engine) as stmts:
            assert uow.inventory.get(devices[1].device_id) == devices[1]
        assert len(stmts) == 1, stmts


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
        # either index serves it (on an empty table the planner may prefer the narrower serial index)
        ("SELECT * FROM certificates WHERE issuer_norm = 'CN=Z1' AND serial_hex = 'ff'",
         "pk_certificates|ix_certificates_serial_hex"),
        ("SELECT * FROM certificates WHERE serial_hex = 'ff' ORDER BY issuer_norm", "ix_certificates_serial_hex"),
        ("SELECT * FROM audit_records WHERE request_id = 'r' ORDER BY seq", "ix_audit_records_request_id_seq"),
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
    assert any(name in plan for name in index.split("|")), plan


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
@pytest.mark.parametrize(
    "sql, index",
    [
        ("SELECT * FROM request_counters WHERE user_id = 1 AND target_id = 2", "pk_request_counters"),
        ("SELECT * FROM request_counter_floors WHERE user_id = 1", "pk_request_counter_floors"),
        ("SELECT * FROM dcc_counters WHERE originator = 1 AND recipient = 2", "pk_dcc_counters"),
        ("SELECT * FROM registration_periods WHERE mpxn IN ('1', '2') ORDER BY mpxn, role, effective_from",
         "pk_registration_periods"),
        ("SELECT * FROM registration_periods WHERE party = 5", "ix_registration_periods_party"),
        ("SELECT * FROM service_requests WHERE user_id = 1 AND device_id = 2 AND counter = 3",
         "pk_service_requests"),
        ("SELECT * FROM service_requests WHERE device_id = 1 AND gbcs_originator = 2 AND gbcs_counter = 3",
         "ix_service_requests_device_id_gbcs_originator_gbcs_counter"),
        ("SELECT * FROM service_requests WHERE state = 'sent' ORDER BY received_at LIMIT 10",
         "ix_service_requests_state_received_at"),
        ("SELECT * FROM outbox WHERE available_at <= now() ORDER BY available_at, seq LIMIT 10",
         "ix_outbox_available_at_seq"),
        ("SELECT 1 FROM outbox WHERE key = 'k' AND seq < 10", "ix_outbox_key_seq"),
        ("SELECT min(claimed_until) FROM outbox WHERE claimed_until IS NOT NULL", "ix_outbox_claimed_until"),
        ("SELECT * FROM outbound_messages WHERE request_id = 'r' ORDER BY message_id",
         "ix_outbound_messages_request_id_message_id"),
        ("SELECT * FROM outbound_messages WHERE state = 'failed' AND user_id = 1 ORDER BY message_id LIMIT 10",
         "ix_outbound_messages_state_user_id_message_id"),
        ("SELECT * FROM outbound_messages WHERE message_id = 1", "pk_outbound_messages"),
    ],
)
def test_postgresql_pipeline_lookups_use_their_index(backend: Any, sql: str, index: str) -> None:
    with backend.engine.connect() as conn:
        # On an empty table the planner sees its indexes as equally cheap: give service_requests 5,000
        # rows of many devices (rolled back with the statistics) so the primary key is the best lookup.
        conn.exec_driver_sql(
            "INSERT INTO service_requests (user_id, device_id, counter, srv, command_variant, role, state, "
            "received_at, updated_at, raw) SELECT mod(n, 7), mod(n, 1000), n, '4.1.1', 1, 'IS', 'sent', now(), now(), "
            "'' FROM generate_series(1, 5000) AS n")
        conn.exec_driver_sql("ANALYZE service_requests")
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
        conn.rollback()
    assert index in plan, plan


@SQL_ONLY
def test_pipeline_hot_paths_are_one_statement_each(backend: Any, s: SimpleNamespace) -> None:
    """The gateway's counter check, a stage's compare-and-set and its outbox hand-over are each one
    round trip; leasing due entries is two (select, then stamp the lease)."""
    from gbdcc.domain.events import RequestAdmitted
    from gbdcc.domain.requests import RequestState

    r = s.request(1)
    with backend.factory() as uow:
        uow.users.get(s.SUPPLIER)  # opens the transaction
        calls = [
            lambda: uow.counters.advance(s.SUPPLIER, s.ESME, 1),
            lambda: uow.requests.add(r),
            lambda: uow.requests.update(r.transition(RequestState.TRANSFORMED, s.T0), RequestState.ADMITTED),
            lambda: uow.outbox.add(RequestAdmitted(str(r.request_id)), s.T0),
            lambda: uow.dcc_counters.next(s.BIG, s.ESME, 1),
            lambda: uow.outbox.due(s.T0, None, 10),
        ]
        for call in calls:
            with count_statements(backend.engine) as stmts:
                call()
            assert len(stmts) == 1, stmts
        with count_statements(backend.engine) as stmts:
            assert len(uow.outbox.due(s.T0, ["request.admitted"], 10, claimed_by="relay")) == 1
        assert len(stmts) == 2, stmts


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_consumers_skip_entries_another_consumer_has_locked(backend: Any, s: SimpleNamespace) -> None:
    """``FOR UPDATE SKIP LOCKED``: while relay A's unit (lease not yet committed) is open, relay B neither
    waits for it nor gets A's entries."""
    import threading

    from gbdcc.domain.events import RequestAdmitted

    with backend.factory() as uow:
        first = [uow.outbox.add(RequestAdmitted(f"r{n}"), s.T0) for n in range(3)]
        rest = [uow.outbox.add(RequestAdmitted(f"r{n}"), s.T0) for n in range(3, 6)]
        uow.commit()
    got: list[list[int]] = []
    with backend.factory() as a:
        assert [e.seq for e in a.outbox.due(s.T0, None, 3, claimed_by="a")] == first

        def relay_b() -> None:
            with backend.factory() as b:
                b.connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
                got.append([e.seq for e in b.outbox.due(s.T0, None, 10, claimed_by="b")])
                b.commit()

        t = threading.Thread(target=relay_b)
        t.start()
        t.join(10)
    assert got == [rest]


@contextmanager
def explained(engine: Engine) -> Iterator[None]:
    """Statements run inside are sent as ``EXPLAIN`` (their result rows are the plan lines)."""

    def listener(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> Any:
        return f"EXPLAIN {statement}", params

    event.listen(engine, "before_cursor_execute", listener, retval=True)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_outbox_reads_never_scan_the_whole_outbox(backend: Any, s: SimpleNamespace) -> None:
    """With 50,000 timers waiting and a few entries due, the relay's queries walk the indexes: the
    per-key check is a probe of (key, seq), never a scan or an anti-join over the outbox."""
    from gbdcc.adapters.db import sql_outbox
    from gbdcc.domain.events import RequestAdmitted

    with backend.factory() as uow:
        conn = uow.connection  # type: ignore[attr-defined]
        conn.exec_driver_sql(
            "INSERT INTO outbox (topic, key, payload, created_at, available_at) SELECT 'request.deadline', "
            "'k' || mod(n, 20000), '{}', now(), %(t0)s + make_interval(secs => n) FROM generate_series(1, 50000) n",
            {"t0": s.T0})
        for n in range(100):
            uow.outbox.add(RequestAdmitted(f"r{n}"), s.T0)
        conn.exec_driver_sql("ANALYZE outbox")
        statements = [
            (sql_outbox._DUE[False, True], {"now": s.T0, "limit": 10}),
            (sql_outbox._DUE[True, False], {"now": s.T0, "limit": 10, "topics": ["request.deadline"]}),
            (sql_outbox._NEXT[False], {}),
            (sql_outbox._NEXT[True], {"topics": ["request.deadline"]}),
        ]
        for stmt, params in statements:
            with explained(backend.engine):  # compiled afresh: the cached form expects the real columns
                plan = "\n".join(r[0] for r in conn.execution_options(compiled_cache=None).execute(stmt, params))
            assert "Seq Scan" not in plan and "Anti Join" not in plan, plan
            assert "ix_outbox_available_at_seq" in plan and "ix_outbox_key_seq" in plan, plan

"""SQL repositories for counters: RequestID counters per (User, Business Target) (DUIS 3.2.3) and the
originator counters of the GBCS commands the DCC originates itself (GBCS 4.3.1).

Each operation is one statement, so it is atomic on both databases: PostgreSQL's ``INSERT … ON
CONFLICT DO UPDATE`` locks the row (or waits on the concurrent insert) and re-checks its ``WHERE``
against the committed value; SQLite units hold the write lock from ``BEGIN IMMEDIATE``. Counters are
compared in their stored form, which keeps the order of the unsigned values (``coltypes``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, bindparam, case, exists, func, literal, select, type_coerce
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.coltypes import Eui64Type, Uint64, to_stored_uint64
from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import CounterExhausted
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.tables import dcc_counters as dcc
from gbdcc.adapters.db.tables import request_counter_floors as floors
from gbdcc.adapters.db.tables import request_counters as rc
from gbdcc.domain.ids import UINT64_MAX, Eui64

_user = bindparam("user_id", type_=Eui64Type)
_target = bindparam("target_id", type_=Eui64Type)
_counter = bindparam("last_counter", type_=Uint64)

#: The effective last counter: the pair's, or the User's floor (schema 0001) if that is higher.
_LAST = select(func.max(type_coerce(rc.c.last_counter, BigInteger))).where(
    rc.c.user_id == _user, rc.c.target_id == _target
).union_all(
    select(type_coerce(floors.c.last_counter, BigInteger)).where(floors.c.user_id == _user)
).subquery()
_LAST_STMT = select(type_coerce(func.max(_LAST.c[0]), Uint64))


@per_dialect
def _advance(insert: Any) -> Any:
    """``INSERT … SELECT :values WHERE no floor ≥ counter ON CONFLICT DO UPDATE … WHERE last < new``:
    a row comes back exactly when the counter was above both the pair's last and the User's floor."""
    above_floor = ~exists().where(floors.c.user_id == _user, floors.c.last_counter >= _counter)
    ins = insert(rc).from_select(["user_id", "target_id", "last_counter"],
                                 select(_user, _target, _counter).where(above_floor))
    return ins.on_conflict_do_update(
        index_elements=[rc.c.user_id, rc.c.target_id],
        set_={"last_counter": ins.excluded.last_counter},
        where=rc.c.last_counter < ins.excluded.last_counter,
    ).returning(rc.c.user_id)


class SqlCounterRepository:
    """The last accepted RequestID counter per (User ID, Business Target ID); exactly one of N
    concurrent advances of one pair to the same value succeeds."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def last(self, user_id: Eui64, target_id: Eui64) -> int | None:
        """The bound a new counter must exceed: the pair's last, or the User's 0001 floor if higher."""
        value: int | None = self._conn.execute(_LAST_STMT, {"user_id": user_id, "target_id": target_id}).scalar()
        return value

    def advance(self, user_id: Eui64, target_id: Eui64, counter: int) -> bool:
        check_counter(counter)
        row = self._conn.execute(_advance(self._conn),
                                 {"user_id": user_id, "target_id": target_id, "last_counter": counter}).first()
        return row is not None


_STORED_MAX = to_stored_uint64(UINT64_MAX)


@per_dialect
def _next(insert: Any) -> Any:
    """``INSERT (at_least) ON CONFLICT DO UPDATE SET last = max(last + 1, at_least) WHERE last < max
    RETURNING last`` — in the stored (biased BIGINT) form, where ``+ 1`` still means the next value."""
    ins = insert(dcc)
    last = type_coerce(dcc.c.last_counter, BigInteger)
    wanted = type_coerce(ins.excluded.last_counter, BigInteger)
    bumped = last + literal(1, BigInteger)
    return ins.on_conflict_do_update(
        index_elements=[dcc.c.originator, dcc.c.recipient],
        set_={"last_counter": case((bumped > wanted, bumped), else_=wanted)},
        where=last < literal(_STORED_MAX, BigInteger),
    ).returning(dcc.c.last_counter)


class SqlDccCounterRepository:
    """GBCS originator counters of DCC-originated commands, per (originator, recipient)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def next(self, originator: Eui64, recipient: Eui64, at_least: int) -> int:
        check_counter(at_least)
        value = self._conn.execute(
            _next(self._conn), {"originator": originator, "recipient": recipient, "last_counter": at_least}
        ).scalar()
        if value is None:
            raise CounterExhausted(f"no GBCS counter left from {originator} to {recipient}")
        return int(value)

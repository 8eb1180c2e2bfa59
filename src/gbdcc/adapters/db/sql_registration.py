"""SQL repository for Registration Data: who holds each registered role of a metering point, and from
when to when (SEC H3, R-SR-1; ``domain.registration``). Access control reads it time-sliced.

It also holds the bulk path Registration Data files need (a FULL refresh of a national RDP is millions
of rows): :class:`BulkRows` writes or deletes many rows of one table within the unit's transaction —
values encoded once by the columns' own bind processors, then ``executemany`` in chunks on SQLite, and
on PostgreSQL (above a few thousand rows) ``COPY``: straight into the table for new rows (a conflict
fails the unit), into a temporary staging table followed by one set-based ``INSERT … SELECT … ON
CONFLICT DO UPDATE`` for an upsert or ``DELETE … USING`` for a delete.
``bench/rdp.py`` measures both beside a bare ``COPY`` of the same file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Table, bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.tables import registration_periods as reg
from gbdcc.adapters.db.values import stored_period
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.model import ConcurrentChange
from gbdcc.domain.rdp.plan import PeriodKey
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.service.ports import Progress

T = TypeVar("T")
#: Rows per executemany batch and values per ``IN`` list (SQLite allows 32,766 bound values a statement).
CHUNK = 5_000
#: On PostgreSQL, at least this many rows go through COPY and a staging table; fewer through executemany.
COPY_FROM = 2_000
_STAGING = itertools.count(1)


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def select_in(conn: Connection, sql: str, values: Iterable[Any], *params: Any) -> Iterator[Any]:
    """Rows of ``sql`` for any number of ``values``, in chunks: driver SQL in which ``{in}`` stands after a
    column to compare with the values (an array on PostgreSQL, an ``IN`` list on SQLite) and each
    ``{mark}`` for one of ``params``, which follow."""
    pg = conn.dialect.name == "postgresql"
    mark = "%s" if pg else "?"
    for batch in chunked(sorted(set(values))):
        test = "= ANY(%s)" if pg else f"IN ({', '.join('?' * len(batch))})"
        args = (batch, *params) if pg else (*batch, *params)
        yield from conn.exec_driver_sql(sql.format(**{"in": test, "mark": mark}), args).fetchall()


def _memo(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``process`` (a column type's bind or result processor) remembering its results: a file names few
    parties and instants, so each is converted once."""
    if process is None:
        return None
    seen: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        if value is None:
            return None
        try:
            return seen[value]
        except KeyError:
            out = seen[value] = process(value)
            return out

    return cached


class BulkRows:
    """Many rows of ``table``'s ``columns`` at once (module docstring); ``key`` names the columns an upsert
    conflicts on and a delete matches. Rows are tuples of domain values in ``columns`` order."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str], key: Sequence[str]) -> None:
        self._conn = conn
        self._table = table
        self._columns = list(columns)
        self._key = list(key)
        dialect = conn.dialect
        self._procs = [_memo(table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) for c in self._columns]
        self._quote = dialect.identifier_preparer.quote
        self._mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self._pg = dialect.name == "postgresql"

    def _encode(self, rows: Iterable[Sequence[Any]], columns: int) -> Iterator[tuple[Any, ...]]:
        procs = [(i, p) for i, p in enumerate(self._procs[:columns]) if p is not None]
        for row in rows:
            out = list(row)
            for i, p in procs:
                out[i] = p(out[i])
            yield tuple(out)

    def write(self, rows: Sequence[Sequence[Any]], *, upsert: bool = False, progress: Progress | None = None) -> int:
        """Insert the rows (``upsert``: a row whose key is stored replaces it). Returns the rows written."""
        if not rows:
            return 0
        q = self._quote
        cols = ", ".join(q(c) for c in self._columns)
        conflict = ""
        if upsert:
            sets = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in self._columns if c not in self._key)
            conflict = f" ON CONFLICT ({', '.join(q(c) for c in self._key)}) DO UPDATE SET {sets}"
        if self._pg and len(rows) >= COPY_FROM:
            if not upsert:  # straight into the table: a conflict fails the COPY (IntegrityError)
                self._copy(q(self._table.name), self._columns, rows, progress)
                return len(rows)
            stage = self._stage(self._columns, rows, progress)
            self._conn.exec_driver_sql(f"INSERT INTO {q(self._table.name)} ({cols}) SELECT {cols} FROM {stage}"
                                       f"{conflict}")
            self._conn.exec_driver_sql(f"DROP TABLE {stage}")
            return len(rows)
        marks = ", ".join([self._mark] * len(self._columns))
        sql = f"INSERT INTO {q(self._table.name)} ({cols}) VALUES ({marks}){conflict}"
        return self._batches(sql, rows, len(self._columns), progress)

    def delete(self, keys: Sequence[Sequence[Any]], progress: Progress | None = None) -> int:
        """Delete the rows with these keys (tuples in ``key`` order, which must start ``columns``)."""
        if not keys:
            return 0
        q = self._quote
        table = q(self._table.name)
        if self._pg and len(keys) >= COPY_FROM:
            stage = self._stage(self._key, keys, progress)
            match = " AND ".join(f"{table}.{q(c)} = {stage}.{q(c)}" for c in self._key)
            self._conn.exec_driver_sql(f"DELETE FROM {table} USING {stage} WHERE {match}")
            self._conn.exec_driver_sql(f"DROP TABLE {stage}")
            return len(keys)
        match = " AND ".join(f"{q(c)} = {self._mark}" for c in self._key)
        return self._batches(f"DELETE FROM {table} WHERE {match}", keys, len(self._key), progress)

    def _batches(self, sql: str, rows: Sequence[Sequence[Any]], columns: int, progress: Progress | None) -> int:
        done = 0
        for batch in chunked(self._encode(rows, columns)):
            self._conn.exec_driver_sql(sql, batch)
            done += len(batch)
            if progress is not None:
                progress(done)
        return done

    def _stage(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], progress: Progress | None) -> str:
        """COPY the rows into a new temporary table of those columns (PostgreSQL, psycopg 3)."""
        q = self._quote
        stage = f"gbdcc_stage_{next(_STAGING)}"
        cols = ", ".join(q(c) for c in columns)
        self._conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM "
                                   f"{q(self._table.name)} WITH NO DATA")
        self._copy(stage, columns, rows, progress)
        return stage

    def _copy(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], progress: Progress | None
              ) -> None:
        """``COPY table (columns) FROM STDIN`` of the rows, encoded, in the unit's transaction (psycopg 3)."""
        raw: Any = self._conn.connection.driver_connection
        cols = ", ".join(self._quote(c) for c in columns)
        statement = f"COPY {table} ({cols}) FROM STDIN"
        done = 0
        try:
            with raw.cursor() as cur, cur.copy(statement) as copy:
                for row in self._encode(rows, len(columns)):
                    copy.write_row(row)
                    done += 1
                    if progress is not None and done % CHUNK == 0:
                        progress(done)
        except psycopg.errors.IntegrityError as err:  # the driver's own: raise it as SQLAlchemy would
            raise IntegrityError(statement, None, err) from err
        if progress is not None:
            progress(done)


@per_dialect
def _put(insert: Any) -> Any:
    ins = insert(reg)
    return ins.on_conflict_do_update(
        index_elements=[reg.c.mpxn, reg.c.role, reg.c.effective_from],
        set_={"party": ins.excluded.party, "effective_to": ins.excluded.effective_to},
    )


#: Served by the primary key (mpxn, role, effective_from): one range scan per MPxN of the list.
_FOR_MPXNS = (select(reg).where(reg.c.mpxn.in_(bindparam("mpxns", expanding=True)))
              .order_by(reg.c.mpxn, reg.c.role, reg.c.effective_from))

_PERIOD_COLUMNS = ("mpxn", "role", "effective_from", "party", "effective_to")
_PERIOD_KEY = ("mpxn", "role", "effective_from")

_KEY = (reg.c.mpxn == bindparam("k_mpxn"), reg.c.role == bindparam("k_role"))
_AT = bindparam("k_at", type_=reg.c.effective_from.type)
#: Periods effective at ``at`` that started before it: their end moves to ``at``.
_END = update(reg).where(*_KEY, reg.c.effective_from < _AT,
                         or_(reg.c.effective_to.is_(None), reg.c.effective_to > _AT))
#: A period starting exactly at ``at`` would become empty ([at, at)): it is removed instead.
_DROP_EMPTY = delete(reg).where(*_KEY, reg.c.effective_from == _AT)


def _period(row: Any) -> RegistrationPeriod:
    return RegistrationPeriod(row.mpxn, UserRole(row.role), row.party, row.effective_from, row.effective_to)


class SqlRegistrationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put(self, period: RegistrationPeriod) -> None:
        """Store ``period``; one with the same (MPxN, role, effective_from) is replaced."""
        p = stored_period(period)
        self._conn.execute(_put(self._conn), {"mpxn": p.mpxn, "role": p.role.value, "party": p.party,
                                              "effective_from": p.effective_from, "effective_to": p.effective_to})

    def for_mpxns(self, mpxns: Iterable[str]) -> Sequence[RegistrationPeriod]:
        wanted = sorted(set(mpxns))
        if not wanted:
            return []
        return [_period(r) for r in self._conn.execute(_FOR_MPXNS, {"mpxns": wanted})]

    def end(self, mpxn: str, role: UserRole, at: datetime) -> int:
        """Close the period of ``role`` effective at ``at``: its ``effective_to`` becomes ``at`` (or, if
        it starts at ``at``, it is removed). Returns the number of periods changed."""
        params = {"k_mpxn": mpxn, "k_role": role.value, "k_at": utc(at, "at"), "effective_to": utc(at, "at")}
        ended = self._conn.execute(_END, params).rowcount
        dropped = self._conn.execute(_DROP_EMPTY, params).rowcount
        return int(ended) + int(dropped)

    def periods_of(self, mpxns: Iterable[str], roles: Iterable[UserRole]) -> dict[str, list[RegistrationPeriod]]:
        """Read with the driver's own cursor and the columns' result processors, each value converted once
        (:func:`_memo`): a FULL refresh of a national RDP reads millions of periods."""
        wanted_roles = sorted({r.value for r in roles})
        dialect = self._conn.dialect
        party, start, end = (_memo(reg.c[c].type.dialect_impl(dialect).result_processor(dialect, None))
                             for c in ("party", "effective_from", "effective_to"))
        assert party is not None and start is not None and end is not None
        role_of = {r.value: r for r in UserRole}
        out: dict[str, list[RegistrationPeriod]] = {}
        roles_in = ", ".join("{mark}" for _ in wanted_roles)
        sql = ("SELECT mpxn, role, effective_from, party, effective_to FROM registration_periods "
               f"WHERE mpxn {{in}} AND role IN ({roles_in})")
        for mpxn, role, at, who, until in select_in(self._conn, sql, mpxns, *wanted_roles):
            out.setdefault(mpxn, []).append(RegistrationPeriod(mpxn, role_of[role], party(who), start(at), end(until)))
        for periods in out.values():
            periods.sort(key=lambda p: (p.role.value, p.effective_from))
        return out

    def apply(self, delete: Sequence[PeriodKey], insert: Sequence[RegistrationPeriod],
              replace: Sequence[RegistrationPeriod], progress: Progress | None = None) -> None:
        """Delete, insert, then upsert, in bulk (:class:`BulkRows`); ``progress`` counts all three."""
        rows = BulkRows(self._conn, reg, _PERIOD_COLUMNS, _PERIOD_KEY)
        report: Callable[[int], None] = progress or (lambda n: None)
        done = rows.delete([(m, r.value, utc(at, "effective_from")) for m, r, at in delete], report)
        try:
            done += rows.write(_period_rows(insert), progress=lambda n: report(done + n))
        except IntegrityError:
            raise ConcurrentChange("a period the file inserts was stored while it loaded: nothing applied; send "
                                   "the file again") from None
        rows.write(_period_rows(replace), upsert=True, progress=lambda n: report(done + n))


def _in_utc(p: RegistrationPeriod) -> bool:
    return p.effective_from.tzinfo is UTC and (p.effective_to is None or p.effective_to.tzinfo is UTC)


def _period_rows(periods: Sequence[RegistrationPeriod]) -> list[tuple[Any, ...]]:
    return [(p.mpxn, p.role.value, p.effective_from, p.party, p.effective_to)
            for p in (p if _in_utc(p) else stored_period(p) for p in periods)]

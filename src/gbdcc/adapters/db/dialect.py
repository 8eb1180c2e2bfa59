"""The one dialect-specific statement gbdcc needs: ``INSERT … ON CONFLICT`` (SQLite ≥ 3.24, PostgreSQL).

:func:`per_dialect` builds such a statement once per dialect and reuses it: building SQLAlchemy
constructs is a large share of a short request's time, and a reused construct also keeps its compiled
form in the engine's statement cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

_INSERTS: dict[str, Callable[[Table], Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert_for(name: str) -> Callable[[Table], Any]:
    try:
        return _INSERTS[name]
    except KeyError:
        raise NotImplementedError(f"no upsert for dialect {name!r}") from None


def upsert_insert(conn: Connection, table: Table) -> Any:
    """An ``INSERT`` construct for ``table`` that supports ``on_conflict_do_*`` on this connection."""
    return _insert_for(conn.dialect.name)(table)


def per_dialect(build: Callable[[Callable[[Table], Any]], Any]) -> Callable[[Connection], Any]:
    """Decorate ``build(insert)`` — it makes a statement from the dialect's ``insert`` — into a function
    of a connection that returns the statement built once for that connection's dialect."""
    cached = cache(lambda name: build(_insert_for(name)))

    def statement(conn: Connection) -> Any:
        return cached(conn.dialect.name)

    return statement

"""The one dialect-specific statement gbdcc needs: ``INSERT … ON CONFLICT`` (SQLite ≥ 3.24, PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def upsert_insert(conn: Connection, table: Table) -> Any:
    """An ``INSERT`` construct for ``table`` that supports ``on_conflict_do_*`` on this connection."""
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for dialect {name!r}")

"""SQL repository of the verified CPL versions (R-PKI-2): one row per version in ``cpl_versions``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from gbdcc.adapters.db.memory.cpl import stored_cpl
from gbdcc.adapters.db.tables import cpl_versions as cv
from gbdcc.domain.cpl import CplRecord
from gbdcc.domain.errors import CplVersionStale

_FIELDS = tuple(f.name for f in fields(CplRecord))
_LATEST = select(cv).order_by(cv.c.version.desc()).limit(1)
_ALL = select(cv).order_by(cv.c.version.desc())


def _record(row: Any) -> CplRecord:
    return CplRecord(**{name: getattr(row, name) for name in _FIELDS})


class SqlCplRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, record: CplRecord) -> None:
        values = asdict(stored_cpl(record))
        try:
            with self._conn.begin_nested():
                self._conn.execute(insert(cv), values)
        except IntegrityError:
            raise CplVersionStale(f"CPL version {record.version} is already held") from None

    def in_force(self) -> CplRecord | None:
        row = self._conn.execute(_LATEST).first()
        return None if row is None else _record(row)

    def versions(self) -> Sequence[CplRecord]:
        return [_record(r) for r in self._conn.execute(_ALL)]

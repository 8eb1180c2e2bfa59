"""SQL repository of the ECoS migration campaign (R-COS-2, ``domain.cos``): one row per device in
``cos_migrations``; the CoS cells themselves are the SMI's ``devices.cos_cell`` (NULL = TCoS).

``candidates`` is one anti-join in device-ID order with a limit, so queueing ``--all`` of a national estate
goes in batches of index range scans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.memory.cos import CANDIDATE_STATUSES, stored_migration
from gbdcc.adapters.db.tables import cos_migrations as cm
from gbdcc.adapters.db.tables import devices
from gbdcc.domain.cos import COS_DEVICE_TYPES, CosCell, CosMigration, MigrationState
from gbdcc.domain.ids import Eui64

_FIELDS = ("device_id", "attempts", "counter", "queued_at", "updated_at", "sent_at", "done_at", "last_error")
_GET = select(cm).where(cm.c.device_id == bindparam("device_id"))
_UPDATE = update(cm).where(cm.c.device_id == bindparam("k_device_id"), cm.c.state == bindparam("k_state"))
_CANDIDATES = (
    select(devices.c.device_id)
    .select_from(devices.outerjoin(cm, cm.c.device_id == devices.c.device_id))
    .where(devices.c.device_type.in_(sorted(COS_DEVICE_TYPES)), devices.c.cos_cell.is_(None),
           devices.c.chf_id.is_not(None), devices.c.status.in_(sorted(s.value for s in CANDIDATE_STATUSES)),
           or_(cm.c.device_id.is_(None), cm.c.state == MigrationState.FAILED.value))
    .order_by(devices.c.device_id).limit(bindparam("limit"))
)
_COUNTS = select(cm.c.state, func.count()).group_by(cm.c.state)
_CELLS = (select(devices.c.cos_cell, func.count()).where(devices.c.device_type.in_(sorted(COS_DEVICE_TYPES)))
          .group_by(devices.c.cos_cell))


@per_dialect
def _upsert(insert: Any) -> Any:
    stmt = insert(cm)
    return stmt.on_conflict_do_update(index_elements=[cm.c.device_id],
                                      set_={c.name: stmt.excluded[c.name] for c in cm.c if c.name != "device_id"})


def _values(m: CosMigration) -> dict[str, Any]:
    return {**{name: getattr(m, name) for name in _FIELDS}, "target": m.target.value, "state": m.state.value}


def _migration(row: Any) -> CosMigration:
    return CosMigration(target=CosCell(row.target), state=MigrationState(row.state),
                        **{name: getattr(row, name) for name in _FIELDS})


class SqlCosMigrationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, device_id: Eui64) -> CosMigration | None:
        row = self._conn.execute(_GET, {"device_id": device_id}).first()
        return None if row is None else _migration(row)

    def put(self, migration: CosMigration) -> None:
        self._conn.execute(_upsert(self._conn), _values(stored_migration(migration)))

    def update(self, migration: CosMigration, expected: MigrationState) -> bool:
        values = _values(stored_migration(migration))
        device_id = values.pop("device_id")
        res = self._conn.execute(_UPDATE, {**values, "k_device_id": device_id, "k_state": expected.value})
        return res.rowcount == 1

    def candidates(self, limit: int) -> Sequence[Eui64]:
        if limit <= 0:
            return []
        return [r.device_id for r in self._conn.execute(_CANDIDATES, {"limit": limit})]

    def counts(self) -> Mapping[MigrationState, int]:
        return {MigrationState(state): int(n) for state, n in self._conn.execute(_COUNTS)}

    def entries(self, state: MigrationState | None, limit: int) -> Sequence[CosMigration]:
        if limit <= 0:
            return []
        stmt = select(cm).order_by(cm.c.updated_at.desc(), cm.c.device_id.desc()).limit(limit)
        if state is not None:
            stmt = stmt.where(and_(cm.c.state == state.value))
        return [_migration(r) for r in self._conn.execute(stmt)]

    def cells(self) -> Mapping[CosCell, int]:
        out: dict[CosCell, int] = {}
        for cell, n in self._conn.execute(_CELLS):
            key = CosCell(cell) if cell else CosCell.TCOS
            out[key] = out.get(key, 0) + int(n)
        return out

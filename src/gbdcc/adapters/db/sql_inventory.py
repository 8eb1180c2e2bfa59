"""SQL repository for the Smart Metering Inventory (DUIS 8.2 Read Inventory, 8.4 Update Inventory,
12.2 Device Pre-notification; DOMAIN.md §4).

Every read is one query for the devices plus one for all their status histories (``IN`` on the primary
key prefix), whatever the number of devices: no N+1; ``get`` and ``by_chf`` (the hot path's) are one query
joining the two. Lookups are exact matches on the stored strings;
callers normalise MPxN / postcode text before asking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import upsert_insert
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.tables import device_status_history as hist
from gbdcc.adapters.db.tables import devices
from gbdcc.domain.cos import CosCell
from gbdcc.domain.errors import DeviceAlreadyExists, DeviceUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange

#: Device fields stored as columns of the same name (everything but the history).
_COLUMNS = tuple(f.name for f in fields(Device) if f.name != "history")


def _row_values(device: Device) -> dict[str, Any]:
    values = {name: getattr(device, name) for name in _COLUMNS}
    values["device_type"] = device.device_type.value
    values["status"] = device.status.value
    values["status_at"] = utc(device.status_at, "status_at")
    values["cos_cell"] = None if device.cos_cell is CosCell.TCOS else device.cos_cell.value  # absent = TCoS
    return values


def _history_rows(device_id: Eui64, changes: Sequence[StatusChange], start: int) -> list[dict[str, Any]]:
    return [
        {"device_id": device_id, "seq": start + i, "status": c.status.value, "at": utc(c.at, "history at"),
         "cause": c.cause}
        for i, c in enumerate(changes)
    ]


_ID = bindparam("device_id", type_=devices.c.device_id.type)
_CHF = bindparam("chf_id", type_=devices.c.chf_id.type)
#: A device row with its status history in ONE statement (a LEFT JOIN: one row per history entry, or one row
#: with NULL history for a device without any), built once (issue 11: ``get`` is the hottest read, twice per
#: device request, and ``by_chf`` is in the facts of every one).
_WITH_HISTORY = (select(devices, hist.c.seq.label("h_seq"), hist.c.status.label("h_status"),
                        hist.c.at.label("h_at"), hist.c.cause.label("h_cause"))
                 .select_from(devices.outerjoin(hist, hist.c.device_id == devices.c.device_id)))
_GET = _WITH_HISTORY.where(devices.c.device_id == _ID).order_by(hist.c.seq)
_BY_CHF = _WITH_HISTORY.where(devices.c.chf_id == _CHF).order_by(devices.c.device_id, hist.c.seq)


def _grouped(rows: Sequence[Any]) -> list[Device]:
    """Devices from rows of :data:`_WITH_HISTORY`, ordered by device then history ``seq``."""
    out: list[Device] = []
    current: Any = None
    history: list[StatusChange] = []
    for r in rows:
        if current is None or r.device_id != current.device_id:
            if current is not None:
                out.append(_device(current, tuple(history)))
            current, history = r, []
        if r.h_seq is not None:
            history.append(StatusChange(SmiStatus(r.h_status), r.h_at, r.h_cause))
    if current is not None:
        out.append(_device(current, tuple(history)))
    return out


class SqlInventoryRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, device_id: Eui64) -> Device | None:
        found = _grouped(self._conn.execute(_GET, {"device_id": device_id}).all())
        return found[0] if found else None

    def add(self, device: Device) -> None:
        """Insert a new device; :class:`DeviceAlreadyExists` if its ID is in the SMI already."""
        history = _history_rows(device.device_id, device.history, 0)  # validates before writing
        ins = upsert_insert(self._conn, devices).values(**_row_values(device))
        stmt = ins.on_conflict_do_nothing(index_elements=["device_id"]).returning(devices.c.device_id)
        if self._conn.execute(stmt).first() is None:
            raise DeviceAlreadyExists(f"device {device.device_id} is already in the SMI")
        if history:
            self._conn.execute(insert(hist), history)

    def update(self, device: Device) -> None:
        """Replace the stored device; :class:`DeviceUnknown` if it is not in the SMI.

        Only the changed tail of the status history is rewritten (usually one appended entry).
        """
        history = _history_rows(device.device_id, device.history, 0)  # validates before writing
        values = _row_values(device)
        del values["device_id"]
        res = self._conn.execute(update(devices).where(devices.c.device_id == device.device_id).values(values))
        if res.rowcount != 1:
            raise DeviceUnknown(f"device {device.device_id} is not in the SMI")
        stored = self._conn.execute(
            select(hist.c.status, hist.c.at, hist.c.cause)
            .where(hist.c.device_id == device.device_id)
            .order_by(hist.c.seq)
        ).all()
        same = 0
        for old, new in zip(stored, history, strict=False):
            if (old.status, old.at, old.cause) != (new["status"], new["at"], new["cause"]):
                break
            same += 1
        if same < len(stored):
            self._conn.execute(delete(hist).where(hist.c.device_id == device.device_id, hist.c.seq >= same))
        if same < len(history):
            self._conn.execute(insert(hist), history[same:])

    def delete(self, device_id: Eui64) -> None:
        """Remove the device and its history (no-op if absent)."""
        self._conn.execute(delete(hist).where(hist.c.device_id == device_id))
        self._conn.execute(delete(devices).where(devices.c.device_id == device_id))

    def by_mpxn(self, mpxn: str, limit: int) -> Sequence[Device]:
        """Devices whose import MPxN is ``mpxn``, by device ID, at most ``limit``."""
        return self._select(devices.c.import_mpxn == mpxn, limit)

    def by_uprn(self, uprn: str, limit: int) -> Sequence[Device]:
        return self._select(devices.c.uprn == uprn, limit)

    def by_postcode(self, postcode: str, address_identifier: str | None, limit: int) -> Sequence[Device]:
        cond = devices.c.postcode == postcode
        if address_identifier is not None:
            cond = cond & (devices.c.address_identifier == address_identifier)
        return self._select(cond, limit)

    def by_chf(self, chf_id: Eui64) -> Sequence[Device]:
        """Every device whose Communications Hub Function is ``chf_id`` (the CHF itself excluded)."""
        return _grouped(self._conn.execute(_BY_CHF, {"chf_id": chf_id}).all())

    def _select(self, where: ColumnElement[bool], limit: int | None) -> list[Device]:
        stmt = select(devices).where(where).order_by(devices.c.device_id)
        if limit is not None:
            stmt = stmt.limit(max(limit, 0))
        rows = self._conn.execute(stmt).all()
        if not rows:
            return []
        histories: dict[Eui64, list[StatusChange]] = defaultdict(list)
        for h in self._conn.execute(
            select(hist)
            .where(hist.c.device_id.in_([r.device_id for r in rows]))
            .order_by(hist.c.device_id, hist.c.seq)
        ):
            histories[h.device_id].append(StatusChange(SmiStatus(h.status), h.at, h.cause))
        return [_device(r, tuple(histories.get(r.device_id, ()))) for r in rows]


def _device(r: Any, history: tuple[StatusChange, ...]) -> Device:
    values = {name: getattr(r, name) for name in _COLUMNS}
    values["device_type"] = DeviceType(r.device_type)
    values["status"] = SmiStatus(r.status)
    values["cos_cell"] = CosCell(r.cos_cell) if r.cos_cell else CosCell.TCOS
    return Device(**values, history=history)

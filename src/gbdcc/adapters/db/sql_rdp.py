"""SQL repository for Registration Data Providers: the RDPs (R-USER-2), the metering points each is
responsible for, the file log (R-REG-1) and R-CHURN-1 flags. Bulk writes go through
:class:`~gbdcc.adapters.db.sql_registration.BulkRows` (COPY on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from gbdcc.adapters.db.coltypes import from_stored_uint64
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.sql_registration import BulkRows, chunked, select_in
from gbdcc.adapters.db.tables import devices, rdp_churn, rdp_files, rdp_metering_points, rdps
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.churn import ChurnFlag, RecordedChurn
from gbdcc.domain.rdp.model import Energisation, FileKind, Fuel, MeteringPoint, MpxnHeldByOtherRdp, Rdp, RdpConflict
from gbdcc.domain.rdp.outcome import RdpFileRecord
from gbdcc.service.ports import Progress

pts = rdp_metering_points
_POINT_COLUMNS = ("mpxn", "rdp_id", "domestic", "energisation")
_METER_TYPES = (DeviceType.ESME.value, DeviceType.GSME.value)
#: Meters at an RDP's metering points, by their ImportMPxN (served by (rdp_id, mpxn) and devices' import_mpxn).
_METERS = (select(pts.c.mpxn, devices.c.status).select_from(pts.join(devices, devices.c.import_mpxn == pts.c.mpxn))
           .where(pts.c.rdp_id == bindparam("rdp_id"), devices.c.device_type.in_(_METER_TYPES))
           .order_by(pts.c.mpxn))


def _rdp(row: Any) -> Rdp:
    cadences = RdpCadences(Cadence(row.files_monthly_from, row.files_daily_from),
                           Cadence(row.status_monthly_from, row.status_daily_from))
    return Rdp(row.rdp_id, row.name, Fuel(row.fuel), cadences, row.next_sequence, row.added_on, row.last_status_on)


_ENERGISATION: dict[str | None, Energisation | None] = {None: None, **{e.value: e for e in Energisation}}


def _file(row: Any) -> RdpFileRecord:
    return RdpFileRecord(row.rdp_id, row.sequence, FileKind(row.kind) if row.kind else None, row.received_at,
                         bool(row.accepted), bool(row.unsolicited), row.records, row.errors, row.sha256, row.source,
                         row.name, bytes(row.response), row.file_id)


def _churn(row: Any) -> RecordedChurn:
    flag = ChurnFlag(row.mpxn, row.line, row.new_supplier, row.previous_supplier, row.effective_from,
                     bool(row.domestic), tuple(Eui64.parse(d) for d in row.devices.split()), row.user_from)
    return RecordedChurn(row.rdp_id, row.file_id, flag)


class SqlRdpRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- RDPs -------------------------------------------------------------------------------------------
    def get(self, rdp_id: str) -> Rdp | None:
        row = self._conn.execute(select(rdps).where(rdps.c.rdp_id == rdp_id)).first()
        return None if row is None else _rdp(row)

    def by_name(self, name: str) -> Rdp | None:
        row = self._conn.execute(select(rdps).where(rdps.c.name == name)).first()
        return None if row is None else _rdp(row)

    def add(self, rdp: Rdp) -> None:
        c = rdp.cadences
        values = {"rdp_id": rdp.rdp_id, "name": rdp.name, "fuel": rdp.fuel.value, "next_sequence": rdp.next_sequence,
                  "added_on": rdp.added_on, "last_status_on": rdp.last_status_on,
                  "files_monthly_from": c.files.monthly_from, "files_daily_from": c.files.daily_from,
                  "status_monthly_from": c.status.monthly_from, "status_daily_from": c.status.daily_from}
        try:
            with self._conn.begin_nested():
                self._conn.execute(insert(rdps), values)
        except IntegrityError:
            raise RdpConflict(f"RDP ID {rdp.rdp_id} (or the name {rdp.name!r}) is already registered") from None

    def list(self) -> Sequence[Rdp]:
        return [_rdp(r) for r in self._conn.execute(select(rdps).order_by(rdps.c.rdp_id))]

    def advance_sequence(self, rdp_id: str, sequence: int) -> bool:
        result = self._conn.execute(update(rdps).where(rdps.c.rdp_id == rdp_id, rdps.c.next_sequence == sequence)
                                    .values(next_sequence=sequence + 1))
        return int(result.rowcount) == 1

    def status_sent(self, rdp_id: str, day: date) -> None:
        self._conn.execute(update(rdps).where(rdps.c.rdp_id == rdp_id).values(last_status_on=day))

    # -- metering points --------------------------------------------------------------------------------
    def holders(self, mpxns: Iterable[str]) -> dict[str, str]:
        sql = "SELECT mpxn, rdp_id FROM rdp_metering_points WHERE mpxn {in}"
        return {mpxn: rdp_id for mpxn, rdp_id in select_in(self._conn, sql, mpxns)}

    def points(self, rdp_id: str, mpxns: Iterable[str] | None = None) -> dict[str, MeteringPoint]:
        sql = "SELECT mpxn, rdp_id, domestic, energisation FROM rdp_metering_points WHERE rdp_id = {mark}"
        if mpxns is None:
            mark = "%s" if self._conn.dialect.name == "postgresql" else "?"
            rows: Iterable[Any] = self._conn.exec_driver_sql(sql.format(mark=mark), (rdp_id,))
        else:
            rows = select_in(self._conn, "SELECT mpxn, rdp_id, domestic, energisation FROM rdp_metering_points "
                                         "WHERE mpxn {in} AND rdp_id = {mark}", mpxns, rdp_id)
        return {m: MeteringPoint(m, r, bool(d), _ENERGISATION[e]) for m, r, d, e in rows}

    def add_points(self, points: Sequence[MeteringPoint], progress: Progress | None = None) -> None:
        rows = BulkRows(self._conn, pts, _POINT_COLUMNS, ("mpxn",))
        try:
            rows.write([(p.mpxn, p.rdp_id, p.domestic, p.energisation.value if p.energisation else None)
                        for p in points], progress=progress)
        except IntegrityError:
            raise MpxnHeldByOtherRdp(f"a metering point of the file was taken by another RDP while it loaded "
                                     f"({len(points)} new to RDP {points[0].rdp_id})") from None

    def update_points(self, points: Sequence[MeteringPoint]) -> None:
        if not points:
            return
        stmt = (update(pts).where(pts.c.mpxn == bindparam("k_mpxn"), pts.c.rdp_id == bindparam("k_rdp"))
                .values(domestic=bindparam("domestic"), energisation=bindparam("energisation")))
        for batch in chunked(points):
            self._conn.execute(stmt, [{"k_mpxn": p.mpxn, "k_rdp": p.rdp_id, "domestic": p.domestic,
                                       "energisation": p.energisation.value if p.energisation else None}
                                      for p in batch])

    def delete_points(self, rdp_id: str, mpxns: Sequence[str]) -> None:
        for batch in chunked(mpxns):
            self._conn.execute(delete(pts).where(pts.c.rdp_id == rdp_id, pts.c.mpxn.in_(batch)))

    def meters(self, rdp_id: str) -> Sequence[tuple[str, SmiStatus]]:
        return [(r.mpxn, SmiStatus(r.status)) for r in self._conn.execute(_METERS, {"rdp_id": rdp_id})]

    def meters_at(self, mpxns: Iterable[str]) -> Sequence[tuple[str, Eui64, SmiStatus]]:
        def device_id(stored: int) -> Eui64:
            return Eui64(from_stored_uint64(stored))

        sql = ("SELECT import_mpxn, device_id, status FROM devices WHERE import_mpxn {in} AND device_type IN "
               f"({', '.join('{mark}' for _ in _METER_TYPES)})")
        return [(m, device_id(d), SmiStatus(s)) for m, d, s in select_in(self._conn, sql, mpxns, *_METER_TYPES)]

    # -- the file log and churn -------------------------------------------------------------------------
    def add_file(self, record: RdpFileRecord) -> int:
        result = self._conn.execute(insert(rdp_files).values(
            rdp_id=record.rdp_id, sequence=record.sequence, kind=record.kind.value if record.kind else None,
            received_at=utc(record.received_at, "received_at"), accepted=record.accepted,
            unsolicited=record.unsolicited, records=record.records, errors=record.errors, sha256=record.sha256,
            source=record.source, name=record.name, response=record.response))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def file(self, file_id: int) -> RdpFileRecord | None:
        row = self._conn.execute(select(rdp_files).where(rdp_files.c.file_id == file_id)).first()
        return None if row is None else _file(row)

    def files(self, rdp_id: str | None, limit: int) -> Sequence[RdpFileRecord]:
        query = select(rdp_files).order_by(rdp_files.c.file_id.desc()).limit(max(limit, 0))
        if rdp_id is not None:
            query = query.where(rdp_files.c.rdp_id == rdp_id)
        return [_file(r) for r in self._conn.execute(query)]

    def refreshes_accepted(self, rdp_id: str, since: datetime, until: datetime) -> int:
        query = select(func.count()).select_from(rdp_files).where(
            rdp_files.c.rdp_id == rdp_id, rdp_files.c.accepted.is_(True),
            rdp_files.c.kind.in_((FileKind.FULL.value, FileKind.PARTIAL.value)),
            rdp_files.c.received_at >= utc(since, "since"), rdp_files.c.received_at < utc(until, "until"))
        return int(self._conn.execute(query).scalar_one())

    def add_churn(self, churn: Sequence[RecordedChurn]) -> None:
        if not churn:
            return
        self._conn.execute(insert(rdp_churn), [
            {"file_id": c.file_id, "rdp_id": c.rdp_id, "mpxn": c.flag.mpxn, "line": c.flag.line,
             "new_supplier": c.flag.new_supplier, "previous_supplier": c.flag.previous_supplier,
             "effective_from": utc(c.flag.effective_from, "effective_from"), "domestic": c.flag.domestic,
             "devices": " ".join(str(d) for d in c.flag.devices), "user_from": c.flag.user_from} for c in churn])

    def churn(self, since: datetime | None, limit: int) -> Sequence[RecordedChurn]:
        query = select(rdp_churn).order_by(rdp_churn.c.effective_from, rdp_churn.c.churn_id).limit(max(limit, 0))
        if since is not None:
            query = query.where(rdp_churn.c.effective_from >= utc(since, "since"))
        return [_churn(r) for r in self._conn.execute(query)]

"""In-memory RDPs, their metering points, file log and R-CHURN-1 flags (as ``sql_rdp``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.rdp.churn import RecordedChurn
from gbdcc.domain.rdp.model import FileKind, MeteringPoint, MpxnHeldByOtherRdp, Rdp, RdpConflict
from gbdcc.domain.rdp.outcome import RdpFileRecord
from gbdcc.service.ports import Progress

_METERS = frozenset({DeviceType.ESME, DeviceType.GSME})


class InMemoryRdpRepository(Repository):
    def get(self, rdp_id: str) -> Rdp | None:
        return self._s().rdps.get(rdp_id)

    def by_name(self, name: str) -> Rdp | None:
        return next((r for r in self._s().rdps.values() if r.name == name), None)

    def add(self, rdp: Rdp) -> None:
        rdps = self._s().rdps
        if rdp.rdp_id in rdps or self.by_name(rdp.name) is not None:
            raise RdpConflict(f"RDP ID {rdp.rdp_id} (or the name {rdp.name!r}) is already registered")
        rdps[rdp.rdp_id] = rdp

    def list(self) -> Sequence[Rdp]:
        return [r for _, r in sorted(self._s().rdps.items())]

    def advance_sequence(self, rdp_id: str, sequence: int) -> bool:
        rdps = self._s().rdps
        rdp = rdps.get(rdp_id)
        if rdp is None or rdp.next_sequence != sequence:
            return False
        rdps[rdp_id] = replace(rdp, next_sequence=sequence + 1)
        return True

    def status_sent(self, rdp_id: str, day: date) -> None:
        rdps = self._s().rdps
        if rdp_id in rdps:
            rdps[rdp_id] = replace(rdps[rdp_id], last_status_on=day)

    def holders(self, mpxns: Iterable[str]) -> dict[str, str]:
        points = self._s().rdp_points
        return {m: points[m].rdp_id for m in set(mpxns) if m in points}

    def points(self, rdp_id: str, mpxns: Iterable[str] | None = None) -> dict[str, MeteringPoint]:
        points = self._s().rdp_points
        chosen = points.keys() if mpxns is None else set(mpxns)
        return {m: points[m] for m in chosen if m in points and points[m].rdp_id == rdp_id}

    def add_points(self, points: Sequence[MeteringPoint], progress: Progress | None = None) -> None:
        stored = self._s().rdp_points
        for p in points:
            if p.mpxn in stored:
                raise MpxnHeldByOtherRdp(f"{p.mpxn} is already RDP {stored[p.mpxn].rdp_id}'s")
            stored[p.mpxn] = p
        if progress is not None:
            progress(len(points))

    def update_points(self, points: Sequence[MeteringPoint]) -> None:
        stored = self._s().rdp_points
        for p in points:
            if p.mpxn in stored and stored[p.mpxn].rdp_id == p.rdp_id:
                stored[p.mpxn] = p

    def delete_points(self, rdp_id: str, mpxns: Sequence[str]) -> None:
        stored = self._s().rdp_points
        for m in mpxns:
            if m in stored and stored[m].rdp_id == rdp_id:
                del stored[m]

    def meters(self, rdp_id: str) -> Sequence[tuple[str, SmiStatus]]:
        state = self._s()
        mine = {m for m, p in state.rdp_points.items() if p.rdp_id == rdp_id}
        return sorted((d.import_mpxn, d.status) for d in state.devices.values()
                      if d.device_type in _METERS and d.import_mpxn in mine and d.import_mpxn is not None)

    def meters_at(self, mpxns: Iterable[str]) -> Sequence[tuple[str, Eui64, SmiStatus]]:
        wanted = set(mpxns)
        return sorted((d.import_mpxn, d.device_id, d.status) for d in self._s().devices.values()
                      if d.device_type in _METERS and d.import_mpxn in wanted and d.import_mpxn is not None)

    def add_file(self, record: RdpFileRecord) -> int:
        state = self._s()
        file_id = state.next_rdp_file_id
        state.rdp_files[file_id] = replace(record, received_at=utc(record.received_at, "received_at"), file_id=file_id)
        state.next_rdp_file_id = file_id + 1
        return file_id

    def file(self, file_id: int) -> RdpFileRecord | None:
        return self._s().rdp_files.get(file_id)

    def files(self, rdp_id: str | None, limit: int) -> Sequence[RdpFileRecord]:
        found = [f for _, f in sorted(self._s().rdp_files.items(), reverse=True)
                 if rdp_id is None or f.rdp_id == rdp_id]
        return found[: max(limit, 0)]

    def refreshes_accepted(self, rdp_id: str, since: datetime, until: datetime) -> int:
        since, until = utc(since, "since"), utc(until, "until")
        return sum(1 for f in self._s().rdp_files.values()
                   if f.rdp_id == rdp_id and f.accepted and f.kind in (FileKind.FULL, FileKind.PARTIAL)
                   and since <= f.received_at < until)

    def add_churn(self, churn: Sequence[RecordedChurn]) -> None:
        state = self._s()
        for c in churn:
            flag = replace(c.flag, effective_from=utc(c.flag.effective_from, "effective_from"))
            state.rdp_churn[state.next_churn_id] = replace(c, flag=flag)
            state.next_churn_id += 1

    def churn(self, since: datetime | None, limit: int) -> Sequence[RecordedChurn]:
        after = None if since is None else utc(since, "since")
        found = sorted(((c.flag.effective_from, k, c) for k, c in self._s().rdp_churn.items()
                        if after is None or c.flag.effective_from >= after), key=lambda t: (t[0], t[1]))
        return [c for _, _, c in found][: max(limit, 0)]

"""In-memory ECoS migration campaign (R-COS-2, ``domain.cos``).

:func:`stored_migration` and :data:`CANDIDATE_STATUSES` are shared with the SQL repository, so both store,
refuse and select the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.memory.state import Repository, compare_and_set
from gbdcc.domain.cos import COS_DEVICE_TYPES, CosCell, CosMigration, MigrationState
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import SmiStatus

#: The SMI statuses of meters the campaign takes with ``--all``: on the HAN of a hub, in service.
CANDIDATE_STATUSES = frozenset({SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED})


def stored_migration(m: CosMigration) -> CosMigration:
    """``m`` with its instants in UTC and its counter in range (``NaiveDatetime`` / ``InvalidIdentifier``)."""
    if m.counter is not None:
        check_counter(m.counter)
    return replace(m, queued_at=utc(m.queued_at, "queued_at"), updated_at=utc(m.updated_at, "updated_at"),
                   sent_at=utc_or_none(m.sent_at, "sent_at"), done_at=utc_or_none(m.done_at, "done_at"))


class InMemoryCosMigrationRepository(Repository):
    def get(self, device_id: Eui64) -> CosMigration | None:
        return self._s().cos_migrations.get(device_id)

    def put(self, migration: CosMigration) -> None:
        stored = stored_migration(migration)
        self._s().cos_migrations[stored.device_id] = stored

    def update(self, migration: CosMigration, expected: MigrationState) -> bool:
        stored = stored_migration(migration)
        return compare_and_set(self._s().cos_migrations, stored.device_id, stored, expected)

    def candidates(self, limit: int) -> Sequence[Eui64]:
        state = self._s()
        out = []
        for device_id in sorted(state.devices):
            d = state.devices[device_id]
            entry = state.cos_migrations.get(device_id)
            if (d.device_type.value in COS_DEVICE_TYPES and d.cos_cell is CosCell.TCOS and d.chf_id is not None
                    and d.status in CANDIDATE_STATUSES and (entry is None or entry.state is MigrationState.FAILED)):
                out.append(device_id)
                if len(out) >= limit:
                    break
        return out if limit > 0 else []

    def counts(self) -> Mapping[MigrationState, int]:
        return dict(Counter(m.state for m in self._s().cos_migrations.values()))

    def entries(self, state: MigrationState | None, limit: int) -> Sequence[CosMigration]:
        found = [m for m in self._s().cos_migrations.values() if state is None or m.state is state]
        found.sort(key=lambda m: (m.updated_at, m.device_id.value), reverse=True)
        return found[: max(limit, 0)]

    def cells(self) -> Mapping[CosCell, int]:
        return dict(Counter(d.cos_cell for d in self._s().devices.values()
                            if d.device_type.value in COS_DEVICE_TYPES))

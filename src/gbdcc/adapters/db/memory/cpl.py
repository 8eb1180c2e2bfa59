"""In-memory CPL versions (R-PKI-2; ``service.cpl.ports.CplRepository``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.cpl import CplRecord
from gbdcc.domain.errors import CplVersionStale


def stored_cpl(record: CplRecord) -> CplRecord:
    """``record`` with its instants in UTC (``NaiveDatetime`` otherwise); shared with the SQL repository."""
    return replace(record, issued_at=utc(record.issued_at, "issued_at"), loaded_at=utc(record.loaded_at, "loaded_at"))


class InMemoryCplRepository(Repository):
    def add(self, record: CplRecord) -> None:
        stored = stored_cpl(record)
        versions = self._s().cpl_versions
        if stored.version in versions:
            raise CplVersionStale(f"CPL version {stored.version} is already held")
        versions[stored.version] = stored

    def in_force(self) -> CplRecord | None:
        versions = self._s().cpl_versions
        return versions[max(versions)] if versions else None

    def versions(self) -> Sequence[CplRecord]:
        versions = self._s().cpl_versions
        return [versions[v] for v in sorted(versions, reverse=True)]

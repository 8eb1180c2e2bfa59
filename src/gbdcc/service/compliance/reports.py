"""The compliance reports an instance offers, by name (``gbdcc report NAME``, ``/admin/v1/reports/NAME``).

A :class:`ReportBuilder` computes one report inside a read-only unit of work as of an instant; ``bootstrap``
wires the builders (with their settings) into a :class:`ReportRegistry`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Protocol

from gbdcc.domain.compliance.report import ComplianceReport
from gbdcc.domain.errors import ReportUnknown
from gbdcc.service.ports import Clock, UnitOfWork, UnitOfWorkFactory


class ReportBuilder(Protocol):
    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport: ...


class ReportRegistry(Mapping[str, ReportBuilder]):
    """The builders by name; :meth:`build` runs one in its own read-only unit of work."""

    def __init__(self, builders: Mapping[str, ReportBuilder], uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._builders = dict(builders)
        self._uow_factory = uow_factory
        self._clock = clock

    def __getitem__(self, name: str) -> ReportBuilder:
        return self._builders[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._builders))

    def __len__(self) -> int:
        return len(self._builders)

    def build(self, name: str, as_of: datetime | None = None) -> ComplianceReport:
        """Report ``name`` as of ``as_of`` (now by default); ``ReportUnknown`` names the reports offered."""
        builder = self._builders.get(name)
        if builder is None:
            offered = ", ".join(self) or "none"
            raise ReportUnknown(f"no report named {name!r}; reports offered: {offered}")
        with self._uow_factory(read_only=True) as uow:
            return builder(uow, as_of or self._clock.now())

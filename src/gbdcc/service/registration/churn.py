"""The R-CHURN-1 report: Registration Data that moved enrolled meters to suppliers not (yet) DCC Users,
with the contracts where the customer must be told (non-domestic premises, half-hourly-data exemption)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gbdcc.domain.rdp.churn import RecordedChurn
from gbdcc.service.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class ChurnReport:
    flags: Sequence[RecordedChurn]

    @property
    def customers_to_tell(self) -> Sequence[RecordedChurn]:
        """Non-domestic premises: the supplier must tell the customer before contracting (R-CHURN-1)."""
        return [c for c in self.flags if c.flag.customer_must_be_told]


def churn_report(uow_factory: UnitOfWorkFactory, since: datetime | None = None, limit: int = 10_000) -> ChurnReport:
    with uow_factory(read_only=True) as uow:
        return ChurnReport(uow.rdps.churn(since, limit))

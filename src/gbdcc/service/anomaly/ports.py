"""The storage anomaly detection reads (``UnitOfWork.anomaly``): counts per User and class, the quarantine."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.requests import ServiceRequest


class AnomalyRepository(Protocol):
    def count_sent(self, user_id: Eui64, srvs: Collection[str], since: datetime,
                   exclude: RequestId | None = None) -> int:
        """How many Device Service Requests of ``srvs`` the User sent (stored, whatever their state) with
        ``received_at`` at or after ``since``, ``exclude`` (the request being decided) left out. One index
        range scan per SRV on ``(user_id, srv, received_at)``."""
        ...
    def quarantined(self, user_id: Eui64 | None, limit: int) -> Sequence[ServiceRequest]:
        """Requests in quarantine (of one User, or of all), oldest first, at most ``limit``."""
        ...

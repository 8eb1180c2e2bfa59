"""Ports of the DCC schedules: writing the Service Request the DCC makes on a User's behalf at each run."""

from __future__ import annotations

from typing import Protocol

from gbdcc.domain.ids import RequestId
from gbdcc.service.messages import Body


class DccRequestWriter(Protocol):
    """Writes a DUIS Service Request (Command Variant 1) the DCC itself originates for a User — a DCC-scheduled
    run (``adapters/duis/scheduled.py``) — signed with the DCC's own XML-signing key, so it is stored, parsed,
    transformed and audited as any request is (DUIS 3.8.5)."""

    def write(self, request_id: RequestId, service_reference: str, srv: str, element: str, body: Body) -> bytes:
        """The signed ``sr:Request`` with ``body`` (children of ``element``, in order) for ``request_id``."""
        ...

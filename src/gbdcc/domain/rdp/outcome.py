"""The outcome of a Registration Data file: what the response file says, and what the DCC logs of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gbdcc.domain.rdp.model import FileKind, LineError


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """Accepted (applied whole) or refused (nothing changed, ``errors`` name the bad lines: the first of
    ``error_count``). Counts are metering points: listed, new to the RDP, whose periods changed, dropped
    by a FULL refresh. ``unsolicited``: an unsolicited refresh (R-REG-1); ``churn``: records flagged under
    R-CHURN-1."""

    rdp_id: str | None
    sequence: int | None
    kind: FileKind | None
    accepted: bool
    processed_at: datetime
    records: int
    errors: tuple[LineError, ...] = ()
    error_count: int = 0
    mpxns: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unsolicited: bool = False
    churn: int = 0
    file_id: int | None = None


@dataclass(frozen=True, slots=True)
class RdpFileRecord:
    """The DCC's log entry of one file received (accepted or not) and the response file it answered."""

    rdp_id: str | None
    sequence: int | None
    kind: FileKind | None
    received_at: datetime
    accepted: bool
    unsolicited: bool
    records: int
    errors: int
    sha256: str
    source: str
    name: str | None
    response: bytes
    file_id: int | None = None

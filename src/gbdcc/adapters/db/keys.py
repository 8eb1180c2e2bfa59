"""Value checks and lookup keys shared by the SQL and in-memory adapters (no SQLAlchemy here)."""

from __future__ import annotations

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import UINT64_MAX


def check_counter(counter: int) -> None:
    """A DUIS RequestID counter is a uint64 (DUIS 3.2.3); anything else is refused before storing."""
    if not 0 <= counter <= UINT64_MAX:
        raise InvalidIdentifier(f"RequestID counter out of uint64 range: {counter}", rule="DUIS-3.2.3")


def serial_key(serial: int) -> str:
    """Serials are up to 20 octets (RFC 5280 §4.1.2.2): too big for BIGINT, so stored as hex text."""
    return f"{serial:x}"

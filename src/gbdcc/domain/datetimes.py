"""DUIS date-times (``xs:dateTime`` / ``xs:date`` as DUIS sends them, e.g. ``2014-12-31T00:00:00.00Z``)."""

from __future__ import annotations

from datetime import UTC, datetime

from gbdcc.domain.errors import InvalidIdentifier


def parse_xs_datetime(text: str) -> datetime:
    """``xs:dateTime`` / ``xs:date`` → aware UTC datetime (no zone: UTC, as DUIS times are).
    ``InvalidIdentifier`` when it is not one."""
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    if "T" not in t:
        t = t[:10] + "T00:00:00" + t[10:]
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        raise InvalidIdentifier(f"{text[:40]!r} is not an xs:dateTime", rule="DUIS-XSD") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)

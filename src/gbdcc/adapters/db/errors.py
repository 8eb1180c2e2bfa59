"""Storage failures (codes GBDCC-9xx).

GBDCC-900  StorageError      base of storage-adapter refusals
GBDCC-901  NaiveDatetime     a datetime without a time zone was given to the storage adapter
"""

from __future__ import annotations

from datetime import UTC, datetime

from gbdcc.domain.errors import GbdccError


class StorageError(GbdccError):
    code = "GBDCC-900"
    response_code = "E1"
    default_rule = "GBDCC-STORAGE"


class NaiveDatetime(StorageError, ValueError):
    """gbdcc stores instants as timezone-aware UTC; a naive datetime is ambiguous and refused."""

    code = "GBDCC-901"


def utc(value: datetime, what: str = "datetime") -> datetime:
    """``value`` converted to UTC; :class:`NaiveDatetime` if it has no time zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime(f"{what} {value.isoformat()} has no time zone; give it in UTC")
    return value.astimezone(UTC)


def utc_or_none(value: datetime | None, what: str = "datetime") -> datetime | None:
    return None if value is None else utc(value, what)

"""Storage failures (codes GBDCC-9xx).

GBDCC-900  StorageError      base of storage-adapter refusals
GBDCC-901  NaiveDatetime     a datetime without a time zone was given to the storage adapter
GBDCC-902  NotStored         a record to update (outbound message, outbox entry) is not stored
GBDCC-903  CounterExhausted  a DCC originator counter reached 2^64 - 1 for its recipient (GBCS 4.3.1)
GBDCC-904  DatabaseMismatch  the data dir is served from another database than the one configured
GBDCC-905  DataDirInUse      another `gbdcc up` already serves the data dir
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


class NotStored(StorageError, LookupError):
    """An update named a record that is not stored (never added, or already removed)."""

    code = "GBDCC-902"


class CounterExhausted(StorageError):
    """No GBCS originator counter above the last one is left for the pair (GBCS 4.3.1: uint64)."""

    code = "GBDCC-903"
    default_rule = "GBCS-4.3.1"


class DatabaseMismatch(StorageError):
    """The data dir records the database its ``gbdcc up`` serves; a command configured for another one
    would read and write a different system of record than the server."""

    code = "GBDCC-904"
    default_rule = "GBDCC-DATADIR"


class DataDirInUse(StorageError):
    """A second ``gbdcc up`` on a data dir already served (the lock file is held)."""

    code = "GBDCC-905"
    default_rule = "GBDCC-DATADIR"


def utc(value: datetime, what: str = "datetime") -> datetime:
    """``value`` converted to UTC; :class:`NaiveDatetime` if it has no time zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime(f"{what} {value.isoformat()} has no time zone; give it in UTC")
    return value.astimezone(UTC)


def utc_or_none(value: datetime | None, what: str = "datetime") -> datetime | None:
    return None if value is None else utc(value, what)

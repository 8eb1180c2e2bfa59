"""Column types that keep gbdcc's values exact on SQLite and PostgreSQL.

* :class:`Uint64` — EUI-64s and DUIS RequestID counters are unsigned 64-bit (DUIS 3.2.3, ``sr:EUI``);
  neither SQLite INTEGER nor PostgreSQL BIGINT holds values ≥ 2^63. They are stored as a signed BIGINT
  with the sign bit flipped (``stored = value - 2^63``). That is an order-preserving bijection
  ``[0, 2^64) → [-2^63, 2^63)``, so ``<`` in SQL (counter replay checks) and ``ORDER BY`` (keyset
  paging over devices) mean the same as on the unsigned values, and every value fits 8 bytes.
  To read a raw column by hand: ``value = stored + 2^63``.
* :class:`UtcDateTime` — timezone-aware UTC in and out. PostgreSQL stores ``timestamptz``; SQLite has
  no time zones, so values are converted to UTC and stored without offset (ISO text sorts correctly).
  Naive datetimes are refused: a time without a zone is a bug waiting to happen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from gbdcc.adapters.db.errors import utc
from gbdcc.domain.ids import UINT64_MAX, Eui64

_BIAS = 2**63


def to_stored_uint64(value: int) -> int:
    """Unsigned 64-bit value → the signed BIGINT stored in the database."""
    if not 0 <= value <= UINT64_MAX:
        raise ValueError(f"not an unsigned 64-bit value: {value}")
    return value - _BIAS


def from_stored_uint64(stored: int) -> int:
    """The signed BIGINT stored in the database → the unsigned 64-bit value."""
    return stored + _BIAS


class Uint64(TypeDecorator[int]):
    """An unsigned 64-bit integer stored order-preserving in a signed BIGINT (see module docstring)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> int | None:
        return None if value is None else to_stored_uint64(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> int | None:
        return None if value is None else from_stored_uint64(value)


class Eui64Type(TypeDecorator[Eui64]):
    """An :class:`~gbdcc.domain.ids.Eui64` stored like :class:`Uint64`."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Eui64 | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return to_stored_uint64(value.value if isinstance(value, Eui64) else value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Eui64 | None:
        return None if value is None else Eui64(from_stored_uint64(value))


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, always returned in UTC; naive values are rejected."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        as_utc = utc(value)
        return as_utc.replace(tzinfo=None) if dialect.name == "sqlite" else as_utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        dt: datetime = value
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)

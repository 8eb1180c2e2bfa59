"""A process-wide cache of User and certificate records, invalidated across processes (issue 11, part 2).

Every request reads its User (two queries) and its signer's certificate record; both change rarely. The
cache keeps them per engine, tagged with the *generation* of their kind read from ``cache_generations``:

* every write of a kind (``users.put``; ``certificates.put`` / ``revoke``) bumps that kind's row **in the
  same transaction** as the write, so the new generation is visible exactly when the write is;
* a unit of work reads the generations once (one small ``SELECT`` of two rows), before any cached record,
  and is served only entries stored under the generation it read; anything else is loaded from the table
  and stored under that generation. Reading the generation *before* the record means a record stored under
  generation g was read no earlier than g was current: an entry is never older than its tag.

So a certificate revoked by ``gbdcc smki revoke`` in another process stops working for the next unit of work
opened after that commit (R-PKI-1), and a User replaced in one unit of work is seen by the next one. A unit
that has written a kind reads it from the tables for the rest of its life (its own uncommitted writes), and
never stores what it read. Missing generation rows (a schema made by ``create_all`` before any write) mean
"do not cache"; a row is created at a random 62-bit generation, so a row deleted and created again (a test
clearing its tables, a restored backup) never repeats a generation a running process may still hold.

Adapter code that is called inside a unit of work without being handed it — the device-key directory the GBCS
transformer asks for a device's key-agreement key (``adapters/smki/device_keys.py``) — finds the innermost
open unit of work of its thread with :func:`current_view`, and reads through it under the same rule (the
certificate it uses is the one current when that unit began: a revoked or replaced Device Certificate stops
being used by the next unit of work, R-PKI-1).
"""

from __future__ import annotations

import secrets
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, bindparam, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.tables import cache_generations as cg

T = TypeVar("T")

USERS = "users"
CERTIFICATES = "certificates"

_READ = select(cg.c.name, cg.c.generation)


@per_dialect
def _bump(insert: Any) -> Any:
    ins = insert(cg).values(name=bindparam("name"), generation=bindparam("start"))
    return ins.on_conflict_do_update(index_elements=[cg.c.name], set_={"generation": cg.c.generation + 1})


def bump(conn: Connection, kind: str) -> None:
    """Advance ``kind``'s generation in the connection's transaction (creating the row if absent)."""
    conn.execute(_bump(conn), {"name": kind, "start": secrets.randbits(62)})


class RecordCache:
    """Entries ``(kind, key) → (generation, value)``, shared by the threads of one process; at most
    ``max_entries`` (all dropped when full: the working set is the active Users and their certificates)."""

    def __init__(self, max_entries: int = 200_000) -> None:
        self._entries: dict[tuple[str, Hashable], tuple[int, Any]] = {}
        self._max = max_entries

    def get(self, kind: str, key: Hashable, generation: int) -> tuple[bool, Any]:
        entry = self._entries.get((kind, key))
        if entry is None or entry[0] != generation:
            return False, None
        return True, entry[1]

    def put(self, kind: str, key: Hashable, generation: int, value: Any) -> None:
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[(kind, key)] = (generation, value)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class CacheView:
    """One unit of work's view of the cache: the generations it read, the kinds it wrote."""

    def __init__(self, conn: Connection, cache: RecordCache | None) -> None:
        self._conn = conn
        self._cache = cache
        self._generations: dict[str, int] | None = None
        self._written: set[str] = set()

    @property
    def connection(self) -> Connection:
        """The unit of work's connection (reads through it see its own uncommitted writes)."""
        return self._conn

    def lookup(self, kind: str, key: Hashable, load: Callable[[], T]) -> T:
        """The cached value of ``(kind, key)`` if it is current, else ``load()`` (stored when safe)."""
        if self._cache is None or kind in self._written:
            return load()
        if self._generations is None:
            self._generations = {r.name: int(r.generation) for r in self._conn.execute(_READ)}
        generation = self._generations.get(kind)
        if generation is None:
            return load()
        hit, value = self._cache.get(kind, key, generation)
        if hit:
            return value  # type: ignore[no-any-return]
        value = load()
        self._cache.put(kind, key, generation, value)
        return value

    def wrote(self, kind: str) -> None:
        """Record a write of ``kind`` in this transaction: bump its generation, stop using the cache for it."""
        bump(self._conn, kind)
        self._written.add(kind)


class _Open(threading.local):
    def __init__(self) -> None:
        self.views: list[CacheView] = []


_OPEN = _Open()


def enter_view(view: CacheView) -> None:
    """The unit of work owning ``view`` was opened in this thread (``SqlUnitOfWork``)."""
    _OPEN.views.append(view)


def leave_view(view: CacheView) -> None:
    """The unit of work owning ``view`` ended (units may end out of order: remove that one)."""
    views = _OPEN.views
    for i in range(len(views) - 1, -1, -1):
        if views[i] is view:
            del views[i]
            return


def current_view() -> CacheView | None:
    """The view of the innermost unit of work open in this thread, if any."""
    views = _OPEN.views
    return views[-1] if views else None


_CACHES: weakref.WeakKeyDictionary[Engine, RecordCache] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def cache_for(engine: Engine) -> RecordCache:
    """The one cache of ``engine`` in this process."""
    with _GUARD:
        cache = _CACHES.get(engine)
        if cache is None:
            cache = _CACHES[engine] = RecordCache()
        return cache

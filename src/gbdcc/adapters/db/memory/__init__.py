"""In-memory storage with the same behaviour as the SQL adapter, for unit tests of handlers.

Transactional like the SQL unit of work: each unit works on a private copy of the committed state;
``commit`` publishes it, leaving the ``with`` block without committing discards it. Units are
serialised by one re-entrant lock held from ``__enter__`` to ``__exit__`` (as SQLite's
``BEGIN IMMEDIATE`` does), which makes counter advances, compare-and-set updates and outbox leases
atomic across threads. Nothing is persisted: a simulated store, not a database.
"""

from gbdcc.adapters.db.memory.state import InMemoryStore
from gbdcc.adapters.db.memory.uow import InMemoryUnitOfWork, InMemoryUnitOfWorkFactory

__all__ = ["InMemoryStore", "InMemoryUnitOfWork", "InMemoryUnitOfWorkFactory"]

"""Storage adapter: SQLAlchemy 2 Core tables, repositories and unit of work on SQLite or PostgreSQL,
Alembic migrations, and an in-memory twin for unit tests.

Typical wiring::

    from gbdcc.adapters.db.migrate import migrate  # the module, not re-exported here

    engine = create_engine_for(os.environ.get("GBDCC_DATABASE_URL"), data_dir=data_dir)
    migrate(engine)
    uow_factory = SqlUnitOfWorkFactory(engine)
    with uow_factory() as uow:
        ...
        uow.commit()
"""

from gbdcc.adapters.db.engine import create_engine_for, sqlite_url
from gbdcc.adapters.db.memory import InMemoryUnitOfWork, InMemoryUnitOfWorkFactory
from gbdcc.adapters.db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = [
    "InMemoryUnitOfWork",
    "InMemoryUnitOfWorkFactory",
    "SqlUnitOfWork",
    "SqlUnitOfWorkFactory",
    "create_engine_for",
    "sqlite_url",
]

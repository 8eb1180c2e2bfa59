"""Alembic environment for gbdcc. Run through :func:`gbdcc.adapters.db.migrate.migrate`, which passes
an open connection in ``config.attributes["connection"]``; a URL in ``sqlalchemy.url`` also works
(``alembic -x`` style use during development)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.engine import create_engine_for
from gbdcc.adapters.db.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTERs by table copy
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = create_engine_for(config.get_main_option("sqlalchemy.url"))
        try:
            with engine.connect() as conn:
                _run(conn)
                conn.commit()
        finally:
            engine.dispose()

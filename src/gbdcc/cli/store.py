"""What the database-only commands share: the data dir's store, and dates given on the command line.

Commands that only read or write the system of record (``rdp``, ``cos``, ``report``, ``consent``, ``hubs``,
``incidents`` …) open the data dir's database with :func:`open_store` rather than a whole instance, so they run
beside a ``gbdcc up`` serving the same data dir (which database: ``adapters.db.datadir``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import overload

import typer

from gbdcc.config import Settings
from gbdcc.service.ports import UnitOfWorkFactory


def open_store(data_dir: Path | None) -> tuple[UnitOfWorkFactory, Settings]:
    """The data dir's database, migrated (units of work), and the settings (test-PKI mode, limits)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.clock import SystemClock
    from gbdcc.adapters.db.engine import create_engine_for
    from gbdcc.adapters.db.migrate import migrate
    from gbdcc.adapters.db.uow import SqlUnitOfWorkFactory

    s = bootstrap.settings(data_dir)
    engine = create_engine_for(s.database_url, data_dir=s.data_dir)
    migrate(engine)
    return SqlUnitOfWorkFactory(engine, clock=SystemClock()), s


@overload
def option_date(text: str, what: str) -> date: ...
@overload
def option_date(text: None, what: str) -> None: ...
def option_date(text: str | None, what: str) -> date | None:
    """The date an option ``what`` gives (YYYY-MM-DD), None when not given; a one-line error otherwise."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what} is a date YYYY-MM-DD, not {text!r}") from None

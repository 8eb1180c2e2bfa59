"""``gbdcc dr``: disaster recovery (H10.13, R-DR-1; docs/operations.md).

``backup --out DIR`` copies a data dir and its database (SQLite online backup / ``pg_dump``); ``restore --from
DIR`` makes a new data dir from a backup (PostgreSQL: into the empty database ``--database-url``); ``drill`` runs
a drill on scratch instances under a stream of requests and ends with one line ``DRILL <json>``; ``connection``
records whether a User has a backup DCC Gateway Connection (the relief rule); ``drills`` lists past drills with
the relief answer per User.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gbdcc.cli.errors import Typer

if TYPE_CHECKING:
    from gbdcc.config import Settings
    from gbdcc.domain.operations.dr import RecoveryTargets

app = Typer(no_args_is_help=True)
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def targets(s: Settings) -> RecoveryTargets:
    """The recovery targets from the settings (``GBDCC_DR_*``; R-DR-1 defaults)."""
    from gbdcc.domain.operations.dr import RecoveryTargets

    restore = s.dr_primary_connection_restore_h
    return RecoveryTargets(timedelta(hours=s.dr_rto_h), s.dr_rpo_lost_requests,
                           None if restore is None else timedelta(hours=restore))


@app.command("backup")
def backup_cmd(out: Annotated[Path, typer.Option("--out", help="A new (or empty) directory for the backup")],
               data_dir: DataDir = None) -> None:
    """Back up the data dir and its database (SQLite online backup API, or pg_dump for PostgreSQL)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.dr.backup import backup

    s = bootstrap.settings(data_dir)
    info = backup(s.data_dir, out, database_url=s.database_url)
    typer.echo(f"backup of {s.data_dir} ({info.database}, {info.files} files) in {out}")


@app.command("restore")
def restore_cmd(source: Annotated[Path, typer.Option("--from", help="A directory made by `gbdcc dr backup`")],
                data_dir: Annotated[Path, typer.Option("--data-dir", help="The new (or empty) data dir to restore")],
                database_url: Annotated[str | None, typer.Option(
                    help="PostgreSQL backups: the URL of the empty database to restore into")] = None) -> None:
    """Restore a backup onto a fresh instance: a new data dir (and, for PostgreSQL, an empty database)."""
    from gbdcc.adapters.dr.backup import restore

    info = restore(source, data_dir, database_url=database_url)
    typer.echo(f"restored {info.database} backup of {info.taken_at.isoformat()} into {data_dir}; "
               f"start it with `gbdcc up --data-dir {data_dir}`")


@app.command("drill")
def drill(
    data_dir: DataDir = None,
    requests: Annotated[int, typer.Option(help="Acknowledged requests before the primary is killed")] = 50,
    database: Annotated[str | None, typer.Option(
        help="sqlite or postgresql [default: the data dir's own database's kind]")] = None,
    postgres_url: Annotated[str, typer.Option(
        envvar="GBDCC_DR_POSTGRES_URL", help="PostgreSQL drills: a database to create (and drop) the drill's "
                                             "databases from")] = DEFAULT_PG,
    keep: Annotated[bool, typer.Option(help="Keep the drill's scratch data dirs")] = False,
) -> None:
    """Drill: stream requests, kill the primary, restore onto a fresh instance; record recovery time, the
    acknowledged requests lost and the relief answer per User of this instance (R-DR-1)."""
    from gbdcc.adapters.dr.drill import run_drill
    from gbdcc.cli.store import open_store
    from gbdcc.service.operations.drills import record_drill

    uow_factory, s = open_store(data_dir)
    if database is None:  # drill the kind of database this instance runs on
        database = "postgresql" if (s.database_url or "").startswith(("postgresql", "postgres")) else "sqlite"
    goal = targets(s)
    work = s.data_dir / "dr-drills" / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    result = run_drill(work, database=database, requests=requests, postgres_admin_url=postgres_url, keep=keep,
                       log=lambda line: typer.echo(line, err=True))
    with uow_factory() as uow:
        stored, relief = record_drill(uow, result, goal)
        uow.commit()
    for a in relief:
        typer.echo(f"relief {a.user_id}: {a.verdict.value}")
    typer.echo("DRILL " + json.dumps({
        "drill_id": stored.drill_id, "database": result.database, "recovery_s": result.recovery_s,
        "sent": result.sent, "acknowledged": result.acknowledged, "lost": result.lost,
        "rto_s": goal.rto.total_seconds(), "rpo_lost": goal.rpo_lost, "within_targets": result.within(goal),
        "relief_users": [str(a.user_id) for a in relief if a.relief],
        "disaster": result.disaster, "method": result.method}))


@app.command("connection")
def connection(user: Annotated[str, typer.Argument(help="The User ID (EUI-64)")],
               backup: Annotated[bool, typer.Option("--backup/--no-backup",
                                                    help="Whether the User has a backup DCC Gateway Connection")],
               data_dir: DataDir = None) -> None:
    """Record whether a User has a backup DCC Gateway Connection (the R-DR-1 relief rule reads it)."""
    from gbdcc.cli.store import open_store
    from gbdcc.domain.errors import OperationsRefused
    from gbdcc.domain.ids import Eui64

    uow_factory, _ = open_store(data_dir)
    user_id = Eui64.parse(user)
    with uow_factory() as uow:
        if uow.users.get(user_id) is None:
            raise OperationsRefused(f"no User {user_id} registered", rule="R-DR-1")
        uow.operations.set_gateway_connection(user_id, backup, datetime.now(UTC))
        uow.commit()
    typer.echo(f"{user_id}: {'a backup' if backup else 'no backup'} DCC Gateway Connection")


@app.command("drills")
def drills(data_dir: DataDir = None) -> None:
    """The drills recorded, with the relief answer per User."""
    from gbdcc.cli.store import open_store

    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        for d in uow.operations.drills():
            typer.echo(f"drill {d.drill_id} {d.started_at.isoformat()} {d.database}: recovery {d.recovery_s:.1f} s, "
                       f"{d.acknowledged} acknowledged, {d.lost} lost ({d.method})")
            assert d.drill_id is not None
            for a in uow.operations.relief(d.drill_id):
                typer.echo(f"  {a.user_id}: {a.verdict.value}")

"""``gbdcc cos``: the ECoS migration campaign (R-COS-2).

``migrate`` queues meters whose Transitional CoS cell still holds the TCoS certificate for its replacement by
the ECoS Party's (``--null``: by the null certificate) — named ones (``--devices``, all or none) or every one
(``--all``), at most ``--limit``; ``gbdcc up`` then sends each a CS02b transCoSByTransCoS signed by the TCoS
Party and records the cell the device confirms. ``status`` shows the campaign. Both open only the database,
so they run beside a ``gbdcc up`` serving the same data dir; queueing again is idempotent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


@app.command("migrate")
def migrate(
    devices: Annotated[list[str] | None, typer.Option(
        "--devices", help="A meter's EUI-64 (repeat the option, or separate EUI-64s with commas)")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every meter on a hub whose cell is still TCoS")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Queue at most this many meters")] = None,
    null: Annotated[bool, typer.Option("--null", help="Replace the TCoS certificate by the null one, not ECoS's")]
    = False,
    data_dir: DataDir = None,
) -> None:
    """Queue meters for the ECoS migration: their TCoS certificate replaced by ECoS's (or null) (R-COS-2)."""
    from gbdcc.domain.cos import CosCell
    from gbdcc.domain.errors import CosMigrationRefused
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.cos.migration import queue_migrations

    named = [Eui64.parse(text) for value in devices or [] for text in value.split(",") if text.strip()]
    if not named and not every:
        raise CosMigrationRefused("name the meters to migrate with --devices, or take every one with --all")
    uow_factory, _settings = open_store(data_dir)
    target = CosCell.NULL if null else CosCell.ECOS
    report = queue_migrations(uow_factory, named, target, datetime.now(UTC), every=every, limit=limit)
    console.print(f"queued {len(report.queued):,} meter(s) for the {target} certificate; "
                  f"{len(report.unchanged):,} unchanged (the {target} certificate already, or queued)")
    if report.queued:
        console.print("gbdcc up sends each its CS02b transCoSByTransCoS; `gbdcc cos status` follows the campaign")


@app.command("status")
def status(
    state: Annotated[str | None, typer.Option(help="List only entries in this state: pending, sent, done, failed")]
    = None,
    limit: Annotated[int, typer.Option(min=0, help="Entries listed (latest first)")] = 20,
    data_dir: DataDir = None,
) -> None:
    """The ECoS migration campaign: meters per CoS cell, entries per state, the latest entries (R-COS-2)."""
    from gbdcc.domain.cos import CosCell, MigrationState
    from gbdcc.domain.errors import CosMigrationRefused

    try:
        wanted = None if state is None else MigrationState(state)
    except ValueError:
        raise CosMigrationRefused(f"no campaign state {state!r}: pending, sent, done or failed") from None
    uow_factory, _settings = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        cells, counts = uow.cos_migrations.cells(), uow.cos_migrations.counts()
        entries = uow.cos_migrations.entries(wanted, limit)
    smi = Table("Transitional CoS cell holds", "meters (ESME, GSME)", title="SMI")
    for cell in CosCell:
        smi.add_row(f"the {cell} certificate", f"{cells.get(cell, 0):,}")
    campaign = Table("state", "entries", title="ECoS migration campaign")
    for st in MigrationState:
        campaign.add_row(st.value, f"{counts.get(st, 0):,}")
    console.print(smi, campaign)
    if not entries:
        return
    table = Table("device", "target", "state", "attempts", "counter", "queued", "updated", "last error")
    for m in entries:
        table.add_row(str(m.device_id), str(m.target), m.state.value, str(m.attempts),
                      "" if m.counter is None else str(m.counter), m.queued_at.isoformat(timespec="seconds"),
                      m.updated_at.isoformat(timespec="seconds"), m.last_error or "")
    console.print(table)

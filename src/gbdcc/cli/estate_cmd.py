"""``gbdcc estate``: generate the simulated estate (premises, hubs, meters) into the inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("generate")
def generate(
    premises: Annotated[int, typer.Option(help="Number of premises")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same estate)")] = 1,
    start_index: Annotated[int, typer.Option(help="Index of the first premises (to extend an estate)")] = 0,
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """Create N premises with hubs, meters, IHDs, PPMIDs, MPxNs and postcodes (SIMULATED estate)."""
    from gbdcc import bootstrap
    from gbdcc.domain.errors import GbdccError

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with Progress(TextColumn("[bold]premises"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console) as bar:
        task = bar.add_task("premises", total=premises)
        try:
            report = bootstrap.generate_estate(instance, premises, seed, start_index=start_index,
                                               progress=lambda done: bar.update(task, completed=done))
        except GbdccError as err:
            console.print(f"[red]refused:[/red] {err}")
            raise typer.Exit(2) from err
    console.print(
        f"{report.premises:,} premises, {report.devices:,} devices in {report.seconds:.1f} s "
        f"({report.premises / report.seconds:,.0f} premises/s, peak RSS {report.peak_rss_mb:.0f} MB)")
    console.print(f"by type: {dict(report.by_type)}")
    console.print(f"by region: {dict(report.by_region)}; by fuel: {dict(report.by_fuel)}")

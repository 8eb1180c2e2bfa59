"""``gbdcc estate``: generate the simulated estate (premises, hubs, meters) into the inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

app = typer.Typer(no_args_is_help=True)
console = Console()


@app.command("generate")
def generate(
    premises: Annotated[int, typer.Option(help="Number of premises")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same estate)")] = 1,
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """Create N premises with hubs, meters, IHDs, PPMIDs, MPxNs and postcodes (simulated)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.wan.estate import run_estate_generation

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with Progress(TextColumn("[bold]premises"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console) as bar:
        task = bar.add_task("premises", total=premises)
        report = run_estate_generation(instance.uow_factory, premises, seed,
                                       progress=lambda done: bar.update(task, completed=done))
    console.print(report)

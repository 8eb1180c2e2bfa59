"""``gbdcc gbcs``: GBCS transform of DUIS requests (the DCC's transformation, for checking from outside)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("transform")
def transform(
    template: Annotated[Path, typer.Argument(help="DUIS request XML")],
    keys: Annotated[Path, typer.Option(help="Keys directory: <eui>-ds|ka.pem|key")],
    counter: Annotated[int | None, typer.Option(help="Originator counter (default: the RequestID counter)")]
    = None,
    device_type: Annotated[list[str] | None, typer.Option(
        "--device-type", help="EUI=TYPE for the target device (default: the RTDS test estate)")] = None,
) -> None:
    """Print the Pre-Command (critical SRV) or the MAC'd command (non-critical) as upper-case hex."""
    from gbdcc.adapters.gbcs.cli_transform import transform_command

    typer.echo(transform_command(template, keys, counter, device_type or []))

"""The CLI's console: the terminal's width on a terminal, wide enough not to cut identifiers otherwise."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

PIPE_WIDTH = 220


def make_console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)


#: The ``--data-dir`` option every command takes.
DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Data directory: the database (SQLite unless GBDCC_DATABASE_URL), DCC keys and "
                       "certificates [default: ./var, or GBDCC_DATA_DIR]", show_default=False)]
#: The ``--json`` option of listing commands.
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (one document) instead of a table")]


def print_json(document: Any) -> None:
    """One JSON document on stdout (machine-readable output of ``--json``)."""
    typer.echo(json.dumps(document, indent=2, default=str))

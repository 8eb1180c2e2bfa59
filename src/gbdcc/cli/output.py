"""The CLI's console: the terminal's width on a terminal, wide enough not to cut identifiers otherwise."""

from __future__ import annotations

import sys

from rich.console import Console

PIPE_WIDTH = 220


def make_console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)

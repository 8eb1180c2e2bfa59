"""One line, never a traceback, for a user's mistake: ``error: GBDCC-nnn [rule] reason`` and exit code 2.

Every ``gbdcc`` command is registered through :class:`Typer`, which wraps its callback so the project's
errors (and the usual file mistakes) end the command with that line. Anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from gbdcc.domain.errors import GbdccError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_REFUSED = 2
#: The code of a command-line value a command refuses (listed in ``gbdcc.domain.errors``).
CLI_VALUE_CODE = "GBDCC-170"


def friendly(fn: F) -> F:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GbdccError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(EXIT_REFUSED) from None
        except typer.BadParameter as err:  # a value the command refuses after parsing its options
            typer.echo(f"error: {CLI_VALUE_CODE} [CLI] {err.message}", err=True)
            raise typer.Exit(EXIT_REFUSED) from None
        except FileNotFoundError as err:
            typer.echo(f"error: no such file: {err.filename}", err=True)
            raise typer.Exit(EXIT_REFUSED) from None
        except (IsADirectoryError, PermissionError) as err:
            typer.echo(f"error: cannot read {err.filename}: {err.strerror}", err=True)
            raise typer.Exit(EXIT_REFUSED) from None

    return run  # type: ignore[return-value]


class Typer(typer.Typer):
    """``typer.Typer`` whose commands print project errors as one line (see module docstring)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(fn: F) -> F:
            register(friendly(fn))
            return fn

        return decorator

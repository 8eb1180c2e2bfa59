"""``gbdcc portal``: the Self-Service Interface's accounts (R-OPS-2; docs/portal.md).

``account add USER_ID`` makes the portal account of a registered User; ``account reset USER_ID`` sets a new
password (unlocks it, ends its sessions); ``account unlock USER_ID`` lifts a lockout; ``account list``. The
password is read from ``--password-file`` or prompted for (never taken on the command line, where it would be
in the shell history). Database only (``_store``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

app = Typer(no_args_is_help=True)
account_app = Typer(no_args_is_help=True)
app.add_typer(account_app, name="account", help="Portal accounts: add, reset, unlock, list.")
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
UserId = Annotated[str, typer.Argument(help="The User ID (EUI-64)")]
PasswordFile = Annotated[Path | None, typer.Option("--password-file",
                                                   help="Read the password from this file (first line)")]


def _password(path: Path | None) -> str:
    if path is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _accounts(data_dir: Path | None):  # type: ignore[no-untyped-def]
    from gbdcc import bootstrap

    uow_factory, s = open_store(data_dir)
    return bootstrap.build_portal_accounts(s, uow_factory), uow_factory


@account_app.command("add")
def add(user_id: UserId, password_file: PasswordFile = None, data_dir: DataDir = None) -> None:
    """Make the portal account of a registered User."""
    from gbdcc.domain.ids import Eui64

    accounts, _ = _accounts(data_dir)
    account = accounts.add(Eui64.parse(user_id), _password(password_file))
    console.print(f"portal account for {account.user_id} created")


@account_app.command("reset")
def reset(user_id: UserId, password_file: PasswordFile = None, data_dir: DataDir = None) -> None:
    """A new password: the account is unlocked and the User's sessions end."""
    from gbdcc.domain.ids import Eui64

    accounts, _ = _accounts(data_dir)
    accounts.reset(Eui64.parse(user_id), _password(password_file))
    console.print(f"portal password of {user_id} reset; its sessions ended")


@account_app.command("unlock")
def unlock(user_id: UserId, data_dir: DataDir = None) -> None:
    """Lift the lockout of an account after repeated failed sign-ins."""
    from gbdcc.domain.ids import Eui64

    accounts, _ = _accounts(data_dir)
    accounts.unlock(Eui64.parse(user_id))
    console.print(f"portal account of {user_id} unlocked")


@account_app.command("list")
def listing(data_dir: DataDir = None) -> None:
    """Every portal account with its failed-attempt count and lockout."""
    _, uow_factory = _accounts(data_dir)
    with uow_factory(read_only=True) as uow:
        rows = list(uow.portal.accounts())
    table = Table("User ID", "created (UTC)", "failed attempts", "locked until (UTC)")
    for a in rows:
        table.add_row(str(a.user_id), a.created_at.isoformat(timespec="seconds"), str(a.failed_attempts),
                      a.locked_until.isoformat(timespec="seconds") if a.locked_until else "")
    console.print(table)

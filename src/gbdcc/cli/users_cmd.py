"""``gbdcc users``: register DCC Users (User ID in a User Role, user-entry date, DUIS signing certificate)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import AsJson, DataDir, make_console, print_json
from gbdcc.cli.store import option_date

app = Typer(no_args_is_help=True)
console = make_console()


@app.command("add")
def add(
    eui: Annotated[str, typer.Option(help="User ID (EUI-64), e.g. 90-B3-D5-1F-30-01-00-00")],
    role: Annotated[str, typer.Option(help="User Role: IS, ES, GS, ED, GT, OU or RSA")],
    name: Annotated[str, typer.Option(help="Party name")],
    xml_signing_cert: Annotated[Path | None, typer.Option(
        "--xml-signing-cert", help="PEM of the User's DUIS XML-signing certificate")] = None,
    issue_keys: Annotated[Path | None, typer.Option(
        "--issue-keys", help="Instead: issue a new XML-signing key + certificate from this instance's test PKI "
                             "and write them to this directory")] = None,
    response_url: Annotated[str | None, typer.Option(help="Where asynchronous responses are POSTed")] = None,
    entry_date: Annotated[str | None, typer.Option(help="User entry date YYYY-MM-DD (default today), R-USER-1")]
    = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace a User ID already in this role (its entry date, certificate; new keys)")] = False,
    data_dir: DataDir = None,
) -> None:
    """Register a User ID in a role (R-USER-1, R-USER-2) with its DUIS XML-signing certificate; with
    --issue-keys also its GBCS Organisation Certificates (signing Pre-Commands, reading responses)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.provisioning.users import register_user
    from gbdcc.domain.parties import UserRole

    if (xml_signing_cert is None) == (issue_keys is None):
        raise typer.BadParameter("give exactly one of --xml-signing-cert or --issue-keys")
    if role not in {r.value for r in UserRole}:
        raise typer.BadParameter(f"--role must be one of {', '.join(r.value for r in UserRole)}, not {role!r}")
    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    user = register_user(
        instance,
        eui=eui,
        role=role,
        name=name,
        certificate_pem=xml_signing_cert.read_bytes() if xml_signing_cert else None,
        issue_keys_to=issue_keys,
        response_url=response_url,
        entry_date=option_date(entry_date, "--entry-date"),
        replace=replace,
    )
    roles = ", ".join(f"{r.role} from {r.entry_date}" for r in user.roles)
    console.print(f"User {user.user_id} ({user.name}): {roles}")
    if issue_keys:
        console.print(f"XML-signing and GBCS keys and certificates written to {issue_keys}")



@app.command("list")
def list_users(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List the registered Users and their roles."""
    from gbdcc import bootstrap

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with instance.uow_factory(read_only=True) as uow:
        users = list(uow.users.list())
    if as_json:
        print_json([{"user_id": str(u.user_id), "name": u.name, "response_url": u.response_url,
                     "roles": [{"role": r.role.value, "entry_date": r.entry_date.isoformat(),
                                "exit_date": r.exit_date.isoformat() if r.exit_date else None} for r in u.roles]}
                    for u in users])
        return
    table = Table("User ID", "Name", "Roles", "Response URL")
    table.columns[0].no_wrap = True
    for user in users:
        table.add_row(str(user.user_id), user.name,
                      ", ".join(f"{r.role} ({r.entry_date})" for r in user.roles), user.response_url or "")
    console.print(table)

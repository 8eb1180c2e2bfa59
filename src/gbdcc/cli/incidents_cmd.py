"""``gbdcc incidents``: Incident Management (one policy, R-INC-1; ``service.incidents``).

``raise`` (a User's with ``--user``, else the DCC operator's), ``assign``, ``resolve``, ``close``, ``reopen``,
``list``, ``show``. Each incident shows its category, target resolution instant and — when it names an error
code — the Error Handling Strategy page (``/help/errors/{code}``). Database only (``_store``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

if TYPE_CHECKING:
    from gbdcc.config import Settings
    from gbdcc.domain.incidents.model import Incident

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print as JSON")]


def _now() -> datetime:
    return datetime.now(UTC)


def _print(data: dict[str, object], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    console.print(f"incident {data['incident_id']} [{data['state']}] category {data['category']} "
                  f"due {data['due_at']}: {data['title']}"
                  + (f" (owner {data['owner']})" if data.get("owner") else "")
                  + (f" help {data['help']}" if data.get("help") else ""), markup=False)


def _show(incident: Incident, settings: Settings, as_json: bool) -> None:
    from gbdcc import bootstrap
    from gbdcc.adapters.http.admin_incidents import incident_json

    _print(incident_json(incident, bootstrap.incident_policy(settings)), as_json)


@app.command("raise")
def raise_(
    title: Annotated[str, typer.Argument(help="What is wrong")],
    category: Annotated[int, typer.Option(help="Category 1 (most severe) to 5")] = 3,
    description: Annotated[str, typer.Option(help="Details")] = "",
    user: Annotated[str | None, typer.Option(help="The User ID raising it (EUI-64); default the DCC")] = None,
    request: Annotated[list[str] | None, typer.Option("--request", help="A linked RequestID (repeat)")] = None,
    device: Annotated[list[str] | None, typer.Option("--device", help="A linked device EUI-64 (repeat)")] = None,
    postcode: Annotated[str | None, typer.Option(help="The premises' postcode")] = None,
    uprn: Annotated[str | None, typer.Option(help="The premises' UPRN")] = None,
    shown_covered: Annotated[bool | None, typer.Option("--shown-covered/--shown-not-covered",
                                                       help="A coverage incident (R-WAN-1): was the premises "
                                                            "shown covered?")] = None,
    error_code: Annotated[str | None, typer.Option(help="The GBDCC error code it concerns")] = None,
    as_json: AsJson = False,
    data_dir: DataDir = None,
) -> None:
    """Raise an incident now."""
    from gbdcc.adapters.http.admin_incidents import IncidentIn, new_incident
    from gbdcc.service.incidents.manage import raise_incident

    uow_factory, s = open_store(data_dir)
    body = IncidentIn(category=category, title=title, description=description, user=user,
                      requests=request or [], devices=device or [], postcode=postcode, uprn=uprn,
                      shown_covered=shown_covered, error_code=error_code)
    _show(raise_incident(uow_factory, new_incident(body, _now())), s, as_json)


@app.command("assign")
def assign(incident_id: int, owner: Annotated[str, typer.Option(help="Who owns it")], as_json: AsJson = False,
           data_dir: DataDir = None) -> None:
    """Give an incident its owner."""
    from gbdcc.service.incidents.manage import assign_incident

    uow_factory, s = open_store(data_dir)
    _show(assign_incident(uow_factory, incident_id, owner, _now()), s, as_json)


@app.command("resolve")
def resolve(incident_id: int, resolution: Annotated[str, typer.Option(help="How it was resolved")] = "",
            as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Resolve an incident now."""
    from gbdcc.service.incidents.manage import resolve_incident

    uow_factory, s = open_store(data_dir)
    _show(resolve_incident(uow_factory, incident_id, resolution, _now()), s, as_json)


@app.command("close")
def close(incident_id: int, as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Close a resolved incident."""
    from gbdcc.service.incidents.manage import close_incident

    uow_factory, s = open_store(data_dir)
    _show(close_incident(uow_factory, incident_id, _now()), s, as_json)


@app.command("reopen")
def reopen(incident_id: int, as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Reopen a resolved or closed incident."""
    from gbdcc.service.incidents.manage import reopen_incident

    uow_factory, s = open_store(data_dir)
    _show(reopen_incident(uow_factory, incident_id, _now()), s, as_json)


@app.command("show")
def show(incident_id: int, as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """One incident."""
    from gbdcc.service.incidents.manage import get_incident

    uow_factory, s = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        found = get_incident(uow, incident_id)
    _show(found, s, as_json)


@app.command("list")
def list_(state: Annotated[str | None, typer.Option(help="open | assigned | resolved | closed")] = None,
          source: Annotated[str | None, typer.Option(help="Source prefix, e.g. dcc: or dcc:csp-outage")] = None,
          as_json: AsJson = False, data_dir: DataDir = None) -> None:
    """Incidents, oldest first."""
    from gbdcc import bootstrap
    from gbdcc.adapters.http.admin_incidents import incident_json
    from gbdcc.domain.incidents.model import IncidentState
    from gbdcc.service.incidents.manage import list_incidents

    if state is not None and state not in {s.value for s in IncidentState}:
        raise typer.BadParameter(f"--state is one of open, assigned, resolved, closed, not {state!r}")
    uow_factory, s = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        found = list_incidents(uow, state=None if state is None else IncidentState(state), source=source)
    rows = [incident_json(i, bootstrap.incident_policy(s)) for i in found]
    if as_json:
        typer.echo(json.dumps({"incidents": rows}, indent=2))
        return
    table = Table("id", "state", "cat", "raised", "due", "source", "owner", "title", title="Incidents (R-INC-1)")
    for r in rows:
        table.add_row(*(str(r[k] or "") for k in ("incident_id", "state", "category", "raised_at", "due_at",
                                                  "source", "owner", "title")))
    console.print(table)

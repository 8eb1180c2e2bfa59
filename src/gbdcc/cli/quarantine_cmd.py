"""``gbdcc quarantine``: a User's Service Requests held back by anomaly detection (SEC G6; R-COS-1 for 6.23).

``list`` shows the requests in quarantine (``--user``: one User's; ``--json``); ``release REQUEST_ID --user EUI``
releases the User's request into the pipeline — authorised again as things are now, then sent by the
``gbdcc up`` serving the same data dir, which delivers its response. Both open only the database and the DCC
identity, so they run beside ``gbdcc up``. Refusals print one ``error: GBDCC-87x [rule] reason`` line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


@app.command("list")
def list_quarantined(
    user: Annotated[str | None, typer.Option("--user", help="Only this User's requests (EUI-64)")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Requests listed (oldest first)")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    data_dir: DataDir = None,
) -> None:
    """The requests in quarantine: over their User's anomaly-detection threshold, stored and not sent."""
    from gbdcc import bootstrap
    from gbdcc.adapters.http.admin_quarantine import view
    from gbdcc.cli.store import open_store
    from gbdcc.domain.ids import Eui64

    eui = None if user is None else Eui64.parse(user)
    uow_factory, settings = open_store(data_dir)
    found = [view(r) for r in bootstrap.quarantine_desk(settings, uow_factory).list(eui, limit)]
    if as_json:
        typer.echo(json.dumps({"quarantined": found}, indent=2))
        return
    table = Table("RequestID", "SRV", "CV", "quarantined at", "rule", "reason", title="Quarantined requests",
                  title_justify="left")
    for r in found:
        table.add_row(r["request_id"], r["srv"], str(r["command_variant"]), r["quarantined_at"], r["rule"] or "",
                      r["reason"] or "")
    console.print(table)
    console.print(f"{len(found)} request(s) in quarantine")


@app.command("release")
def release(
    request_id: Annotated[str, typer.Argument(help="The quarantined request's RequestID")],
    user: Annotated[str, typer.Option("--user", help="The User releasing its own request (EUI-64)")],
    data_dir: DataDir = None,
) -> None:
    """Release the User's quarantined request: it is admitted into the pipeline and sent."""
    from gbdcc import bootstrap
    from gbdcc.cli.store import open_store
    from gbdcc.domain.ids import Eui64, RequestId

    rid, eui = RequestId.parse(request_id), Eui64.parse(user)
    uow_factory, settings = open_store(data_dir)
    released = bootstrap.quarantine_desk(settings, uow_factory).release(eui, rid)
    console.print(f"released {released.request_id} ({released.srv}): {released.state}; gbdcc up sends it and "
                  "delivers its response")

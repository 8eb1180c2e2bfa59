"""``gbdcc releases``: notices of changes to the DCC's systems (R-OPS-1; docs/operations.md).

``notice`` issues one to every User and RDP registered now, with its consultation window and invitation to
test; ``list`` shows the notices issued (``--json`` as the admin API returns them).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer
from gbdcc.cli.store import option_date

app = Typer(no_args_is_help=True)
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]



@app.command("notice")
def notice(
    title: Annotated[str, typer.Option(help="What changes")],
    consultation_closes: Annotated[str, typer.Option(help="The consultation closes on (YYYY-MM-DD)")],
    testing_from: Annotated[str, typer.Option(help="Parties and RDPs are invited to test from (YYYY-MM-DD)")],
    testing_to: Annotated[str, typer.Option(help="… until (YYYY-MM-DD)")],
    summary: Annotated[str, typer.Option(help="The change, in a few lines")] = "",
    data_dir: DataDir = None,
) -> None:
    """Issue a notice of a change to all Parties (their Users) and all RDPs (R-OPS-1, H8.8-H8.12)."""
    from gbdcc.cli.store import open_store
    from gbdcc.service.operations.releases import issue_notice

    uow_factory, _ = open_store(data_dir)
    with uow_factory() as uow:
        n = issue_notice(uow, title=title, summary=summary, issued_at=datetime.now(UTC),
                         consultation_closes_on=option_date(consultation_closes, "--consultation-closes"),
                         testing_from=option_date(testing_from, "--testing-from"),
                         testing_to=option_date(testing_to, "--testing-to"))
        uow.commit()
    typer.echo(f"notice {n.notice_id} issued to {len(n.users)} Users and {len(n.rdps)} RDPs; consultation until "
               f"{n.consultation_closes_on}, testing {n.testing_from} – {n.testing_to}")


@app.command("list")
def list_notices(data_dir: DataDir = None,
                 as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False) -> None:
    """The notices issued, oldest first."""
    from gbdcc.adapters.http.admin_releases import notice_json
    from gbdcc.cli.store import open_store

    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        notices = uow.operations.release_notices()
    if as_json:
        typer.echo(json.dumps({"notices": [notice_json(n) for n in notices]}, indent=2))
        return
    for n in notices:
        typer.echo(f"{n.notice_id} {n.issued_at.date()} {n.title}: consultation until {n.consultation_closes_on}, "
                   f"testing {n.testing_from} – {n.testing_to}; to {len(n.users)} Users, {len(n.rdps)} RDPs")

"""``gbdcc support``: Additional Support for Testing Participants (H14.33, R-SUPPORT-1; ``service.incidents``).

``request`` records a participant's request (test results, User Systems, device communications) from the
start of End-to-End testing; ``resolve`` records its resolution and the effort, charged at the configured
hourly rate (user pays); ``list`` shows them. The charges statement is ``gbdcc report support-charges``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


def _line(r: object) -> str:
    from gbdcc.domain.incidents.support import SupportRequest

    assert isinstance(r, SupportRequest)
    done = (f"resolved {r.resolved_at:%Y-%m-%d %H:%M}, {r.effort_minutes} min, charged {r.charge_pence} p"
            if r.resolved_at is not None else "open")
    return f"support {r.support_id} [{r.participant}] {r.topic}: {r.summary} — {done}"


@app.command("request")
def request(participant: Annotated[str, typer.Option(help="The Testing Participant")],
            topic: Annotated[str, typer.Option(help="test-results | user-systems | device-communications")],
            summary: Annotated[str, typer.Argument(help="What help is needed")],
            data_dir: DataDir = None) -> None:
    """Record a request for Additional Support now."""
    from gbdcc import bootstrap
    from gbdcc.service.incidents.support import request_support

    uow_factory, s = open_store(data_dir)
    console.print(_line(request_support(uow_factory, bootstrap.support_terms(s), participant, topic, summary,
                                        datetime.now(UTC))), markup=False)


@app.command("resolve")
def resolve(support_id: int, effort_minutes: Annotated[int, typer.Option(help="The DCC's effort, minutes")],
            resolution: Annotated[str, typer.Option(help="What was done")] = "", data_dir: DataDir = None) -> None:
    """Resolve a request now and charge its effort (user pays)."""
    from gbdcc import bootstrap
    from gbdcc.service.incidents.support import resolve_support

    uow_factory, s = open_store(data_dir)
    console.print(_line(resolve_support(uow_factory, bootstrap.support_terms(s), support_id, resolution,
                                        effort_minutes, datetime.now(UTC))), markup=False)


@app.command("list")
def list_(participant: Annotated[str | None, typer.Option(help="Only this participant's")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
          data_dir: DataDir = None) -> None:
    """Additional Support requests, oldest first."""
    from gbdcc.adapters.http.admin_common import to_json
    from gbdcc.service.incidents.support import list_support

    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        found = list_support(uow, participant)
    if as_json:
        typer.echo(json.dumps({"support": to_json(list(found))}, indent=2))
        return
    for r in found:
        console.print(_line(r), markup=False)

"""``gbdcc audit``: read the audit trail — every stored request and response with the decision taken, the
rule that decided it and why (for analysts checking SEC rules and for Users chasing a refusal)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import AsJson, DataDir, make_console, print_json
from gbdcc.domain.requests import AuditRecord

app = Typer(no_args_is_help=True)
console = make_console()


def _table(records: Sequence[AuditRecord]) -> Table:
    table = Table("at (UTC)", "step", "dir", "RequestID", "SRV", "CV", "state", "code", "rule", "reason")
    table.columns[3].no_wrap = True  # a RequestID is never cut
    for r in records:
        d = r.decision
        table.add_row(r.received_at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], r.kind, r.direction, r.request_id or "-",
                      r.srv or "-", str(r.command_variant or "-"), r.state.value, d.response_code if d else "",
                      d.rule if d else "", d.reason if d else "")
    return table


def _records_json(records: Sequence[AuditRecord]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for r in records:
        d = r.decision
        out.append({"at": r.received_at.isoformat(), "kind": r.kind, "direction": r.direction,
                    "request_id": r.request_id, "srv": r.srv, "command_variant": r.command_variant,
                    "state": r.state.value, "response_code": d.response_code if d else None,
                    "rule": d.rule if d else None, "reason": d.reason if d else None})
    return out


def _story(records: Sequence[AuditRecord]) -> None:
    """One line per step, never truncated (for pipes, files and narrow terminals)."""
    for r in records:
        d = r.decision
        cv = f" CV{r.command_variant}" if r.command_variant else ""
        what = f"{d.response_code} [{d.rule}] {d.reason}" if d else ""
        typer.echo(f"{r.received_at.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]}  {r.kind:<10} {r.direction:<3} "
                   f"{r.state.value:<27}{cv}  {what}")


@app.command("show")
def show(
    request_id: Annotated[str, typer.Argument(help="DUIS RequestID originator:target:counter")],
    data_dir: DataDir = None,
    body: Annotated[bool, typer.Option("--body", help="Also print the stored XML")] = False,
    story: Annotated[bool, typer.Option("--story", help="One line per step (the default when not a terminal)")]
    = False,
    as_json: AsJson = False,
) -> None:
    """A request's whole story, oldest first: the request and the decision with its rule, the GBCS command,
    the SM WAN events, the device's response, the message queued for the User and each delivery attempt."""
    from gbdcc import bootstrap

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with instance.uow_factory(read_only=True) as uow:
        records = list(uow.audit.for_request(request_id))
    if not records:
        console.print(f"nothing stored for {request_id}")
        raise typer.Exit(1)
    if as_json:
        print_json({"request_id": request_id, "steps": _records_json(records)})
        return
    if console.is_terminal and not story:
        console.print(_table(records))
    else:
        typer.echo(f"{request_id}: {len(records)} step(s)")
        _story(records)
    if body:
        for r in records:
            console.print(f"[bold]{r.direction}[/bold]")
            console.print(r.body.decode("utf-8", "replace"), markup=False, highlight=False)


@app.command("recent")
def recent(
    limit: Annotated[int, typer.Option(help="How many records")] = 20,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The latest stored requests and responses, newest first."""
    from gbdcc import bootstrap

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with instance.uow_factory(read_only=True) as uow:
        records = list(uow.audit.recent(limit))
    if as_json:
        print_json(_records_json(records))
        return
    console.print(_table(records))

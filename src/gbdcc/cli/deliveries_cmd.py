"""``gbdcc deliveries``: the failed-delivery queue (DUIS: responses and alerts a User's receiver did not
take within 300 s wait there 2 days) — list it, re-deliver from it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import DataDir, make_console

app = Typer(no_args_is_help=True)
console = make_console()


@app.command("failed")
def failed(
    user: Annotated[str | None, typer.Option(help="Only this User ID")] = None,
    data_dir: DataDir = None,
) -> None:
    """The messages in the failed-delivery queue, oldest first."""
    from gbdcc import bootstrap
    from gbdcc.domain.delivery import DeliveryState
    from gbdcc.domain.ids import Eui64

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    with instance.uow_factory(read_only=True) as uow:
        messages = uow.messages.by_state(DeliveryState.FAILED, Eui64.parse(user) if user else None, 1000)
    table = Table("id", "User", "kind", "ResponseID / RequestID", "attempts", "failed at", "last error")
    for m in messages:
        table.add_row(str(m.message_id), str(m.user_id), m.kind.value, m.response_id or m.request_id or "",
                      str(m.attempts), m.failed_at.isoformat() if m.failed_at else "", m.last_error or "")
    console.print(table)


@app.command("redeliver")
def redeliver(
    message_id: Annotated[list[int] | None, typer.Argument(help="Message ids (default: all of the queue)")] = None,
    user: Annotated[str | None, typer.Option(help="Only this User's")] = None,
    data_dir: DataDir = None,
) -> None:
    """Put failed messages back for delivery now (a running `gbdcc up` sends them)."""
    from gbdcc import bootstrap
    from gbdcc.domain.ids import Eui64

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    n = instance.pipeline.delivery.redeliver(message_id or None, Eui64.parse(user) if user else None)
    console.print(f"{n} message(s) queued for delivery again")

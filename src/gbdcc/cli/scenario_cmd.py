"""``gbdcc scenario``: check a scenario file, play it on a running instance and follow it (SIMULATED estate).

``run`` checks the file here first (the same checks as the instance's), POSTs it to the admin endpoint
(``/admin/v1/scenarios``, ``adapters/http/admin_scenario.py``) and shows a progress bar polling its
progress until every event with an end has ended; ``status`` and ``stop`` act on a scenario by id.
The bearer token is ``--token`` or ``GBDCC_ADMIN_TOKEN`` (an instance without one serves loopback callers).
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from gbdcc.cli.errors import Typer

app = Typer(no_args_is_help=True)

Url = Annotated[str, typer.Option(envvar="GBDCC_URL", help="gbdcc base URL (or GBDCC_URL)")]
Token = Annotated[str | None, typer.Option(envvar="GBDCC_ADMIN_TOKEN",
                                           help="admin bearer token (or GBDCC_ADMIN_TOKEN)")]
DEFAULT_URL = "http://127.0.0.1:8079"
PATH = "/admin/v1/scenarios"


class AdminClient:
    """The scenario admin endpoints over HTTP; refusals come back as the instance's GBDCC-82x errors."""

    def __init__(self, url: str, token: str | None, timeout: float = 120.0) -> None:
        import httpx

        headers = {"authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout)
        self.url = url

    def call(self, method: str, path: str = "", body: bytes | None = None) -> Any:
        import httpx

        from gbdcc.adapters.duis.client import ClientError
        from gbdcc.adapters.wan.scenario.errors import BY_CODE

        try:
            r = self._http.request(method, PATH + path, content=body,
                                   headers={"content-type": "application/toml"} if body is not None else {})
        except httpx.HTTPError as err:
            raise ClientError(f"cannot reach {self.url}: {err}") from None
        if r.is_success:
            return r.json()
        try:
            detail = r.json()["detail"]
            raise BY_CODE[detail["code"]](detail["reason"], rule=detail["rule"])
        except (ValueError, KeyError, TypeError):
            raise ClientError(f"{self.url}{PATH}{path} answered HTTP {r.status_code}: {r.text[:200]}") from None


def _settled(progress: dict[str, Any]) -> bool:
    """Nothing left to wait for: done / stopped, or only open-ended events still active."""
    if progress["state"] != "playing":
        return True
    return not any(e["state"] == "pending" or (e["state"] == "active" and e["duration_s"] is not None)
                   for e in progress["events"])


def _summary(progress: dict[str, Any]) -> None:
    from rich.table import Table

    from gbdcc.cli.output import make_console

    table = Table("#", "event", "selection", "state", "premises", "meters", "alerts raised", "not sent", "notes")
    for e in progress["events"]:
        table.add_row(str(e["index"]), e["type"], e["selection"], e["state"], f"{e['premises']:,}",
                      f"{e['meters']:,}", f"{e['alerts_raised']:,}", f"{e['alerts_unsent']:,}", "; ".join(e["notes"]))
    console = make_console()
    console.print(table)
    console.print(f"scenario {progress['id']} ({progress['name']}): {progress['state']}, "
                  f"{progress['events_done']}/{progress['events_scheduled']} events done, "
                  f"{progress['alerts_raised']:,} alerts raised ({progress['alerts_unsent']:,} could not leave "
                  f"the premises)")


def _follow(client: AdminClient, play_id: str, poll_s: float, timeout_s: float | None) -> dict[str, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress: dict[str, Any] = client.call("GET", f"/{play_id}")
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    columns = (TextColumn("[bold]{task.description}"), BarColumn(),
               TextColumn("{task.completed:,.0f}/{task.total:,.0f} s scenario time"),
               TextColumn("{task.fields[events]} events done, {task.fields[alerts]:,} alerts"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(f"scenario {play_id}", total=max(progress["length_s"], 1.0), events="0", alerts=0)
        while True:
            bar.update(task, completed=min(progress["elapsed_s"], progress["length_s"]),
                       alerts=progress["alerts_raised"],
                       events=f"{progress['events_done']}/{progress['events_scheduled']}")
            if _settled(progress) or (deadline is not None and time.monotonic() > deadline):
                return progress
            time.sleep(poll_s)
            progress = client.call("GET", f"/{play_id}")


@app.command("check")
def check(file: Annotated[Path, typer.Argument(help="Scenario file (TOML, docs/scenarios.md)")]) -> None:
    """Check a scenario file here (no instance needed) and list its events."""
    from rich.table import Table

    from gbdcc.adapters.wan.scenario.parser import format_duration, parse_scenario
    from gbdcc.cli.output import make_console

    scenario = parse_scenario(file.read_bytes(), default_name=file.stem)
    table = Table("#", "event", "starts", "lasts", "selection", "description")
    for e in scenario.events:
        starts = e.at.isoformat() if e.at is not None else f"+{format_duration(e.offset or timedelta(0))}"
        table.add_row(str(e.index), e.type.value, starts, format_duration(e.duration) if e.duration else "—",
                      e.select.describe(e.unit), e.description)
    console = make_console()
    console.print(table)
    console.print(f"{scenario.name}: {len(scenario.events)} event(s), valid")


@app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Scenario file (TOML, docs/scenarios.md)")],
    url: Url = DEFAULT_URL,
    token: Token = None,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Follow it with a progress bar until it ends")] = True,
    poll: Annotated[float, typer.Option(help="Seconds between progress polls")] = 0.5,
    timeout: Annotated[float | None, typer.Option(help="Stop following after this many seconds")] = None,
) -> None:
    """Play a scenario on a running gbdcc (its simulated estate) and follow its progress."""
    from gbdcc.adapters.wan.scenario.parser import parse_scenario

    raw = file.read_bytes()
    scenario = parse_scenario(raw, default_name=file.stem)  # refused here with the instance's reason
    client = AdminClient(url, token)
    started = client.call("POST", body=raw)
    typer.echo(f"scenario {started['id']} ({scenario.name}) on {url}: {started['events_scheduled']} event(s) "
               f"scheduled, {started['premises']:,} premises, {started['meters']:,} meters", err=True)
    if wait:
        _summary(_follow(client, str(started["id"]), poll, timeout))


@app.command("status")
def status(play_id: Annotated[str, typer.Argument(help="Scenario id (from run)")], url: Url = DEFAULT_URL,
           token: Token = None) -> None:
    """A scenario's progress, event by event."""
    _summary(AdminClient(url, token).call("GET", f"/{play_id}"))


@app.command("stop")
def stop(play_id: Annotated[str, typer.Argument(help="Scenario id (from run)")], url: Url = DEFAULT_URL,
         token: Token = None) -> None:
    """Stop a scenario: what is in progress ends now (outages restored, hubs back), the rest is cancelled."""
    _summary(AdminClient(url, token).call("DELETE", f"/{play_id}"))

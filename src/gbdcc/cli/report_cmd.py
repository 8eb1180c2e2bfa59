"""``gbdcc report NAME``: the compliance reports (R-MANDATE-1, R-ERO-1, R-POST-1, the CPL, …).

Each prints as a table (with the rule it answers, its summary and notes), ``--json`` as one JSON document,
``--csv FILE`` also writes its rows as CSV. ``--as-of`` computes it at another instant (default: now). It
opens only the database, so it runs beside a ``gbdcc up`` serving the same data dir.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the report as one JSON document")]
Csv = Annotated[Path | None, typer.Option("--csv", help="Also write the rows to this CSV file")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Compute as of this instant (ISO 8601; default now)")]


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--as-of is an ISO 8601 date or instant, not {text!r}") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def show(name: str, data_dir: Path | None, as_json: bool, csv_path: Path | None, as_of: str | None) -> None:
    """Build report ``name`` from the data dir's database and print it."""
    from gbdcc import bootstrap
    from gbdcc.cli.store import open_store

    uow_factory, settings = open_store(data_dir)
    report = bootstrap.build_reports(settings, uow_factory).build(name, _as_of(as_of))
    if csv_path is not None:
        csv_path.write_text(report.to_csv(), encoding="utf-8", newline="")
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    table = Table(*report.columns, title=f"{report.title} [{report.rule}]", title_justify="left")
    for record in report.as_dict()["rows"]:
        table.add_row(*("" if v is None else str(v) for v in record.values()))
    console.print(table)
    for key, value in report.as_dict()["summary"].items():
        console.print(f"{key}: {value}")
    for note in report.notes:
        console.print(f"note: {note}")
    if csv_path is not None:
        console.print(f"rows written to {csv_path}")


@app.command("mandate")
def mandate(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """Who must be a User in which role by which date, and who complied (R-MANDATE-1)."""
    show("mandate", data_dir, as_json, csv, as_of)


@app.command("ero")
def ero(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """The Early Rollout Obligation of each large supplier against its meters installed (R-ERO-1)."""
    show("ero", data_dir, as_json, csv, as_of)


@app.command("post-commissioning")
def post_commissioning(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None,
                       as_of: AsOf = None) -> None:
    """Smart Meters whose Device Security Credentials were not updated within 7 days (R-POST-1)."""
    show("post-commissioning", data_dir, as_json, csv, as_of)


@app.command("cpl")
def cpl(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """The Certified Products List in force, verified with the IKI (R-PKI-2, R-SEC-3)."""
    show("cpl", data_dir, as_json, csv, as_of)


@app.command("hubs")
def hubs(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """Communications Hub forecasts, orders, deliveries and returns per order and Supplier (SEC F5-F7, R-CH-1)."""
    show("hubs", data_dir, as_json, csv, as_of)


@app.command("nep-quarterly")
def nep_quarterly(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """Network Enhancement Plans of the quarter holding --as-of: areas, expected completion dates (R-WAN-2)."""
    show("nep-quarterly", data_dir, as_json, csv, as_of)


@app.command("incidents")
def incidents(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None, as_of: AsOf = None) -> None:
    """Incidents by category: raised, resolved, resolved within target (R-INC-1)."""
    show("incidents", data_dir, as_json, csv, as_of)


@app.command("coverage-incidents")
def coverage_incidents(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None,
                       as_of: AsOf = None) -> None:
    """Coverage incidents resolved within 90 days: the 99 % threshold, with / without NEP premises (R-WAN-1)."""
    show("coverage-incidents", data_dir, as_json, csv, as_of)


@app.command("support-charges")
def support_charges(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None,
                    as_of: AsOf = None) -> None:
    """Additional Support charges per Testing Participant for the month of --as-of (R-SUPPORT-1)."""
    show("support-charges", data_dir, as_json, csv, as_of)


@app.command("list")
def list_reports(data_dir: DataDir = None) -> None:
    """The reports this instance offers."""
    from gbdcc import bootstrap
    from gbdcc.cli.store import open_store

    uow_factory, settings = open_store(data_dir)
    for name in bootstrap.build_reports(settings, uow_factory):
        typer.echo(name)


@app.command("performance")
def performance(data_dir: DataDir = None, as_json: AsJson = False, csv: Csv = None,
                as_of: Annotated[str | None, typer.Option(
                    "--as-of", help="A month YYYY-MM (the whole month) or an ISO instant (its month up to it)")] = None,
                ) -> None:
    """The monthly H13 Code Performance Measures: responses within target, alert delivery, SMKI, incidents."""
    if as_of is not None and len(as_of) == 7 and as_of[4] == "-":  # YYYY-MM: the month's last instant
        from datetime import timedelta

        first = _as_of(f"{as_of}-01")
        assert first is not None
        as_of = ((first + timedelta(days=32)).replace(day=1) - timedelta(microseconds=1)).isoformat()
    show("performance", data_dir, as_json, csv, as_of)

"""``gbdcc coverage``: the SM WAN Coverage Database and its Network Enhancement Plans (R-WAN-2).

``check POSTCODE`` — the coverage the DCC reports for a premises postcode (as DUIS 12.1 answers: the simulated
CSP coverage map of ``gbdcc up`` with the plans on record applied) and the plan that decided it;
``nep add|complete|list`` — record a plan (South / Central only) with its defined area, cohort and estimated
completion date, record its completion, list them. Database only (``_store``): runs beside ``gbdcc up``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store, option_date

app = Typer(no_args_is_help=True)
nep_app = Typer(no_args_is_help=True)
app.add_typer(nep_app, name="nep", help="Network Enhancement Plans: add, complete, list (R-WAN-2).")
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


def _today() -> date:
    return datetime.now(UTC).date()


@app.command("check")
def check(
    postcode: Annotated[str, typer.Argument(help="The premises postcode, e.g. 'SO14 0AA'")],
    at: Annotated[str | None, typer.Option("--at", help="As of this date, YYYY-MM-DD (default today)")] = None,
    data_dir: DataDir = None,
) -> None:
    """The SM WAN coverage the DCC reports for a postcode, with the Network Enhancement Plan if any (R-WAN-2)."""
    from gbdcc.adapters.wan.coverage import CoverageMap
    from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
    from gbdcc.service.coverage.view import check_coverage

    uow_factory, _ = open_store(data_dir)
    on = option_date(at, "--at")
    instant = datetime.now(UTC) if on is None else datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    with uow_factory(read_only=True) as uow:  # the map gbdcc up answers 12.1 from (SIMULATED, seed 1)
        found = check_coverage(uow, SimulatedCoverageDatabase(CoverageMap.synthetic(seed=1)), postcode, instant)
    c = found.coverage
    console.print(f"{found.postcode}: {c.csp_region}, coverage {'available' if c.available else 'not available'} "
                  f"({c.technology}, likelihood {c.likelihood.value})"
                  + (f", expected {c.anticipated_date}" if c.anticipated_date else ""))
    if c.additional_information:
        console.print(c.additional_information)
    if found.plan is not None:
        console.print(f"plan {found.plan.plan_id}: {found.plan.status_on(instant.date()).value}, area "
                      f"{found.plan.area.describe()}, estimated completion {found.plan.estimated_completion}")


@nep_app.command("add")
def nep_add(
    plan_id: Annotated[str, typer.Option("--id", help="The plan's id, e.g. NEP-S-001")],
    region: Annotated[str, typer.Option(help="The CSP region: South or Central (R-WAN-2)")],
    estimated_completion: Annotated[str, typer.Option(help="Estimated completion date, YYYY-MM-DD")],
    district: Annotated[list[str] | None, typer.Option(help="A postcode district of the area (repeatable)")]
    = None,
    postcode: Annotated[list[str] | None, typer.Option(help="An explicit postcode of the area (repeatable)")]
    = None,
    cohort: Annotated[list[str] | None, typer.Option(
        help="A premises postcode of the cohort, in the area (repeatable; default: the area's postcodes)")] = None,
    created_on: Annotated[str | None, typer.Option(help="Creation date, YYYY-MM-DD (default today)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Record a Network Enhancement Plan (South and Central only) for a cohort of premises in a defined area."""
    from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION
    from gbdcc.service.coverage.nep import add_plan

    uow_factory, _ = open_store(data_dir)
    expected = option_date(estimated_completion, "--estimated-completion")
    assert expected is not None
    plan = add_plan(uow_factory, plan_id, region, districts=district or (), postcodes=postcode or (),
                    cohort=cohort or (), created_on=option_date(created_on, "--created-on") or _today(),
                    estimated_completion=expected, regions=POSTCODE_AREA_REGION)
    console.print(f"plan {plan.plan_id} ({plan.region}) recorded: area {plan.area.describe()}, "
                  f"{len(plan.cohort)} cohort postcodes, created {plan.created_on}, "
                  f"estimated completion {plan.estimated_completion}")


@nep_app.command("complete")
def nep_complete(
    plan_id: Annotated[str, typer.Argument(help="The plan's id")],
    on: Annotated[str | None, typer.Option("--on", help="Completion date, YYYY-MM-DD (default today)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Record a plan completed: its cohort is covered from that date."""
    from gbdcc.service.coverage.nep import complete_plan

    uow_factory, _ = open_store(data_dir)
    plan = complete_plan(uow_factory, plan_id, option_date(on, "--on") or _today())
    console.print(f"plan {plan.plan_id} completed on {plan.completed_on}: {len(plan.cohort)} cohort postcodes "
                  "now covered")


@nep_app.command("list")
def nep_list(data_dir: DataDir = None) -> None:
    """Every Network Enhancement Plan with its area, cohort size, dates and status."""
    from gbdcc.service.coverage.nep import list_plans

    uow_factory, _ = open_store(data_dir)
    table = Table("plan", "region", "area", "cohort", "created", "estimated completion", "completed", "status",
                  title="Network Enhancement Plans [R-WAN-2]", title_justify="left")
    for p in list_plans(uow_factory):
        table.add_row(p.plan_id, p.region, p.area.describe(), str(len(p.cohort)), str(p.created_on),
                      str(p.estimated_completion), "" if p.completed_on is None else str(p.completed_on),
                      p.status.value)
    console.print(table)

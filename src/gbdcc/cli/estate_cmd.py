"""``gbdcc estate``: generate the simulated estate (premises, hubs, meters) into the inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import DataDir, make_console
from gbdcc.config import TEST_PKI_MARKER

app = Typer(no_args_is_help=True)
console = make_console()


@app.command("generate")
def generate(
    premises: Annotated[int, typer.Option(help="Number of premises")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same estate)")] = 1,
    start_index: Annotated[int | None, typer.Option(
        help="Index of the first premises [default: just after the last premises generated]")]
    = None,
    data_dir: DataDir = None,
) -> None:
    """Create N premises with hubs, meters, IHDs, PPMIDs, MPxNs and postcodes (SIMULATED estate), registered
    to the demo supplier and network operator (created if missing; keys in the data dir)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.provisioning.demo import ensure_demo_parties
    from gbdcc.adapters.provisioning.estate import check_range_free, generate_estate, next_free_index

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    if start_index is None:
        start_index = next_free_index(instance)
        if start_index:
            console.print(f"appending after the {start_index:,} premises already generated")
    check_range_free(instance, seed, start_index)  # refuse before drawing any progress bar
    parties = ensure_demo_parties(instance)
    with Progress(TextColumn("[bold]premises"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console) as bar:
        task = bar.add_task("premises", total=premises)
        report = generate_estate(instance, premises, seed, start_index=start_index, parties=parties.estate,
                                 progress=lambda done: bar.update(task, completed=done))
    console.print(
        f"{report.premises:,} premises, {report.devices:,} devices in {report.seconds:.1f} s "
        f"({report.premises / report.seconds:,.0f} premises/s, peak RSS {report.peak_rss_mb:.0f} MB)")
    console.print(f"by type: {dict(report.by_type)}")
    console.print(f"by region: {dict(report.by_region)}; by fuel: {dict(report.by_fuel)}")


#: Where a checkout of the project's shared material keeps the DCC's published test keys (only looked at
#: when neither --keys nor GBDCC_TEST_KEYS says where they are; nothing of it is bundled).
CONVENTIONAL_TEST_KEYS = Path("../shared/oracles/keys")


@app.command("add-rtds")
def add_rtds(
    keys: Annotated[Path | None, typer.Option(
        envvar="GBDCC_TEST_KEYS", help="The DCC test keys folder (with rtds/ and duis-xml-sign/); default "
                                       "GBDCC_TEST_KEYS, else ../shared/oracles/keys if it exists")] = None,
    data_dir: DataDir = None,
) -> None:
    """Add the RTDS test premises (ESME …A0, GSME …A1, CHF …A2, GPF …A3, PPMID …A4, HCALCS …A5, ESME …A6),
    their Registration Data and the RTDS test Users and keys, so the DCC's request templates signed by
    its own tool work unchanged. The instance stays in test-PKI mode from then on (the DCC's test
    certificates are expired; recorded in the data dir)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.provisioning.rtds import add_rtds as provision

    if keys is None:
        keys = CONVENTIONAL_TEST_KEYS
        console.print(f"DCC test keys from {keys.resolve()} (give --keys or GBDCC_TEST_KEYS for another folder)")
    settings = bootstrap.settings(data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / TEST_PKI_MARKER).write_text(
        "test-PKI mode: the RTDS test premises use the DCC's published, expired test certificates\n")
    report = provision(bootstrap.open_instance(bootstrap.settings(data_dir)), keys)
    console.print(f"RTDS premises: {report.devices} device(s) added; {report.certificates} certificate(s) imported; "
                  f"DCC GBCS identities adopted: {', '.join(report.adopted) or 'none'}")
    for user in report.users:
        console.print(f"  User {user}")
    for skipped in report.skipped:
        console.print(f"  [yellow]skipped[/yellow] {skipped}")


@app.command("list")
def list_premises(
    limit: Annotated[int, typer.Option(help="How many premises")] = 5,
    seed: Annotated[int, typer.Option(help="The seed the estate was generated with")] = 1,
    ids: Annotated[str | None, typer.Option(help="Print only the EUI-64s of this device type (ESME, GSME, CHF…)")]
    = None,
    data_dir: DataDir = None,
) -> None:
    """The first premises of the generated estate with their devices as the SMI has them now."""
    from rich.table import Table

    from gbdcc import bootstrap
    from gbdcc.adapters.wan.estate import generate_estate
    from gbdcc.domain.inventory import DeviceType

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    table = Table("premises", "postcode", "MPAN", "MPRN", "device", "type", "SMI status")
    shown = 0
    with instance.uow_factory(read_only=True) as uow:
        for p in generate_estate(max(limit, 0) * 20, seed):
            devices = [d for d in (uow.inventory.get(g.device_id) for g in p.devices) if d is not None]
            if not devices:
                continue
            if ids is not None:
                for d in devices:
                    if d.device_type is DeviceType(ids.upper()) and d.status.value == "Commissioned":
                        typer.echo(str(d.device_id))
                        shown += 1
                        break
            else:
                for d in devices:
                    table.add_row(str(p.index), p.postcode, p.mpan or "", p.mprn or "", str(d.device_id),
                                  d.device_type.value, d.status.value)
                shown += 1
            if shown >= limit:
                break
    if ids is None:
        console.print(table)

"""``gbdcc parties``: market-party profiles — type, size, licences, User IDs (R-MANDATE-1, R-ERO-1).

``add`` records (or replaces) a Party's profile; its type is decided from its size (≥ 250,000 domestic
premises on 15 Feb 2015: large supplier; ``GBDCC_MANDATE_LARGE_SUPPLIER_PREMISES``) unless ``--type`` gives it.
``list`` shows them; ``generate`` loads the GENERATED demo market (``adapters/provisioning/market.py``) so
``gbdcc report mandate`` / ``ero`` have something to report on. Like ``gbdcc report`` it opens only the
database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


@app.command("add")
def add(
    name: Annotated[str, typer.Option(help="Party name")],
    party_type: Annotated[str | None, typer.Option(
        "--type", help="large-supplier, domestic-supplier, dno or other (default: decided from the size)")] = None,
    domestic_premises: Annotated[int, typer.Option(help="Domestic premises supplied on 15 Feb 2015")] = 0,
    electricity: Annotated[bool, typer.Option("--electricity/--no-electricity",
                                              help="Holds an electricity supply licence")] = False,
    gas: Annotated[bool, typer.Option("--gas/--no-gas", help="Holds a gas supply licence")] = False,
    supplies_from: Annotated[str | None, typer.Option(
        help="New entrant: the date it starts supplying domestic customers (YYYY-MM-DD)")] = None,
    user_id: Annotated[list[str] | None, typer.Option(
        "--user-id", help="A User ID (EUI-64) of the Party; repeat for several")] = None,
    notes: Annotated[str, typer.Option(help="Free text")] = "",
    data_dir: DataDir = None,
) -> None:
    """Record a Party's profile (replacing the one it has)."""
    from gbdcc.cli.store import open_store, option_date
    from gbdcc.domain.compliance.parties import PartyType, make_profile
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.compliance.parties import record_profile

    kinds = {t.value: t for t in PartyType}
    if party_type is not None and party_type not in kinds:
        raise typer.BadParameter(f"--type must be one of {', '.join(kinds)}, not {party_type!r}")
    factory, settings = open_store(data_dir)
    profile = make_profile(name, party_type=kinds[party_type] if party_type else None,
                           domestic_premises=domestic_premises, electricity_licence=electricity, gas_licence=gas,
                           domestic_supply_from=option_date(supplies_from, "--supplies-from"), notes=notes,
                           members=[Eui64.parse(u) for u in user_id or ()],
                           threshold=settings.mandate_large_supplier_premises)
    record_profile(factory, profile)
    console.print(f"Party {profile.name}: {profile.party_type}, licences {profile.licences}, "
                  f"{profile.domestic_premises:,} domestic premises, User IDs "
                  f"{' '.join(str(m) for m in profile.members) or 'none'}")


@app.command("list")
def list_parties(data_dir: DataDir = None) -> None:
    """The recorded Party profiles."""
    from gbdcc.cli.store import open_store
    from gbdcc.service.compliance.parties import list_profiles

    factory, _ = open_store(data_dir)
    table = Table("Party", "Type", "Licences", "Domestic premises 2015", "Supplies from", "User IDs", "Notes")
    for p in list_profiles(factory):
        table.add_row(p.name, p.party_type.value, p.licences, f"{p.domestic_premises:,}",
                      _iso(p.domestic_supply_from), " ".join(str(m) for m in p.members), p.notes)
    console.print(table)


@app.command("generate")
def generate(seed: Annotated[int, typer.Option(help="Seed of the generated market")] = 1,
             data_dir: DataDir = None) -> None:
    """Load the GENERATED demo market (simulated Parties, Users, Registration Data and meters)."""
    from gbdcc.adapters.provisioning.market import DEMO_MARKET, generate_market, load_market
    from gbdcc.cli.store import open_store

    factory, _ = open_store(data_dir)
    market = generate_market(DEMO_MARKET, seed)
    with factory() as uow:
        load_market(uow, market)
        uow.commit()
    console.print(f"generated market (seed {seed}): {len(market.profiles)} Parties, {len(market.users)} User IDs, "
                  f"{len(market.periods):,} registration periods, {len(market.devices)} meters")


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()

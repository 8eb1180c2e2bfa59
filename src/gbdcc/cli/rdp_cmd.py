"""``gbdcc rdp``: Registration Data Providers and their files (``docs/rdp-files.md``).

``add`` registers an RDP (one RDP ID per RDP, R-USER-2; cadences R-REG-2); ``load FILE`` applies a file whole
or not at all and prints its response file (a refused file: the response on stdout, one ``error:`` line on
stderr, exit 2); ``status`` makes a status file; ``churn`` lists R-CHURN-1 flags; ``show`` says who is
registered for an MPxN at an instant; ``files`` / ``response`` read the file log; ``drop-folder`` runs the
drop folder once. These commands open only the database (never the DCC's keys or the simulated WAN), in
short transactions, so they run beside a ``gbdcc up`` serving the same data dir (SQLite WAL).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store, option_date

if TYPE_CHECKING:
    pass

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
#: Files with more lines than this get a progress bar (on stderr) while they load.
PROGRESS_FROM_LINES = 20_000
_PHASES = {"check": "checking lines", "read": "reading stored data", "plan": "planning", "write": "writing rows"}


@app.command("add")
def add(
    rdp_id: Annotated[str, typer.Option("--id", help="The RDP ID (1-32 letters, digits, _ or -)")],
    fuel: Annotated[str, typer.Option(help="E (electricity: MPANs) or G (gas: MPRNs)")],
    name: Annotated[str, typer.Option(help="The RDP's name")],
    first_sequence: Annotated[int, typer.Option(help="The sequence number of its first file")] = 1,
    files_monthly_from: Annotated[str | None, typer.Option(help="Monthly RDP→DCC files from (default: today)")]
    = None,
    files_daily_from: Annotated[str | None, typer.Option(help="Daily RDP→DCC files from (R-REG-2; default "
                                                              "GBDCC_RDP_DAILY_FILES_FROM)")] = None,
    status_monthly_from: Annotated[str | None, typer.Option(help="Monthly DCC→RDP status files from (default: "
                                                                 "today)")] = None,
    status_daily_from: Annotated[str | None, typer.Option(help="Daily DCC→RDP status files from (R-REG-2; default "
                                                               "GBDCC_RDP_DAILY_STATUS_FROM)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Register a Registration Data Provider (R-USER-2: one RDP ID per RDP, one fuel per RDP)."""
    from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
    from gbdcc.domain.rdp.model import Fuel
    from gbdcc.service.registration import add_rdp

    if fuel not in ("E", "G"):
        raise typer.BadParameter(f"--fuel is E or G, not {fuel!r}")
    factory, settings = open_store(data_dir)
    today = datetime.now(UTC).date()
    cadences = RdpCadences(
        Cadence(option_date(files_monthly_from, "--files-monthly-from") or today,
                option_date(files_daily_from, "--files-daily-from") or settings.rdp_daily_files_from),
        Cadence(option_date(status_monthly_from, "--status-monthly-from") or today,
                option_date(status_daily_from, "--status-daily-from") or settings.rdp_daily_status_from))
    rdp = add_rdp(factory, rdp_id, Fuel(fuel), name, cadences, added_on=today, first_sequence=first_sequence)
    console.print(f"RDP {rdp.rdp_id} ({rdp.name}), fuel {rdp.fuel.value}: next file {rdp.next_sequence}; files "
                  f"{rdp.cadences.files.describe()}; status files {rdp.cadences.status.describe()}")


class _Bar:
    """The load's progress as a Rich bar per phase, on stderr."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        task = self._tasks.get(phase)
        if task is None:
            task = self._tasks[phase] = self._progress.add_task(_PHASES.get(phase, phase), total=total)
        self._progress.update(task, completed=done, total=total)


@app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="A Registration Data file (HDR / REG / TRL lines)")],
    data_dir: DataDir = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Apply a Registration Data file whole or not at all, and print its response file."""
    from gbdcc.adapters.clock import SystemClock
    from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_path
    from gbdcc.domain.rdp.model import FileRejected
    from gbdcc.service.registration import RegistrationLoad

    factory, settings = open_store(data_dir)
    incoming = read_path(file, source="cli", max_bytes=settings.rdp_max_file_bytes)
    use_case = RegistrationLoad(factory, SystemClock(), CsvRegistrationFiles(), lenient=settings.test_pki)
    large = (incoming.line_count or 0) > PROGRESS_FROM_LINES and not quiet
    with Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True, disable=not large) as bar:
        loaded = use_case(incoming, progress=_Bar(bar))
    sys.stdout.write(loaded.response.decode())
    sys.stdout.flush()
    outcome = loaded.outcome
    if not outcome.accepted:
        raise FileRejected(f"{file.name} refused, nothing changed: {outcome.error_count} error(s), each bad line named "
                           f"in the response file (file {outcome.file_id} in the log)")
    if loaded.churn:
        typer.echo(f"note: {len(loaded.churn)} record(s) move an enrolled meter to a supplier that is not a DCC User "
                   "(R-CHURN-1): gbdcc rdp churn", err=True)


@app.command("list")
def list_rdps(data_dir: DataDir = None) -> None:
    """The registered RDPs with their next sequence numbers and cadences."""
    from gbdcc.service.registration import list_rdps as rdps

    factory, _ = open_store(data_dir)
    table = Table("RDP ID", "name", "fuel", "next file", "files (R-REG-2)", "status files", "last status")
    for r in rdps(factory):
        table.add_row(r.rdp_id, r.name, r.fuel.value, str(r.next_sequence), r.cadences.files.describe(),
                      r.cadences.status.describe(), str(r.last_status_on or ""))
    console.print(table)


@app.command("files")
def files(
    rdp_id: Annotated[str | None, typer.Option("--id", help="Only this RDP's files")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first")] = 20,
    data_dir: DataDir = None,
) -> None:
    """The file log: every file received, accepted or not, unsolicited refreshes marked (R-REG-1)."""
    factory, _ = open_store(data_dir)
    table = Table("file", "received", "RDP", "seq", "type", "outcome", "records", "errors", "unsolicited", "source",
                  "name")
    with factory(read_only=True) as uow:
        for f in uow.rdps.files(rdp_id, limit):
            table.add_row(str(f.file_id), f.received_at.isoformat(timespec="seconds"), f.rdp_id or "",
                          str(f.sequence or ""), f.kind.value if f.kind else "",
                          "accepted" if f.accepted else "refused", f"{f.records:,}", f"{f.errors:,}",
                          "yes" if f.unsolicited else "", f.source, f.name or "")
    console.print(table)


@app.command("response")
def response(file_id: Annotated[int, typer.Argument(help="The file id (gbdcc rdp files)")],
             data_dir: DataDir = None) -> None:
    """Print the response file that answered a file again."""
    from gbdcc.domain.rdp.model import RegistrationDataError

    factory, _ = open_store(data_dir)
    with factory(read_only=True) as uow:
        record = uow.rdps.file(file_id)
    if record is None:
        raise RegistrationDataError(f"no Registration Data file {file_id} in the log")
    sys.stdout.write(record.response.decode())


@app.command("status")
def status(
    rdp_id: Annotated[str, typer.Option("--id", help="The RDP")],
    day: Annotated[str | None, typer.Option("--date", help="The day of the status file (default today)")] = None,
    out: Annotated[Path | None, typer.Option(help="Write it to this file instead of stdout")] = None,
    data_dir: DataDir = None,
) -> None:
    """Make the RDP's status file: each of its MPxNs with a smart meter, Enrolled, Suspended or Withdrawn."""
    from gbdcc.adapters.clock import SystemClock
    from gbdcc.adapters.rdp.files import CsvRegistrationFiles
    from gbdcc.service.registration import status_file

    factory, _ = open_store(data_dir)
    made = status_file(factory, SystemClock(), CsvRegistrationFiles(), rdp_id,
                       option_date(day, "--date") or datetime.now(UTC).date())
    if out is None:
        sys.stdout.write(made.content.decode())
    else:
        out.write_bytes(made.content)
        console.print(f"status file of {rdp_id} for {made.status.day}: {len(made.status.entries):,} MPxN(s) → {out}")


@app.command("churn")
def churn(
    since: Annotated[str | None, typer.Option(help="Only moves effective from this date")] = None,
    limit: Annotated[int, typer.Option(help="How many at most")] = 1000,
    data_dir: DataDir = None,
) -> None:
    """R-CHURN-1: enrolled meters moved to suppliers that were not DCC Users, and the customers to tell."""
    from gbdcc.service.registration import churn_report

    factory, _ = open_store(data_dir)
    start = option_date(since, "--since")
    report = churn_report(factory, datetime.combine(start, datetime.min.time(), UTC) if start else None, limit)
    table = Table("MPxN", "effective from", "to supplier", "from supplier", "User from", "premises",
                  "HH exemption", "tell customer", "meters", "RDP", "file:line")
    for c in report.flags:
        f = c.flag
        table.add_row(f.mpxn, f.effective_from.isoformat(), str(f.new_supplier), str(f.previous_supplier or ""),
                      str(f.user_from or "not known"), "domestic" if f.domestic else "non-domestic",
                      "yes" if f.half_hourly_exempt else "", "yes" if f.customer_must_be_told else "",
                      " ".join(str(d) for d in f.devices), c.rdp_id, f"{c.file_id}:{f.line}")
    console.print(table)
    console.print(f"{len(report.flags)} flag(s); {len(report.customers_to_tell)} customer(s) to tell")


@app.command("show")
def show(
    mpxn: Annotated[str, typer.Argument(help="An MPAN or MPRN")],
    at: Annotated[str | None, typer.Option(help="ISO 8601 instant (default now)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Who is registered for the MPxN at an instant, and every period stored for it (SEC H3, R-SR-1)."""
    from gbdcc.domain.rdp.validate import parse_instant
    from gbdcc.service.registration import registered_parties

    factory, _ = open_store(data_dir)
    when = parse_instant(at, "--at") if at else datetime.now(UTC)
    with factory(read_only=True) as uow:
        now = registered_parties(uow, mpxn, when)
        periods = uow.registration.for_mpxns([mpxn])
        holder = uow.rdps.holders([mpxn]).get(mpxn)
    console.print(f"{mpxn} at {when.isoformat()}: " + (", ".join(
        f"{role} {' '.join(str(p) for p in sorted(parties))}" for role, parties in sorted(now.items())) or "nobody")
        + f"; RDP {holder or 'none'}")
    table = Table("role", "party", "from", "to")
    for p in periods:
        table.add_row(p.role.value, str(p.party), p.effective_from.isoformat(),
                      p.effective_to.isoformat() if p.effective_to else "")
    console.print(table)


@app.command("drop-folder")
def drop_folder(data_dir: DataDir = None) -> None:
    """Load every file waiting in <data dir>/rdp/in once (as gbdcc up does every minute)."""
    from gbdcc.adapters.clock import SystemClock
    from gbdcc.adapters.rdp.dropfolder import DropFolder

    factory, settings = open_store(data_dir)
    root = settings.data_dir
    run = DropFolder(root / "rdp", factory, SystemClock(), lenient=settings.test_pki,
                     max_bytes=settings.rdp_max_file_bytes).run_once()
    for d in run.files:
        console.print(f"{d.name}: {'accepted' if d.accepted else 'refused'} → {d.moved_to}; response {d.response}")
    for path in run.status_files:
        console.print(f"status file {path}")
    if not run.files and not run.status_files:
        console.print(f"nothing waiting in {root / 'rdp' / 'in'}")

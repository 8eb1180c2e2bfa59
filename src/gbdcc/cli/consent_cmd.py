"""``gbdcc consent``: Unambiguous Consent records and compromise declarations (R-CONSENT-1..3).

``add`` records a User's consent at a premises (an MPAN or MPRN; the other metering points on the same
Communications Hub name the same premises) for its purposes, with ``--third-party-notice`` when the consumer
was told that third parties may gain access (R-CONSENT-2); ``notice`` records that telling later;
``withdraw`` ends a consent; ``list`` shows them. ``compromise`` records a supplier's suspected compromise by a
Type 2 Device, with (``--inform-attempt``) or later (``informed``) its attempt to inform the consumer, which
lets it unjoin the device without consent (R-CONSENT-3); ``compromises`` lists them. The gateway checks them
on every request consent gates. Each opens only the database, so it runs beside a ``gbdcc up``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
At = Annotated[str | None, typer.Option("--at", help="When (ISO 8601; default now, UTC if no offset)")]


def _instant(text: str | None, what: str = "--at") -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what} is an ISO 8601 instant, not {text!r}") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _when(at: datetime | None) -> str:
    return "" if at is None else at.isoformat(timespec="seconds")


@app.command("add")
def add(
    user: Annotated[str, typer.Option("--user", help="The User's EUI-64 (who holds the consent)")],
    mpxn: Annotated[str, typer.Option("--mpxn", help="The premises: one of its MPANs or MPRNs")],
    purposes: Annotated[list[str], typer.Option(
        "--purpose", help="han-join (join / unjoin a CAD or Type 2 Device), consumption-data, or all (repeatable)")],
    given_at: Annotated[str | None, typer.Option("--given-at", help="When given (ISO 8601; default now)")] = None,
    notice: Annotated[bool, typer.Option(
        "--third-party-notice", help="The consumer was told third parties may gain access (R-CONSENT-2)")] = False,
    evidence: Annotated[str, typer.Option(help="How the consent was obtained (a reference to keep)")] = "",
    data_dir: DataDir = None,
) -> None:
    """Record a User's Unambiguous Consent at a premises (R-CONSENT-1)."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.compliance.consent_records import give_consent, parse_purposes

    uow_factory, settings = open_store(data_dir)
    at = _instant(given_at, "--given-at")
    record = give_consent(uow_factory, Eui64.parse(user), mpxn, parse_purposes(purposes), at,
                          third_party_notice_at=at if notice else None, evidence=evidence,
                          lenient=settings.test_pki)
    console.print(f"consent {record.consent_id}: {record.user_id} at {record.mpxn} for "
                  f"{', '.join(sorted(record.purposes))}, given {_when(record.given_at)}"
                  + ("; consumer told of third-party access" if notice else ""))


@app.command("withdraw")
def withdraw(consent_id: Annotated[int, typer.Argument(help="The consent's id")], at: At = None,
             data_dir: DataDir = None) -> None:
    """The consumer withdrew a consent: from then on it lets nothing through (R-CONSENT-1)."""
    from gbdcc.service.compliance.consent_records import withdraw_consent

    uow_factory, _settings = open_store(data_dir)
    record = withdraw_consent(uow_factory, consent_id, _instant(at))
    console.print(f"consent {consent_id} of {record.user_id} at {record.mpxn} withdrawn {_when(record.withdrawn_at)}")


@app.command("notice")
def notice(consent_id: Annotated[int, typer.Argument(help="The consent's id")], at: At = None,
           data_dir: DataDir = None) -> None:
    """The consumer was told that third parties may gain access to their data (R-CONSENT-2)."""
    from gbdcc.service.compliance.consent_records import record_notice

    uow_factory, _settings = open_store(data_dir)
    record = record_notice(uow_factory, consent_id, _instant(at))
    console.print(f"consent {consent_id}: consumer told of third-party access {_when(record.third_party_notice_at)}")


@app.command("list")
def list_(
    user: Annotated[str | None, typer.Option("--user", help="Only this User's")] = None,
    mpxn: Annotated[str | None, typer.Option("--mpxn", help="Only at this MPAN / MPRN")] = None,
    in_force: Annotated[bool, typer.Option("--in-force", help="Only consents in force now")] = False,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (newest first)")] = 50,
    data_dir: DataDir = None,
) -> None:
    """Consent records, newest first."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.compliance.consent_records import list_consents

    uow_factory, _settings = open_store(data_dir)
    found = list_consents(uow_factory, user_id=Eui64.parse(user) if user else None, mpxn=mpxn,
                          in_force_at=datetime.now(UTC) if in_force else None, limit=limit)
    table = Table("id", "User", "MPxN", "purposes", "given", "withdrawn", "third-party notice", "evidence",
                  title=f"Consent records ({len(found)})")
    for r in found:
        table.add_row(str(r.consent_id), str(r.user_id), r.mpxn, ", ".join(sorted(r.purposes)), _when(r.given_at),
                      _when(r.withdrawn_at), _when(r.third_party_notice_at), r.evidence)
    console.print(table)


@app.command("compromise")
def compromise(
    supplier: Annotated[str, typer.Option("--supplier", help="The supplier's User ID (EUI-64)")],
    device: Annotated[str, typer.Option("--device", help="The Type 2 Device believed to compromise the system")],
    reason: Annotated[str, typer.Option("--reason", help="Why the supplier believes it")],
    inform_attempt: Annotated[str | None, typer.Option(
        "--inform-attempt", help="The attempt to inform the consumer (what was done)")] = None,
    at: At = None,
    data_dir: DataDir = None,
) -> None:
    """Declare a suspected compromise by a Type 2 Device: its supplier may then unjoin it without consent
    once its attempt to inform the consumer is recorded (R-CONSENT-3)."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.compliance.consent_records import declare_compromise

    uow_factory, _settings = open_store(data_dir)
    when = _instant(at)
    d = declare_compromise(uow_factory, Eui64.parse(supplier), Eui64.parse(device), when, reason,
                           inform_attempt_at=when if inform_attempt else None, inform_attempt=inform_attempt)
    console.print(f"compromise declaration {d.declaration_id}: {d.supplier_id} about {d.device_id} at "
                  f"{_when(d.declared_at)}; " + ("attempt to inform recorded: the supplier may unjoin it"
                                                 if inform_attempt else "record the attempt to inform the consumer "
                                                 f"with `gbdcc consent informed {d.declaration_id}`"))


@app.command("informed")
def informed(
    declaration_id: Annotated[int, typer.Argument(help="The compromise declaration's id")],
    attempt: Annotated[str, typer.Option("--attempt", help="What was done to inform the consumer")],
    at: At = None,
    data_dir: DataDir = None,
) -> None:
    """Record the supplier's attempt to inform the consumer of a compromise declaration (R-CONSENT-3)."""
    from gbdcc.service.compliance.consent_records import record_inform_attempt

    uow_factory, _settings = open_store(data_dir)
    d = record_inform_attempt(uow_factory, declaration_id, _instant(at), attempt)
    console.print(f"compromise declaration {declaration_id}: attempt to inform recorded {_when(d.inform_attempt_at)}")


@app.command("compromises")
def compromises(limit: Annotated[int, typer.Option(min=0, help="At most this many (newest first)")] = 50,
                data_dir: DataDir = None) -> None:
    """Compromise declarations, newest first (R-CONSENT-3)."""
    from gbdcc.service.compliance.consent_records import list_declarations

    uow_factory, _settings = open_store(data_dir)
    found = list_declarations(uow_factory, limit=limit)
    table = Table("id", "supplier", "device", "declared", "reason", "attempt to inform", "at",
                  title=f"Compromise declarations ({len(found)})")
    for d in found:
        table.add_row(str(d.declaration_id), str(d.supplier_id), str(d.device_id), _when(d.declared_at), d.reason,
                      d.inform_attempt or "", _when(d.inform_attempt_at))
    console.print(table)

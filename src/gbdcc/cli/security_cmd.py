"""``gbdcc security``: the DCC's security registers (R-SEC-1, R-SEC-2; ``service.security``).

``tokens issue|end|list`` — Cryptographic Credential Tokens (FIPS 140-2 Level 3, tested before issue);
``software register|distribute|list`` — File Signing Software releases (tested and code-reviewed before issue,
the published hash of ``gbdcc sign-file --software-hash`` by default) and the copies given to Authorised
Subscribers; ``notices issue|list`` — vulnerability notices, sent to the relevant Authorised Subscribers only;
``disputes raise|decide|appeal|refer|notify-default|list`` — security disputes. Database only (``_store``).
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
tokens_app = Typer(no_args_is_help=True)
software_app = Typer(no_args_is_help=True)
notices_app = Typer(no_args_is_help=True)
disputes_app = Typer(no_args_is_help=True)
app.add_typer(tokens_app, name="tokens", help="Cryptographic Credential Tokens issued (R-SEC-2).")
app.add_typer(software_app, name="software", help="File Signing Software releases and copies (R-SEC-2).")
app.add_typer(notices_app, name="notices", help="Vulnerability notices to the relevant Authorised Subscribers.")
app.add_typer(disputes_app, name="disputes", help="Security disputes: Panel, Authority, arbitration (R-SEC-1).")
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
On = Annotated[str | None, typer.Option("--on", help="The date, YYYY-MM-DD (default today)")]


def _now() -> datetime:
    return datetime.now(UTC)


def _on(text: str | None) -> date:
    return option_date(text, "--on") or _now().date()


def _required(text: str, what: str) -> date:
    found = option_date(text, what)
    assert found is not None
    return found


@tokens_app.command("issue")
def token_issue(
    token_id: Annotated[str, typer.Option("--id", help="The token's id (serial number)")],
    holder: Annotated[str, typer.Option(help="The Authorised Subscriber's EUI-64")],
    model: Annotated[str, typer.Option(help="The token model")],
    tested_on: Annotated[str, typer.Option(help="The date the token was tested, YYYY-MM-DD")],
    fips_level: Annotated[int, typer.Option(help="Its FIPS 140-2 level (3 required)")] = 3,
    data_dir: DataDir = None,
) -> None:
    """Record a Cryptographic Credential Token issued now (refused unless tested and FIPS 140-2 Level 3)."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.domain.security import CredentialToken
    from gbdcc.service.security.registers import issue_token

    uow_factory, _ = open_store(data_dir)
    t = issue_token(uow_factory, CredentialToken(token_id, Eui64.parse(holder), model, fips_level,
                                                 _required(tested_on, "--tested-on"), _now()))
    console.print(f"token {t.token_id} ({t.model}, FIPS 140-2 Level {t.fips_level}) issued to {t.holder}")


@tokens_app.command("end")
def token_end(
    token_id: Annotated[str, typer.Argument(help="The token's id")],
    returned: Annotated[bool, typer.Option("--returned/--revoked", help="Returned by its holder, or revoked")]
    = False,
    data_dir: DataDir = None,
) -> None:
    """Record a token revoked (default) or returned, now."""
    from gbdcc.domain.security import TokenEnd
    from gbdcc.service.security.registers import end_token

    uow_factory, _ = open_store(data_dir)
    t = end_token(uow_factory, token_id, TokenEnd.RETURNED if returned else TokenEnd.REVOKED, _now())
    console.print(f"token {t.token_id} {t.end} at {t.ended_at}")


@tokens_app.command("list")
def token_list(data_dir: DataDir = None) -> None:
    """The tokens issued, oldest first."""
    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        rows = uow.security.tokens()
    table = Table("token", "holder", "model", "FIPS", "tested", "issued", "ended")
    for t in rows:
        table.add_row(t.token_id, str(t.holder), t.model, str(t.fips_level), str(t.tested_on),
                      t.issued_at.isoformat(timespec="seconds"), f"{t.end} {t.ended_at:%Y-%m-%d}" if t.ended_at else "")
    console.print(table)


@software_app.command("register")
def software_register(
    tested_on: Annotated[str, typer.Option(help="The date the release was tested, YYYY-MM-DD")],
    reviewed_on: Annotated[str, typer.Option(help="The date its code review was completed, YYYY-MM-DD")],
    version: Annotated[str | None, typer.Option(help="The release (default: this gbdcc's File Signing Software)")]
    = None,
    sha256: Annotated[str | None, typer.Option(help="Its published SHA-256 (default: gbdcc sign-file "
                                                    "--software-hash)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Record a File Signing Software release issued now (refused unless tested and code-reviewed by then)."""
    from gbdcc.client.file_signing import SOFTWARE_VERSION, software_hash
    from gbdcc.domain.security import SigningSoftwareRelease
    from gbdcc.service.security.registers import register_release

    uow_factory, _ = open_store(data_dir)
    r = register_release(uow_factory, SigningSoftwareRelease(
        version or SOFTWARE_VERSION, sha256 or software_hash(), _required(tested_on, "--tested-on"),
        _required(reviewed_on, "--reviewed-on"), _now()))
    console.print(f"File Signing Software {r.version} sha256 {r.sha256} registered")


@software_app.command("distribute")
def software_distribute(
    version: Annotated[str, typer.Argument(help="The release")],
    to: Annotated[str, typer.Option("--to", help="The Authorised Subscriber's EUI-64")],
    data_dir: DataDir = None,
) -> None:
    """Record a copy of a release given to an Authorised Subscriber, now."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.security.registers import distribute_software

    uow_factory, _ = open_store(data_dir)
    c = distribute_software(uow_factory, version, Eui64.parse(to), _now())
    console.print(f"File Signing Software {c.version} distributed to {c.subscriber}")


@software_app.command("list")
def software_list(data_dir: DataDir = None) -> None:
    """The releases and how many copies of each were distributed."""
    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        releases, copies = uow.security.releases(), uow.security.copies()
    table = Table("version", "sha256", "tested", "reviewed", "issued", "copies")
    for r in releases:
        table.add_row(r.version, r.sha256, str(r.tested_on), str(r.reviewed_on),
                      r.issued_at.isoformat(timespec="seconds"), str(sum(c.version == r.version for c in copies)))
    console.print(table)


@notices_app.command("issue")
def notice_issue(
    summary: Annotated[str, typer.Option(help="What the vulnerability is")],
    token_model: Annotated[str | None, typer.Option(help="The affected token model")] = None,
    software: Annotated[str | None, typer.Option(help="The affected File Signing Software version or SHA-256")]
    = None,
    data_dir: DataDir = None,
) -> None:
    """Record a vulnerability notice, sent to the Authorised Subscribers holding what it affects."""
    from gbdcc.domain.security import Affects
    from gbdcc.service.security.registers import issue_notice

    if (token_model is None) == (software is None):
        raise typer.BadParameter("name what is affected: --token-model or --software (one of them)")
    affects, affected = ((Affects.TOKEN_MODEL, token_model) if token_model is not None
                         else (Affects.FILE_SIGNING_SOFTWARE, software or ""))
    uow_factory, _ = open_store(data_dir)
    n = issue_notice(uow_factory, affects, affected, summary, _now())
    console.print(f"notice {n.notice_id} ({n.affects} {n.affected}) sent to {len(n.recipients)} Authorised "
                  f"Subscriber(s): {' '.join(map(str, n.recipients)) or '-'}")


@notices_app.command("list")
def notice_list(data_dir: DataDir = None) -> None:
    """The notices issued, with their recipients."""
    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        rows = uow.security.notices()
    table = Table("id", "issued", "affects", "affected", "summary", "recipients")
    for n in rows:
        table.add_row(str(n.notice_id), n.issued_at.isoformat(timespec="seconds"), n.affects.value, n.affected,
                      n.summary, " ".join(map(str, n.recipients)))
    console.print(table)


@disputes_app.command("raise")
def dispute_raise(
    user: Annotated[str, typer.Option(help="The User whose compliance is disputed (EUI-64)")],
    sections: Annotated[str, typer.Option(help="The Sections, comma-separated: G3, G4, G5, G6")],
    summary: Annotated[str, typer.Option(help="What is disputed")],
    data_dir: DataDir = None,
) -> None:
    """Record a security dispute for the Panel (R-SEC-1)."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.security.registers import raise_dispute

    uow_factory, _ = open_store(data_dir)
    d = raise_dispute(uow_factory, Eui64.parse(user), [s.strip().upper() for s in sections.split(",") if s.strip()],
                      summary, _now())
    console.print(f"dispute {d.dispute_id}: {d.user} against {', '.join(d.sections)} — for the Panel")


@disputes_app.command("decide")
def dispute_decide(
    dispute_id: Annotated[int, typer.Argument(help="The dispute")],
    complied: Annotated[bool, typer.Option("--complied/--not-complied", help="The Panel's decision")],
    on: On = None,
    note: Annotated[str | None, typer.Option(help="The decision's reasons")] = None,
    data_dir: DataDir = None,
) -> None:
    """Record the Panel's decision."""
    from gbdcc.domain.security import DisputeOutcome
    from gbdcc.service.security.registers import decide

    uow_factory, _ = open_store(data_dir)
    d = decide(uow_factory, dispute_id, DisputeOutcome.COMPLIED if complied else DisputeOutcome.NOT_COMPLIED,
               _on(on), note)
    console.print(f"dispute {d.dispute_id}: the Panel decided {d.decision} on {d.decided_on}")


@disputes_app.command("appeal")
def dispute_appeal(
    dispute_id: Annotated[int, typer.Argument(help="The dispute")],
    grounds: Annotated[str, typer.Option(help="The grounds of the appeal")],
    on: On = None,
    data_dir: DataDir = None,
) -> None:
    """Record an appeal of the Panel's decision to the Authority."""
    from gbdcc.service.security.registers import appeal

    uow_factory, _ = open_store(data_dir)
    d = appeal(uow_factory, dispute_id, _on(on), grounds)
    console.print(f"dispute {d.dispute_id}: appealed to the Authority on {d.appealed_on}")


@disputes_app.command("refer")
def dispute_refer(
    dispute_id: Annotated[int, typer.Argument(help="The dispute")],
    matter: Annotated[str, typer.Option(help="The consequential matter, e.g. damages")],
    on: On = None,
    data_dir: DataDir = None,
) -> None:
    """Record a consequential dispute referred to arbitration (M7)."""
    from gbdcc.service.security.registers import refer_to_arbitration

    uow_factory, _ = open_store(data_dir)
    d = refer_to_arbitration(uow_factory, dispute_id, matter, _on(on))
    console.print(f"dispute {d.dispute_id}: {d.arbitration_matter} referred to arbitration on {d.referred_on}")


@disputes_app.command("notify-default")
def dispute_notify_default(
    dispute_id: Annotated[int, typer.Argument(help="The dispute")],
    data_dir: DataDir = None,
) -> None:
    """Record the Event of Default notified to the Panel now — no determination needed first."""
    from gbdcc.service.security.registers import notify_event_of_default

    uow_factory, _ = open_store(data_dir)
    d = notify_event_of_default(uow_factory, dispute_id, _now())
    console.print(f"dispute {d.dispute_id}: Event of Default notified to the Panel at {d.default_notified_at}")


@disputes_app.command("list")
def dispute_list(data_dir: DataDir = None) -> None:
    """The security disputes and their steps."""
    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        rows = uow.security.disputes()
    table = Table("id", "user", "sections", "raised", "Panel", "appeal", "arbitration", "default notified")
    for d in rows:
        table.add_row(str(d.dispute_id), str(d.user), " ".join(d.sections), f"{d.raised_at:%Y-%m-%d}",
                      f"{d.decision} {d.decided_on}" if d.decision else "", str(d.appealed_on or ""),
                      f"{d.arbitration_matter} {d.referred_on}" if d.referred_on else "",
                      f"{d.default_notified_at:%Y-%m-%d %H:%M}" if d.default_notified_at else "")
    console.print(table)

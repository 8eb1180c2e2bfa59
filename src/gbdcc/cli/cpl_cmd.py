"""``gbdcc cpl``: the Certified Products List signed by SECCo with its IKI key (R-PKI-2, R-SEC-3).

* ``sign INPUT.json --out FILE`` — as SECCo: the CPL of INPUT (``{"version", "entries": [{"device_type",
  "manufacturer", "model", "hardware_version", "firmware": [{"version", "sha256"}]}]}``; ``issued_at``
  optional) in canonical form, signed with SECCo's IKI file-signing key (made on first use in the data
  dir). An input carrying Manufacturer Release Notes is refused (R-SEC-3).
* ``load FILE`` — as the DCC: verified against the IKI root the DCC holds (signature, chain, key usage,
  SECCo's Party Signifier), read, stored; it is in force from then on if its version is the highest.
* ``show`` — the CPL in force (as ``gbdcc report cpl``).

All three open only the data dir, so they run beside a ``gbdcc up`` serving it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


@app.command("sign")
def sign(
    source: Annotated[Path, typer.Argument(help="The CPL input (JSON)", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", help="Where to write the signed CPL file")],
    version: Annotated[int | None, typer.Option(min=1, help="The CPL version (default: the input's)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Sign a CPL as SECCo with its IKI file-signing key (R-PKI-2); refuses release notes (R-SEC-3)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.smki.cpl_file import sign_cpl
    from gbdcc.adapters.smki.iki import Iki
    from gbdcc.domain import cpl as cpl_model
    from gbdcc.domain.errors import CplMalformed
    from gbdcc.domain.ids import Eui64

    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CplMalformed(f"{source}: not a JSON CPL input ({exc})") from None
    s = bootstrap.settings(data_dir)
    now = datetime.now(UTC)
    issued = None if isinstance(data, dict) and "issued_at" in data else now
    cpl = cpl_model.build(data, version=version, issued_at=issued)
    passphrase = s.key_passphrase.encode() if s.key_passphrase else None
    iki = Iki.load_or_create(s.data_dir, passphrase, party_signifier=Eui64.parse(s.secco_party_signifier))
    out.write_bytes(sign_cpl(cpl_model.canonical_bytes(cpl), iki))
    console.print(f"CPL version {cpl.version}: {len(cpl.entries)} device model(s), {cpl.firmware_count()} firmware "
                  f"version(s), signed by SECCo (Party Signifier {iki.party_signifier}) → {out}")


@app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="A signed CPL file", exists=True, dir_okay=False)],
    data_dir: DataDir = None,
) -> None:
    """Verify a signed CPL against the IKI root the DCC holds and store it (R-PKI-2)."""
    from gbdcc import bootstrap
    from gbdcc.service.cpl.load import load_cpl

    uow_factory, s = open_store(data_dir)
    with uow_factory() as uow:
        record = load_cpl(uow, path.read_bytes(), bootstrap.cpl_verifier(s), datetime.now(UTC))
        uow.commit()
    console.print(f"CPL version {record.version} verified (signed by {record.signer}) and loaded: "
                  f"{record.entries} device model(s); commissioning is checked against it from now on")


@app.command("show")
def show(
    as_json: Annotated[bool, typer.Option("--json", help="Print as one JSON document")] = False,
    data_dir: DataDir = None,
) -> None:
    """The CPL in force: version, signer, verification result, entries (as ``gbdcc report cpl``)."""
    from gbdcc.cli import report_cmd

    report_cmd.show("cpl", data_dir, as_json, None, None)

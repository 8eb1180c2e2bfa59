"""``gbdcc gbcs``: GBCS transform of DUIS requests (the DCC's transformation, for checking from outside)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer

app = Typer(no_args_is_help=True)


@app.command("transform")
def transform(
    template: Annotated[Path, typer.Argument(help="DUIS request XML")],
    keys: Annotated[Path, typer.Option(help="Keys directory: <eui>-ds|ka.pem|key")],
    counter: Annotated[int | None, typer.Option(help="Originator counter (default: the RequestID counter)")]
    = None,
    device_type: Annotated[list[str] | None, typer.Option(
        "--device-type", help="EUI=TYPE for the target device (default: the RTDS test estate)")] = None,
) -> None:
    """Print the Pre-Command (critical SRV) or the MAC'd command (non-critical) as upper-case hex."""
    from gbdcc.adapters.gbcs.cli_transform import transform_command

    typer.echo(transform_command(template, keys, counter, device_type or []))


@app.command("sign-precommand")
def sign_precommand(
    precommand: Annotated[str, typer.Argument(help="The Pre-Command as hex (or base64) from the CV4's I0")],
    key: Annotated[Path, typer.Option(help="The User's GBCS digital-signing private key (PEM)")],
) -> None:
    """Sign a Pre-Command as a User would (GBCS 7.2.8): prints the signed General-Signing APDU as hex,
    the GBCSPayload of the CV5's SignedPreCommand."""
    import base64
    import binascii

    from gbdcc.adapters.duis.sign_tool import load_signing_key
    from gbdcc.adapters.gbcs.frame import sign_precommand as sign
    from gbdcc.domain.errors import GbcsError

    text = "".join(precommand.split())
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise GbcsError("the Pre-Command is neither hex nor base64", rule="GBCS") from None
    typer.echo(sign(raw, load_signing_key(key.read_bytes())).hex().upper())

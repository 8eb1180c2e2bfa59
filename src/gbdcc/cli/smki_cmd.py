"""``gbdcc smki``: the DCC's own certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("dcc-xml-cert")
def dcc_xml_cert(data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None) -> None:
    """Print the PEM certificate the DCC signs DUIS responses with."""
    from gbdcc import bootstrap

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    typer.echo(instance.identity.xml_signing_cert_pem(), nl=False)

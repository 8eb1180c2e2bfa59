"""``gbdcc tls``: TLS credentials for DCC Gateway Connections from the data dir's SIMULATED DCCKI CA.

``server-cert`` issues the certificate ``gbdcc up --tls-cert/--tls-key`` presents; ``client-cert`` a User's
certificate for ``gbdcc duis send --tls-cert/--tls-key``; ``ca`` prints where the CA certificate is (what
``gbdcc up --tls-client-ca`` and ``gbdcc duis send --tls-ca`` take). See ``adapters.smki.dccki``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import DataDir

app = Typer(no_args_is_help=True)


def _authority(data_dir: Path | None) -> object:
    from gbdcc import bootstrap
    from gbdcc.adapters.smki.dccki import DcckiAuthority

    s = bootstrap.settings(data_dir)
    return DcckiAuthority.load_or_create(s.data_dir, s.key_passphrase.encode() if s.key_passphrase else None)


@app.command("ca")
def ca(data_dir: DataDir = None) -> None:
    """Print the path of the DCCKI CA certificate (created on first use)."""
    from gbdcc.adapters.smki.dccki import DcckiAuthority

    authority = _authority(data_dir)
    assert isinstance(authority, DcckiAuthority)
    typer.echo(str(authority.path.resolve()))


@app.command("server-cert")
def server_cert(
    out: Annotated[Path, typer.Option(help="Directory to write server.pem and server.key into")],
    host: Annotated[list[str] | None, typer.Option(
        "--host", help="A host name or IP address clients reach gbdcc at (repeat; default 127.0.0.1, localhost)")]
    = None,
    data_dir: DataDir = None,
) -> None:
    """Issue the server certificate for ``gbdcc up --tls-cert/--tls-key`` (serverAuth)."""
    from gbdcc.adapters.smki.dccki import DcckiAuthority

    authority = _authority(data_dir)
    assert isinstance(authority, DcckiAuthority)
    cred = authority.issue_server(host or ["127.0.0.1", "localhost"], out)
    typer.echo(f"server certificate {cred.cert_path}, key {cred.key_path} (CA {authority.path})")


@app.command("client-cert")
def client_cert(
    user: Annotated[str, typer.Option(help="The User ID (EUI-64) the certificate names")],
    out: Annotated[Path, typer.Option(help="Directory to write client.pem and client.key into")],
    data_dir: DataDir = None,
) -> None:
    """Issue a User's client certificate for ``gbdcc duis send --tls-cert/--tls-key`` (clientAuth)."""
    from gbdcc.adapters.smki.dccki import DcckiAuthority
    from gbdcc.domain.ids import Eui64

    authority = _authority(data_dir)
    assert isinstance(authority, DcckiAuthority)
    cred = authority.issue_client(str(Eui64.parse(user)), out)
    typer.echo(f"client certificate {cred.cert_path}, key {cred.key_path} (CA {authority.path})")

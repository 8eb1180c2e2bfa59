"""``gbdcc duis``: sign, verify and send DUIS messages (what a User's adapter does)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("sign")
def sign(
    request: Annotated[Path, typer.Argument(help="DUIS request XML (any existing signature is replaced)")],
    key: Annotated[Path, typer.Option(help="User's XML-signing private key (PEM, PKCS#8)")],
    cert: Annotated[Path, typer.Option(help="User's XML-signing certificate (PEM)")],
    counter: Annotated[int | None, typer.Option(help="RequestID counter (default: keep the request's)")] = None,
) -> None:
    """Sign a DUIS request as a User; writes compact signed XML to stdout."""
    from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request

    signed = sign_request(request.read_bytes(), load_signing_key(key.read_bytes()),
                          load_certificate(cert.read_bytes()), counter=counter, preserve_counter=counter is None)
    sys.stdout.buffer.write(signed)


@app.command("verify")
def verify(
    message: Annotated[Path, typer.Argument(help="Signed DUIS request or response")],
    cert: Annotated[Path, typer.Option(help="Signer's certificate (PEM)")],
) -> None:
    """Verify a DUIS message's XML signature against a certificate (exit 0 = valid)."""
    from cryptography import x509

    from gbdcc.adapters.duis.safe_xml import parse_xml
    from gbdcc.adapters.duis.signature import verify_signature
    from gbdcc.domain.errors import GbdccError

    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    try:
        verify_signature(parse_xml(message.read_bytes(), max_bytes=64 * 1024 * 1024), certificate)
    except GbdccError as err:
        typer.echo(f"invalid: {err}")
        raise typer.Exit(1) from err
    typer.echo("valid")


@app.command("send")
def send(
    message: Annotated[Path, typer.Argument(help="Signed DUIS request")],
    url: Annotated[str, typer.Option(help="gbdcc base URL")] = "http://127.0.0.1:8079",
) -> None:
    """POST a signed request to the web service its Command Variant belongs to; print the reply."""
    import httpx

    from gbdcc.adapters.duis.request import parse_request
    from gbdcc.domain.catalogue import web_service_for

    raw = message.read_bytes()
    path = web_service_for(parse_request(raw).command_variant).path
    reply = httpx.post(url.rstrip("/") + path, content=raw, headers={"Content-Type": "application/xml"},
                       timeout=60)
    typer.echo(f"HTTP {reply.status_code} {reply.headers.get('X-GBDCC-Response-Code', '')}", err=True)
    for header in ("X-GBDCC-Error-Code", "X-GBDCC-Rule", "X-GBDCC-Reason"):
        if header in reply.headers:
            typer.echo(f"{header}: {reply.headers[header]}", err=True)
    sys.stdout.buffer.write(reply.content)
    if reply.status_code >= 400:
        raise typer.Exit(1)

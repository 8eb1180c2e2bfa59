"""``gbdcc duis``: sign, verify and send DUIS messages (what a User's adapter does)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer

app = Typer(no_args_is_help=True)


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


def _key(path: Path | None) -> object:
    from gbdcc.adapters.duis.sign_tool import load_signing_key

    return None if path is None else load_signing_key(path.read_bytes())


@app.command("send")
def send(
    message: Annotated[Path, typer.Argument(help="DUIS request (signed; or unsigned with --key/--cert)")],
    url: Annotated[str, typer.Option(envvar="GBDCC_URL", help="gbdcc base URL (or GBDCC_URL)")]
    = "http://127.0.0.1:8079",
    key: Annotated[Path | None, typer.Option(help="User's XML-signing key: sign the request (and the CV5)")] = None,
    cert: Annotated[Path | None, typer.Option(help="User's XML-signing certificate (with --key)")] = None,
    gbcs_key: Annotated[Path | None, typer.Option(
        "--gbcs-key", help="User's GBCS digital-signing key: follow the critical flow (CV4 → sign → CV5)")] = None,
    keep_counter: Annotated[bool, typer.Option(
        "--keep-counter/--fresh-counter", help="With --key: keep the request's RequestID counter, or set it to "
                                               "the time in ms (default, as the DCC's signing tool)")] = False,
    tls_cert: Annotated[Path | None, typer.Option(
        "--tls-cert", help="Mutual TLS: the User's client certificate (PEM; `gbdcc tls client-cert`)")] = None,
    tls_key: Annotated[Path | None, typer.Option("--tls-key", help="The private key of --tls-cert")] = None,
    tls_ca: Annotated[Path | None, typer.Option(
        "--tls-ca", help="Trust this CA for an https:// DCC (`gbdcc tls ca`; default the system's)")] = None,
) -> None:
    """POST a request to the web service its Command Variant belongs to and print the reply (the signed
    DUIS Response on stdout, the outcome on stderr). With --gbcs-key a critical CV4 is completed: the
    Pre-Command is correlated with the request, signed and sent back as CV5 with the same RequestID."""
    from gbdcc.adapters.duis.client import DuisClient, tls_context
    from gbdcc.adapters.duis.sign_tool import load_certificate

    tls = tls_context(tls_ca, tls_cert, tls_key) if url.startswith("https:") else None
    client = DuisClient(url, xml_key=_key(key), xml_cert=load_certificate(cert.read_bytes()) if cert else None,  # type: ignore[arg-type]
                        gbcs_key=_key(gbcs_key), fresh_counter=not keep_counter, tls=tls)  # type: ignore[arg-type]
    replies = client.send(message.read_bytes())
    for reply in replies:
        typer.echo(f"HTTP {reply.status} {reply.response_code or reply.headers.get('x-gbdcc-response-code', '')}",
                   err=True)
        for header in ("x-gbdcc-error-code", "x-gbdcc-rule", "x-gbdcc-reason"):
            if header in reply.headers:
                typer.echo(f"{header}: {reply.headers[header]}", err=True)
    sys.stdout.buffer.write(replies[-1].body)
    last = replies[-1]
    if last.status >= 400 or (last.response_code or "I").startswith("E"):
        raise typer.Exit(1)


@app.command("receive")
def receive(
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8090,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    dcc_cert: Annotated[Path | None, typer.Option(help="The DCC's XML-signing certificate (PEM)")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Or: read it from this instance")] = None,
    keys: Annotated[Path | None, typer.Option(help="The User's GBCS keys: decode and decrypt payloads")] = None,
    out: Annotated[Path | None, typer.Option(help="Also save each message to this directory")] = None,
) -> None:
    """Run a receive-response service as a User would: verify each DCC-signed message, answer 204
    (400 when invalid) and print it decoded."""
    import uvicorn
    from cryptography import x509

    from gbdcc.adapters.duis.receiver import ReceivedMessage, create_receiver_app
    from gbdcc.adapters.gbcs.keys import KeyRing
    from gbdcc.cli.output import make_console

    console = make_console()
    if dcc_cert is not None:
        certificate = x509.load_pem_x509_certificate(dcc_cert.read_bytes())
    else:
        from gbdcc import bootstrap

        certificate = bootstrap.open_instance(bootstrap.settings(data_dir)).identity.xml_signing_cert
    ring = KeyRing.load(keys) if keys else None
    seen = [0]

    def show(m: ReceivedMessage) -> None:
        seen[0] += 1
        what = (m.alert_code and f"alert {m.alert_code}") or f"SRV {m.srv}"
        console.print(f"[bold]{m.kind}[/bold] {m.response_code} {what} RequestID {m.request_id or '-'} "
                      f"ResponseID {m.response_id or '-'} (signature verified)")
        if m.decoded is not None:
            d = m.decoded
            h = d.message.header
            console.print(f"  GBCS {d.use_case or ''} 0x{h.message_code:04X} from {h.originator} to {h.recipient}: "
                          f"MAC {d.mac_status}, signature {d.signature_status}, payload {d.payload_status}"
                          + (f", {len(d.encrypted)} encrypted block(s)" if d.encrypted else ""), highlight=False)
            for name, value in (d.payload or {}).items():
                console.print(f"    {name}: {value}", markup=False, highlight=False)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{seen[0]:05d}-{m.kind}.xml").write_bytes(m.body)

    def refused(raw: bytes, why: str) -> None:
        console.print(f"[red]refused (400)[/red]: {why}")

    console.print(f"receiving DUIS responses and alerts on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(create_receiver_app(certificate, show, keys=ring, on_refused=refused), host=host, port=port,
                log_level="warning")

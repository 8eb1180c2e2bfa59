"""The ``gbdcc`` command line (Typer). Sub-commands import their adapters lazily so ``gbdcc --help`` is fast.

Every command honours ``GBDCC_TEST_PKI=1`` (test-PKI mode: expired DCC test certificates accepted, lenient
MPxN check digits), read through :class:`gbdcc.config.Settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gbdcc.cli import (
    audit_cmd,
    consent_cmd,
    cos_cmd,
    coverage_cmd,
    cpl_cmd,
    deliveries_cmd,
    dr_cmd,
    duis_cmd,
    estate_cmd,
    gbcs_cmd,
    hubs_cmd,
    incidents_cmd,
    parties_cmd,
    rdp_cmd,
    releases_cmd,
    report_cmd,
    scenario_cmd,
    security_cmd,
    signing_cmd,
    smki_cmd,
    support_cmd,
    tls_cmd,
    users_cmd,
    utrn_cmd,
)
from gbdcc.cli.errors import Typer
from gbdcc.cli.portal_cmd import app as portal_app
from gbdcc.cli.quarantine_cmd import app as quarantine_app
from gbdcc.cli.scaled_cmd import scaled_start, serve_role
from gbdcc.wiring.roles import HTTP_ROLES

app = Typer(
    name="gbdcc",
    help="gbdcc — an open-source GB smart metering DCC: DUIS gateway, SMKI, GBCS and a simulated estate.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(users_cmd.app, name="users", help="DCC Users: register User IDs in roles with their signing certs.")
app.add_typer(smki_cmd.app, name="smki", help="SMKI: the DCC's certificates, test PKI import.")
app.add_typer(duis_cmd.app, name="duis", help="DUIS messages: sign, verify, send.")
app.add_typer(gbcs_cmd.app, name="gbcs", help="GBCS messages: transform DUIS requests.")
app.add_typer(estate_cmd.app, name="estate", help="The simulated estate of premises and devices.")
app.add_typer(audit_cmd.app, name="audit", help="The audit trail: decisions, rules and reasons.")
app.add_typer(deliveries_cmd.app, name="deliveries", help="Delivery of responses and alerts: the failed queue.")
app.add_typer(rdp_cmd.app, name="rdp", help="Registration Data Providers: RDPs, their files, status files, churn.")
app.add_typer(cos_cmd.app, name="cos", help="Change of Supplier: the ECoS migration campaign (TCoS → ECoS / null).")
app.add_typer(cpl_cmd.app, name="cpl", help="The Certified Products List: sign (SECCo), load, show (R-PKI-2).")
app.add_typer(quarantine_app, name="quarantine", help="Anomaly detection: a User's quarantined requests, release.")
app.add_typer(report_cmd.app, name="report", help="Compliance reports: mandates, ERO, post-commissioning, CPL.")
app.add_typer(tls_cmd.app, name="tls", help="TLS for DCC Gateway Connections: server / client certificates (DCCKI).")
app.add_typer(parties_cmd.app, name="parties", help="Market-party profiles: type, size, licences, User IDs.")
app.add_typer(consent_cmd.app, name="consent", help="Consent: Unambiguous Consent records, compromise declarations.")
app.add_typer(scenario_cmd.app, name="scenario", help="Scenarios on the simulated estate: outages, tamper, cold snaps.")
app.add_typer(security_cmd.app, name="security", help="Security: tokens, signing software, notices, disputes.")
app.add_typer(hubs_cmd.app, name="hubs", help="Communications Hubs: forecasts, orders, deliveries, returns, HAN trace.")
app.add_typer(coverage_cmd.app, name="coverage", help="SM WAN coverage: check a postcode, Network Enhancement Plans.")
app.add_typer(portal_app, name="portal", help="The Self-Service Interface: portal accounts (R-OPS-2).")
app.add_typer(incidents_cmd.app, name="incidents", help="Incident Management: raise, assign, resolve, close (R-INC-1).")
app.add_typer(support_cmd.app, name="support", help="Additional Support for Testing Participants (R-SUPPORT-1).")
app.add_typer(dr_cmd.app, name="dr", help="Disaster recovery: backup, restore, drill, relief (R-DR-1).")
app.add_typer(releases_cmd.app, name="releases", help="Release management: notices of DCC system changes (R-OPS-1).")
app.command("sign-file")(signing_cmd.sign_file)
app.command("verify-file")(signing_cmd.verify_file)
app.command("utrn")(utrn_cmd.utrn)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]


@app.command()
def up(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8079,
    data_dir: DataDir = None,
    demo_parties: Annotated[bool, typer.Option(
        "--demo/--no-demo", help="Register the demo supplier and network operator (keys in the data dir) and "
                                 "register the estate to them")] = True,
    estate_premises: Annotated[int, typer.Option(
        help="Premises of simulated estate generated on first start (0: none)")] = 1000,
    boxed: Annotated[bool, typer.Option(
        "--boxed", help="Present the DCC Boxed identity (imported with `gbdcc smki import keystore.json --boxed`)"
    )] = False,
    smki_port: Annotated[int | None, typer.Option(
        help="Port of the SMKI repository service (default GBDCC_SMKI_PORT, 8083; 0: off)")] = None,
    tls_cert: Annotated[Path | None, typer.Option(
        envvar="GBDCC_TLS_CERT", help="Serve DUIS over HTTPS with this certificate (PEM; `gbdcc tls server-cert`)")]
    = None,
    tls_key: Annotated[Path | None, typer.Option(envvar="GBDCC_TLS_KEY", help="The private key of --tls-cert")]
    = None,
    tls_client_ca: Annotated[Path | None, typer.Option(
        envvar="GBDCC_TLS_CLIENT_CA", help="Mutual TLS: require a client certificate from this CA (PEM), as a DCC "
                                           "Gateway Connection does; clients without one fail the handshake")] = None,
    behind_proxy: Annotated[str | None, typer.Option(
        envvar="GBDCC_FORWARDED_ALLOW_IPS", help="Reverse-proxy mode: honour X-Forwarded-For / -Proto from these "
                                                 "proxy addresses (comma-separated; '*' any). Off by default")] = None,
    role: Annotated[str | None, typer.Option(
        help="Scaled mode: run one role — gateway, processor, wan, delivery or all — with the stages joined by "
             "NATS JetStream (GBDCC_NATS_URL) on a shared database (GBDCC_DATABASE_URL, PostgreSQL); "
             "docs/scaling.md. Without it: the embedded default")] = None,
    name: Annotated[str | None, typer.Option(
        help="Scaled mode: this process's name, stable across restarts (its outbox leases are released when it "
             "restarts); default <role>-<host>-<pid>")] = None,
    workers: Annotated[int, typer.Option(help="Scaled mode: consumer threads per stage in this process")] = 2,
) -> None:
    """Serve the DCC on the embedded default: DUIS gateway, device pipeline, simulated SM WAN and estate
    (SQLite under the data dir unless GBDCC_DATABASE_URL), and the SMKI repository service. With --role, one
    process of scaled mode."""
    import uvicorn

    from gbdcc import bootstrap
    from gbdcc.adapters.db.datadir import lock_data_dir, record_database
    from gbdcc.adapters.http.background import BackgroundServer
    from gbdcc.adapters.provisioning.demo import ensure_demo_parties
    from gbdcc.adapters.provisioning.estate import ensure_estate
    from gbdcc.adapters.provisioning.spare import ensure_spare_premises
    from gbdcc.cli.banner import print_banner

    tls = tls_options(tls_cert, tls_key, tls_client_ca)
    settings = bootstrap.settings(data_dir)
    scaled = scaled_start(role, name, settings)
    # one embedded server per data dir (released however this process ends); scaled-mode processes share it
    lock = lock_data_dir(settings.data_dir) if scaled is None else None
    record_database(settings.data_dir, settings.database_url)  # the CLI then uses the same database
    updates: dict[str, object] = {"boxed": True, "test_pki": True} if boxed else {}
    if smki_port is not None:
        updates["smki_port"] = smki_port
    settings = settings.model_copy(update=updates)
    if scaled is not None and scaled.role not in HTTP_ROLES:
        raise typer.Exit(serve_role(scaled, settings, workers))
    instance = bootstrap.open_instance(settings) if scaled is None else scaled.open(settings)
    demo = ensure_demo_parties(instance) if demo_parties else None
    if demo is not None:
        ensure_spare_premises(instance, demo.supplier, demo.network_operator, demo.gas_transporter)
    report = ensure_estate(instance, estate_premises, parties=demo.estate if demo else None)
    if report is not None:
        typer.echo(f"simulated estate: {report.premises:,} premises, {report.devices:,} devices generated", err=True)
    smki_server = None
    if instance.settings.smki_port:
        smki_server = BackgroundServer(bootstrap.build_smki_app(instance), host=host, port=instance.settings.smki_port,
                                       name="gbdcc-smki").start()
    print_banner(instance, host, port, demo, scheme="https" if tls else "http",
                 mutual_tls=tls_client_ca is not None, proxy=behind_proxy,
                 role=None if scaled is None else scaled.role, name=None if scaled is None else scaled.name)
    runner = bootstrap.start_pipeline(instance) if scaled is None else scaled.start(instance, workers)
    try:
        uvicorn.run(bootstrap.build_app(instance, runner), host=host, port=port, log_level="info", **tls,
                    proxy_headers=behind_proxy is not None, forwarded_allow_ips=behind_proxy)
    finally:
        runner.stop()
        if smki_server is not None:
            smki_server.stop()
        if lock is not None:
            lock.close()


def tls_options(cert: Path | None, key: Path | None, client_ca: Path | None) -> dict[str, Any]:
    """uvicorn's TLS settings for ``up``: none without a certificate; mutual TLS with a client CA."""
    import ssl

    from gbdcc.domain.errors import TlsConfigInvalid

    if cert is None and key is None:
        if client_ca is not None:
            raise TlsConfigInvalid("--tls-client-ca needs --tls-cert and --tls-key (mutual TLS is TLS first)")
        return {}
    if cert is None or key is None:
        raise TlsConfigInvalid("give both --tls-cert and --tls-key (`gbdcc tls server-cert` issues a pair)")
    for path in (cert, key, *([client_ca] if client_ca else [])):
        if not path.is_file():
            raise TlsConfigInvalid(f"no such file: {path}")
    try:  # refuse a bad pair now, with a line, rather than in uvicorn's start-up
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (ssl.SSLError, ValueError) as exc:
        raise TlsConfigInvalid(f"{cert} and {key} are not a usable certificate and key: {exc}") from None
    options: dict[str, Any] = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
    if client_ca is not None:
        options.update(ssl_ca_certs=str(client_ca), ssl_cert_reqs=ssl.CERT_REQUIRED)
    return options


@app.command()
def demo(
    url: Annotated[str | None, typer.Option(help="Drive a running gbdcc at this URL (default: a temporary "
                                                 "instance in this process)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Run the installation and operation journeys through DUIS and print the trace."""
    from gbdcc.cli.demo import run_demo

    raise typer.Exit(run_demo(url, data_dir))


@app.command()
def parse(
    source: Annotated[str, typer.Argument(help="A file (hex, binary GBCS, or DUIS XML) or a hex string")],
    keys: Annotated[Path | None, typer.Option(help="Keys directory (layout <eui>-ds|ka.pem|key)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Print a GBCS message as readable fields (Parse & Correlate for Users), checking MAC/signature."""
    from gbdcc.adapters.gbcs.cli_parse import parse_command

    parse_command(source, keys, as_json)


@app.command()
def correlate(
    request: Annotated[Path, typer.Argument(help="The DUIS request (XML) the Pre-Command answers")],
    precommand: Annotated[str, typer.Argument(
        help="The Pre-Command: a file (hex, binary GBCS, or the DUIS I0 response carrying it) or a hex string")],
    device_type: Annotated[str | None, typer.Option(help="The target's device type (ESME, GSME, …) if known")]
    = None,
    role: Annotated[str | None, typer.Option(
        help="Your remote-party role (SUPPLIER, NETWORK_OPERATOR, OTHER) if the use case depends on it")] = None,
) -> None:
    """Check a Pre-Command is the one the request asks for — header and every value — before you sign it."""
    from gbdcc.adapters.gbcs import frame
    from gbdcc.adapters.gbcs.cli_parse import read_inputs
    from gbdcc.adapters.gbcs.correlate import correlate as correlate_precommand

    inputs = [m for blob in read_inputs(precommand) for m in frame.split_messages(blob)]
    if len(inputs) != 1:
        raise typer.BadParameter(f"{precommand} holds {len(inputs)} GBCS messages; give the one Pre-Command")
    found = correlate_precommand(request.read_bytes(), inputs[0], device_type=device_type.upper() if device_type
                                 else None, user_role=role.upper() if role else None)
    typer.echo(f"correlates: {found.use_case} (message code 0x{found.message_code:04X}) for "
               f"{found.device_type or 'any device type'}, as the request asks — safe to sign")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover - python -m gbdcc.cli.main
    main()

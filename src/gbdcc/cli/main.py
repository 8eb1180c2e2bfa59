"""The ``gbdcc`` command line (Typer). Sub-commands import their adapters lazily so ``gbdcc --help`` is fast.

Every command honours ``GBDCC_TEST_PKI=1`` (test-PKI mode: expired DCC test certificates accepted, lenient
MPxN check digits), read through :class:`gbdcc.config.Settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli import (
    audit_cmd,
    cos_cmd,
    deliveries_cmd,
    duis_cmd,
    estate_cmd,
    gbcs_cmd,
    rdp_cmd,
    report_cmd,
    scenario_cmd,
    security_cmd,
    signing_cmd,
    smki_cmd,
    users_cmd,
    utrn_cmd,
)
from gbdcc.cli.errors import Typer

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
app.add_typer(report_cmd.app, name="report", help="Compliance reports: mandates, ERO, post-commissioning, CPL.")
app.add_typer(scenario_cmd.app, name="scenario", help="Scenarios on the simulated estate: outages, tamper, cold snaps.")
app.add_typer(security_cmd.app, name="security", help="Security: tokens, signing software, notices, disputes.")
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
) -> None:
    """Serve the DCC on the embedded default: DUIS gateway, device pipeline, simulated SM WAN and estate
    (SQLite under the data dir unless GBDCC_DATABASE_URL), and the SMKI repository service."""
    import uvicorn

    from gbdcc import bootstrap
    from gbdcc.adapters.http.background import BackgroundServer
    from gbdcc.adapters.provisioning.demo import ensure_demo_parties
    from gbdcc.adapters.provisioning.estate import ensure_estate
    from gbdcc.adapters.provisioning.spare import ensure_spare_premises
    from gbdcc.cli.banner import print_banner

    settings = bootstrap.settings(data_dir)
    updates: dict[str, object] = {"boxed": True, "test_pki": True} if boxed else {}
    if smki_port is not None:
        updates["smki_port"] = smki_port
    instance = bootstrap.open_instance(settings.model_copy(update=updates))
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
    print_banner(instance, host, port, demo)
    runner = bootstrap.start_pipeline(instance)
    try:
        uvicorn.run(bootstrap.build_app(instance), host=host, port=port, log_level="info")
    finally:
        runner.stop()
        if smki_server is not None:
            smki_server.stop()


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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover - python -m gbdcc.cli.main
    main()

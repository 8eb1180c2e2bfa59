"""``gbdcc smki``: the DCC's own certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import DataDir

app = Typer(no_args_is_help=True)


@app.command("dcc-xml-cert")
def dcc_xml_cert(data_dir: DataDir = None) -> None:
    """Print the PEM certificate the DCC signs DUIS responses with."""
    from gbdcc import bootstrap

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    typer.echo(instance.identity.xml_signing_cert_pem(), nl=False)


@app.command("import")
def import_certificates(
    source: Annotated[Path, typer.Argument(help="A DCC Boxed keystore.json or a directory of PEM files")],
    boxed: Annotated[bool, typer.Option(
        "--boxed", help="Adopt the DCC Boxed identity of this keystore.json: its DSP XML-signing and DCC GBCS "
                        "keys, its test Users and the DCC Boxed test premises (then `gbdcc up --boxed`)")] = False,
    response_url: Annotated[str | None, typer.Option(
        help="With --boxed: the test Users' receive-response URL (default GBDCC_DEMO_RESPONSE_URL)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Import certificates into the SMKI repository (test PKIs: DCC Boxed keystore, RTDS key folders).

    Only certificates are imported; private keys stay where they are — except with ``--boxed``, which makes
    the DCC Boxed keystore's DCC keys gbdcc's own (and puts the data dir in test-PKI mode for good). Expired
    DCC test certificates are stored as they are and only usable in test-PKI mode (``GBDCC_TEST_PKI=1``).
    """
    from rich.console import Console

    from gbdcc import bootstrap
    from gbdcc.adapters.smki.keystore import import_boxed_keystore, import_pem_directory

    console = Console()
    if boxed:
        _import_boxed(console, source, response_url, data_dir)
        return
    result = import_pem_directory(source) if source.is_dir() else import_boxed_keystore(source)
    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    added = 0
    with instance.uow_factory() as uow:
        for record in result.records():
            if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
                uow.certificates.put(record)
                added += 1
        uow.commit()
    console.print(f"{len(result.credentials)} certificates read, {added} new in the SMKI repository")
    for rejected in result.rejected:
        console.print(f"[yellow]rejected[/yellow] {rejected.source}: {rejected.reason}")


def _import_boxed(console: object, keystore: Path, response_url: str | None, data_dir: Path | None) -> None:
    from rich.console import Console

    from gbdcc import bootstrap
    from gbdcc.adapters.provisioning.boxed import adopt_boxed_keystore
    from gbdcc.adapters.smki.errors import KeyStoreError
    from gbdcc.config import TEST_PKI_MARKER

    assert isinstance(console, Console)
    if keystore.is_dir():
        raise KeyStoreError(f"--boxed takes the DCC Boxed keystore.json, not a directory ({keystore})",
                            rule="BOXED-IDENTITY")
    settings = bootstrap.settings(data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / TEST_PKI_MARKER).write_text("test-PKI mode: the DCC Boxed keystore's certificates "
                                                     "expired in 2025\n")
    report = adopt_boxed_keystore(bootstrap.open_instance(bootstrap.settings(data_dir)), keystore,
                                  response_url=response_url)
    console.print(f"{report.certificates_read} certificates read, {report.certificates_added} new in the SMKI "
                  f"repository; DCC identities adopted: {', '.join(report.adopted)}")
    for user in report.users:
        console.print(f"  User {user}")
    console.print(f"  DCC Boxed test premises: {report.devices} device(s) added")
    for rejected in report.rejected:
        console.print(f"[yellow]rejected[/yellow] {rejected}")
    console.print("Serve it with: gbdcc up --boxed" + (f" --data-dir {data_dir}" if data_dir else ""))


@app.command("device-certs")
def device_certs(
    devices: Annotated[list[str], typer.Argument(help="Device EUI-64s")],
    out: Annotated[Path, typer.Option(help="Directory to write <eui>-ds.pem and <eui>-ka.pem into")],
    data_dir: DataDir = None,
) -> None:
    """Write the Device Certificates the SMKI repository holds for devices (a simulated device's are issued
    on demand), in the key-folder layout `gbdcc parse --keys` and `gbdcc duis receive --keys` read — so a
    User can verify its devices' MACs and decrypt their responses with its own key-agreement key."""
    from gbdcc import bootstrap
    from gbdcc.adapters.smki import storage
    from gbdcc.domain.ids import Eui64
    from gbdcc.domain.smki import CertificateKind, KeyUsage

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    for text in devices:
        eui = Eui64.parse(text)
        for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
            with instance.uow_factory(read_only=True) as uow:
                stored = [r for r in uow.certificates.by_eui_usage(eui, usage) if r.kind is CertificateKind.DEVICE]
            if stored:
                pem = storage.certificate_pem(storage.load_certificate(stored[0].der))
            else:
                pem = storage.certificate_pem(instance.device_keys.credentials.certificate(eui, usage))
            storage.write_atomic(out / f"{eui.hex}-{usage.value}.pem", pem)
        typer.echo(f"{eui}: {out / eui.hex}-ds.pem, -ka.pem")


# --- SMKI revocation (R-PKI-1): gbdcc smki revoke, gbdcc smki crl issue | import | show ----------------

from typing import TYPE_CHECKING  # noqa: E402  (this block is the revocation commands')

if TYPE_CHECKING:
    from gbdcc.service.smki.revocation import AppliedList, RevocationService

crl_app = Typer(no_args_is_help=True)
app.add_typer(crl_app, name="crl", help="The SMKI's Certificate Revocation Lists (R-PKI-1): issue, import, show.")

_REASONS = "unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, " \
           "privilegeWithdrawn"


def _revocation(data_dir: Path | None) -> tuple[RevocationService, str]:
    """The data dir's revocation service and its Organisation CA's name (the default issuer)."""
    from gbdcc import bootstrap
    from gbdcc.adapters.smki.names import canonical_name

    instance = bootstrap.open_instance(bootstrap.settings(data_dir))
    return bootstrap.build_revocation(instance), canonical_name(instance.identity.pki.organisation_ca.name)


def _echo_applied(applied: AppliedList) -> None:
    crl = applied.crl
    typer.echo(f"revocation list {crl.number} of {crl.issuer} verified and applied: {len(crl.entries)} listed, "
               f"{len(applied.newly_revoked)} newly revoked"
               + (f", {len(applied.unknown_serials)} not in the SMKI repository" if applied.unknown_serials else ""))
    for record in applied.newly_revoked:
        typer.echo(f"  revoked {record.serial:X} {record.kind.value} {record.subject_eui or ''}".rstrip())


@app.command("revoke")
def revoke(
    serial: Annotated[str, typer.Option("--serial", help="The certificate's serial number in hex")],
    issuer: Annotated[str | None, typer.Option(help="Its issuer DN (needed only if two issuers share the serial)")]
    = None,
    reason: Annotated[str, typer.Option(help=f"RFC 5280 CRLReason: {_REASONS}")] = "unspecified",
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """Revoke a certificate: the SMKI issues its CA's next revocation list with it, verifies and applies it —
    the certificate's next request is refused (E1, R-PKI-1)."""
    from gbdcc.domain.smki import RevocationReason

    try:
        number = int(serial.removeprefix("0x"), 16)
        why = RevocationReason(reason)
    except ValueError:
        raise typer.BadParameter(f"--serial is hex and --reason one of {_REASONS}") from None
    service, _ = _revocation(data_dir)
    _echo_applied(service.revoke(number, issuer, why))


@crl_app.command("issue")
def crl_issue(
    issuer: Annotated[str | None, typer.Option(help="The CA (default: the SMKI's Organisation CA)")] = None,
    out: Annotated[Path | None, typer.Option(help="Also write the list (DER) to this file")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """Issue and publish the CA's next revocation list (same entries, fresh thisUpdate / nextUpdate)."""
    service, organisation_ca = _revocation(data_dir)
    applied = service.issue(issuer or organisation_ca)
    if out is not None:
        out.write_bytes(applied.crl.der)
    _echo_applied(applied)


@crl_app.command("import")
def crl_import(
    file: Annotated[Path, typer.Argument(help="An X.509 CRL, DER or PEM")],
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """Apply a revocation list — only once its signature verified with its issuing CA's certificate in the
    SMKI repository, and only an Organisation or Device CA's (IKI / ICA lists are not held there)."""
    service, _ = _revocation(data_dir)
    _echo_applied(service.import_crl(file.read_bytes()))


@crl_app.command("show")
def crl_show(
    issuer: Annotated[str | None, typer.Option(help="One CA's latest list, entry by entry")] = None,
    out: Annotated[Path | None, typer.Option(help="With --issuer: write that list (DER) to this file")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir")] = None,
) -> None:
    """The latest revocation list of each CA the SMKI repository holds, or one CA's entries."""
    service, _ = _revocation(data_dir)
    if issuer is None:
        for crl in service.published():
            typer.echo(f"{crl.issuer}  number {crl.number}  thisUpdate {crl.this_update:%Y-%m-%dT%H:%M:%SZ}  "
                       f"nextUpdate {crl.next_update:%Y-%m-%dT%H:%M:%SZ}  revoked {len(crl.entries)}"
                       if crl.next_update else f"{crl.issuer}  number {crl.number}  revoked {len(crl.entries)}")
        return
    crl = service.latest(issuer)
    if out is not None:
        out.write_bytes(crl.der)
    typer.echo(f"{crl.issuer}  number {crl.number}  ({crl.scope.value} CA)")
    for entry in crl.entries:
        typer.echo(f"  {entry.serial:X}  {entry.revoked_at:%Y-%m-%dT%H:%M:%SZ}  {entry.reason.value}")

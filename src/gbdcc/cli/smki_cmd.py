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

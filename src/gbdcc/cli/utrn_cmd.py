"""``gbdcc utrn``: make a UTRN in the User System with the Supplier's prepayment top-up private key (R-SEC-4,
``gbdcc.client.utrn``). User-side only: it reads the Supplier's key and the device's key agreement certificate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.domain.errors import UtrnRefused


def utrn(
    key: Annotated[Path, typer.Option(help="The Supplier's prepayment top-up private key (PEM, e.g. <eui>-pp-ka.key)")],
    device_cert: Annotated[Path, typer.Option(help="The meter's key agreement certificate or public key (PEM)")],
    supplier: Annotated[str, typer.Option(help="The Supplier's EUI-64 (its prepayment top-up certificate's)")],
    device: Annotated[str, typer.Option(help="The meter's EUI-64")],
    sequence: Annotated[int, typer.Option(min=1, help="Top-up sequence number: UTRN counter = N·2^32, above the "
                                                      "last one used for this meter")],
    value: Annotated[int, typer.Option(min=0, max=8191, help="Credit value (pence, or pounds with --pounds)")],
    pounds: Annotated[bool, typer.Option("--pounds", help="The value is in pounds")] = False,
) -> None:
    """Print a 20-digit UTRN (GBCS 14) for a 2.2 Top Up Device request."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from gbdcc.client.utrn import PENCE, POUNDS, make_utrn
    from gbdcc.domain.ids import Eui64

    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
        data = device_cert.read_bytes()
        public = (x509.load_pem_x509_certificate(data).public_key() if b"BEGIN CERTIFICATE" in data
                  else serialization.load_pem_public_key(data))
    except (ValueError, TypeError) as exc:
        raise UtrnRefused(f"cannot read the keys: {exc}") from None
    if not isinstance(private, ec.EllipticCurvePrivateKey) or not isinstance(public, ec.EllipticCurvePublicKey):
        raise UtrnRefused("the top-up key and the meter's key agreement key are elliptic-curve keys")
    typer.echo(make_utrn(private, public, Eui64.parse(supplier), Eui64.parse(device), sequence << 32, value,
                         POUNDS if pounds else PENCE))

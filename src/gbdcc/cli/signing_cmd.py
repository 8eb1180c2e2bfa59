"""``gbdcc sign-file`` / ``gbdcc verify-file``: the File Signing Software for Parties (R-SEC-2,
``gbdcc.client.file_signing``). User-side: they read the Party's key or certificate and the file, nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gbdcc.domain.errors import SecurityRefused


def sign_file(
    file: Annotated[Path | None, typer.Argument(help="The file to sign")] = None,
    key: Annotated[Path | None, typer.Option(help="The Party's ECDSA P-256 private key (PEM)")] = None,
    out: Annotated[Path | None, typer.Option(help="Where the detached signature goes (default FILE.sig)")] = None,
    show_hash: Annotated[bool, typer.Option("--software-hash", help="Print this software's version and published "
                                                                   "SHA-256, and stop")] = False,
) -> None:
    """Sign a file for the DCC with the Party's key: a detached signature (File Signing Software, R-SEC-2)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from gbdcc.client.file_signing import SOFTWARE_VERSION, sign_file, software_hash

    if show_hash:
        typer.echo(f"gbdcc File Signing Software {SOFTWARE_VERSION} sha256 {software_hash()}")
        return
    if file is None or key is None:
        raise SecurityRefused("name the FILE to sign and the Party's --key")
    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise SecurityRefused(f"cannot read {key.name}: {exc}") from None
    if not isinstance(private, ec.EllipticCurvePrivateKey):
        raise SecurityRefused(f"{key.name} is not an ECDSA private key")
    signature = sign_file(file.read_bytes(), file.name, private)
    target = out or file.with_name(file.name + ".sig")
    target.write_text(signature.to_json())
    typer.echo(f"signed {file.name} (sha256 {signature.sha256}) → {target}")


def verify_file(
    file: Annotated[Path, typer.Argument(help="The signed file")],
    cert: Annotated[Path, typer.Option(help="The signer's certificate (or public key), PEM")],
    sig: Annotated[Path | None, typer.Option(help="The detached signature (default FILE.sig)")] = None,
) -> None:
    """Verify a file's detached signature against the signer's certificate (exit 2 and one line if it fails)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from gbdcc.client.file_signing import FileSignature, verify_file

    data = cert.read_bytes()
    signer: x509.Certificate | ec.EllipticCurvePublicKey
    try:
        certificate = x509.load_pem_x509_certificate(data) if b"BEGIN CERTIFICATE" in data else None
        public = certificate.public_key() if certificate else serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise SecurityRefused(f"cannot read {cert.name}: {exc}") from None
    if certificate is not None:
        signer = certificate
    else:
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise SecurityRefused(f"{cert.name} is not an elliptic-curve public key")
        signer = public
    signature = FileSignature.from_json((sig or file.with_name(file.name + ".sig")).read_text())
    verify_file(file.read_bytes(), signature, signer)
    typer.echo(f"valid: {file.name} signed with File Signing Software {signature.software_version} "
               f"(sha256 {signature.software_hash})")

"""The File Signing Software (SEC G2.36-G2.42, R-SEC-2): a Party signs a file it sends the DCC (e.g. a
Registration Data file) with its ECDSA P-256 key; the receiver verifies the detached signature with the
Party's certificate (``gbdcc sign-file`` / ``gbdcc verify-file``).

The signature file is JSON: ``format``, ``file`` (name), ``sha256`` (of the file), ``software`` (version and
:func:`software_hash` of the tool that made it) and ``signature`` (base64 DER ECDSA-SHA256 over the file's
bytes). :func:`software_hash` is the *published hash* of this software: SHA-256 over :data:`SOFTWARE_FILES`
(the module sources, in that order), each as ``path NUL length(8 bytes, big-endian) bytes`` — printed by
``gbdcc sign-file --software-hash``, listed in ``docs/compliance.md`` and recorded in the DCC's register
(``gbdcc security software register``) with its test and code-review dates.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.domain.errors import FileSignatureInvalid, SecurityRefused

SOFTWARE_VERSION = "1.0.0"
FORMAT = "gbdcc-file-signature/1"
#: The distributed software: these sources of the ``gbdcc`` package, in this order.
SOFTWARE_FILES = ("gbdcc/client/__init__.py", "gbdcc/client/file_signing.py")
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def software_hash(root: Path = _PACKAGE_ROOT) -> str:
    """The published SHA-256 (hex) of the File Signing Software sources under ``root`` (module docstring)."""
    digest = hashlib.sha256()
    for name in SOFTWARE_FILES:
        data = (root / name).read_bytes()
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FileSignature:
    """A detached signature of one file (module docstring)."""

    file: str
    sha256: str
    software_version: str
    software_hash: str
    signature: bytes

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "file": self.file, "sha256": self.sha256,
                           "software": {"version": self.software_version, "sha256": self.software_hash},
                           "signature": base64.b64encode(self.signature).decode()}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> FileSignature:
        try:
            doc = json.loads(text)
            if doc["format"] != FORMAT:
                raise ValueError(f"format {doc['format']!r}")
            return cls(str(doc["file"]), str(doc["sha256"]), str(doc["software"]["version"]),
                       str(doc["software"]["sha256"]), base64.b64decode(doc["signature"], validate=True))
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise FileSignatureInvalid(f"not a {FORMAT} signature file: {exc}") from exc


def _p256(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> None:
    if not isinstance(key.curve, ec.SECP256R1):
        raise SecurityRefused(f"the File Signing Software signs with ECDSA P-256 keys, not {key.curve.name}")


def sign_file(data: bytes, name: str, key: ec.EllipticCurvePrivateKey) -> FileSignature:
    """Sign ``data`` (the file named ``name``) with the Party's P-256 key."""
    _p256(key)
    return FileSignature(name, hashlib.sha256(data).hexdigest(), SOFTWARE_VERSION, software_hash(),
                         key.sign(data, ec.ECDSA(hashes.SHA256())))


def verify_file(data: bytes, signature: FileSignature,
                signer: x509.Certificate | ec.EllipticCurvePublicKey) -> None:
    """Raise :class:`FileSignatureInvalid` unless ``signature`` is the signer's over exactly ``data``."""
    key = signer.public_key() if isinstance(signer, x509.Certificate) else signer
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise FileSignatureInvalid("the signer's key is not an elliptic-curve key")
    _p256(key)
    if hashlib.sha256(data).hexdigest() != signature.sha256:
        raise FileSignatureInvalid(f"{signature.file}: the file's SHA-256 differs from the signed one")
    try:
        key.verify(signature.signature, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise FileSignatureInvalid(f"{signature.file}: the signature does not verify with the signer's key") from None

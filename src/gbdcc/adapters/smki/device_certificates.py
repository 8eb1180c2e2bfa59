"""Device Certificates (SMKI Device Certificate Policy; GBCS 4.3.2.4), including a fast path for
national-scale simulated estates.

Profile, as ``oracles/keys/rtds/00db1234567890a0-ds.pem``: empty subject; keyUsage (critical, exactly
one); subjectKeyIdentifier; subjectAltName otherName hardwareModuleName (critical) carrying the EUI-64;
certificatePolicies (critical); authorityKeyIdentifier; notAfter ``99991231235959Z`` (no expiry).

Fast path: for one Device CA, usage and notBefore, every device certificate's to-be-signed part has the
same bytes except the serial, public key, key identifier and EUI — all of fixed length when the serial is
in [2^126, 2^127). :class:`DeviceCertificateIssuer` builds one template with ``cryptography``'s
``CertificateBuilder``, finds those four fields in it, and then only splices bytes and signs. A test
proves the result byte-identical to the builder's (with RFC 6979 deterministic signatures).
"""

from __future__ import annotations

import threading
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.pki import CaCredential, new_serial
from gbdcc.adapters.smki.profile import (
    DEVICE_POLICY,
    NO_EXPIRY,
    checked_public_key,
    hardware_module_name,
    key_identifier,
    key_usage_extension,
    policies,
    utc_seconds,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage

_SERIAL_MIN, _SERIAL_MAX = 1 << 126, 1 << 127  # 16 DER content octets, top bit clear
_PLACEHOLDER_SERIAL = int.from_bytes(bytes.fromhex("5a" * 16), "big")
_PLACEHOLDER_EUI = Eui64(0xA55A_C33C_0FF0_9669)


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class _Template:
    """The TBS bytes of one (usage, notBefore) with the offsets of the variable fields."""

    def __init__(self, tbs: bytes, sig_alg: bytes, fields: dict[str, bytes]) -> None:
        self.sig_alg = sig_alg
        self.pieces: list[bytes] = []
        self.order: list[str] = []
        found = sorted((self._locate(tbs, value, name), name, len(value)) for name, value in fields.items())
        pos = 0
        for offset, name, length in found:
            self.pieces.append(tbs[pos:offset])
            self.order.append(name)
            pos = offset + length
        self.pieces.append(tbs[pos:])

    @staticmethod
    def _locate(tbs: bytes, value: bytes, name: str) -> int:
        if tbs.count(value) != 1:
            raise AssertionError(f"device certificate template: {name} not found exactly once")
        return tbs.index(value)

    def tbs(self, values: dict[str, bytes]) -> bytes:
        out = [self.pieces[0]]
        for name, piece in zip(self.order, self.pieces[1:], strict=True):
            out.append(values[name])
            out.append(piece)
        return b"".join(out)


class DeviceCertificateIssuer:
    """Issues Device Certificates from one Device CA (thread-safe).

    ``deterministic=True`` signs with RFC 6979 nonces, so the same key, EUI, serial and date always give
    the same certificate bytes — a simulated estate can rebuild certificates instead of storing them.
    """

    def __init__(self, ca: CaCredential, *, deterministic: bool = False) -> None:
        self._ca = ca
        self._aki = x509.AuthorityKeyIdentifier(ca.key_identifier, None, None)
        self._policies = policies(DEVICE_POLICY)
        self._algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=deterministic)
        self._deterministic = deterministic
        self._templates: dict[tuple[KeyUsage, datetime], _Template] = {}
        self._lock = threading.Lock()

    def build(
        self, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, usage: KeyUsage, not_before: datetime,
        serial: int | None = None,
    ) -> x509.Certificate:
        """The certificate through ``CertificateBuilder`` (reference path)."""
        key = checked_public_key(public_key)
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([]))
            .issuer_name(self._ca.name)
            .public_key(key)
            .serial_number(serial if serial is not None else new_serial())
            .not_valid_before(utc_seconds(not_before))
            .not_valid_after(NO_EXPIRY)
            .add_extension(key_usage_extension(usage), critical=True)
            .add_extension(x509.SubjectKeyIdentifier(key_identifier(key)), critical=False)
            .add_extension(x509.SubjectAlternativeName([hardware_module_name(eui)]), critical=True)
            .add_extension(self._policies, critical=True)
            .add_extension(self._aki, critical=False)
        )
        return builder.sign(self._ca.key, hashes.SHA256(), ecdsa_deterministic=self._deterministic)

    def _template(self, usage: KeyUsage, not_before: datetime) -> _Template:
        key = (usage, not_before)
        with self._lock:
            template = self._templates.get(key)
        if template is not None:
            return template
        placeholder = ec.generate_private_key(ec.SECP256R1()).public_key()
        cert = self.build(placeholder, eui=_PLACEHOLDER_EUI, usage=usage, not_before=not_before,
                          serial=_PLACEHOLDER_SERIAL)
        der = cert.public_bytes(serialization.Encoding.DER)
        tbs = cert.tbs_certificate_bytes
        after_tbs = der.index(tbs) + len(tbs)
        sig_alg_len = der[after_tbs + 1] + 2  # AlgorithmIdentifier: short-form length
        template = _Template(tbs, der[after_tbs : after_tbs + sig_alg_len], {
            "serial": _PLACEHOLDER_SERIAL.to_bytes(16, "big"),
            "point": _point(placeholder),
            "ski": key_identifier(placeholder),
            "eui": _PLACEHOLDER_EUI.to_bytes(),
        })
        with self._lock:
            self._templates[key] = template
        return template

    def issue_der(
        self, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, usage: KeyUsage, not_before: datetime,
        serial: int | None = None,
    ) -> bytes:
        """DER of the Device Certificate, through the template when the serial allows it."""
        serial = serial if serial is not None else new_serial()
        if not _SERIAL_MIN <= serial < _SERIAL_MAX:
            return self.build(public_key, eui=eui, usage=usage, not_before=not_before,
                              serial=serial).public_bytes(serialization.Encoding.DER)
        key = checked_public_key(public_key)
        template = self._template(usage, utc_seconds(not_before))
        tbs = template.tbs({
            "serial": serial.to_bytes(16, "big"), "point": _point(key), "ski": key_identifier(key),
            "eui": eui.to_bytes(),
        })
        signature = self._ca.key.sign(tbs, self._algorithm)
        sig_bits = b"\x03" + _der_length(len(signature) + 1) + b"\x00" + signature
        body = tbs + template.sig_alg + sig_bits
        return b"\x30" + _der_length(len(body)) + body

    def issue(
        self, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, usage: KeyUsage, not_before: datetime,
        serial: int | None = None,
    ) -> x509.Certificate:
        der = self.issue_der(public_key, eui=eui, usage=usage, not_before=not_before, serial=serial)
        return x509.load_der_x509_certificate(der)


def issue_device_certificate(
    ca: CaCredential, public_key: ec.EllipticCurvePublicKey, *, eui: Eui64, usage: KeyUsage,
    not_before: datetime, serial: int | None = None,
) -> x509.Certificate:
    """One Device Certificate through the reference path (use :class:`DeviceCertificateIssuer` for many)."""
    return DeviceCertificateIssuer(ca).build(public_key, eui=eui, usage=usage, not_before=not_before,
                                             serial=serial)

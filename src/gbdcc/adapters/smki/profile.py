"""The SMKI certificate profile as the DCC test PKI writes it (DOMAIN.md §6; SMKI Organisation and Device
Certificate Policies; GBCS 4.3.2). Constants and tiny encoders shared by ``issue`` and ``certificates``.

Everything here was matched against the real DCC test certificates in ``oracles/keys``:

* organisation subject ``[CN,] OU=<role hex>, x500UniqueIdentifier`` — UniqueIdentifier is a BIT STRING
  with 0 unused bits holding the 8 EUI-64 bytes (``03 09 00 <eui>``);
* device subject empty, critical subjectAltName ``otherName`` hardwareModuleName (RFC 4108) with
  ``hwType`` 1.2.826.0.1.8641679.1.2.2.1 and ``hwSerialNum`` the 8 EUI-64 bytes;
* subjectKeyIdentifier by RFC 5280 §4.2.1.2 method 2 (``0100`` + low 60 bits of SHA-1), 8 bytes;
* critical certificatePolicies with one policy OID (organisation / device).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID, ObjectIdentifier

from gbdcc.adapters.smki.errors import CertificateMalformed, IssuanceRefused
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

ORGANISATION_POLICY = ObjectIdentifier("1.2.826.0.1.8641679.1.2.1.4")
DEVICE_POLICY = ObjectIdentifier("1.2.826.0.1.1800000.1.2.1.4")
HARDWARE_MODULE_NAME = ObjectIdentifier("1.3.6.1.5.5.7.8.4")  # RFC 4108 id-on-hardwareModuleName
HW_TYPE_SMART_METER = ObjectIdentifier("1.2.826.0.1.8641679.1.2.2.1")
X500_UNIQUE_IDENTIFIER = NameOID.X500_UNIQUE_IDENTIFIER

# RFC 5280 §4.1.2.5: "no well-defined expiration date" (device certificates, GBCS 4.3.2.4)
NO_EXPIRY = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
CURVE_NAME = "secp256r1"

# The DER of hwType (OID) is fixed; hwSerialNum is an OCTET STRING of the 8 EUI bytes.
_HW_TYPE_DER = bytes.fromhex("060D2A863A0001848FB90F01020201")
_HMN_PREFIX = bytes([0x30, len(_HW_TYPE_DER) + 10]) + _HW_TYPE_DER + b"\x04\x08"

# Roles that may appear in an organisation (end-entity) certificate subject.
ORGANISATION_ROLES = frozenset(RemotePartyRole) - {RemotePartyRole.ROOT, RemotePartyRole.ISSUING_AUTHORITY}


def key_identifier(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """RFC 5280 §4.2.1.2 method 2: ``0100`` then the least significant 60 bits of SHA-1(subjectPublicKey)."""
    point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    digest = hashlib.sha1(point, usedforsecurity=False).digest()[-8:]  # an identifier, not a MAC
    return bytes([0x40 | (digest[0] & 0x0F)]) + digest[1:]


def unique_identifier_attribute(eui: Eui64) -> x509.NameAttribute[bytes]:
    """x500UniqueIdentifier as the DCC writes it: BIT STRING, 0 unused bits, 8 EUI bytes."""
    # cryptography takes a BIT STRING value as its content octets, leading unused-bits count included
    return x509.NameAttribute(X500_UNIQUE_IDENTIFIER, b"\x00" + eui.to_bytes(), _type=_ASN1Type.BitString)


def eui_from_unique_identifier(value: bytes | str) -> Eui64:
    """The EUI-64 in a parsed x500UniqueIdentifier (BIT STRING content: unused-bits byte + 8 bytes)."""
    if isinstance(value, str) or len(value) != 9 or value[0] != 0:
        raise CertificateMalformed(f"x500UniqueIdentifier is not a 64-bit BIT STRING: {value!r}")
    return Eui64.from_bytes(value[1:])


def hardware_module_name(eui: Eui64) -> x509.OtherName:
    """RFC 4108 HardwareModuleName ``SEQUENCE { hwType OID, hwSerialNum OCTET STRING }`` for a device."""
    return x509.OtherName(HARDWARE_MODULE_NAME, _HMN_PREFIX + eui.to_bytes())


def eui_from_hardware_module_name(name: x509.OtherName) -> Eui64:
    """Inverse of :func:`hardware_module_name`; refuses any other hwType or serial length."""
    value = name.value
    if not value.startswith(_HMN_PREFIX) or len(value) != len(_HMN_PREFIX) + 8:
        raise CertificateMalformed(f"hardwareModuleName is not a GB smart meter EUI-64: {value.hex()}")
    return Eui64.from_bytes(value[len(_HMN_PREFIX) :])


def role_from_ou(ou: str) -> RemotePartyRole:
    """Role from the subject OU: 2 hex digits (``"02"``, ``"87"``); also the 3-digit decimal form
    (``"137"`` = 0x89) of the DCC's pre-1.4.1 DSP XML-signing certificate."""
    text = ou.strip()
    try:
        value = int(text, 16) if len(text) == 2 else int(text, 10) if len(text) == 3 and text.isdigit() else -1
        return RemotePartyRole(value)
    except ValueError:
        raise CertificateMalformed(f"subject OU {ou!r} is not a remote party role") from None


def key_usage_extension(usage: KeyUsage) -> x509.KeyUsage:
    """Exactly one key usage per SMKI end-entity certificate (GBCS 4.3.2.4)."""
    ds = usage is KeyUsage.DIGITAL_SIGNATURE
    return x509.KeyUsage(
        digital_signature=ds, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=not ds, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
    )


def ca_key_usage_extension() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
    )


def policies(oid: ObjectIdentifier) -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(oid, None)])


def is_p256(key: object) -> bool:
    """SMKI keys are ECDSA/ECDH on P-256 only (GBCS 4.3.1)."""
    return isinstance(key, ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) and key.curve.name == CURVE_NAME


def checked_public_key(key: object) -> ec.EllipticCurvePublicKey:
    """The key, if an SMKI certificate may certify it (P-256 only, GBCS 4.3.1)."""
    if not isinstance(key, ec.EllipticCurvePublicKey) or not is_p256(key):
        raise IssuanceRefused("SMKI certificates certify P-256 public keys only (GBCS 4.3.1)")
    return key


def utc_seconds(value: datetime) -> datetime:
    """A certificate time: timezone-aware, in UTC, whole seconds (X.509 has no fractions)."""
    if value.tzinfo is None:
        raise IssuanceRefused("certificate validity times must be timezone-aware")
    return value.astimezone(UTC).replace(microsecond=0)

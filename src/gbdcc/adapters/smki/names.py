"""Canonical issuer names, so a DUIS ``ds:X509IssuerName`` finds the certificate it names.

DCC tools write the issuer of the test organisation CA as ``CN=Z1,OU=07`` or ``CN=Z1, OU=07`` (RFC 4514
order: last RDN first); OpenSSL prints it ``OU = 07, CN = Z1`` or ``/OU=07/CN=Z1`` (DER order); the
certificate's own DER holds ``OU=07`` then ``CN=Z1``. XML-DSig (§4.4.4) says the issuer is an RFC 4514
string, but verifiers must not depend on the sender's formatting, so :func:`normalise_issuer` maps all of
these to one canonical string:

* attribute types by OID, written with their short name (``CN``, ``OU`` …) or dotted OID;
* values trimmed, inner runs of spaces collapsed, upper-cased (X.520 ``caseIgnoreMatch`` for the string
  attributes SMKI names use), re-escaped per RFC 4514;
* RDN order: when every RDN is single-valued and no attribute type repeats — true of every SMKI CA
  name — the order carries no information, and the RDNs are sorted (CN, OU, O, L, ST, C, DC, others by
  OID), which yields the RFC 4514 form of the real certificates (``CN=Z1,OU=07``). Otherwise the RFC 4514
  order given is kept.

The text is untrusted (it comes from a DUIS ``ds:X509IssuerName``): it is length-bounded, dotted OIDs are
read with an ASCII grammar, and every malformed name — including an attribute type that is not a valid OID
(``1.40``, ``3.1``) — is a :class:`CertificateInvalid`, never another exception.
"""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

from gbdcc.domain.errors import CertificateInvalid

_TYPES: dict[str, ObjectIdentifier] = {
    "CN": NameOID.COMMON_NAME, "COMMONNAME": NameOID.COMMON_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME, "ORGANIZATIONALUNITNAME": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "O": NameOID.ORGANIZATION_NAME, "ORGANIZATIONNAME": NameOID.ORGANIZATION_NAME,
    "L": NameOID.LOCALITY_NAME, "LOCALITYNAME": NameOID.LOCALITY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME, "STATEORPROVINCENAME": NameOID.STATE_OR_PROVINCE_NAME,
    "C": NameOID.COUNTRY_NAME, "COUNTRYNAME": NameOID.COUNTRY_NAME,
    "STREET": NameOID.STREET_ADDRESS, "DC": NameOID.DOMAIN_COMPONENT, "UID": NameOID.USER_ID,
    "SERIALNUMBER": NameOID.SERIAL_NUMBER, "EMAILADDRESS": NameOID.EMAIL_ADDRESS,
    "E": NameOID.EMAIL_ADDRESS, "X500UNIQUEIDENTIFIER": NameOID.X500_UNIQUE_IDENTIFIER,
}
_SHORT: dict[ObjectIdentifier, str] = {
    NameOID.COMMON_NAME: "CN", NameOID.ORGANIZATIONAL_UNIT_NAME: "OU", NameOID.ORGANIZATION_NAME: "O",
    NameOID.LOCALITY_NAME: "L", NameOID.STATE_OR_PROVINCE_NAME: "ST", NameOID.COUNTRY_NAME: "C",
    NameOID.DOMAIN_COMPONENT: "DC", NameOID.STREET_ADDRESS: "STREET", NameOID.USER_ID: "UID",
}
_RANK = {oid: i for i, oid in enumerate(_SHORT)}
_DOTTED = re.compile(r"(?:OID\.)?([0-2](?:\.[0-9]{1,20}){1,32})", re.IGNORECASE | re.ASCII)
MAX_NAME_CHARS = 1024
"""Longest issuer name read; SMKI CA names are a few dozen characters."""
_SPACES = re.compile(r" {2,}")


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separators; returns ``(component, separator that followed it)``."""
    parts: list[tuple[str, str]] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch in separators:
            parts.append(("".join(current), ch))
            current = []
        else:
            current.append(ch)
    parts.append(("".join(current), ""))
    return parts


def _trim(value: str) -> str:
    """Strip insignificant spaces, keeping an escaped trailing space (``\\ ``)."""
    value = value.lstrip()
    while value.endswith(" ") and not value.endswith("\\ "):
        value = value[:-1]
    return value


def _oid(attr_type: str) -> ObjectIdentifier:
    key = attr_type.strip().upper()
    if key in _TYPES:
        return _TYPES[key]
    match = _DOTTED.fullmatch(attr_type.strip())
    if match:
        try:
            return ObjectIdentifier(match.group(1))
        except ValueError:
            raise CertificateInvalid(f"attribute type {attr_type!r} in issuer name is not a valid OID") from None
    raise CertificateInvalid(f"unknown attribute type {attr_type[:40]!r} in issuer name")


def parse_name(text: str) -> x509.Name:
    """A distinguished name from RFC 4514 / RFC 2253 text (spaces around separators allowed) or the
    OpenSSL ``/OU=07/CN=Z1`` form. Raises :class:`CertificateInvalid` for anything else."""
    if not isinstance(text, str) or len(text) > MAX_NAME_CHARS:
        raise CertificateInvalid(f"issuer name is not text of at most {MAX_NAME_CHARS} characters")
    source = text.strip()
    if source.startswith("/"):  # OpenSSL one-line form, DER order
        source = ",".join(part for part, _ in reversed(_split(source[1:], "/")))
    pieces: list[str] = []
    if source:
        for component, sep in _split(source, ",;+"):
            attr_type, eq, value = component.partition("=")
            if not eq:
                raise CertificateInvalid(f"issuer name component {component[:40]!r} has no '=' in {text[:200]!r}")
            pieces.append(f"{_oid(attr_type).dotted_string}={_trim(value)}")
            pieces.append("," if sep in (",", ";") else sep)
    try:
        return x509.Name.from_rfc4514_string("".join(pieces))
    except ValueError as exc:
        raise CertificateInvalid(f"issuer name {text[:200]!r} is not a distinguished name ({exc})") from None


def _canonical_attribute(attr: x509.NameAttribute[str | bytes]) -> tuple[int, str, str]:
    short = {attr.oid: _SHORT.get(attr.oid, attr.oid.dotted_string)}
    if isinstance(attr.value, str):
        value = _SPACES.sub(" ", attr.value.strip()).upper()
        text = x509.NameAttribute(attr.oid, value, _validate=False).rfc4514_string(short)
    else:
        text = attr.rfc4514_string(short)
    return (_RANK.get(attr.oid, len(_RANK)), attr.oid.dotted_string, text)


def canonical_name(name: x509.Name) -> str:
    """The canonical string of a parsed :class:`~cryptography.x509.Name` (see the module docstring)."""
    rdns = [sorted(_canonical_attribute(a) for a in rdn) for rdn in reversed(name.rdns)]  # RFC 4514 order
    oids = [key[1] for rdn in rdns for key in rdn]
    if all(len(rdn) == 1 for rdn in rdns) and len(set(oids)) == len(oids):
        rdns.sort()
    return ",".join("+".join(text for _, _, text in rdn) for rdn in rdns)


def normalise_issuer(text: str) -> str:
    """Canonical form of an issuer name string; equal for every spelling of the same SMKI CA name."""
    return canonical_name(parse_name(text))

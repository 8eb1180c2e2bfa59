"""What both storage adapters store for a revocation list (R-PKI-1; no SQLAlchemy here): instants in UTC,
the CRL number as fixed-width hex (text order = number order), entries as compact text lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.domain.revocation import RevocationList, RevokedCertificate
from gbdcc.domain.smki import RevocationReason

_NUMBER_DIGITS = 40  # RFC 5280 §5.2.3: a CRL number is at most 20 octets


def number_key(number: int) -> str:
    if not 0 <= number < 1 << (4 * _NUMBER_DIGITS):
        raise ValueError(f"CRL number out of range: {number}")
    return f"{number:0{_NUMBER_DIGITS}x}"


def stored_crl(crl: RevocationList) -> RevocationList:
    """``crl`` with every instant checked (``NaiveDatetime``) and in UTC."""
    number_key(crl.number)
    entries = tuple(replace(e, revoked_at=utc(e.revoked_at, "revoked_at")) for e in crl.entries)
    return replace(crl, this_update=utc(crl.this_update, "this_update"),
                   next_update=utc_or_none(crl.next_update, "next_update"), entries=entries)


def encode_entries(entries: tuple[RevokedCertificate, ...]) -> str:
    return "\n".join(f"{e.serial:x}@{e.revoked_at.isoformat()}@{e.reason.value}" for e in entries)


def decode_entries(text: str) -> tuple[RevokedCertificate, ...]:
    out = []
    for line in filter(None, text.split("\n")):
        serial, at, reason = line.split("@")
        out.append(RevokedCertificate(int(serial, 16), datetime.fromisoformat(at), RevocationReason(reason)))
    return tuple(out)

"""SMKI revocation lists (R-PKI-1; SEC L12.3, L13.49): what a verified Certificate Revocation List says.

A Relying Party checks the cryptographic protection of every revocation list it uses: a
:class:`RevocationList` is only ever built by the SMKI adapter *after* its signature verified with the
issuing CA's certificate from the SMKI repository, so holding one means it was checked. The SMKI
Repository holds Organisation and Device CA lists only (:class:`CaScope`); IKI and ICA revocation lists are
not held there — only the DCC relies on IKI / ICA certificates, and keeps their lists privately.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gbdcc.domain.errors import RevocationListInvalid, RevocationListNotHeld
from gbdcc.domain.smki import RevocationReason


class CaScope(StrEnum):
    """Which PKI the CA that signed a list belongs to (by its certificate policy)."""

    ORGANISATION = "organisation"  # the Organisation CA: Organisation Certificates
    DEVICE = "device"  # the Device CA: Device Certificates
    OTHER = "other"  # the Root (ARL), IKI and ICA lists: not held in the SMKI Repository


@dataclass(frozen=True, slots=True)
class RevokedCertificate:
    serial: int
    revoked_at: datetime
    reason: RevocationReason = RevocationReason.UNSPECIFIED


@dataclass(frozen=True, slots=True)
class RevocationList:
    """One verified X.509 CRL: issuer (canonical name), CRL number, thisUpdate / nextUpdate, entries, DER."""

    issuer: str
    number: int
    this_update: datetime
    next_update: datetime | None
    entries: tuple[RevokedCertificate, ...]
    der: bytes
    scope: CaScope

    def entry(self, serial: int) -> RevokedCertificate | None:
        return next((e for e in self.entries if e.serial == serial), None)


def check_held_in_repository(crl: RevocationList) -> None:
    """The SMKI Repository stores and serves Organisation and Device CA lists only (R-PKI-1)."""
    if crl.scope is CaScope.OTHER:
        raise RevocationListNotHeld(
            f"the revocation list of {crl.issuer} is not an Organisation or Device CA list: IKI and ICA "
            "revocation lists are not held in the SMKI Repository (only the DCC relies on them)")


def check_newer(crl: RevocationList, held: RevocationList | None, at: datetime) -> None:
    """A list to apply must be current (thisUpdate not in the future, nextUpdate not passed) and newer than
    the one held for its issuer (a higher CRL number): an old list replayed is refused."""
    if crl.this_update > at:
        raise RevocationListInvalid(f"the revocation list of {crl.issuer} (number {crl.number}) is dated "
                                    f"{crl.this_update:%Y-%m-%d %H:%M:%SZ}, in the future")
    if crl.next_update is not None and crl.next_update < at:
        raise RevocationListInvalid(f"the revocation list of {crl.issuer} (number {crl.number}) is out of date: "
                                    f"its nextUpdate {crl.next_update:%Y-%m-%d %H:%M:%SZ} has passed")
    if held is not None and crl.number <= held.number:
        raise RevocationListInvalid(f"the revocation list of {crl.issuer} has number {crl.number}; the SMKI "
                                    f"repository already holds number {held.number}")

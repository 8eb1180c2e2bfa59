"""SMKI revocation (R-PKI-1; SEC L12.3, L13.49): revoke a certificate, issue, import and serve CRLs.

Every list goes through one path before it is used — the codec's signature check against the issuing CA's
certificate in the SMKI repository (``CrlCodec.verify``), then the repository's scope (Organisation and
Device CA lists only: IKI and ICA lists are not held, ``check_held_in_repository``) and currency checks
(``check_newer``) — even a list the SMKI has just signed itself. Applying a list marks each certificate it
names revoked in the same transaction that stores the list, so the next request signed with one is refused
(``domain.smki.check_usable``): the gateway reads the signing certificate from the repository on every
request, nothing caches it. Listeners (``on_revoked``) let in-process caches of device keys drop a revoked
certificate at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from gbdcc.domain.errors import RevocationListInvalid, RevocationListUnknown, RevocationRefused
from gbdcc.domain.revocation import (
    RevocationList,
    RevokedCertificate,
    check_held_in_repository,
    check_newer,
)
from gbdcc.domain.smki import CertificateKind, CertificateRecord, RevocationReason
from gbdcc.service.ports import Clock, UnitOfWork, UnitOfWorkFactory
from gbdcc.service.smki.ports import CrlCodec

#: How long a list the SMKI issues stays current (its nextUpdate); configuration, not a SEC figure.
DEFAULT_CRL_VALIDITY = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class AppliedList:
    """A verified list now held: how many certificates it newly revoked, and serials the repository lacks."""

    crl: RevocationList
    newly_revoked: tuple[CertificateRecord, ...]
    unknown_serials: tuple[int, ...]


class RevocationService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, codec: CrlCodec, *,
                 validity: timedelta = DEFAULT_CRL_VALIDITY,
                 on_revoked: Sequence[Callable[[CertificateRecord], None]] = ()) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._codec = codec
        self._validity = validity
        self._on_revoked = tuple(on_revoked)

    def import_crl(self, data: bytes) -> AppliedList:
        """Verify a list (DER or PEM) and, if it verifies and is the SMKI Repository's to hold, apply it."""
        with self._uow_factory() as uow:
            applied = self._apply(uow, data)
            uow.commit()
        self._notify(applied)
        return applied

    def revoke(self, serial: int, issuer: str | None = None,
               reason: RevocationReason = RevocationReason.UNSPECIFIED) -> AppliedList:
        """Revoke one certificate: the SMKI issues its CA's next list with it added, then applies that list."""
        now = self._clock.now()
        with self._uow_factory() as uow:
            record = self._target(uow, serial, issuer)
            held = uow.revocation_lists.latest(record.issuer)
            if record.revoked or (held is not None and held.entry(serial) is not None):
                raise RevocationRefused(f"certificate {serial:X} issued by {record.issuer} is already revoked")
            entries = (*(held.entries if held else ()), RevokedCertificate(serial, now.replace(microsecond=0), reason))
            applied = self._issue(uow, record.issuer, entries, held)
            uow.commit()
        self._notify(applied)
        return applied

    def issue(self, issuer: str) -> AppliedList:
        """Issue the CA's next list (same entries, fresh thisUpdate / nextUpdate): publish before the last
        one's nextUpdate passes."""
        with self._uow_factory() as uow:
            held = uow.revocation_lists.latest(issuer)
            applied = self._issue(uow, issuer, held.entries if held else (), held)
            uow.commit()
        self._notify(applied)
        return applied

    def latest(self, issuer: str) -> RevocationList:
        with self._uow_factory(read_only=True) as uow:
            crl = uow.revocation_lists.latest(issuer)
        if crl is None:
            raise RevocationListUnknown(f"the SMKI repository holds no revocation list of {issuer}")
        return crl

    def published(self) -> list[RevocationList]:
        with self._uow_factory(read_only=True) as uow:
            return list(uow.revocation_lists.all_latest())

    # -- steps ---------------------------------------------------------------------------------------

    def _target(self, uow: UnitOfWork, serial: int, issuer: str | None) -> CertificateRecord:
        found = ([uow.certificates.by_issuer_serial(issuer, serial)] if issuer is not None
                 else list(uow.certificates.by_serial(serial)))
        records = [r for r in found if r is not None]
        if not records:
            raise RevocationRefused(f"certificate {serial:X}{f' issued by {issuer}' if issuer else ''} is not in "
                                    "the SMKI repository")
        if len(records) > 1:
            raise RevocationRefused(f"{len(records)} certificates have serial {serial:X} "
                                    f"({', '.join(r.issuer for r in records)}): name the issuer")
        record = records[0]
        if record.kind is CertificateKind.CA:
            raise RevocationRefused(f"certificate {serial:X} is a CA certificate: CA certificates are revoked by "
                                    "the Root's authority revocation list, which the SMKI Repository does not hold")
        if not self._codec.can_issue(record.issuer):
            raise RevocationRefused(f"the DCC does not hold the key of {record.issuer}: import that CA's "
                                    "revocation list instead (gbdcc smki crl import)")
        return record

    def _issue(self, uow: UnitOfWork, issuer: str, entries: Sequence[RevokedCertificate],
               held: RevocationList | None) -> AppliedList:
        if not self._codec.can_issue(issuer):
            raise RevocationRefused(f"the DCC does not hold the key of {issuer}: it cannot issue its list")
        now = self._clock.now().replace(microsecond=0)
        der = self._codec.issue(issuer, entries, held.number + 1 if held else 1, now, now + self._validity)
        return self._apply(uow, der)  # verified like any other list before it is used

    def _apply(self, uow: UnitOfWork, data: bytes) -> AppliedList:
        crl = self._codec.verify(data, uow.certificates.authorities())
        check_held_in_repository(crl)
        check_newer(crl, uow.revocation_lists.latest(crl.issuer), self._clock.now())
        uow.revocation_lists.put(crl)
        stored = uow.revocation_lists.latest(crl.issuer)
        if stored is None or stored.number != crl.number or stored.der != crl.der:
            raise RevocationListInvalid(f"a concurrent change published list {crl.number} of {crl.issuer} first: "
                                        "retry")
        newly: list[CertificateRecord] = []
        unknown: list[int] = []
        for entry in crl.entries:
            before = uow.certificates.by_issuer_serial(crl.issuer, entry.serial)
            if before is None:
                unknown.append(entry.serial)
                continue
            if before.revoked:
                continue
            uow.certificates.revoke(crl.issuer, entry.serial, entry.revoked_at, entry.reason)
            after = uow.certificates.by_issuer_serial(crl.issuer, entry.serial)
            assert after is not None
            newly.append(after)
        return AppliedList(crl, tuple(newly), tuple(unknown))

    def _notify(self, applied: AppliedList) -> None:
        for record in applied.newly_revoked:
            for listener in self._on_revoked:
                listener(record)

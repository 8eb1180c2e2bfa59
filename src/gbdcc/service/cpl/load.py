"""Loading a signed CPL into the DCC (R-PKI-2, R-SEC-3): verified before anything is stored — signature,
IKI chain, key usage, SECCo as signer —, then the document read (canonical form, no release notes), then
stored if its version is above the one in force."""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.cpl import CertifiedProductsList, CplRecord, parse_document
from gbdcc.domain.errors import CplVersionStale
from gbdcc.service.cpl.ports import CplVerifier
from gbdcc.service.ports import UnitOfWork


def read_verified(signed_file: bytes, verifier: CplVerifier, now: datetime) -> tuple[CertifiedProductsList, CplRecord]:
    """The CPL of a signed file and the record to store, once the file verifies (nothing stored here)."""
    verified = verifier.verify(signed_file, now)
    cpl = parse_document(verified.document)
    record = CplRecord(version=cpl.version, issued_at=cpl.issued_at, loaded_at=now, signer=verified.signer,
                       signer_serial=verified.signer_serial, party_signifier=verified.party_signifier,
                       sha256=verified.sha256, entries=len(cpl.entries), signed_file=signed_file)
    return cpl, record


def load_cpl(uow: UnitOfWork, signed_file: bytes, verifier: CplVerifier, now: datetime) -> CplRecord:
    """Verify, read and store a signed CPL; the caller commits. ``CplVersionStale`` unless its version is
    above the version in force."""
    _, record = read_verified(signed_file, verifier, now)
    current = uow.cpl.in_force()
    if current is not None and record.version <= current.version:
        raise CplVersionStale(f"CPL version {record.version} is not above version {current.version} in force")
    uow.cpl.add(record)
    return record

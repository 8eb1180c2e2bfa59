"""Ports of SMKI revocation (R-PKI-1): the revocation lists the SMKI repository holds, and the CRL codec.

The codec is the only way to get a :class:`~gbdcc.domain.revocation.RevocationList`: it reads an X.509 CRL
and checks its signature with the issuing CA's certificate (one of the CA records of the SMKI repository)
before anything else sees its entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.revocation import RevocationList, RevokedCertificate
from gbdcc.domain.smki import CertificateRecord


class RevocationListRepository(Protocol):
    """Organisation and Device CA revocation lists, every number of each issuer kept."""

    def put(self, crl: RevocationList) -> None:
        """Store the list (idempotent on issuer + CRL number)."""
        ...
    def latest(self, issuer: str) -> RevocationList | None:
        """The highest-numbered list of ``issuer`` (any RFC 4514 spacing of its canonical name)."""
        ...
    def all_latest(self) -> Sequence[RevocationList]:
        """The latest list of every issuer, by issuer."""
        ...


class CrlCodec(Protocol):
    def verify(self, data: bytes, authorities: Sequence[CertificateRecord]) -> RevocationList:
        """Parse a CRL (DER or PEM) and verify its signature with the CA among ``authorities`` whose subject
        is its issuer; raises ``RevocationListInvalid`` (R-PKI-1) when it does not verify."""
        ...
    def can_issue(self, issuer: str) -> bool:
        """Whether the DCC holds the key of the CA named ``issuer`` (the SMKI's own Organisation / Device CA)."""
        ...
    def issue(self, issuer: str, entries: Sequence[RevokedCertificate], number: int, this_update: datetime,
              next_update: datetime) -> bytes:
        """A DER CRL signed by the SMKI's CA ``issuer``."""
        ...

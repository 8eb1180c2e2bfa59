"""Ports of the CPL functions: its storage (one table) and the verifier of SECCo's signed file (the SMKI
adapter, ``adapters.smki.cpl_file``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from gbdcc.domain.cpl import CplRecord


class CplRepository(Protocol):
    """The verified CPL versions the DCC holds; the one in force is the highest version."""

    def add(self, record: CplRecord) -> None:
        """Store a verified version (a version already stored is a ``CplVersionStale``)."""
        ...
    def in_force(self) -> CplRecord | None:
        """The highest version stored, or None when no CPL was ever loaded."""
        ...
    def versions(self) -> Sequence[CplRecord]:
        """Every version stored, newest first."""
        ...


@dataclass(frozen=True, slots=True)
class VerifiedCpl:
    """A signed CPL file that verified: the document SECCo signed and who signed it."""

    document: bytes
    signer: str
    signer_serial: str
    party_signifier: str
    sha256: str


class CplVerifier(Protocol):
    """Verifies a signed CPL file against the IKI root the DCC holds (R-PKI-2); raises ``CplSignatureInvalid``
    / ``CplMalformed`` naming what failed."""

    def verify(self, signed_file: bytes, now: datetime) -> VerifiedCpl: ...

"""The storage port of consent records and compromise declarations (R-CONSENT-1..3,
``domain.compliance.consent``): ``UnitOfWork.consents``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentRecord
from gbdcc.domain.ids import Eui64


class ConsentRepository(Protocol):
    def add(self, record: ConsentRecord) -> ConsentRecord:
        """Store a new consent record; returns it with its ``consent_id``."""
        ...
    def get(self, consent_id: int) -> ConsentRecord | None: ...
    def update(self, record: ConsentRecord) -> None:
        """Replace the stored record of ``record.consent_id`` (withdrawal, third-party notice);
        ``NotStored`` when there is none."""
        ...
    def for_premises(self, user_id: Eui64, mpxns: Iterable[str]) -> Sequence[ConsentRecord]:
        """Every consent record (withdrawn ones too) of the User at any of ``mpxns``, oldest first."""
        ...
    def listed(self, *, user_id: Eui64 | None = None, mpxn: str | None = None, in_force_at: datetime | None = None,
               limit: int = 100) -> Sequence[ConsentRecord]:
        """Consent records, newest first, filtered by User, MPxN and being in force at an instant."""
        ...
    def declare(self, declaration: CompromiseDeclaration) -> CompromiseDeclaration:
        """Store a new compromise declaration; returns it with its ``declaration_id``."""
        ...
    def declaration(self, declaration_id: int) -> CompromiseDeclaration | None: ...
    def update_declaration(self, declaration: CompromiseDeclaration) -> None:
        """Replace the stored declaration (the attempt to inform the consumer); ``NotStored`` if none."""
        ...
    def declarations_for(self, supplier_id: Eui64, device_id: Eui64) -> Sequence[CompromiseDeclaration]:
        """The supplier's declarations about the device, oldest first."""
        ...
    def declarations(self, *, limit: int = 100) -> Sequence[CompromiseDeclaration]:
        """Every declaration, newest first."""
        ...

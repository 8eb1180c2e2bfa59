"""In-memory consent records and compromise declarations (R-CONSENT-1..3, ``domain.compliance.consent``).

:func:`stored_consent` and :func:`stored_declaration` are shared with the SQL repository, so both store the
same values (instants in UTC; ``NaiveDatetime`` otherwise)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from gbdcc.adapters.db.errors import NotStored, utc, utc_or_none
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentRecord
from gbdcc.domain.ids import Eui64


def stored_consent(r: ConsentRecord) -> ConsentRecord:
    return replace(r, given_at=utc(r.given_at, "given_at"), withdrawn_at=utc_or_none(r.withdrawn_at, "withdrawn_at"),
                   third_party_notice_at=utc_or_none(r.third_party_notice_at, "third_party_notice_at"))


def stored_declaration(d: CompromiseDeclaration) -> CompromiseDeclaration:
    return replace(d, declared_at=utc(d.declared_at, "declared_at"),
                   inform_attempt_at=utc_or_none(d.inform_attempt_at, "inform_attempt_at"))


class InMemoryConsentRepository(Repository):
    def add(self, record: ConsentRecord) -> ConsentRecord:
        consents = self._s().consents
        stored = replace(stored_consent(record), consent_id=max(consents, default=0) + 1)
        assert stored.consent_id is not None
        consents[stored.consent_id] = stored
        return stored

    def get(self, consent_id: int) -> ConsentRecord | None:
        return self._s().consents.get(consent_id)

    def update(self, record: ConsentRecord) -> None:
        consents = self._s().consents
        if record.consent_id is None or record.consent_id not in consents:
            raise NotStored(f"no consent record {record.consent_id} to update")
        consents[record.consent_id] = stored_consent(record)

    def for_premises(self, user_id: Eui64, mpxns: Iterable[str]) -> Sequence[ConsentRecord]:
        wanted = set(mpxns)
        return sorted((c for c in self._s().consents.values() if c.user_id == user_id and c.mpxn in wanted),
                      key=lambda c: c.consent_id or 0)

    def listed(self, *, user_id: Eui64 | None = None, mpxn: str | None = None, in_force_at: datetime | None = None,
               limit: int = 100) -> Sequence[ConsentRecord]:
        at = utc_or_none(in_force_at, "in_force_at")
        found = [c for c in self._s().consents.values()
                 if (user_id is None or c.user_id == user_id) and (mpxn is None or c.mpxn == mpxn)
                 and (at is None or c.in_force(at))]
        found.sort(key=lambda c: c.consent_id or 0, reverse=True)
        return found[: max(limit, 0)]

    def declare(self, declaration: CompromiseDeclaration) -> CompromiseDeclaration:
        found = self._s().compromises
        stored = replace(stored_declaration(declaration), declaration_id=max(found, default=0) + 1)
        assert stored.declaration_id is not None
        found[stored.declaration_id] = stored
        return stored

    def declaration(self, declaration_id: int) -> CompromiseDeclaration | None:
        return self._s().compromises.get(declaration_id)

    def update_declaration(self, declaration: CompromiseDeclaration) -> None:
        found = self._s().compromises
        if declaration.declaration_id is None or declaration.declaration_id not in found:
            raise NotStored(f"no compromise declaration {declaration.declaration_id} to update")
        found[declaration.declaration_id] = stored_declaration(declaration)

    def declarations_for(self, supplier_id: Eui64, device_id: Eui64) -> Sequence[CompromiseDeclaration]:
        return sorted((d for d in self._s().compromises.values()
                       if d.supplier_id == supplier_id and d.device_id == device_id),
                      key=lambda d: d.declaration_id or 0)

    def declarations(self, *, limit: int = 100) -> Sequence[CompromiseDeclaration]:
        found = sorted(self._s().compromises.values(), key=lambda d: d.declaration_id or 0, reverse=True)
        return found[: max(limit, 0)]

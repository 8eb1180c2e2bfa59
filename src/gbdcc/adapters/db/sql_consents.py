"""SQL repository of consent records and compromise declarations (R-CONSENT-1..3,
``domain.compliance.consent``): ``consent_records`` and ``compromise_declarations``.

The gateway's lookup (:meth:`SqlConsentRepository.for_premises`) is one index range scan on
``(user_id, mpxn)`` per request that consent gates; no other request reads these tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import NotStored, utc_or_none
from gbdcc.adapters.db.memory.consents import stored_consent, stored_declaration
from gbdcc.adapters.db.tables import compromise_declarations as cd
from gbdcc.adapters.db.tables import consent_records as cr
from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentPurpose, ConsentRecord
from gbdcc.domain.ids import Eui64


def _consent_values(r: ConsentRecord) -> dict[str, Any]:
    s = stored_consent(r)
    return {"user_id": s.user_id, "mpxn": s.mpxn, "purposes": ",".join(sorted(p.value for p in s.purposes)),
            "given_at": s.given_at, "withdrawn_at": s.withdrawn_at, "third_party_notice_at": s.third_party_notice_at,
            "evidence": s.evidence}


def _consent(row: Any) -> ConsentRecord:
    return ConsentRecord(user_id=row.user_id, mpxn=row.mpxn,
                         purposes=frozenset(ConsentPurpose(p) for p in row.purposes.split(",") if p),
                         given_at=row.given_at, withdrawn_at=row.withdrawn_at,
                         third_party_notice_at=row.third_party_notice_at, evidence=row.evidence,
                         consent_id=int(row.consent_id))


def _declaration_values(d: CompromiseDeclaration) -> dict[str, Any]:
    s = stored_declaration(d)
    return {"supplier_id": s.supplier_id, "device_id": s.device_id, "declared_at": s.declared_at,
            "reason": s.reason, "inform_attempt_at": s.inform_attempt_at, "inform_attempt": s.inform_attempt}


def _declaration(row: Any) -> CompromiseDeclaration:
    return CompromiseDeclaration(supplier_id=row.supplier_id, device_id=row.device_id, declared_at=row.declared_at,
                                 reason=row.reason, inform_attempt_at=row.inform_attempt_at,
                                 inform_attempt=row.inform_attempt, declaration_id=int(row.declaration_id))


class SqlConsentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- consent records ------------------------------------------------------------------------------
    def add(self, record: ConsentRecord) -> ConsentRecord:
        key = self._conn.execute(insert(cr).values(**_consent_values(record))).inserted_primary_key
        assert key is not None
        found = self.get(int(key[0]))
        assert found is not None
        return found

    def get(self, consent_id: int) -> ConsentRecord | None:
        row = self._conn.execute(select(cr).where(cr.c.consent_id == consent_id)).first()
        return None if row is None else _consent(row)

    def update(self, record: ConsentRecord) -> None:
        res = self._conn.execute(update(cr).where(cr.c.consent_id == record.consent_id)
                                 .values(**_consent_values(record)))
        if record.consent_id is None or res.rowcount != 1:
            raise NotStored(f"no consent record {record.consent_id} to update")

    def for_premises(self, user_id: Eui64, mpxns: Iterable[str]) -> Sequence[ConsentRecord]:
        wanted = sorted(set(mpxns))
        if not wanted:
            return []
        stmt = (select(cr).where(cr.c.user_id == user_id, cr.c.mpxn.in_(wanted)).order_by(cr.c.consent_id))
        return [_consent(r) for r in self._conn.execute(stmt)]

    def listed(self, *, user_id: Eui64 | None = None, mpxn: str | None = None, in_force_at: datetime | None = None,
               limit: int = 100) -> Sequence[ConsentRecord]:
        if limit <= 0:
            return []
        stmt = select(cr).order_by(cr.c.consent_id.desc()).limit(limit)
        if user_id is not None:
            stmt = stmt.where(cr.c.user_id == user_id)
        if mpxn is not None:
            stmt = stmt.where(cr.c.mpxn == mpxn)
        at = utc_or_none(in_force_at, "in_force_at")
        if at is not None:
            stmt = stmt.where(cr.c.given_at <= at, or_(cr.c.withdrawn_at.is_(None), cr.c.withdrawn_at > at))
        return [_consent(r) for r in self._conn.execute(stmt)]

    # -- compromise declarations (R-CONSENT-3) ---------------------------------------------------------
    def declare(self, declaration: CompromiseDeclaration) -> CompromiseDeclaration:
        key = self._conn.execute(insert(cd).values(**_declaration_values(declaration))).inserted_primary_key
        assert key is not None
        found = self.declaration(int(key[0]))
        assert found is not None
        return found

    def declaration(self, declaration_id: int) -> CompromiseDeclaration | None:
        row = self._conn.execute(select(cd).where(cd.c.declaration_id == declaration_id)).first()
        return None if row is None else _declaration(row)

    def update_declaration(self, declaration: CompromiseDeclaration) -> None:
        res = self._conn.execute(update(cd).where(cd.c.declaration_id == declaration.declaration_id)
                                 .values(**_declaration_values(declaration)))
        if declaration.declaration_id is None or res.rowcount != 1:
            raise NotStored(f"no compromise declaration {declaration.declaration_id} to update")

    def declarations_for(self, supplier_id: Eui64, device_id: Eui64) -> Sequence[CompromiseDeclaration]:
        stmt = (select(cd).where(cd.c.supplier_id == supplier_id, cd.c.device_id == device_id)
                .order_by(cd.c.declaration_id))
        return [_declaration(r) for r in self._conn.execute(stmt)]

    def declarations(self, *, limit: int = 100) -> Sequence[CompromiseDeclaration]:
        if limit <= 0:
            return []
        stmt = select(cd).order_by(cd.c.declaration_id.desc()).limit(limit)
        return [_declaration(r) for r in self._conn.execute(stmt)]

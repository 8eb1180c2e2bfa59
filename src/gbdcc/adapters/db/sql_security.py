"""SQL security registers (R-SEC-1, R-SEC-2; ``domain.security``): ``security_tokens``,
``file_signing_releases`` / ``file_signing_copies``, ``vulnerability_notices`` (recipients as space-separated
EUI-64s) and ``security_disputes`` (one row per dispute, a column pair per step)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.security import (
    stored_copy,
    stored_dispute,
    stored_notice,
    stored_release,
    stored_token,
)
from gbdcc.adapters.db.tables import file_signing_copies as fc
from gbdcc.adapters.db.tables import file_signing_releases as fr
from gbdcc.adapters.db.tables import security_disputes as sd
from gbdcc.adapters.db.tables import security_tokens as st
from gbdcc.adapters.db.tables import vulnerability_notices as vn
from gbdcc.domain.ids import Eui64
from gbdcc.domain.security import (
    Affects,
    CredentialToken,
    DisputeOutcome,
    SecurityDispute,
    SigningSoftwareRelease,
    SoftwareCopy,
    TokenEnd,
    VulnerabilityNotice,
)

_TOKEN_FIELDS = ("token_id", "holder", "model", "fips_level", "tested_on", "issued_at", "ended_at")
_DISPUTE_STEPS = ("decided_on", "decision_note", "appealed_on", "appeal_grounds", "arbitration_matter",
                  "referred_on", "default_notified_at")


def _upsert_of(insert_: Any, table: Any, key: str) -> Any:
    stmt = insert_(table)
    return stmt.on_conflict_do_update(index_elements=[table.c[key]],
                                      set_={c.name: stmt.excluded[c.name] for c in table.c if c.name != key})


@per_dialect
def _upsert_token(insert_: Any) -> Any:
    return _upsert_of(insert_, st, "token_id")


@per_dialect
def _upsert_release(insert_: Any) -> Any:
    return _upsert_of(insert_, fr, "version")


def _token(row: Any) -> CredentialToken:
    return CredentialToken(**{f: getattr(row, f) for f in _TOKEN_FIELDS},
                           end=None if row.end_reason is None else TokenEnd(row.end_reason))


def _release(row: Any) -> SigningSoftwareRelease:
    return SigningSoftwareRelease(row.version, row.sha256, row.tested_on, row.reviewed_on, row.issued_at)


def _notice(row: Any) -> VulnerabilityNotice:
    recipients = tuple(Eui64(int(x, 16)) for x in row.recipients.split())
    return VulnerabilityNotice(Affects(row.affects), row.affected, row.summary, row.issued_at, recipients,
                               row.notice_id)


def _dispute_values(d: SecurityDispute) -> dict[str, Any]:
    return {"user_id": d.user, "sections": " ".join(d.sections), "summary": d.summary, "raised_at": d.raised_at,
            "decision": None if d.decision is None else d.decision.value,
            **{f: getattr(d, f) for f in _DISPUTE_STEPS}}


def _dispute(row: Any) -> SecurityDispute:
    return SecurityDispute(row.user_id, tuple(row.sections.split()), row.summary, row.raised_at, row.dispute_id,
                           None if row.decision is None else DisputeOutcome(row.decision),
                           **{f: getattr(row, f) for f in _DISPUTE_STEPS})


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in fields(value)}


_GET_TOKEN = select(st).where(st.c.token_id == bindparam("k"))
_GET_RELEASE = select(fr).where(fr.c.version == bindparam("k"))
_GET_DISPUTE = select(sd).where(sd.c.dispute_id == bindparam("k"))


class SqlSecurityRegisterRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put_token(self, token: CredentialToken) -> None:
        t = stored_token(token)
        values = {**{f: getattr(t, f) for f in _TOKEN_FIELDS}, "end_reason": None if t.end is None else t.end.value}
        self._conn.execute(_upsert_token(self._conn), values)

    def get_token(self, token_id: str) -> CredentialToken | None:
        row = self._conn.execute(_GET_TOKEN, {"k": token_id}).first()
        return None if row is None else _token(row)

    def tokens(self) -> Sequence[CredentialToken]:
        return [_token(r) for r in self._conn.execute(select(st).order_by(st.c.issued_at, st.c.token_id))]

    def put_release(self, release: SigningSoftwareRelease) -> None:
        self._conn.execute(_upsert_release(self._conn), _fields(stored_release(release)))

    def get_release(self, version: str) -> SigningSoftwareRelease | None:
        row = self._conn.execute(_GET_RELEASE, {"k": version}).first()
        return None if row is None else _release(row)

    def releases(self) -> Sequence[SigningSoftwareRelease]:
        return [_release(r) for r in self._conn.execute(select(fr).order_by(fr.c.issued_at, fr.c.version))]

    def add_copy(self, copy: SoftwareCopy) -> None:
        if self.get_release(copy.version) is None:
            raise NotStored(f"no File Signing Software release {copy.version} stored")
        c = stored_copy(copy)
        self._conn.execute(insert(fc), {"version": c.version, "subscriber": c.subscriber,
                                        "distributed_at": c.distributed_at})

    def copies(self) -> Sequence[SoftwareCopy]:
        rows = self._conn.execute(select(fc).order_by(fc.c.copy_id))
        return [SoftwareCopy(r.version, r.subscriber, r.distributed_at) for r in rows]

    def add_notice(self, notice: VulnerabilityNotice) -> VulnerabilityNotice:
        n = stored_notice(notice)
        values = {"affects": n.affects.value, "affected": n.affected, "summary": n.summary,
                  "issued_at": n.issued_at, "recipients": " ".join(e.hex for e in n.recipients)}
        new_id = self._conn.execute(insert(vn).returning(vn.c.notice_id), values).scalar_one()
        return VulnerabilityNotice(n.affects, n.affected, n.summary, n.issued_at, n.recipients, int(new_id))

    def notices(self) -> Sequence[VulnerabilityNotice]:
        return [_notice(r) for r in self._conn.execute(select(vn).order_by(vn.c.notice_id))]

    def add_dispute(self, dispute: SecurityDispute) -> SecurityDispute:
        d = stored_dispute(dispute)
        new_id = self._conn.execute(insert(sd).returning(sd.c.dispute_id), _dispute_values(d)).scalar_one()
        found = self.get_dispute(int(new_id))
        assert found is not None
        return found

    def put_dispute(self, dispute: SecurityDispute) -> None:
        d = stored_dispute(dispute)
        res = self._conn.execute(update(sd).where(sd.c.dispute_id == d.dispute_id), _dispute_values(d))
        if d.dispute_id is None or res.rowcount != 1:
            raise NotStored(f"security dispute {d.dispute_id} is not stored")

    def get_dispute(self, dispute_id: int) -> SecurityDispute | None:
        row = self._conn.execute(_GET_DISPUTE, {"k": dispute_id}).first()
        return None if row is None else _dispute(row)

    def disputes(self) -> Sequence[SecurityDispute]:
        return [_dispute(r) for r in self._conn.execute(select(sd).order_by(sd.c.dispute_id))]

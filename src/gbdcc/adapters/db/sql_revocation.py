"""SQL repository of SMKI revocation lists (R-PKI-1), keyed by normalised issuer + CRL number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.crl_values import decode_entries, encode_entries, number_key, stored_crl
from gbdcc.adapters.db.dialect import upsert_insert
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.adapters.db.tables import revocation_lists
from gbdcc.domain.revocation import CaScope, RevocationList

_T = revocation_lists


def _crl(row: Any) -> RevocationList:
    return RevocationList(issuer=row.issuer, number=int(row.crl_number, 16), this_update=row.this_update,
                          next_update=row.next_update, entries=decode_entries(row.entries), der=bytes(row.der),
                          scope=CaScope(row.scope))


class SqlRevocationListRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put(self, crl: RevocationList) -> None:
        crl = stored_crl(crl)
        ins = upsert_insert(self._conn, _T).values(
            issuer_norm=normalise_dn(crl.issuer), crl_number=number_key(crl.number), issuer=crl.issuer,
            this_update=crl.this_update, next_update=crl.next_update, scope=crl.scope.value,
            entries=encode_entries(crl.entries), der=crl.der)
        self._conn.execute(ins.on_conflict_do_nothing(index_elements=["issuer_norm", "crl_number"]))

    def latest(self, issuer: str) -> RevocationList | None:
        row = self._conn.execute(
            select(_T).where(_T.c.issuer_norm == normalise_dn(issuer)).order_by(_T.c.crl_number.desc()).limit(1)
        ).first()
        return None if row is None else _crl(row)

    def all_latest(self) -> Sequence[RevocationList]:
        newest = (select(_T.c.issuer_norm, func.max(_T.c.crl_number).label("n"))
                  .group_by(_T.c.issuer_norm).subquery())
        rows = self._conn.execute(
            select(_T).join(newest, (_T.c.issuer_norm == newest.c.issuer_norm) & (_T.c.crl_number == newest.c.n))
            .order_by(_T.c.issuer_norm)
        ).all()
        return [_crl(r) for r in rows]

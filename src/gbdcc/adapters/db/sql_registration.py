"""SQL repository for Registration Data: who holds each registered role of a metering point, and from
when to when (SEC H3, R-SR-1; ``domain.registration``). Access control reads it time-sliced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.tables import registration_periods as reg
from gbdcc.adapters.db.values import stored_period
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod


@per_dialect
def _put(insert: Any) -> Any:
    ins = insert(reg)
    return ins.on_conflict_do_update(
        index_elements=[reg.c.mpxn, reg.c.role, reg.c.effective_from],
        set_={"party": ins.excluded.party, "effective_to": ins.excluded.effective_to},
    )


#: Served by the primary key (mpxn, role, effective_from): one range scan per MPxN of the list.
_FOR_MPXNS = (select(reg).where(reg.c.mpxn.in_(bindparam("mpxns", expanding=True)))
              .order_by(reg.c.mpxn, reg.c.role, reg.c.effective_from))

_KEY = (reg.c.mpxn == bindparam("k_mpxn"), reg.c.role == bindparam("k_role"))
_AT = bindparam("k_at", type_=reg.c.effective_from.type)
#: Periods effective at ``at`` that started before it: their end moves to ``at``.
_END = update(reg).where(*_KEY, reg.c.effective_from < _AT,
                         or_(reg.c.effective_to.is_(None), reg.c.effective_to > _AT))
#: A period starting exactly at ``at`` would become empty ([at, at)): it is removed instead.
_DROP_EMPTY = delete(reg).where(*_KEY, reg.c.effective_from == _AT)


def _period(row: Any) -> RegistrationPeriod:
    return RegistrationPeriod(row.mpxn, UserRole(row.role), row.party, row.effective_from, row.effective_to)


class SqlRegistrationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def put(self, period: RegistrationPeriod) -> None:
        """Store ``period``; one with the same (MPxN, role, effective_from) is replaced."""
        p = stored_period(period)
        self._conn.execute(_put(self._conn), {"mpxn": p.mpxn, "role": p.role.value, "party": p.party,
                                              "effective_from": p.effective_from, "effective_to": p.effective_to})

    def for_mpxns(self, mpxns: Iterable[str]) -> Sequence[RegistrationPeriod]:
        wanted = sorted(set(mpxns))
        if not wanted:
            return []
        return [_period(r) for r in self._conn.execute(_FOR_MPXNS, {"mpxns": wanted})]

    def end(self, mpxn: str, role: UserRole, at: datetime) -> int:
        """Close the period of ``role`` effective at ``at``: its ``effective_to`` becomes ``at`` (or, if
        it starts at ``at``, it is removed). Returns the number of periods changed."""
        params = {"k_mpxn": mpxn, "k_role": role.value, "k_at": utc(at, "at"), "effective_to": utc(at, "at")}
        ended = self._conn.execute(_END, params).rowcount
        dropped = self._conn.execute(_DROP_EMPTY, params).rowcount
        return int(ended) + int(dropped)

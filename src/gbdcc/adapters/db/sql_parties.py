"""SQL repository for Users (SEC H1, R-USER-1/2); RequestID counters are in ``sql_counters``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.record_cache import USERS, CacheView
from gbdcc.adapters.db.tables import user_roles, users
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole, UserRoleEntry


def _load_roles(conn: Connection, stmt: Select[Any]) -> dict[Eui64, list[UserRoleEntry]]:
    """Roles selected by ``stmt``, grouped by User ID, in ``User.roles`` order."""
    out: dict[Eui64, list[UserRoleEntry]] = defaultdict(list)
    for r in conn.execute(stmt.order_by(user_roles.c.user_id, user_roles.c.position)):
        out[r.user_id].append(UserRoleEntry(UserRole(r.role), r.entry_date, r.exit_date))
    return out


_ID = bindparam("user_id", type_=users.c.user_id.type)
_GET = select(users).where(users.c.user_id == _ID)
_GET_ROLES = select(user_roles).where(user_roles.c.user_id == _ID).order_by(user_roles.c.position)
_DELETE_ROLES = delete(user_roles).where(user_roles.c.user_id == _ID)


@per_dialect
def _put(insert: Any) -> Any:
    ins = insert(users)
    return ins.on_conflict_do_update(
        index_elements=[users.c.user_id],
        set_={"name": ins.excluded.name, "response_url": ins.excluded.response_url},
    )


class SqlUserRepository:
    """Users and their roles; ``put`` replaces the User's row and its whole role set. With ``cache`` (the
    unit of work's :class:`~gbdcc.adapters.db.record_cache.CacheView`) ``get`` is served from the
    process-wide cache while no User has been written since; every ``put`` bumps the ``users`` generation."""

    def __init__(self, conn: Connection, cache: CacheView | None = None) -> None:
        self._conn = conn
        self._cache = cache or CacheView(conn, None)

    def get(self, user_id: Eui64) -> User | None:
        return self._cache.lookup(USERS, user_id, lambda: self._load(user_id))

    def _load(self, user_id: Eui64) -> User | None:
        row = self._conn.execute(_GET, {"user_id": user_id}).first()
        if row is None:
            return None
        roles = self._conn.execute(_GET_ROLES, {"user_id": user_id})
        entries = tuple(UserRoleEntry(UserRole(r.role), r.entry_date, r.exit_date) for r in roles)
        return User(row.user_id, row.name, entries, row.response_url)

    def put(self, user: User) -> None:
        self._conn.execute(_put(self._conn),
                           {"user_id": user.user_id, "name": user.name, "response_url": user.response_url})
        self._cache.wrote(USERS)
        self._conn.execute(_DELETE_ROLES, {"user_id": user.user_id})
        if user.roles:
            self._conn.execute(
                insert(user_roles),
                [
                    {"user_id": user.user_id, "role": r.role.value, "entry_date": r.entry_date,
                     "exit_date": r.exit_date, "position": i}
                    for i, r in enumerate(user.roles)
                ],
            )

    def list(self) -> Sequence[User]:
        """Every User, ordered by User ID (two queries, whatever the number of Users)."""
        rows = self._conn.execute(select(users).order_by(users.c.user_id)).all()
        roles = _load_roles(self._conn, select(user_roles))
        return [User(r.user_id, r.name, tuple(roles.get(r.user_id, ())), r.response_url) for r in rows]

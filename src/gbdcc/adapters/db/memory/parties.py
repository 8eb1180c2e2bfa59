"""In-memory Users, RequestID counters per (User, target) (DUIS 3.2.3) and DCC originator counters
(GBCS 4.3.1). A migrated SQL database may also hold per-User floors (schema 0001); memory never does."""

from __future__ import annotations

from collections.abc import Sequence

from gbdcc.adapters.db.errors import CounterExhausted
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.domain.ids import UINT64_MAX, Eui64
from gbdcc.domain.parties import User


class InMemoryUserRepository(Repository):
    def get(self, user_id: Eui64) -> User | None:
        return self._s().users.get(user_id)

    def put(self, user: User) -> None:
        self._s().users[user.user_id] = user

    def list(self) -> Sequence[User]:
        return [u for _, u in sorted(self._s().users.items())]


class InMemoryCounterRepository(Repository):
    def last(self, user_id: Eui64, target_id: Eui64) -> int | None:
        return self._s().counters.get((user_id, target_id))

    def advance(self, user_id: Eui64, target_id: Eui64, counter: int) -> bool:
        check_counter(counter)
        counters = self._s().counters
        last = counters.get((user_id, target_id))
        if last is not None and counter <= last:
            return False
        counters[(user_id, target_id)] = counter
        return True


class InMemoryDccCounterRepository(Repository):
    def next(self, originator: Eui64, recipient: Eui64, at_least: int) -> int:
        check_counter(at_least)
        counters = self._s().dcc_counters
        last = counters.get((originator, recipient))
        if last == UINT64_MAX:
            raise CounterExhausted(f"no GBCS counter left from {originator} to {recipient}")
        value = at_least if last is None else max(last + 1, at_least)
        counters[(originator, recipient)] = value
        return value

"""SQL repository for device Service Requests through their lifecycle (``domain.requests``; DUIS 3.2.3
RequestID ``originator:target:counter`` is the primary key).

``update`` is a compare-and-set on the lifecycle state in one statement (``UPDATE … WHERE pk AND state =
expected``): on PostgreSQL a second writer waits for the first's row lock and then re-checks the state
against the committed row, so exactly one of two consumers of an event moves the request on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import per_dialect
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.tables import service_requests as sr
from gbdcc.adapters.db.values import stored_request
from gbdcc.domain.errors import DuplicateServiceRequest
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState, ServiceRequest

#: ServiceRequest fields stored in a column of the same name (the RequestID is split into the key).
_FIELDS = tuple(f.name for f in fields(ServiceRequest) if f.name != "request_id")
_PK = (sr.c.user_id == bindparam("k_user_id"), sr.c.device_id == bindparam("k_device_id"),
       sr.c.counter == bindparam("k_counter"))


@per_dialect
def _add(insert: Any) -> Any:
    return insert(sr).on_conflict_do_nothing(
        index_elements=[sr.c.user_id, sr.c.device_id, sr.c.counter]).returning(sr.c.counter)


_GET = select(sr).where(*_PK)
_UPDATE = update(sr).where(*_PK, sr.c.state == bindparam("k_state"))
_BY_COMMAND = (select(sr).where(sr.c.device_id == bindparam("device_id"),
                                sr.c.gbcs_originator == bindparam("gbcs_originator"),
                                sr.c.gbcs_counter == bindparam("gbcs_counter"))
               .order_by(sr.c.received_at.desc()).limit(1))
_IN_STATES = (select(sr).where(sr.c.state.in_(bindparam("states", expanding=True)))
              .order_by(sr.c.received_at, sr.c.user_id, sr.c.device_id, sr.c.counter)
              .limit(bindparam("limit")))
_COUNT = select(sr.c.state, func.count()).group_by(sr.c.state)


def _values(r: ServiceRequest) -> dict[str, Any]:
    values = {name: getattr(r, name) for name in _FIELDS}
    values["role"] = r.role.value
    values["state"] = r.state.value
    return values


def _key(rid: RequestId) -> dict[str, Any]:
    return {"k_user_id": rid.originator, "k_device_id": rid.target, "k_counter": rid.counter}


def _request(row: Any) -> ServiceRequest:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["role"] = UserRole(row.role)
    values["state"] = RequestState(row.state)
    for blob in ("raw", "precommand", "command"):
        if values[blob] is not None:
            values[blob] = bytes(values[blob])
    return ServiceRequest(request_id=RequestId(row.user_id, row.device_id, row.counter), **values)


class SqlServiceRequestRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, request: ServiceRequest) -> None:
        """Insert; :class:`DuplicateServiceRequest` if the RequestID is already stored."""
        r = stored_request(request)
        rid = r.request_id
        values = _values(r) | {"user_id": rid.originator, "device_id": rid.target, "counter": rid.counter}
        if self._conn.execute(_add(self._conn), values).first() is None:
            raise DuplicateServiceRequest(f"Service Request {rid} is already stored")

    def get(self, request_id: RequestId) -> ServiceRequest | None:
        row = self._conn.execute(_GET, _key(request_id)).first()
        return None if row is None else _request(row)

    def update(self, request: ServiceRequest, expected: RequestState) -> bool:
        r = stored_request(request)
        params = _values(r) | _key(r.request_id) | {"k_state": expected.value}
        return bool(self._conn.execute(_UPDATE, params).rowcount == 1)

    def by_command(self, device_id: Eui64, gbcs_originator: Eui64, gbcs_counter: int) -> ServiceRequest | None:
        """The request whose command had that originator and counter (unique per device by GBCS 4.3.1,
        which makes counters strictly increase; should two ever match, the latest received)."""
        check_counter(gbcs_counter)
        row = self._conn.execute(_BY_COMMAND, {"device_id": device_id, "gbcs_originator": gbcs_originator,
                                               "gbcs_counter": gbcs_counter}).first()
        return None if row is None else _request(row)

    def in_states(self, states: Iterable[RequestState], limit: int) -> Sequence[ServiceRequest]:
        wanted = sorted({s.value for s in states})
        if not wanted or limit <= 0:
            return []
        return [_request(r) for r in self._conn.execute(_IN_STATES, {"states": wanted, "limit": limit})]

    def count_by_state(self) -> dict[RequestState, int]:
        """Requests per state; states with none are left out."""
        return {RequestState(state): int(n) for state, n in self._conn.execute(_COUNT)}

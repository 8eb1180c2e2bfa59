"""In-memory Registration Data (SEC H3, R-SR-1) and device Service Requests (``domain.requests``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.keys import check_counter
from gbdcc.adapters.db.memory.state import Repository, compare_and_set
from gbdcc.adapters.db.values import stored_period, stored_request
from gbdcc.domain.errors import DuplicateServiceRequest
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.model import ConcurrentChange
from gbdcc.domain.rdp.plan import PeriodKey
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.requests import RequestState, ServiceRequest
from gbdcc.service.ports import Progress


class InMemoryRegistrationRepository(Repository):
    def put(self, period: RegistrationPeriod) -> None:
        p = stored_period(period)
        self._s().registration[(p.mpxn, p.role.value, p.effective_from)] = p

    def for_mpxns(self, mpxns: Iterable[str]) -> Sequence[RegistrationPeriod]:
        wanted = set(mpxns)
        return [p for k, p in sorted(self._s().registration.items()) if k[0] in wanted]

    def end(self, mpxn: str, role: UserRole, at: datetime) -> int:
        """As the SQL one: periods effective at ``at`` end there; one starting at ``at`` is removed."""
        at = utc(at, "at")
        periods = self._s().registration
        changed = 0
        for key, p in list(periods.items()):
            if p.mpxn != mpxn or p.role != role or not p.effective_at(at):
                continue
            if p.effective_from == at:
                del periods[key]
            else:
                periods[key] = replace(p, effective_to=at)
            changed += 1
        return changed

    def periods_of(self, mpxns: Iterable[str], roles: Iterable[UserRole]) -> dict[str, list[RegistrationPeriod]]:
        wanted, wanted_roles = set(mpxns), {r.value for r in roles}
        out: dict[str, list[RegistrationPeriod]] = {}
        for (mpxn, role, _), p in sorted(self._s().registration.items()):
            if mpxn in wanted and role in wanted_roles:
                out.setdefault(mpxn, []).append(p)
        return out

    def apply(self, delete: Sequence[PeriodKey], insert: Sequence[RegistrationPeriod],
              replace: Sequence[RegistrationPeriod], progress: Progress | None = None) -> None:
        periods = self._s().registration
        for mpxn, role, at in delete:
            periods.pop((mpxn, role.value, utc(at, "effective_from")), None)
        for p in insert:
            if (p.mpxn, p.role.value, utc(p.effective_from, "effective_from")) in periods:
                raise ConcurrentChange(f"a period of {p.mpxn} from {p.effective_from.isoformat()} was stored "
                                       "while the file loaded")
            self.put(p)
        for p in replace:
            self.put(p)
        if progress is not None:
            progress(len(delete) + len(insert) + len(replace))


def _order(r: ServiceRequest) -> tuple[datetime, Eui64, Eui64, int]:
    return r.received_at, r.user_id, r.device_id, r.request_id.counter


class InMemoryServiceRequestRepository(Repository):
    def add(self, request: ServiceRequest) -> None:
        r = stored_request(request)
        requests = self._s().requests
        if r.request_id in requests:
            raise DuplicateServiceRequest(f"Service Request {r.request_id} is already stored")
        requests[r.request_id] = r

    def get(self, request_id: RequestId) -> ServiceRequest | None:
        return self._s().requests.get(request_id)

    def update(self, request: ServiceRequest, expected: RequestState) -> bool:
        r = stored_request(request)
        return compare_and_set(self._s().requests, r.request_id, r, expected)

    def by_command(self, device_id: Eui64, gbcs_originator: Eui64, gbcs_counter: int) -> ServiceRequest | None:
        check_counter(gbcs_counter)
        found = [r for r in self._s().requests.values()
                 if (r.device_id, r.gbcs_originator, r.gbcs_counter) == (device_id, gbcs_originator, gbcs_counter)]
        return max(found, key=lambda r: r.received_at, default=None)

    def in_states(self, states: Iterable[RequestState], limit: int) -> Sequence[ServiceRequest]:
        wanted = set(states)
        found = sorted((r for r in self._s().requests.values() if r.state in wanted), key=_order)
        return found[: max(limit, 0)]

    def count_by_state(self) -> dict[RequestState, int]:
        out: dict[RequestState, int] = {}
        for r in self._s().requests.values():
            out[r.state] = out.get(r.state, 0) + 1
        return out

"""What a signed-in User sees in the Self-Service Interface, with R-OPS-2 access control on every read.

A User sees its own Service Requests (each one's whole story), alerts and failed deliveries; another User's
only while a delegation from that User covering the scope is active — checked in the same unit of work as the
read, on every request, so a revocation takes effect at once (SEC H8.15(c), H8.16). The SMI (inventory search
with status history) and the SM WAN Coverage Database (12.1) are shared reference data every signed-in User may
search, as the DUIS read-inventory and WAN-matrix services are open to every User role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.delivery import DeliveryState, OutboundMessage
from gbdcc.domain.errors import DelegationInvalid, InvalidIdentifier, NotDelegated
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device
from gbdcc.domain.portal import Delegation, Scope, may_see, visible_owners
from gbdcc.domain.requests import AuditRecord
from gbdcc.service.coverage.view import check_coverage
from gbdcc.service.ports import Clock, CoverageDatabase, UnitOfWork, UnitOfWorkFactory

#: Rows a page shows at most (newest first); the CSV of a table has the same rows.
PAGE_LIMIT = 500


class SearchBy(StrEnum):
    DEVICE = "device"
    MPXN = "mpxn"
    UPRN = "uprn"
    POSTCODE = "postcode"


@dataclass(frozen=True, slots=True)
class Story:
    """One Service Request's audit records, oldest first, and whose request it is."""

    request_id: str
    owner: Eui64
    steps: tuple[AuditRecord, ...]


class PortalViews:
    """Reads and the few actions of the portal pages; every method takes the signed-in ``viewer``."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, coverage: CoverageDatabase,
                 redeliver: Callable[[list[int]], int]) -> None:
        self._uow_factory, self._clock, self._coverage, self._redeliver = uow_factory, clock, coverage, redeliver

    # -- R-OPS-2 ---------------------------------------------------------------------------------------
    def _check(self, uow: UnitOfWork, viewer: Eui64, owner: Eui64, scope: Scope) -> None:
        if not may_see(viewer, owner, scope, uow.portal.delegations(viewer), self._clock.now()):
            raise NotDelegated(f"{owner}'s {scope.value} are not delegated to {viewer}")

    def owners(self, viewer: Eui64, scope: Scope) -> list[Eui64]:
        """Whose ``scope`` the viewer may choose to see: itself, then the Users delegating it to the viewer."""
        with self._uow_factory(read_only=True) as uow:
            return visible_owners(viewer, scope, uow.portal.delegations(viewer), self._clock.now())

    # -- the pages' reads ------------------------------------------------------------------------------
    def requests(self, viewer: Eui64, owner: Eui64, limit: int = PAGE_LIMIT) -> Sequence[AuditRecord]:
        with self._uow_factory(read_only=True) as uow:
            self._check(uow, viewer, owner, Scope.REQUESTS)
            return uow.portal.requests_of(owner, limit)

    def story(self, viewer: Eui64, request_id: str) -> Story:
        """A request's whole story (what ``gbdcc audit show`` prints): only its originator's records, and only
        for the originator or a User it delegated its requests to."""
        try:
            owner = RequestId.parse(request_id).originator
        except InvalidIdentifier:
            raise NotDelegated(f"no request {request_id!r} of a User visible to {viewer}") from None
        with self._uow_factory(read_only=True) as uow:
            self._check(uow, viewer, owner, Scope.REQUESTS)
            steps = tuple(r for r in uow.audit.for_request(request_id) if r.user_id == str(owner))
        return Story(request_id, owner, steps)

    def alerts(self, viewer: Eui64, owner: Eui64, limit: int = PAGE_LIMIT) -> Sequence[OutboundMessage]:
        with self._uow_factory(read_only=True) as uow:
            self._check(uow, viewer, owner, Scope.ALERTS)
            return uow.portal.alerts_of(owner, limit)

    def failed(self, viewer: Eui64, owner: Eui64, limit: int = PAGE_LIMIT) -> Sequence[OutboundMessage]:
        with self._uow_factory(read_only=True) as uow:
            self._check(uow, viewer, owner, Scope.DELIVERIES)
            return uow.messages.by_state(DeliveryState.FAILED, owner, limit)

    def redeliver(self, viewer: Eui64, message_id: int) -> int:
        """Put one of the viewer's own failed messages back for delivery (``gbdcc deliveries redeliver``); a
        delegation lets another User see the queue, never act on it."""
        with self._uow_factory(read_only=True) as uow:
            message = uow.messages.get(message_id)
        if message is None or message.user_id != viewer:
            raise NotDelegated(f"message {message_id} is not in {viewer}'s failed-delivery queue")
        return self._redeliver([message_id])

    def inventory(self, by: SearchBy, value: str, limit: int = 100) -> Sequence[Device]:
        """SMI search (status history included in each ``Device``)."""
        value = value.strip()
        with self._uow_factory(read_only=True) as uow:
            if by is SearchBy.DEVICE:
                device = uow.inventory.get(Eui64.parse(value))
                return [device] if device is not None else []
            if by is SearchBy.MPXN:
                return uow.inventory.by_mpxn(value, limit)
            if by is SearchBy.UPRN:
                return uow.inventory.by_uprn(value, limit)
            return uow.inventory.by_postcode(value.upper(), None, limit)

    def coverage(self, postcode: str) -> WanCoverage:
        """12.1 coverage for a postcode with the Network Enhancement Plans on record applied (R-WAN-2), the same
        answer as 12.1 and the admin API (``InvalidIdentifier`` outside GB's CSP regions)."""
        with self._uow_factory(read_only=True) as uow:
            return check_coverage(uow, self._coverage, postcode.strip().upper(), self._clock.now()).coverage

    # -- delegations (R-OPS-2: the grantor decides) ----------------------------------------------------
    def delegations(self, viewer: Eui64) -> Sequence[Delegation]:
        with self._uow_factory(read_only=True) as uow:
            return uow.portal.delegations(viewer)

    def grant(self, grantor: Eui64, grantee_text: str, scopes: frozenset[Scope]) -> Delegation:
        try:
            grantee = Eui64.parse(grantee_text.strip())
        except InvalidIdentifier:
            raise DelegationInvalid(f"not a User ID: {grantee_text!r}") from None
        if grantee == grantor:
            raise DelegationInvalid("a User always sees its own information: delegate to another User")
        if not scopes:
            raise DelegationInvalid("choose at least one thing to delegate")
        with self._uow_factory() as uow:
            if uow.users.get(grantee) is None:
                raise DelegationInvalid(f"{grantee} is not a registered User")
            d = Delegation(grantor, grantee, scopes, self._clock.now())
            delegation_id = uow.portal.add_delegation(d)
            uow.commit()
        return Delegation(grantor, grantee, scopes, d.granted_at, None, delegation_id)

    def revoke(self, grantor: Eui64, delegation_id: int) -> None:
        """Revoke at once: the next read of the grantee is refused."""
        with self._uow_factory() as uow:
            d = uow.portal.get_delegation(delegation_id)
            if d is None or d.grantor != grantor:
                raise DelegationInvalid(f"delegation {delegation_id} is not one {grantor} granted")
            if not uow.portal.revoke_delegation(delegation_id, self._clock.now()):
                raise DelegationInvalid(f"delegation {delegation_id} is already revoked")
            uow.commit()

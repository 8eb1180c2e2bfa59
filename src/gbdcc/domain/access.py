"""Access control decisions (SEC H3; R-SR-1, R-USER-1).

The checks run in the order of DESIGN.md step 3; this module holds the ones that need nothing but the
catalogue and the User: role eligibility (E2). Registration data (E4), SMI status (E5) and device type
(E11) checks join it with the device Service Requests.
"""

from __future__ import annotations

from datetime import date

from gbdcc.domain.catalogue import ServiceReferenceVariant
from gbdcc.domain.errors import RoleNotEligible
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import User, UserRole, check_user_may_send


def eligible_role(user: User | None, user_id: Eui64, srv: ServiceReferenceVariant, day: date) -> UserRole:
    """The role the User acts in for this SRV on ``day``.

    Unknown User → E1, no active role → E3 (R-USER-1); none of its active roles eligible → E2 (R-SR-1).
    When several roles are eligible (a supplier ID shared across IS/GS/ES, R-USER-2) the first in the
    order IS, ES, GS, ED, GT, OU, RSA is reported; device requests refine it with Registration Data.
    """
    usable = check_user_may_send(user, user_id, srv.eligible_roles, day)
    if not usable:
        assert user is not None  # check_user_may_send refused unknown Users
        held = ", ".join(sorted(user.roles_on(day))) or "none"
        allowed = ", ".join(sorted(srv.eligible_roles)) or "none (DCC-initiated only)"
        raise RoleNotEligible(
            f"SRV {srv.srv} ({srv.name}) may be sent by {allowed}; {user_id} acts as {held} on {day}",
            rule="R-SR-1",
        )
    return next(r for r in UserRole if r in usable)

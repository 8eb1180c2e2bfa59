"""Admin endpoints of the Self-Service Interface's accounts (``gbdcc portal account``; R-OPS-2).

``POST /admin/v1/portal/accounts`` ``{"user_id", "password"}`` creates the portal account of a registered User
(201); ``POST /admin/v1/portal/accounts/{user_id}/reset`` ``{"password"}`` sets a new password (unlocks, ends
the User's sessions); ``POST /admin/v1/portal/accounts/{user_id}/unlock``. Refusals: 4xx
``{"detail": {"code", "rule", "reason"}}``. Auth as every admin endpoint (``admin_scenario.check_caller``,
``GBDCC_ADMIN_TOKEN``). Passwords are never echoed.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

from gbdcc.adapters.http.admin_common import refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.domain.errors import GbdccError, InvalidIdentifier, PortalRefused
from gbdcc.domain.ids import Eui64
from gbdcc.service.portal.accounts import PortalAccounts

PREFIX = "/admin/v1/portal"


class AccountIn(BaseModel):
    user_id: str
    password: str


class PasswordIn(BaseModel):
    password: str


def _refusal(err: GbdccError) -> HTTPException:
    status = 422 if isinstance(err, InvalidIdentifier) else 409
    return refusal(status, err)


def router(accounts: PortalAccounts, *, token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["portal"])
    token = token or None

    @api.post("/accounts", status_code=201)
    def add(request: Request, body: AccountIn) -> dict[str, str]:
        check_caller(request, token)
        try:
            account = accounts.add(Eui64.parse(body.user_id), body.password)
        except (PortalRefused, InvalidIdentifier) as err:
            raise _refusal(err) from None
        return {"user_id": str(account.user_id), "created_at": account.created_at.isoformat()}

    @api.post("/accounts/{user_id}/reset")
    def reset(request: Request, user_id: str, body: PasswordIn) -> dict[str, str]:
        check_caller(request, token)
        try:
            accounts.reset(Eui64.parse(user_id), body.password)
        except (PortalRefused, InvalidIdentifier) as err:
            raise _refusal(err) from None
        return {"user_id": user_id, "status": "reset"}

    @api.post("/accounts/{user_id}/unlock")
    def unlock(request: Request, user_id: str) -> dict[str, str]:
        check_caller(request, token)
        try:
            accounts.unlock(Eui64.parse(user_id))
        except (PortalRefused, InvalidIdentifier) as err:
            raise _refusal(err) from None
        return {"user_id": user_id, "status": "unlocked"}

    return api

"""Admin endpoints: DCC Users, their User Roles and keys (SEC H1; R-USER-1, R-USER-2), as ``gbdcc users``.

``GET /admin/v1/users`` every User; ``GET …/{user_id}`` one; ``POST …`` registers a User ID in one or more
roles, each from its user-entry date (R-USER-1), with its DUIS XML-signing certificate (``certificate_pem``)
or — ``issue_keys`` — new keys from the instance's own test PKI, returned once in the answer and never
stored by the DCC; ``POST …/{user_id}/keys`` issues a new set; ``POST …/{user_id}/roles`` adds a role;
``POST …/{user_id}/roles/{role}/end`` ends one on an exit date. R-USER-2: only IS, GS and ES share a User ID
(409). Auth as every admin endpoint (``GBDCC_ADMIN_TOKEN``).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.http.admin_common import errors, refusal
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.domain.errors import AdminInvalid, AdminNotFound, GbdccError, UserAlreadyRegistered
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import RoleConflict, User, UserRole, UserRoleEntry

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

PREFIX = "/admin/v1/users"


class RoleOut(BaseModel):
    role: UserRole
    entry_date: date
    exit_date: date | None = None


class UserOut(BaseModel):
    user_id: str
    name: str
    response_url: str | None
    roles: list[RoleOut]


class UsersOut(BaseModel):
    users: list[UserOut]


class RoleIn(BaseModel):
    role: UserRole
    entry_date: date | None = Field(None, description="User-entry date (R-USER-1); default today")


class UserIn(BaseModel):
    user_id: str = Field(description="User ID (EUI-64), e.g. 90-B3-D5-1F-30-01-00-00", max_length=64)
    name: str = Field(min_length=1, max_length=200)
    roles: list[RoleIn] = Field(min_length=1, max_length=7)
    response_url: str | None = Field(None, max_length=2000)
    certificate_pem: str | None = Field(None, max_length=64_000,
                                        description="The User's DUIS XML-signing certificate (PEM)")
    issue_keys: bool = Field(False, description="Instead issue new keys and certificates (returned once)")


class EndRoleIn(BaseModel):
    exit_date: date = Field(description="The first day the User ID no longer acts in the role")


class IssuedUser(UserOut):
    keys: dict[str, str] = Field(default_factory=dict, description="File name → PEM of each key and certificate "
                                 "issued (xml-sign.key|pem, <eui>-ds|ka|pp-ka.key|pem): shown once, not kept")


def as_out(user: User) -> UserOut:
    return UserOut(user_id=str(user.user_id), name=user.name, response_url=user.response_url,
                   roles=[RoleOut(role=r.role, entry_date=r.entry_date, exit_date=r.exit_date) for r in user.roles])


def _eui(text: str) -> Eui64:
    try:
        return Eui64.parse(text)
    except GbdccError as err:
        raise refusal(422, err) from None


def router(instance: Instance, *, token: str | None) -> APIRouter:
    token = token or None
    api = APIRouter(prefix=PREFIX, tags=["users"])
    uow_factory = instance.uow_factory

    def get(user_id: Eui64) -> User:
        with uow_factory(read_only=True) as uow:
            user = uow.users.get(user_id)
        if user is None:
            raise refusal(404, AdminNotFound(f"no User {user_id}", rule="R-USER-1"))
        return user

    def register(body: UserIn, *, replace_roles: bool) -> IssuedUser:
        if (body.certificate_pem is None) == (not body.issue_keys):
            raise AdminInvalid("give exactly one of certificate_pem or issue_keys", rule="R-USER-1")
        with tempfile.TemporaryDirectory(prefix="gbdcc-keys-") as folder:
            user: User | None = None
            for entry in body.roles:
                user = register_user(
                    instance, eui=body.user_id, role=entry.role.value, name=body.name,
                    certificate_pem=body.certificate_pem.encode() if body.certificate_pem is not None else None,
                    issue_keys_to=Path(folder) if body.issue_keys else None, response_url=body.response_url,
                    entry_date=entry.entry_date, replace=replace_roles)
            keys = {p.name: p.read_text() for p in sorted(Path(folder).iterdir())} if body.issue_keys else {}
        assert user is not None
        return IssuedUser(**as_out(user).model_dump(), keys=keys)

    async def registered(body: UserIn, *, replace_roles: bool) -> IssuedUser:
        try:
            return await run_in_threadpool(register, body, replace_roles=replace_roles)
        except (UserAlreadyRegistered, RoleConflict) as err:
            raise refusal(409, err) from None
        except GbdccError as err:  # identifiers, certificates (not the User's, unusable), the body
            raise refusal(422, err) from None

    @api.get("", response_model=UsersOut, responses=errors(), summary="Every registered User")
    async def every(request: Request) -> UsersOut:
        check_caller(request, token)

        def read() -> list[User]:
            with uow_factory(read_only=True) as uow:
                return list(uow.users.list())

        return UsersOut(users=[as_out(u) for u in await run_in_threadpool(read)])

    @api.get("/{user_id}", response_model=UserOut, responses=errors(404, 422), summary="One User")
    async def one(request: Request, user_id: str) -> UserOut:
        check_caller(request, token)
        return as_out(await run_in_threadpool(get, _eui(user_id)))

    @api.post("", status_code=201, response_model=IssuedUser, responses=errors(409, 422),
              summary="Register a User ID in its roles, with its certificate or new keys")
    async def create(request: Request, body: UserIn) -> IssuedUser:
        check_caller(request, token)
        return await registered(body, replace_roles=False)

    @api.post("/{user_id}/keys", status_code=201, response_model=IssuedUser, responses=errors(404, 422),
              summary="Issue new keys and certificates for a User (returned once)")
    async def keys(request: Request, user_id: str) -> IssuedUser:
        check_caller(request, token)
        user = await run_in_threadpool(get, _eui(user_id))
        active = [r for r in user.roles if r.exit_date is None] or list(user.roles)
        if not active:
            raise refusal(422, AdminInvalid(f"User {user.user_id} holds no role to issue keys for", rule="R-USER-1"))
        body = UserIn(user_id=str(user.user_id), name=user.name, response_url=user.response_url, issue_keys=True,
                      certificate_pem=None,
                      roles=[RoleIn(role=r.role, entry_date=r.entry_date) for r in active])
        return await registered(body, replace_roles=True)

    @api.post("/{user_id}/roles", response_model=UserOut, responses=errors(404, 409, 422),
              summary="Add a User Role from its user-entry date (R-USER-1, R-USER-2)")
    async def add_role(request: Request, user_id: str, body: RoleIn) -> UserOut:
        check_caller(request, token)
        eui = _eui(user_id)

        def add() -> User:
            with uow_factory() as uow:
                user = uow.users.get(eui)
                if user is None:
                    raise AdminNotFound(f"no User {eui}", rule="R-USER-1")
                user = user.with_role(UserRoleEntry(body.role, body.entry_date or instance.clock.now().date()))
                uow.users.put(user)
                uow.commit()
            return user

        try:
            return as_out(await run_in_threadpool(add))
        except AdminNotFound as err:
            raise refusal(404, err) from None
        except RoleConflict as err:
            raise refusal(409, err) from None

    @api.post("/{user_id}/roles/{role}/end", response_model=UserOut, responses=errors(404, 422),
              summary="End a User Role on an exit date")
    async def end_role(request: Request, user_id: str, role: UserRole, body: EndRoleIn) -> UserOut:
        check_caller(request, token)
        eui = _eui(user_id)

        def end() -> User:
            with uow_factory() as uow:
                user = uow.users.get(eui)
                held = None if user is None else next((r for r in user.roles if r.role is role), None)
                if user is None or held is None:
                    raise AdminNotFound(f"User {eui} does not hold the role {role.value}", rule="R-USER-1")
                if body.exit_date < held.entry_date:
                    raise AdminInvalid(f"exit date {body.exit_date} is before the entry date {held.entry_date}",
                                       rule="R-USER-1")
                ended = User(user.user_id, user.name, tuple(replace(r, exit_date=body.exit_date) if r is held else r
                                                             for r in user.roles), user.response_url)
                uow.users.put(ended)
                uow.commit()
            return ended

        try:
            return as_out(await run_in_threadpool(end))
        except AdminNotFound as err:
            raise refusal(404, err) from None
        except AdminInvalid as err:
            raise refusal(422, err) from None

    return api

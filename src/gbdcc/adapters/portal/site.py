"""The portal's frame: Jinja2 templates (package data, autoescaped), the nav, session and CSRF handling, and a
simple way to register a page.

Pages register with :meth:`PortalSite.get` / :meth:`PortalSite.post` (``nav=`` adds a nav entry); a handler
gets the request, the signed-in :class:`~gbdcc.domain.portal.PortalSession` and, for POST, the form already
checked for the session's CSRF token. A project error raised by a handler becomes an error page with its
code (403 for R-OPS-2 and CSRF refusals); an invalid session sends the browser to the sign-in page. Another
feature adds its pages by calling ``site.get(...)`` before ``bootstrap`` includes ``site.router`` and its
templates with :meth:`PortalSite.add_templates`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from gbdcc.domain.errors import CsrfRefused, GbdccError, NotDelegated, SessionInvalid
from gbdcc.domain.portal import PortalSession
from gbdcc.service.portal.accounts import PortalAccounts, check_csrf

COOKIE = "gbdcc_portal"
PRE_COOKIE = "gbdcc_portal_pre"  # the sign-in form's double-submit token (before there is a session)
PREFIX = "/portal"
MAX_FORM_BYTES = 16_384

#: Sent with every portal page: no framing, no third-party anything, no caching of personal data.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}

Form = dict[str, list[str]]
GetHandler = Callable[[Request, PortalSession], Awaitable[Response]]
PostHandler = Callable[[Request, PortalSession, Form], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label: str


class PortalSite:
    def __init__(self, accounts: PortalAccounts) -> None:
        self.accounts = accounts
        self.router = APIRouter(prefix=PREFIX, include_in_schema=False)
        self.nav: list[NavItem] = []
        self._loaders: list[PackageLoader] = [PackageLoader("gbdcc.adapters.portal", "templates")]
        self.env = self._environment()

    def _environment(self) -> Environment:
        env = Environment(loader=ChoiceLoader(list(self._loaders)), autoescape=select_autoescape(["html"]))
        env.globals["prefix"] = PREFIX
        return env

    def add_templates(self, package: str, folder: str = "templates") -> None:
        """Templates of another feature's pages (they may ``{% extends "base.html" %}``)."""
        self._loaders.append(PackageLoader(package, folder))
        self.env = self._environment()

    # -- rendering -------------------------------------------------------------------------------------
    def render(self, request: Request, name: str, session: PortalSession | None = None, status: int = 200,
               **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(
            session=session, nav=self.nav, path=request.url.path, csrf=session.csrf_token if session else "",
            **context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def refusal(self, request: Request, err: GbdccError, session: PortalSession | None) -> Response:
        if isinstance(err, SessionInvalid):
            return RedirectResponse(f"{PREFIX}/sign-in", status_code=303, headers=SECURITY_HEADERS)
        status = 403 if isinstance(err, NotDelegated | CsrfRefused) else 400
        return self.render(request, "error.html", session, status=status, error=err)

    # -- sessions --------------------------------------------------------------------------------------
    def session(self, request: Request) -> PortalSession:
        return self.accounts.session(request.cookies.get(COOKIE))

    async def form(self, request: Request) -> Form:
        """The urlencoded form of a POST (no multipart: the portal's forms carry no files)."""
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise CsrfRefused("form too large")
        return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=64)

    # -- page registration -----------------------------------------------------------------------------
    def get(self, path: str, *, nav: str | None = None) -> Callable[[GetHandler], GetHandler]:
        """Register a signed-in GET page (``nav``: its label in the nav)."""
        def register(handler: GetHandler) -> GetHandler:
            async def page(request: Request) -> Response:
                session: PortalSession | None = None
                try:
                    session = self.session(request)
                    return await handler(request, session)
                except GbdccError as err:
                    return self.refusal(request, err, session)

            self.router.add_api_route(path, page, methods=["GET"], name=f"portal-get:{path}")
            if nav is not None:
                self.nav.append(NavItem(PREFIX + path, nav))
            return handler
        return register

    def post(self, path: str) -> Callable[[PostHandler], PostHandler]:
        """Register a signed-in POST action; the form must carry the session's CSRF token (field ``csrf``)."""
        def register(handler: PostHandler) -> PostHandler:
            async def action(request: Request) -> Response:
                session: PortalSession | None = None
                try:
                    session = self.session(request)
                    form = await self.form(request)
                    check_csrf(session, first(form, "csrf"))
                    return await handler(request, session, form)
                except GbdccError as err:
                    return self.refusal(request, err, session)

            self.router.add_api_route(path, action, methods=["POST"], name=f"portal-post:{path}")
            return handler
        return register


def first(form: Form | dict[str, list[str]], name: str, default: str = "") -> str:
    values = form.get(name) or [default]
    return values[0]


def csv_response(filename: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Response:
    """A table as CSV (RFC 4180), downloaded as ``filename``; cells that a spreadsheet would run as a formula
    (``= + - @`` first) are prefixed with ``'`` (CSV injection)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

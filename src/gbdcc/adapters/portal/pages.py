"""The Self-Service Interface's pages (SEC H8.15(c), H8.16; R-OPS-2), mounted at ``/portal``.

Sign-in / sign-out, then for the signed-in User: its Service Requests with each one's story, alerts, the
failed-delivery queue with re-delivery, inventory search with SMI status history, SM WAN coverage for a
postcode, and delegations. Every table page answers ``?format=csv`` with the same rows. Pages that can show
another User's information take ``?user=<User ID>`` and are refused (403, GBDCC-555) without an active
delegation from that User — checked on every request by ``service.portal.views``.
"""

from __future__ import annotations

import secrets
from importlib.resources import files

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from gbdcc.adapters.portal.site import (
    COOKIE,
    PRE_COOKIE,
    PREFIX,
    SECURITY_HEADERS,
    Form,
    PortalSite,
    csv_response,
    first,
)
from gbdcc.adapters.portal.story import decode_step
from gbdcc.domain.errors import CsrfRefused, GbdccError, InvalidIdentifier, NotDelegated
from gbdcc.domain.ids import Eui64
from gbdcc.domain.portal import PortalSession, Scope
from gbdcc.service.portal.accounts import PortalAccounts
from gbdcc.service.portal.views import PortalViews, SearchBy

_CSS = files("gbdcc.adapters.portal").joinpath("static/portal.css").read_bytes()


def _owner(request: Request, session: PortalSession) -> Eui64:
    text = request.query_params.get("user")
    if not text:
        return session.user_id
    try:
        return Eui64.parse(text)
    except InvalidIdentifier:
        raise NotDelegated(f"not a User ID: {text!r}") from None


def _csv(request: Request) -> bool:
    return request.query_params.get("format") == "csv"


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(PREFIX + path, status_code=303, headers=SECURITY_HEADERS)


def build_site(accounts: PortalAccounts, views: PortalViews, *, session_seconds: int) -> PortalSite:
    """The portal with its core pages; other features add theirs to the returned site before it is included."""
    site = PortalSite(accounts)
    r = site.router

    # -- unauthenticated: stylesheet, sign-in ----------------------------------------------------------
    @r.get("/static/portal.css")
    def stylesheet() -> Response:
        return Response(_CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600",
                                                               "X-Content-Type-Options": "nosniff"})

    @r.get("/sign-in")
    def sign_in_page(request: Request) -> Response:
        pre = secrets.token_urlsafe(24)
        response = site.render(request, "sign_in.html", pre=pre, error=None)
        _set_cookie(request, response, PRE_COOKIE, pre, 600)
        return response

    @r.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        form = await site.form(request)
        pre = request.cookies.get(PRE_COOKIE, "")
        try:
            if not pre or not secrets.compare_digest(pre, first(form, "pre")):
                raise CsrfRefused("sign-in form refused: reload the sign-in page and try again")
            signed = await run_in_threadpool(accounts.sign_in, first(form, "user_id"), first(form, "password"))
        except GbdccError as err:
            fresh = secrets.token_urlsafe(24)
            failed = site.render(request, "sign_in.html", pre=fresh, error=err,
                                 status=403 if isinstance(err, CsrfRefused) else 401,
                                 user_id=first(form, "user_id"))
            _set_cookie(request, failed, PRE_COOKIE, fresh, 600)
            return failed
        response = _see_other("/")
        _set_cookie(request, response, COOKIE, signed.token, session_seconds)
        response.delete_cookie(PRE_COOKIE, path=PREFIX)
        return response

    @site.post("/sign-out")
    async def sign_out(request: Request, session: PortalSession, form: Form) -> Response:
        accounts.sign_out(request.cookies.get(COOKIE, ""))
        response = _see_other("/sign-in")
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    # -- the signed-in pages ---------------------------------------------------------------------------
    @site.get("/", nav="Overview")
    async def home(request: Request, session: PortalSession) -> Response:
        me = session.user_id
        return site.render(request, "home.html", session, requests=len(views.requests(me, me)),
                           alerts=len(views.alerts(me, me)), failed=len(views.failed(me, me)),
                           grantors={s.value: views.owners(me, s)[1:] for s in Scope})

    @site.get("/requests", nav="Requests")
    async def requests(request: Request, session: PortalSession) -> Response:
        owner = _owner(request, session)
        rows = views.requests(session.user_id, owner)
        if _csv(request):
            return csv_response("requests.csv", ["received_at", "request_id", "srv", "command_variant", "state",
                                                 "response_code", "rule", "reason"],
                                [[r.received_at.isoformat(), r.request_id, r.srv, r.command_variant, r.state.value,
                                  r.decision.response_code if r.decision else "", r.decision.rule if r.decision
                                  else "", r.decision.reason if r.decision else ""] for r in rows])
        return site.render(request, "requests.html", session, owner=owner, rows=rows,
                           owners=views.owners(session.user_id, Scope.REQUESTS))

    @site.get("/requests/{request_id}")
    async def story(request: Request, session: PortalSession) -> Response:
        told = views.story(session.user_id, request.path_params["request_id"])
        if _csv(request):
            return csv_response("request-story.csv", ["at", "kind", "direction", "state", "response_code", "rule",
                                                      "reason"],
                                [[s.received_at.isoformat(), s.kind, s.direction, s.state.value,
                                  s.decision.response_code if s.decision else "",
                                  s.decision.rule if s.decision else "", s.decision.reason if s.decision else ""]
                                 for s in told.steps])
        return site.render(request, "story.html", session, story=told, steps=[decode_step(s) for s in told.steps])

    @site.get("/alerts", nav="Alerts")
    async def alerts(request: Request, session: PortalSession) -> Response:
        owner = _owner(request, session)
        rows = views.alerts(session.user_id, owner)
        if _csv(request):
            return csv_response("alerts.csv", ["message_id", "created_at", "kind", "response_id", "request_id",
                                               "response_code", "state"],
                                [[m.message_id, m.created_at.isoformat(), m.kind.value, m.response_id, m.request_id,
                                  m.response_code, m.state.value] for m in rows])
        return site.render(request, "alerts.html", session, owner=owner, rows=rows,
                           owners=views.owners(session.user_id, Scope.ALERTS))

    @site.get("/deliveries", nav="Failed deliveries")
    async def deliveries(request: Request, session: PortalSession) -> Response:
        owner = _owner(request, session)
        rows = views.failed(session.user_id, owner)
        if _csv(request):
            return csv_response("failed-deliveries.csv", ["message_id", "kind", "response_id", "request_id",
                                                          "attempts", "failed_at", "last_error"],
                                [[m.message_id, m.kind.value, m.response_id, m.request_id, m.attempts,
                                  m.failed_at.isoformat() if m.failed_at else "", m.last_error] for m in rows])
        return site.render(request, "deliveries.html", session, owner=owner, rows=rows,
                           owners=views.owners(session.user_id, Scope.DELIVERIES),
                           queued=request.query_params.get("queued"))

    @site.post("/deliveries/{message_id}/redeliver")
    async def redeliver(request: Request, session: PortalSession, form: Form) -> Response:
        try:
            message_id = int(request.path_params["message_id"])
        except ValueError:
            raise NotDelegated("not a message id") from None
        n = views.redeliver(session.user_id, message_id)
        return _see_other(f"/deliveries?queued={n}")

    @site.get("/inventory", nav="Inventory")
    async def inventory(request: Request, session: PortalSession) -> Response:
        q = request.query_params.get("q", "")
        by_text = request.query_params.get("by", SearchBy.DEVICE.value)
        by = SearchBy(by_text) if by_text in {b.value for b in SearchBy} else SearchBy.DEVICE
        devices = views.inventory(by, q) if q.strip() else []
        if _csv(request):
            return csv_response("inventory.csv", ["device_id", "device_type", "status", "status_at", "import_mpxn",
                                                  "uprn", "postcode", "chf_id", "history"],
                                [[d.device_id, d.device_type.value, d.status.value, d.status_at.isoformat(),
                                  d.import_mpxn, d.uprn, d.postcode, d.chf_id,
                                  "; ".join(f"{h.at.isoformat()} {h.status.value}" for h in d.history)]
                                 for d in devices])
        return site.render(request, "inventory.html", session, q=q, by=by.value, devices=devices,
                           kinds=[b.value for b in SearchBy], searched=bool(q.strip()))

    @site.get("/coverage", nav="WAN coverage")
    async def coverage(request: Request, session: PortalSession) -> Response:
        postcode = request.query_params.get("postcode", "").strip()
        answer, error = None, None
        if postcode:
            try:
                answer = views.coverage(postcode)
            except GbdccError as err:
                error = err
        if _csv(request) and answer is not None:
            return csv_response("coverage.csv", ["postcode", "csp_region", "available", "technology", "likelihood",
                                                 "anticipated_date"],
                                [[postcode.upper(), answer.csp_region, answer.available, answer.technology,
                                  answer.likelihood.value, answer.anticipated_date]])
        return site.render(request, "coverage.html", session, postcode=postcode, answer=answer, error=error)

    @site.get("/delegations", nav="Delegations")
    async def delegations(request: Request, session: PortalSession) -> Response:
        rows = views.delegations(session.user_id)
        if _csv(request):
            return csv_response("delegations.csv", ["delegation_id", "grantor", "grantee", "scopes", "granted_at",
                                                    "revoked_at"],
                                [[d.delegation_id, d.grantor, d.grantee, " ".join(sorted(d.scopes)),
                                  d.granted_at.isoformat(), d.revoked_at.isoformat() if d.revoked_at else ""]
                                 for d in rows])
        me = session.user_id
        return site.render(request, "delegations.html", session, given=[d for d in rows if d.grantor == me],
                           received=[d for d in rows if d.grantee == me], scopes=list(Scope))

    @site.post("/delegations")
    async def grant(request: Request, session: PortalSession, form: Form) -> Response:
        scopes = frozenset(Scope(s) for s in form.get("scope", []) if s in {x.value for x in Scope})
        views.grant(session.user_id, first(form, "grantee"), scopes)
        return _see_other("/delegations")

    @site.post("/delegations/{delegation_id}/revoke")
    async def revoke(request: Request, session: PortalSession, form: Form) -> Response:
        try:
            delegation_id = int(request.path_params["delegation_id"])
        except ValueError:
            raise NotDelegated("not a delegation id") from None
        views.revoke(session.user_id, delegation_id)
        return _see_other("/delegations")

    return site


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """HttpOnly, SameSite=Strict, scoped to the portal; Secure whenever the portal is served over TLS."""
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")

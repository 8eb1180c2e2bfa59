"""The Self-Service Interface in a real browser (system Chromium driven by Playwright) against a live server:
sign-in (by keyboard), every page with its content, a User refused another User's URLs until that User delegates,
revocation taking effect at once (R-OPS-2), CSRF refused, lockout. Screenshots of each page go to
``var/portal-screenshots/`` (test artefacts, not committed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from .conftest import LOCKABLE, NETWORK_OPERATOR, PASSWORD, SUPPLIER, Portal

Page = Any  # playwright.sync_api.Page


def sign_in(browser: Any, portal: Portal, user: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{portal.base}/portal/")  # not signed in: sent to the sign-in page
    assert page.url.endswith("/portal/sign-in")
    page.get_by_label("User ID").fill(user)
    page.get_by_label("Password").fill(PASSWORD[user])
    page.get_by_label("Password").press("Enter")  # keyboard use: the form submits on Enter
    page.wait_for_url(f"{portal.base}/portal/")
    assert page.locator("#signed-in-user").inner_text() == user
    return page


def test_sign_in_and_every_page_show_the_users_own_information(browser: Any, portal: Portal, shots: Path) -> None:
    page = sign_in(browser, portal, SUPPLIER)
    cookie = next(c for c in page.context.cookies() if c["name"] == "gbdcc_portal")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.get_by_role("heading", level=1).inner_text() == "Overview"
    page.screenshot(path=str(shots / "01-overview.png"), full_page=True)

    page.get_by_role("link", name="Requests", exact=True).click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3  # the supplier's three requests, none of the network operator's
    text = page.locator("table").inner_text()
    assert all(rid in text for rid in portal.request_ids[SUPPLIER])
    assert portal.request_ids[NETWORK_OPERATOR][0] not in text
    page.screenshot(path=str(shots / "02-requests.png"), full_page=True)

    first = portal.request_ids[SUPPLIER][0]
    page.get_by_role("link", name=first).click()
    assert first in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("ol.story > li").count() >= 2  # the request as received and the reply sent
    assert "I0" in page.locator("ol.story").inner_text()
    page.screenshot(path=str(shots / "03-request-story.png"), full_page=True)

    page.get_by_role("link", name="Alerts").click()
    assert portal.alert_ids[0] in page.locator("table").inner_text()
    page.screenshot(path=str(shots / "04-alerts.png"), full_page=True)

    page.get_by_role("link", name="Failed deliveries").click()
    assert portal.alert_ids[0] in page.locator("table").inner_text()
    page.screenshot(path=str(shots / "05-failed-deliveries.png"), full_page=True)
    page.get_by_role("button", name="Re-deliver message").first.click()
    assert page.locator("#queued").inner_text().startswith("1 message(s) queued")

    page.get_by_role("link", name="Inventory").click()
    page.get_by_label("Search by").select_option("device")
    page.get_by_label("Value").fill("00-DB-12-34-56-78-90-B0")
    page.get_by_role("button", name="Search").click()
    assert "Pending" in page.locator("section.device").inner_text()  # prenotified by the supplier's 12.2
    assert page.get_by_role("table", name="SMI status history").count() == 1
    page.screenshot(path=str(shots / "06-inventory.png"), full_page=True)

    page.get_by_role("link", name="WAN coverage").click()
    page.get_by_label("Postcode").fill("EH1 1AA")
    page.get_by_role("button", name="Check coverage").click()
    assert "North" in page.locator("#coverage-answer").inner_text()
    page.screenshot(path=str(shots / "07-coverage.png"), full_page=True)

    page.get_by_role("link", name="Delegations").click()
    assert page.get_by_role("heading", name="Grant a delegation").count() == 1
    page.screenshot(path=str(shots / "08-delegations.png"), full_page=True)

    with page.expect_download() as download:
        page.goto(f"{portal.base}/portal/requests")
        page.get_by_role("link", name="Download this table as CSV").click()
    csv_text = Path(download.value.path()).read_text()
    assert csv_text.splitlines()[0].startswith("received_at,request_id")
    assert len(csv_text.strip().splitlines()) == 4

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{portal.base}/portal/requests")
    assert page.url.endswith("/portal/sign-in")  # the session ended with the sign-out
    page.context.close()


def test_r_ops_2_other_users_urls_refused_until_delegated_and_revocation_works_at_once(
        browser: Any, portal: Portal, shots: Path) -> None:
    grantee = sign_in(browser, portal, NETWORK_OPERATOR)
    theirs = portal.request_ids[SUPPLIER][0]
    urls = [f"/portal/requests?user={SUPPLIER}", f"/portal/requests/{quote(theirs)}", f"/portal/alerts?user={SUPPLIER}"]
    for url in urls:
        response = grantee.goto(portal.base + url)
        assert response.status == 403, url
        assert "GBDCC-555" in grantee.locator("#refusal").inner_text()
    grantee.screenshot(path=str(shots / "09-refused-not-delegated.png"), full_page=True)

    grantor = sign_in(browser, portal, SUPPLIER)
    grantor.goto(f"{portal.base}/portal/delegations")
    grantor.get_by_label("User ID to delegate to").fill(NETWORK_OPERATOR)
    grantor.get_by_label("deliveries").uncheck()
    grantor.get_by_role("button", name="Grant").click()
    assert NETWORK_OPERATOR in grantor.locator("#granted").inner_text()
    grantor.screenshot(path=str(shots / "10-delegation-granted.png"), full_page=True)

    response = grantee.goto(f"{portal.base}/portal/requests?user={SUPPLIER}")
    assert response.status == 200
    assert theirs in grantee.locator("table").inner_text()
    assert grantee.goto(f"{portal.base}/portal/requests/{quote(theirs)}").status == 200
    assert grantee.goto(f"{portal.base}/portal/alerts?user={SUPPLIER}").status == 200
    assert grantee.goto(f"{portal.base}/portal/deliveries?user={SUPPLIER}").status == 403  # not in the scope
    grantee.goto(f"{portal.base}/portal/requests")
    grantee.get_by_label("Whose requests").select_option(SUPPLIER)
    grantee.get_by_role("button", name="Show").click()
    assert "delegated to you" in grantee.locator(".note").inner_text()
    grantee.screenshot(path=str(shots / "11-delegated-requests.png"), full_page=True)

    grantor.goto(f"{portal.base}/portal/delegations")
    grantor.get_by_role("button", name=f"to {NETWORK_OPERATOR}").first.click()
    assert "revoked" in grantor.locator("#granted").inner_text()
    grantor.screenshot(path=str(shots / "12-delegation-revoked.png"), full_page=True)
    for url in urls:  # at once: the next request of the grantee is refused
        assert grantee.goto(portal.base + url).status == 403, url
    grantee.context.close()
    grantor.context.close()


def test_csrf_refused_for_a_form_without_the_sessions_token(browser: Any, portal: Portal, shots: Path) -> None:
    page = sign_in(browser, portal, SUPPLIER)
    for form in ({"grantee": NETWORK_OPERATOR, "scope": "requests"},
                 {"grantee": NETWORK_OPERATOR, "scope": "requests", "csrf": "not-this-sessions-token"}):
        response = page.request.post(f"{portal.base}/portal/delegations", form=form)
        assert response.status == 403
        assert "GBDCC-554" in response.text()
    page.goto(f"{portal.base}/portal/delegations")
    assert page.locator("#granted tbody tr").filter(has_not_text="revoked").count() == 0  # nothing was granted
    page.set_content(page.request.post(f"{portal.base}/portal/delegations", form={"scope": "alerts"}).text())
    page.screenshot(path=str(shots / "13-csrf-refused.png"), full_page=True)
    page.context.close()


def test_wrong_passwords_lock_the_account(browser: Any, portal: Portal, shots: Path) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{portal.base}/portal/sign-in")
    for _ in range(5):
        page.get_by_label("User ID").fill(LOCKABLE)
        page.get_by_label("Password").fill("not the password at all")
        page.get_by_role("button", name="Sign in").click()
    assert "GBDCC-552" in page.locator("#sign-in-error").inner_text()
    page.get_by_label("User ID").fill(LOCKABLE)
    page.get_by_label("Password").fill(PASSWORD[LOCKABLE])  # the right password, but locked
    page.get_by_role("button", name="Sign in").click()
    assert "GBDCC-552" in page.locator("#sign-in-error").inner_text()
    page.screenshot(path=str(shots / "14-sign-in-locked.png"), full_page=True)
    page.context.close()


def test_r_inc_1_outage_incidents_show_in_the_portal_with_category_and_target(
        browser: Any, portal: Portal, shots: Path) -> None:
    """The DCC's incident for a CSP region outage — raised by the observer the scenario player calls when an
    outage begins (``admin_scenario.outage_incidents``; tests/integration/pipeline/test_incident_outages.py plays
    the scenario) — is on every User's Incidents page with its category and target time; resolving it shows."""
    from datetime import timedelta

    from gbdcc.adapters.http.admin_scenario import outage_incidents
    from gbdcc.service.incidents import manage

    at = portal.instance.clock.now()
    raised = outage_incidents(portal.instance)("South", 120, at, "scenario csp_outage (portal test)")
    page = sign_in(browser, portal, NETWORK_OPERATOR)
    page.get_by_role("link", name="Incidents").click()
    row = page.locator("#incidents tbody tr").filter(has_text="South").first
    cells = [row.locator("td").nth(n).inner_text() for n in range(8)]
    target = manage_policy(portal).target(raised.category).total_seconds() / 3600
    assert cells[0] == str(raised.incident_id) and cells[1] == str(int(raised.category))
    assert "South" in cells[2] and "dcc:csp-outage" in cells[3] and cells[4] == "open"
    assert cells[6] == f"{target:g} h" and cells[7] == raised.due_at(manage_policy(portal)).strftime("%Y-%m-%d %H:%M")
    page.screenshot(path=str(shots / "15-incidents.png"), full_page=True)
    manage.resolve_incident(portal.instance.uow_factory, raised.incident_id or 0, "CSP restored",
                            at + timedelta(hours=1))
    page.reload()
    text = page.locator("#incidents tbody tr").filter(has_text="South").first.inner_text()
    assert "resolved" in text and "within target" in text


def manage_policy(portal: Portal) -> Any:
    from gbdcc.bootstrap import incident_policy

    return incident_policy(portal.instance.settings)


def test_h13_reports_are_tables_in_the_portal_with_csv(browser: Any, portal: Portal, shots: Path) -> None:
    """The monthly Code Performance Measures (H13) and the other DCC-wide reports, as tables with their rule,
    summary and notes, and as CSV; a report naming other Users' data is not offered."""
    page = sign_in(browser, portal, SUPPLIER)
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="performance").click()
    assert "H13" in page.locator("#report-title").inner_text()
    measures = page.locator("#report tbody tr td:first-child").all_inner_texts()
    assert "incidents.resolution" in measures and "smki.availability" in measures
    page.screenshot(path=str(shots / "16-performance-report.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table as CSV").click()
    assert Path(download.value.path()).read_text().startswith("measure,")
    refused = page.goto(f"{portal.base}/portal/reports/support-charges")
    assert refused is not None and refused.status == 400 and "GBDCC-890" in page.content()
